"""One day of a crude unit's historian export, `tag,timestamp,value,quality`, with planted faults.

Six tags of an atmospheric distillation unit are sampled every minute in local time (Dalian,
UTC+8) with OPC DA quality codes. Planted on purpose: sensor problems the Pecos-style checks
must find (a gap, duplicate stamps, missing values, out-of-range readings, a frozen analyzer,
spikes) and lines the connector must quarantine (cut short, non-numeric value, impossible
time, unknown tag, unknown quality code).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

STEP_SECONDS = 60
SEED = 1101
HEADER = "tag,timestamp,value,quality"
# tag -> (unit, low, high, max_step, base, noise, description); the spec's tag dictionary.
TAGS: dict[str, tuple[str, float, float, float, float, float, str]] = {
    "FIC-1101.PV": ("t/h", 0.0, 800.0, 40.0, 520.0, 3.0, "Crude charge flow"),
    "TI-1102.PV": ("°C", 0.0, 450.0, 15.0, 365.0, 0.8, "Furnace outlet temperature"),
    "PI-1103.PV": ("kPa", 0.0, 400.0, 20.0, 120.0, 1.0, "Column top pressure (gauge)"),
    "LI-1104.PV": ("%", 0.0, 100.0, 15.0, 55.0, 1.5, "Column bottom level"),
    "AI-1105.PV": ("%", 0.0, 21.0, 2.0, 3.2, 0.1, "Furnace flue gas oxygen"),
    "TI-1106.PV": ("°C", 0.0, 300.0, 10.0, 118.0, 0.5, "Column top temperature"),
}


def tag_dictionary() -> dict[str, dict[str, object]]:
    """The tag dictionary as a spec writes it under source.options.tags."""
    return {
        tag: {"unit": u, "low": lo, "high": hi, "max_step": step, "description": text}
        for tag, (u, lo, hi, step, _, _, text) in TAGS.items()
    }


@dataclass(slots=True)
class HistorianDay:
    """The export's lines and, by kind, the 1-based file lines planted with each problem."""

    lines: list[str]
    planted: dict[str, list[int]] = field(default_factory=dict)


def _series(rng: np.random.Generator, base: float, noise: float, n: int) -> np.ndarray:
    """A slowly wandering signal around its base value."""
    walk = np.cumsum(rng.normal(0.0, noise * 0.2, n))
    walk -= np.linspace(0.0, walk[-1], n)  # no net drift over the day
    return base + walk + rng.normal(0.0, noise, n)


def generate_day(day: date, seed: int = SEED) -> HistorianDay:
    """Build one day's export: every tag each minute, then the planted problems."""
    rng = np.random.default_rng([seed, day.toordinal()])
    n = 24 * 3600 // STEP_SECONDS
    start = datetime(day.year, day.month, day.day)
    stamps = [(start + timedelta(seconds=i * STEP_SECONDS)).isoformat(" ") for i in range(n)]
    entries: list[tuple[str, str]] = []  # (planted kind or "ok", line)
    for tag, (_, _, _, max_step, base, noise, _) in TAGS.items():
        values = _series(rng, base, noise, n)
        for i in range(n):
            if tag == "TI-1102.PV" and 600 <= i < 620:
                continue  # twenty minutes lost: the next reading follows a gap
            kind, value, quality = "ok", f"{values[i]:.3f}", "192"
            if tag == "TI-1102.PV" and i == 620:
                kind = "gap"
            elif tag == "AI-1105.PV" and i in (100, 101, 102):
                kind, value, quality = "missing", "", "0"
            elif tag == "AI-1105.PV" and 900 <= i < 930:  # the analyzer freezes
                kind, value = ("stuck" if i > 900 else "ok"), f"{values[900]:.3f}"
            elif tag == "LI-1104.PV" and i in (300, 310):
                kind, value = "out_of_range", "104.500"
            elif tag == "PI-1103.PV" and i == 700:
                kind, value = "out_of_range", "-5.000"
            elif tag in ("TI-1106.PV", "FIC-1101.PV") and i == 1000:
                kind, value = "spike", f"{values[i] + 6 * max_step:.3f}"
            elif i % 97 == 5:
                quality = "64"  # uncertain, e.g. during a transmitter range check
            entries.append((kind, f"{tag},{stamps[i]},{value},{quality}"))
            if tag == "FIC-1101.PV" and i in (200, 400):  # the same minute exported twice
                again = value if i == 200 else f"{values[i] + 1:.3f}"
                entries.append(("duplicate", f"{tag},{stamps[i]},{again},{quality}"))
    bad = [
        ("wrong_field_count", f"PI-1103.PV,{stamps[50]}"),
        ("unparsable_value", f"LI-1104.PV,{stamps[51]},####,192"),
        ("unparsable_timestamp", f"TI-1106.PV,{day.isoformat()} 25:61:00,118.000,192"),
        ("unknown_tag", f"XX-9999.PV,{stamps[52]},1.000,192"),
        ("unknown_quality", f"AI-1105.PV,{stamps[53]},3.100,999"),
    ]
    for offset, entry in enumerate(bad):
        entries.insert(3000 + offset * 1700, entry)
    out = HistorianDay([HEADER, *(line for _, line in entries)])
    for line_no, (kind, _) in enumerate(entries, start=2):
        if kind != "ok":
            out.planted.setdefault(kind, []).append(line_no)
    return out


def write_historian_csv(target: Path, day: date, seed: int = SEED) -> HistorianDay:
    """Write one day's export as CSV; returns what was planted where."""
    export = generate_day(day, seed)
    target.write_text("\n".join(export.lines) + "\n", encoding="utf-8", newline="\n")
    return export
