"""The sample generators behind `sample://petrochemical/...` URIs (the embedded default)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from samples.registry import register


def _require_day(day: date | None, name: str) -> date:
    if day is None:
        raise ValueError(f"sample generator {name} needs a daily partition")
    return day


@register("petrochemical/tennessee_eastman")
def tennessee_eastman(target: Path, day: date | None) -> None:
    """A zip of TE-like runs as the Braatz files (d00.dat transposed, dNN_te.dat test runs)."""
    from samples.petrochemical_te import demo_runs, write_te_archive

    write_te_archive(target, demo_runs())


@register("petrochemical/historian")
def historian(target: Path, day: date | None) -> None:
    """One day of a crude unit's historian export in long form, with planted sensor faults."""
    from samples.petrochemical_historian import write_historian_csv

    write_historian_csv(target, _require_day(day, "petrochemical/historian"))


@register("petrochemical/epa_rmp")
def epa_rmp(target: Path, day: date | None) -> None:
    """Accident records in the EPA RMP accident CSV layout, a few broken on purpose."""
    from samples.petrochemical_rmp import write_rmp_csv

    write_rmp_csv(target)


@register("petrochemical/incident_reports")
def incident_reports(target: Path, day: date | None) -> None:
    """One day of Chinese incident and shift reports (JSON Lines) with planted PII."""
    from samples.petrochemical_reports import write_reports_jsonl

    write_reports_jsonl(target, _require_day(day, "petrochemical/incident_reports"))
