"""Connector for FHIR R4 JSON (Bundles, single resources, NDJSON bulk exports) -> the EHR tables.

Each bundle entry (or NDJSON line, blank ones included) is one input unit; see fhir_units for
compression, encodings, truncated bundles and non-object JSON. Resources of a mapped type are
checked with the `fhir.resources` models (R4B: the package ships no R4 models, and R4B changed none
of the mapped resources' required elements), then for the references the tables need (an
Observation without a subject cannot be joined to a patient); a failing resource is
quarantined with its file, entry index and the failing elements. Other resource types
(Claim, DiagnosticReport ...) are counted as `not_mapped:<Type>`. A resource without a string
`resourceType` is `missing_resource_type`, an exact copy of an earlier one `duplicate_record`,
one dated outside 1800..2200 `implausible_date`, and any unexpected error `unreadable_record`.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import ValidationError

from connectors.base import (
    IMPLAUSIBLE_DATE,
    QUARANTINE_SCHEMA,
    UNREADABLE_RECORD,
    Connector,
    IngestResult,
    unexpected,
)
from connectors.dedupe import DUPLICATE, Deduper
from connectors.fhir_mappers import MAPPERS
from connectors.fhir_units import Unit, file_units, has_bad_bytes, is_ndjson, unescape
from connectors.fhir_values import ImplausibleDate, Row, day, instant, ref_id
from connectors.parquet_chunks import ChunkedParquet
from connectors.registry import register
from connectors.synthea_csv import remove_tree, write_tables
from connectors.text_lines import BAD_ENCODING
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
Mapped = list[tuple[str, Row]]
MISSING_TYPE = "missing_resource_type"


def resource_problem(resource: dict[str, Any], encoding: str) -> Problem | None:
    """A problem any resource can have whatever its type: no usable type, undecodable bytes."""
    kind = resource.get("resourceType")
    if kind is None or kind == "":
        return MISSING_TYPE, "resource has no resourceType"
    if not isinstance(kind, str):
        return MISSING_TYPE, f"resourceType is {type(kind).__name__}, not a string"
    if has_bad_bytes(json.dumps(resource, ensure_ascii=False)):
        return BAD_ENCODING, f"{kind}: holds bytes that are not {encoding} text"
    return None


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


class _FhirRead:
    """State of one `read`: table sinks, quarantine rows, ledger and duplicate digests."""

    def __init__(self, out_dir: Path, encoding: str) -> None:
        self.encoding = encoding
        self.sinks = {
            t: ChunkedParquet(out_dir / ".fhir_rows" / t, EHR_TABLES[t].polars_schema())
            for t in EHR_TABLES
        }
        self.bad: list[tuple[Any, ...]] = []
        self.ledger: Counter[str] = Counter()
        self.units = 0
        self.duplicates = Deduper()

    def read_file(self, path: Path) -> None:
        """Account for every unit of one file: a row set, a counted bucket or a quarantine row."""
        where = "line" if is_ndjson(path) else "entry"
        for unit in file_units(path, self.encoding):
            self.units += 1
            if unit.blank:
                self.ledger["blank_line"] += 1
                continue
            at = f"line {unit.index}" if where == "line" else f"entry[{unit.index}]"
            try:
                outcome = self._resource(path, unit) if unit.problem is None else unit.problem
            except Exception as exc:  # no input value may fail the partition
                outcome = (UNREADABLE_RECORD, unexpected(exc))
            if isinstance(outcome, tuple):
                raw = (
                    unit.raw
                    if unit.resource is None
                    else json.dumps(unit.resource, ensure_ascii=False)
                )
                raw = unescape(raw, self.encoding)
                self.bad.append((path.name, unit.index, "ingest", outcome[0], f"{at}: {outcome[1]}",
                                 raw))  # fmt: skip
                continue
            self.ledger[outcome] += 1

    def _resource(self, path: Path, unit: Unit) -> str | Problem:
        """Map one resource into table rows; return its ledger bucket or its problem."""
        resource = unit.resource or {}
        problem = resource_problem(resource, self.encoding)
        if problem is not None:
            return problem
        kind = resource["resourceType"]
        key = json.dumps(resource, sort_keys=True, ensure_ascii=False)
        copy_of = self.duplicates.seen(key, (path.name, unit.index))
        if copy_of is not None:
            return DUPLICATE, f"{kind}: {copy_of}"
        if kind not in MAPPERS:
            return f"not_mapped:{kind}"
        problem = validation_problem(resource)
        if problem is not None:
            return problem
        try:
            mapped = MAPPERS[kind](resource)
        except ImplausibleDate as exc:
            return IMPLAUSIBLE_DATE, f"{kind}: {exc}"
        except (ValueError, TypeError) as exc:
            return "unparsable_field", f"{kind}: {exc}"
        for table, row in mapped:
            values = row | {"source_file": path.name, "source_line": unit.index}
            self.sinks[table].append(tuple(values.get(c) for c in EHR_TABLES[table].names))
        return kind


@register
class FhirBundleConnector(Connector):
    """Reads FHIR R4 JSON bundles into the same twelve EHR tables as the Synthea CSV connector."""

    format = "fhir_bundle"
    tables = tuple(EHR_TABLES)

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Validate and map every unit; bad ones go to the quarantine with file and index."""
        out_dir.mkdir(parents=True, exist_ok=True)
        state = _FhirRead(out_dir, self.text_encoding())
        for path in map(Path, paths):
            if not path.is_file():
                raise FileNotFoundError(f"FHIR file not found: {path}")
            state.read_file(path)
        goods = {t: [sink.scan()] for t, sink in state.sinks.items()}
        quarantine = pl.DataFrame(state.bad, schema=QUARANTINE_SCHEMA, orient="row").lazy()
        counts = write_tables(out_dir, goods, [quarantine])
        remove_tree(out_dir / ".fhir_rows")
        ledger = state.ledger
        ledger["quarantined"] = len(state.bad)
        return IngestResult(
            table_path=None,
            quarantine_path=out_dir / "quarantine.parquet",
            rows_out=sum(counts.values()),
            rows_quarantined=len(state.bad),
            input_units=state.units,
            ledger=+ledger,
            unit="resource",
            tables={t: out_dir / f"{t}.parquet" for t in EHR_TABLES},
        )


__all__ = ["MAPPERS", "REQUIRED", "FhirBundleConnector", "day", "instant", "ref_id",
           "resource_problem", "validation_problem"]  # fmt: skip
