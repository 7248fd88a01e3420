"""Whether a parsed partition holds any data, and if not, which files held nothing and why."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

DETAIL_CHARS = 160


def reasons_by_file(quarantine: Path) -> dict[str, dict[str, tuple[int, str]]]:
    """Per source file and reason: quarantined units and the first unit's detail."""
    if not quarantine.is_file():
        return {}
    counts = (
        pl.scan_parquet(quarantine)
        .group_by("source_file", "reason")
        .agg(pl.len().alias("n"), pl.col("detail").drop_nulls().first().alias("detail"))
        .sort("source_file", "reason")
        .collect()
    )
    out: dict[str, dict[str, tuple[int, str]]] = {}
    for file, reason, n, detail in counts.iter_rows():
        out.setdefault(str(file), {})[str(reason)] = (int(n), str(detail or "")[:DETAIL_CHARS])
    return out


def empty_input_detail(
    rows_by_table: dict[str, int],
    files: list[dict[str, object]],
    quarantine: Path,
    unparsable: str = "",
) -> str:
    """One sentence on why no table has a row: each file with its size and quarantine reasons.

    `unparsable` (quality.unparsable's summary per column) replaces the first row's detail of
    `unparsable_field`, which showed one value of many.
    """
    by_file = reasons_by_file(quarantine)

    def summarised(reason: str) -> bool:
        return bool(unparsable) and reason == "unparsable_field"

    parts = []
    for f in files:
        name = str(f["name"])
        size = f"{f['bytes']} bytes"
        reasons = by_file.get(name, {})
        if reasons:
            folders = re.compile(r"(?:[^\s,:()]*[/\\])+(?=" + re.escape(name) + ")")
            why = ", ".join(
                f"{reason} {n:,}"
                + (f" ({folders.sub('', detail)})" if detail and not summarised(reason) else "")
                for reason, (n, detail) in reasons.items()
            )
            parts.append(f"{name} ({size}): every unit quarantined: {why}")
        elif f["bytes"] == 0:
            parts.append(f"{name}: empty file (0 bytes)")
        else:
            parts.append(f"{name} ({size}): no record, only a header or blank lines")
    tables = ", ".join(f"{t} {n}" for t, n in rows_by_table.items())
    text = f"no readable row in any table ({tables}): " + "; ".join(parts or ["no input file"])
    return f"{text}. {unparsable}" if unparsable else text
