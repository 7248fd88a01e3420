"""Every day-partitioned dataset quarantines rows dated outside the partition's day."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from pipelines.partition_rules import day_rule, table_rules
from pipelines.stages import run_parse, run_raw, run_validate
from schemas.spec import DatasetSpec, load_specs
from tests.connectors.test_ais_nmea import POS_A, one, tag

REPO = Path(__file__).resolve().parents[2]
SPECS = {s.id: s for s in load_specs(REPO / "datasets")}


def test_each_daily_dataset_checks_its_time_column_in_its_zone() -> None:
    """Daily specs get the rule first, on their record time, in the zone their files are cut in."""
    want = {
        "marine/ais_positions": ("timestamp", "+00:00"),
        "marine/ais_marinecadastre": ("timestamp", "+00:00"),
        "petrochemical/historian": ("timestamp", "+08:00"),
        "petrochemical/incident_reports": ("occurred_at", "+08:00"),
    }
    for spec in SPECS.values():
        for table in spec.tables:
            rules = table_rules(spec, table, "2026-11-01")
            rule = day_rule(spec, table, "2026-11-01")
            if spec.partitioning.kind != "daily":
                assert rule is None and rules == list(spec.tables[table].quality.rules)
                continue
            assert rule is not None and rules[0] == rule, spec.id
            column, offset = want[spec.id]
            assert rule.params["column"] == column
            assert rule.params["start"] == f"2026-11-01T00:00:00{offset}"
    assert {s.id for s in SPECS.values() if s.partitioning.kind == "daily"} == set(want)


def test_spec_fields_are_checked_and_can_turn_it_off() -> None:
    """A wrong zone or column is a spec error; a null tolerance turns the check off."""
    raw = yaml.safe_load((REPO / "datasets/marine/ais_positions.yaml").read_text())

    def with_partitioning(**extra: object) -> DatasetSpec:
        return DatasetSpec.model_validate(raw | {"partitioning": raw["partitioning"] | extra})

    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        with_partitioning(day_timezone="Mars/Olympus")
    with pytest.raises(ValueError, match="'mmsi' is not a datetime column"):
        with_partitioning(time_columns={"ais_positions": "mmsi"})
    off = with_partitioning(day_tolerance_minutes=None)
    assert day_rule(off, "ais_positions", "2026-11-01") is None


def _validated(spec_file: str, data: Path, uri: str, day: str, bohai_env: Path) -> dict[str, Any]:
    raw = yaml.safe_load((REPO / spec_file).read_text())
    raw["source"]["uri"] = str(data / uri)
    spec = DatasetSpec.model_validate(raw)
    pdir = bohai_env / "work" / spec.id / day
    run_raw(spec, pdir, day)
    run_parse(spec, pdir, day)
    report = run_validate(spec, pdir)
    table = next(iter(spec.tables))
    report["quarantine"] = pl.read_parquet(pdir / "validated" / f"{table}.quarantine.parquet")
    return report


def test_nmea_fixes_stamped_2099_or_next_day_are_quarantined(bohai_env: Path) -> None:
    """Tag-block times in 2099 or the next day pass framing (1990-2100) but not the day check;
    a fix without any time is stamped with the file's day and stays."""
    data = bohai_env / "data"
    data.mkdir()
    day = "2026-11-01"
    stamps = {1793491200: "in the day", 4084387200: "2099", 1793620800: "next day 12:00"}
    lines = [tag(f"c:{t}") + one({**POS_A, "lat": 52 + i / 10}) for i, t in enumerate(stamps)]
    lines.append(one({**POS_A, "lat": 53.0}))
    (data / f"ais_{day}.nmea").write_text("\n".join(lines) + "\n")
    report = _validated("datasets/marine/ais_positions.yaml", data, "ais_{date}.nmea", day,
                        bohai_env)  # fmt: skip
    assert report["quarantined_by_reason"] == {"outside_partition_day": 2}
    assert report["rows_out"] == 2
    details = report["quarantine"]["detail"].to_list()
    assert "2099-06-06" in details[0] and "partition 2026-11-01" in details[0]
    assert report["quarantine"]["source_line"].to_list() == [2, 3]


def test_historian_day_is_the_local_day(bohai_env: Path) -> None:
    """Historian exports in Shanghai time: local midnight to midnight is the day; 1970 is not."""
    data = bohai_env / "data"
    data.mkdir()
    rows = [
        "tag,timestamp,value,quality",
        "FIC-1101.PV,2026-11-01 00:00:00,400,192",  # 16:00 UTC the day before: in
        "FIC-1101.PV,2026-11-01 23:59:00,401,192",
        "FIC-1101.PV,1970-01-01 08:00:00,402,192",
        "FIC-1101.PV,2026-11-03 08:00:00,403,192",
    ]
    (data / "cdu1_2026-11-01.csv").write_text("\n".join(rows) + "\n")
    report = _validated("datasets/petrochemical/historian.yaml", data, "cdu1_{date}.csv",
                        "2026-11-01", bohai_env)  # fmt: skip
    assert report["quarantined_by_reason"].get("outside_partition_day") == 2
    assert report["quarantine"]["source_line"].to_list()[:2] == [4, 5]
    assert "1970-01-01T00:00:00Z" in report["quarantine"]["detail"][0]
