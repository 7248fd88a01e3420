"""The built-in sample generators behind `sample://marine/...` URIs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from samples.registry import register

DEMO_VESSELS = 40
DEMO_CSV_ROWS = 20_000
SEED = 7


def _require_day(day: date | None, name: str) -> date:
    if day is None:
        raise ValueError(f"sample generator {name} needs a daily partition")
    return day


@register("marine/ais_nmea")
def ais_nmea(target: Path, day: date | None) -> None:
    """One day of simulated Bohai Sea traffic as raw AIVDM lines."""
    from samples.ais_nmea import generate_nmea_lines

    lines, _ = generate_nmea_lines(_require_day(day, "marine/ais_nmea"), DEMO_VESSELS, SEED)
    target.write_text("\n".join(lines) + "\n", encoding="ascii", newline="\n")


@register("marine/marinecadastre")
def marinecadastre(target: Path, day: date | None) -> None:
    """One day of simulated traffic in the MarineCadastre CSV layout."""
    from samples.marinecadastre import write_marinecadastre_csv

    write_marinecadastre_csv(
        target, DEMO_CSV_ROWS, _require_day(day, "marine/marinecadastre"), SEED
    )
