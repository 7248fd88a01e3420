"""Connector for FHIR R4 JSON (Bundles, single resources, NDJSON bulk exports) -> the EHR tables.

Each bundle entry (or NDJSON line) is one input unit. Resources of a mapped type are checked
with the `fhir.resources` models (R4B: the package ships no R4 models, and R4B changed none
of the mapped resources' required elements), then for the references the tables need (an
Observation without a subject cannot be joined to a patient); a failing resource is
quarantined with its file, entry index and the failing elements. Other resource types
(Claim, DiagnosticReport ...) are counted as `not_mapped:<Type>`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import ValidationError

from connectors.base import QUARANTINE_SCHEMA, Connector, IngestResult
from connectors.fhir_mappers import MAPPERS
from connectors.fhir_values import Row, day, instant, ref_id
from connectors.parquet_chunks import ChunkedParquet
from connectors.registry import register
from connectors.synthea_csv import remove_tree, write_tables
from schemas.medical import EHR_TABLES

# Elements each mapped resource needs for its table row, beyond what FHIR itself requires.
REQUIRED: dict[str, tuple[str, ...]] = {
    "Patient": ("id",),
    "Encounter": ("id", "subject"),
    "Condition": ("subject", "code"),
    "Observation": ("subject",),
    "MedicationRequest": ("subject",),
    "Immunization": ("patient",),
    "Procedure": ("subject",),
    "Organization": ("id",),
    "Practitioner": ("id",),
}


Problem = tuple[str, str]


def _units(path: Path) -> Iterator[tuple[int, Any, Problem | None]]:
    """(index, resource or raw text, (reason, detail) when unreadable) per entry or line."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if path.suffix.lower() == ".ndjson":
        for line, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                yield line, json.loads(raw), None
            except json.JSONDecodeError as exc:
                yield line, raw, ("malformed_json", f"{exc.msg} at column {exc.colno}")
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield exc.lineno, text[:2000], ("malformed_json", f"{exc.msg} at line {exc.lineno}")
        return
    if isinstance(doc, dict) and doc.get("resourceType") == "Bundle":
        for index, entry in enumerate(doc.get("entry") or []):
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if isinstance(resource, dict):
                yield index, resource, None
            else:
                yield index, json.dumps(entry), ("malformed_entry", "no resource object")
        return
    if not isinstance(doc, dict):
        yield 0, text[:2000], ("malformed_entry", "not a JSON object")
        return
    yield 0, doc, None


def validation_problem(resource: dict[str, Any]) -> tuple[str, str] | None:
    """(reason, detail) when a mapped resource breaks FHIR or lacks what its table needs."""
    from fhir.resources.R4B import get_fhir_model_class

    kind = resource["resourceType"]
    body = {k: v for k, v in resource.items() if k != "resourceType"}
    try:
        get_fhir_model_class(kind).model_validate(body)
    except ValidationError as exc:
        errors = "; ".join(
            f"{kind}.{'.'.join(str(p) for p in e['loc']) or '(resource)'}: "
            f"{e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()[:3]
        )
        return "invalid_resource", errors
    missing = [f"{kind}.{f}" for f in REQUIRED[kind] if not resource.get(f)]
    if missing:
        return "missing_required_field", f"empty {', '.join(missing)}"
    return None


@register
class FhirBundleConnector(Connector):
    """Reads FHIR R4 JSON bundles into the same twelve EHR tables as the Synthea CSV connector."""

    format = "fhir_bundle"
    tables = tuple(EHR_TABLES)

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Validate and map every entry; bad entries go to the quarantine with file and index."""
        out_dir.mkdir(parents=True, exist_ok=True)
        sinks = {
            t: ChunkedParquet(out_dir / ".fhir_rows" / t, EHR_TABLES[t].polars_schema())
            for t in EHR_TABLES
        }
        bad: list[tuple[Any, ...]] = []
        ledger: Counter[str] = Counter()
        units = 0
        for path in map(Path, paths):
            if not path.is_file():
                raise FileNotFoundError(f"FHIR file not found: {path}")
            where = "line" if path.suffix.lower() == ".ndjson" else "entry"
            for index, resource, problem in _units(path):
                units += 1
                kind = resource.get("resourceType") if problem is None else None
                if problem is None and kind not in MAPPERS:
                    ledger[f"not_mapped:{kind}"] += 1
                    continue
                problem = problem or validation_problem(resource)
                mapped: list[tuple[str, Row]] = []
                if problem is None:
                    try:
                        mapped = MAPPERS[kind](resource)
                    except (ValueError, TypeError) as exc:
                        problem = ("unparsable_field", f"{kind}: {exc}")
                if problem is not None:
                    raw = resource if isinstance(resource, str) else json.dumps(resource)
                    at = f"{where} {index}" if where == "line" else f"entry[{index}]"
                    bad.append((path.name, index, "ingest", problem[0], f"{at}: {problem[1]}", raw))
                    continue
                ledger[kind] += 1
                for table, row in mapped:
                    values = row | {"source_file": path.name, "source_line": index}
                    sinks[table].append(tuple(values.get(c) for c in EHR_TABLES[table].names))
        goods = {t: [sink.scan()] for t, sink in sinks.items()}
        quarantine = pl.DataFrame(bad, schema=QUARANTINE_SCHEMA, orient="row").lazy()
        counts = write_tables(out_dir, goods, [quarantine])
        remove_tree(out_dir / ".fhir_rows")
        ledger["quarantined"] = len(bad)
        return IngestResult(
            table_path=None,
            quarantine_path=out_dir / "quarantine.parquet",
            rows_out=sum(counts.values()),
            rows_quarantined=len(bad),
            input_units=units,
            ledger=+ledger,
            unit="resource",
            tables={t: out_dir / f"{t}.parquet" for t in EHR_TABLES},
        )


__all__ = ["MAPPERS", "REQUIRED", "FhirBundleConnector", "day", "instant", "ref_id",
           "validation_problem"]  # fmt: skip
