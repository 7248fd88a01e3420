"""Drafted ranges stay inside physical limits, and the draft says when the sample broke them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from quality.profile import propose_expectations
from schemas.draft import draft_spec
from schemas.draft_limits import clamp_ranges, limit_for

MC = "marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv"


def _between(proposals: list, column: str) -> tuple[dict, str]:
    (found,) = [
        p for p in proposals if p.spec["expect"] == "between" and p.spec["column"] == column
    ]
    return found.spec, found.evidence


def test_dirty_course_is_clamped_and_reported() -> None:
    cog = [float(i * 7 % 360) for i in range(200)] + [391.0, 380.5]
    frame = pl.DataFrame({"cog": cog, "lat": [30.0 + i / 100 for i in range(202)]})
    spec, evidence = _between(clamp_ranges(frame, propose_expectations(frame)), "cog")
    assert spec["max"] == 360.0 and spec["min"] == 0.0
    assert "clamped to the physical limits 0..360" in evidence
    assert "2 sampled values lie outside them (min 380.5, max 391)" in evidence
    assert spec["mostly"] == 0.98  # twice the sample's share outside (2 of 202) is tolerated
    lat, lat_evidence = _between(clamp_ranges(frame, propose_expectations(frame)), "lat")
    assert "mostly" not in lat and "inside the physical limits -90..90" in lat_evidence


def test_heading_not_available_code_is_named_not_allowed() -> None:
    heading = [float(i % 359) for i in range(100)] + [511.0] * 5
    frame = pl.DataFrame({"heading": heading})
    spec, evidence = _between(clamp_ranges(frame, propose_expectations(frame)), "heading")
    assert spec["max"] == 359.0
    assert "5 sampled values are the 'not available' code 511" in evidence
    assert "lie outside" not in evidence


def test_limits_by_name_and_unit() -> None:
    assert limit_for("LAT".lower()) is not None and limit_for("longitude").low == -180  # type: ignore[union-attr]
    assert limit_for("fill_level", "%").high == 100  # type: ignore[union-attr]
    assert limit_for("o2_percent").high == 100  # type: ignore[union-attr]
    assert limit_for("temperature") is None
    negative = pl.DataFrame({"temperature": [-5.0 - i for i in range(30)]})
    proposals = propose_expectations(negative)
    assert clamp_ranges(negative, proposals) == proposals  # no known limits: left as profiled


@pytest.mark.integration
def test_real_marinecadastre_with_dirty_courses(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    rows = list(csv.reader(io.StringIO(shared_file(MC).read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:]
    at = header.index("COG")
    for row in body[::50]:  # 20 of the 1,000 real rows get an impossible course
        row[at] = "391.0"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    source = tmp_path / "AIS_2023_01_11.csv"
    source.write_text(out.getvalue(), encoding="utf-8")
    # MarineCadastre's own connector nulls a course over 360; read as a generic table it stays
    checked = draft_spec(source, "marine/dirty", license="CC0-1.0", owner="test")
    assert checked.format == "marinecadastre_csv"
    assert checked.tables[0].frame.get_column("cog").max() <= 360
    generic = draft_spec(source, "marine/dirty", "delimited_table", "CC0-1.0", "test")
    (table,) = generic.tables
    assert table.frame.get_column("cog").max() == 391.0
    spec, evidence = _between(table.expectations, "cog")
    assert spec["max"] == 360.0 and spec["mostly"] == 0.96, evidence
    assert "20 sampled values lie outside them (min 391, max 391)" in evidence
    assert "physical limits 0..360" in generic.text
    lat, lat_evidence = _between(table.expectations, "lat")
    assert -90 <= lat["min"] < lat["max"] <= 90 and "inside the physical limits" in lat_evidence
