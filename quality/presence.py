"""Whether a parsed partition holds any data, and if not, which files held nothing and why."""

from __future__ import annotations

from pathlib import Path

import polars as pl


def reasons_by_file(quarantine: Path) -> dict[str, dict[str, int]]:
    """Quarantined units per source file and reason, from a quarantine Parquet file."""
    if not quarantine.is_file():
        return {}
    counts = (
        pl.scan_parquet(quarantine)
        .group_by("source_file", "reason")
        .len()
        .sort("source_file", "reason")
        .collect()
    )
    out: dict[str, dict[str, int]] = {}
    for file, reason, n in counts.iter_rows():
        out.setdefault(str(file), {})[str(reason)] = int(n)
    return out


def empty_input_detail(
    rows_by_table: dict[str, int], files: list[dict[str, object]], quarantine: Path
) -> str:
    """One sentence on why no table has a row: each file with its size and quarantine reasons."""
    by_file = reasons_by_file(quarantine)
    parts = []
    for f in files:
        name = str(f["name"])
        reasons = by_file.get(name, {})
        if reasons:
            why = ", ".join(f"{r} {n}" for r, n in reasons.items())
            parts.append(f"{name} ({f['bytes']} bytes): every record quarantined ({why})")
        elif f["bytes"] == 0:
            parts.append(f"{name}: empty file (0 bytes)")
        else:
            parts.append(f"{name} ({f['bytes']} bytes): no record (header or blank lines only)")
    tables = ", ".join(f"{t} {n}" for t, n in rows_by_table.items())
    return f"no readable row in any table ({tables}): " + "; ".join(parts or ["no input file"])
