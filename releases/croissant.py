"""`croissant.json`: the release described in Croissant 1.1 (JSON-LD) with RAI and PROV fields."""

from __future__ import annotations

import json
from typing import Any

from releases.tables import tables_of, treatments_of

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
SPDX = {"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC0-1.0", "ODbL-1.0", "Apache-2.0", "MIT"}

CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "sc": "https://schema.org/",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
    "arrayShape": "cr:arrayShape",
    "equivalentProperty": "cr:equivalentProperty",
    "samplingRate": "cr:samplingRate",
}


def license_url(license_text: str) -> str:
    """SPDX URL for a known license id, else the text itself."""
    key = license_text.split()[0] if license_text else ""
    return f"https://spdx.org/licenses/{key}.html" if key in SPDX else license_text


def data_type(polars_type: str) -> str:
    """Croissant dataType for a polars type name."""
    if polars_type.startswith(("Int", "UInt")):
        return "sc:Integer"
    if polars_type.startswith(("Float", "Decimal")):
        return "sc:Float"
    if polars_type == "Boolean":
        return "sc:Boolean"
    if polars_type.startswith("Datetime"):
        return "sc:DateTime"
    if polars_type == "Date":
        return "sc:Date"
    return "sc:Text"


def fileset_id(table: str) -> str:
    """@id of a table's FileSet."""
    return f"{table}-parquet-files"


def _field(table: str, column: dict[str, Any]) -> dict[str, Any]:
    description = column.get("description") or column["name"]
    if column.get("description_zh"):
        description = f"{description} / {column['description_zh']}"
    field: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{table}/{column['name']}",
        "name": column["name"],
        "description": description,
        "dataType": data_type(column["type"]),
        "source": {"fileSet": {"@id": fileset_id(table)}, "extract": {"column": column["name"]}},
    }
    treatment = column.get("privacy_treatment", "none")
    if treatment not in {"none", "keep"}:
        field["prov:wasGeneratedBy"] = {
            "@type": "prov:Activity",
            "prov:label": f"privacy treatment: {treatment} ({column.get('privacy_category')})",
        }
    return field


def _privacy_text(manifest: dict[str, Any]) -> str:
    treatments = treatments_of(manifest)
    if not treatments:
        return "No column was classified as personal, identifying or sensitive."
    parts = [
        f"{t['column']} ({t['category']}): {t['operator']} -> {t['outcome']}" for t in treatments
    ]
    return "Column treatments before release: " + "; ".join(parts) + "."


def _sheet(manifest: dict[str, Any], key: str, default: str) -> str:
    value = manifest.get("datasheet", {}).get(key)
    if isinstance(value, dict):
        return value.get("en") or default
    return value or default


def build_croissant(manifest: dict[str, Any]) -> dict[str, Any]:
    """The Croissant 1.1 JSON-LD document for a release manifest (without its artifacts)."""
    files = manifest["files"]
    distribution: list[dict[str, Any]] = [
        {
            "@type": "cr:FileObject",
            "@id": f["path"],
            "name": f["path"],
            "contentUrl": f["path"],
            "contentSize": f"{f['bytes']} B",
            "encodingFormat": "application/x-parquet",
            "sha256": f["sha256"],
        }
        for f in files
    ]
    tables = tables_of(manifest)
    for table in tables:
        distribution.append(
            {
                "@type": "cr:FileSet",
                "@id": fileset_id(table),
                "name": fileset_id(table),
                "description": f"Parquet files of table {table}; each is listed with its sha256.",
                "encodingFormat": "application/x-parquet",
                "includes": f"data/{table}/*.parquet",
            }
        )
    grade = manifest.get("data_grade", {})
    sources = manifest.get("sources", [])
    annotation = manifest.get("annotation") or {}
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "@id": f"urn:bohai:{manifest['dataset']}:{manifest['version']}",
        "conformsTo": CONFORMS_TO,
        "name": manifest["dataset"].replace("/", "__"),
        "alternateName": [manifest["title"]["en"], manifest["title"]["zh"]],
        "description": manifest["description"]["en"],
        "disambiguatingDescription": manifest["description"]["zh"],
        "version": manifest["version"],
        "datePublished": manifest["created_at"],
        "license": license_url(manifest.get("license", "")),
        "url": manifest.get("url") or f"urn:bohai:{manifest['dataset']}:{manifest['version']}",
        "creator": {"@type": "sc:Organization", "name": manifest.get("owner", "")},
        "keywords": [manifest.get("sector", ""), grade.get("category", ""), grade.get("grade", "")],
        "inLanguage": ["en", "zh"],
        "isLiveDataset": False,
        "citeAs": f"{manifest['title']['en']} ({manifest['dataset']}@{manifest['version']}, "
        f"release {manifest['release_id'][:16]})",
        "distribution": distribution,
        "recordSet": [
            {
                "@type": "cr:RecordSet",
                "@id": table,
                "name": table,
                "description": f"Table {table} of {manifest['dataset']}: {info['rows']} rows.",
                "field": [_field(table, c) for c in info["schema"]],
            }
            for table, info in tables.items()
        ],
        "rai:dataCollection": manifest.get("source_provenance", ""),
        "rai:dataCollectionRawData": "; ".join(
            f"{s['name']} (sha256 {s['sha256']})" for s in sources
        ),
        "rai:personalSensitiveInformation": _privacy_text(manifest),
        "rai:dataPreprocessingProtocol": _sheet(
            manifest,
            "preprocessing",
            "Decoded into a typed table contract; rows failing row rules or expectations "
            "quarantined with reasons; column privacy policies applied.",
        ),
        "rai:dataAnnotationProtocol": annotation.get("protocol")
        or ("No manual annotation." if not annotation else json.dumps(annotation)),
        "rai:dataLimitations": _sheet(manifest, "limitations", "See DATACARD.md."),
        "rai:dataUseCases": _sheet(manifest, "uses", "See DATACARD.md."),
        "rai:dataReleaseMaintenancePlan": _sheet(manifest, "maintenance", "See DATACARD.md."),
        "prov:wasDerivedFrom": [
            {"@id": f"urn:sha256:{s['sha256']}", "prov:label": s["name"]} for s in sources
        ]
        + [{"@id": f"urn:bohai:{d}"} for d in manifest.get("derived_from", [])],
        "prov:wasGeneratedBy": {
            "@type": "prov:Activity",
            "prov:label": f"Bohai pipeline {manifest.get('code_version', '')}, Dagster run "
            f"{manifest.get('dagster_run_id') or 'n/a'}",
            "prov:endedAtTime": manifest["created_at"],
        },
        "prov:wasAttributedTo": {"@type": "prov:Agent", "prov:label": manifest.get("owner", "")},
    }
    return doc


def render_croissant(manifest: dict[str, Any]) -> bytes:
    """croissant.json bytes."""
    return json.dumps(build_croissant(manifest), ensure_ascii=False, indent=2).encode("utf-8")
