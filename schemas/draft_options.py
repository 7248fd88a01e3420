"""For `bohai init`: the options a format-specific connector needs to read a sample as it is.

A historian export from a plant whose locale writes a decimal comma (`"419,48"`) decodes almost
nothing with the historian connector's defaults, so the generic table reader won and the draft
lost the historian's quality words and row rules; and its local wall-clock times were read as
UTC, eight hours off. Each probe here reads the sample once more with one option set and keeps
it only when the sample says so: more rows for `decimal_comma`, shifted times for `timezone`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from connectors.base import Connector, IngestResult
from connectors.registry import get_connector
from schemas.draft_day import LOCAL_ZONE


@dataclass(frozen=True, slots=True)
class Reading:
    """One read of the sample: the connector with its options, the result and where it wrote."""

    connector: Connector
    result: IngestResult
    out: Path
    options: dict[str, Any]
    notes: tuple[str, ...] = ()


def read_with(
    fmt: str, sample: Path, out: Path, encoding: str, options: dict[str, Any]
) -> Reading | None:
    """The sample read by `fmt` with `options`, or None when the connector refuses them."""
    out.mkdir(parents=True, exist_ok=True)
    try:
        connector = get_connector(fmt, dict(options))
        connector.encoding = encoding
        result = connector.read([sample], out, declared_date=None)
    except Exception:  # noqa: BLE001 - an option this connector does not take is no answer
        return None
    return Reading(connector, result, out, dict(options))


def with_decimal_comma(
    fmt: str, sample: Path, work: Path, encoding: str, first: Reading
) -> Reading:
    """`first`, or the read with `decimal_comma: true` when that decodes more rows."""
    options = {**first.options, "decimal_comma": True}
    again = read_with(fmt, sample, work / f"detect-{fmt}-decimal-comma", encoding, options)
    if again is None or again.result.rows_out <= first.result.rows_out:
        return first
    note = (
        f"decimal_comma: {first.result.rows_out:,} rows read without it, "
        f"{again.result.rows_out:,} with it: the sample's numbers use a decimal comma"
    )
    return Reading(again.connector, again.result, again.out, options, (*first.notes, note))


def _first_times(reading: Reading) -> pl.Series | None:
    for path in reading.result.outputs(default_table="sample").values():
        frame = pl.read_parquet(path)
        for name, dtype in frame.schema.items():
            if isinstance(dtype, pl.Datetime):
                return frame[name]
    return None


def with_local_times(fmt: str, sample: Path, work: Path, encoding: str, first: Reading) -> Reading:
    """`first`, or the read with `timezone: Asia/Shanghai` when the sample's times name no zone."""
    if "timezone" in first.options:
        return first
    options = {**first.options, "timezone": LOCAL_ZONE}
    again = read_with(fmt, sample, work / f"detect-{fmt}-local-times", encoding, options)
    if again is None or again.result.rows_out != first.result.rows_out:
        return first
    before, after = _first_times(first), _first_times(again)
    if before is None or after is None or before.len() != after.len() or before.equals(after):
        return first  # no times, or every one names its zone: the option changes nothing
    note = (
        f"timezone: the sample's times name no zone: read as {LOCAL_ZONE}, the province's wall "
        "clock, which local exports write, and partition days cut at its midnight; a system "
        "that writes UTC: set UTC"
    )
    return Reading(again.connector, again.result, again.out, options, (*first.notes, note))
