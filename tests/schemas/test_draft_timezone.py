"""Times without a zone: drafted as Asia/Shanghai wall clock, read so, and cut at its midnight."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
import yaml

from connectors.registry import get_connector
from pipelines.partition_rules import day_rule, day_zone
from schemas.draft import draft_spec
from schemas.spec import SpecError, load_spec

HEADER = "visit_id,ward,seen_at\n"


def _visits(path: Path, stamp: str) -> Path:
    rows = [f"V{i:03d},W{i % 3},2026-12-01{stamp.format(h=i % 24)}" for i in range(48)]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_times_without_a_zone_are_drafted_as_shanghai_and_the_day_is_cut_there(
    tmp_path: Path,
) -> None:
    source = _visits(tmp_path / "visits_2026-12-01.csv", " {h:02d}:30:00")
    drafted = draft_spec(source, "medical/visits", license="CC0-1.0", owner="test")
    raw = yaml.safe_load(drafted.text)
    assert raw["source"]["options"]["timezone"] == "Asia/Shanghai"
    assert "the times in seen_at carry no zone: assumed Asia/Shanghai" in drafted.text
    path = tmp_path / "visits.yaml"
    path.write_text(drafted.text, encoding="utf-8")
    spec = load_spec(path)
    assert day_zone(spec) == "Asia/Shanghai"
    rule = day_rule(spec, next(iter(spec.tables)), "2026-12-01")
    assert rule is not None and rule.params["start"] == "2026-12-01T00:00:00+08:00"


def test_times_written_in_utc_get_no_zone(tmp_path: Path) -> None:
    source = _visits(tmp_path / "visits.csv", "T{h:02d}:30:00Z")
    drafted = draft_spec(source, "medical/visits_utc", license="CC0-1.0", owner="test")
    options = yaml.safe_load(drafted.text)["source"]["options"]
    assert options["columns"]["seen_at"]["format"] == "%Y-%m-%dT%H:%M:%SZ"
    assert "timezone" not in options and "carry no zone" not in drafted.text


def test_times_with_their_utc_offset_are_datetime_instants_and_get_no_zone(tmp_path: Path) -> None:
    # trial12: a Berlin plant's ISO 8601 times (+02:00 / +01:00) were drafted as text
    source = _visits(tmp_path / "visits.csv", "T{h:02d}:30:00+01:00")
    drafted = draft_spec(source, "medical/visits_offset", license="CC0-1.0", owner="test")
    options = yaml.safe_load(drafted.text)["source"]["options"]
    assert options["columns"]["seen_at"] == {
        "dtype": "datetime",
        "format": "%Y-%m-%dT%H:%M:%S%.f%z",
    }
    assert "timezone" not in options and "carry no zone" not in drafted.text
    path = tmp_path / "v.csv"
    path.write_text(HEADER + "V1,W1,2026-10-25T02:30:00+02:00\nV2,W1,2026-10-25T02:30:00.5+01:00\n")
    result = get_connector("delimited_table", options | {"timezone": "Asia/Shanghai"}).read(
        [path], tmp_path / "run"
    )
    assert pl.read_parquet(result.table_path).get_column("seen_at").to_list() == [  # type: ignore[arg-type]
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # the offset wins over the declared zone
        datetime(2026, 10, 25, 1, 30, 0, 500_000, tzinfo=UTC),
    ]


def _read(path: Path, out: Path, **extra: object) -> pl.Series:
    columns = {"visit_id": "str", "ward": "str",
               "seen_at": {"dtype": "datetime", "format": "%Y-%m-%d %H:%M:%S"}}  # fmt: skip
    options = {"contract": "tz_visits", "columns": columns, **extra}
    result = get_connector("delimited_table", options).read([path], out)
    return pl.read_parquet(result.table_path).get_column("seen_at")  # type: ignore[arg-type]


def test_local_times_are_stored_as_utc_instants(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text(HEADER + "V1,W1,2026-12-01 08:00:00\nV2,W1,2026-12-01T03:00:00Z\n")
    local = _read(path, tmp_path / "a", timezone="Asia/Shanghai")
    assert local.dtype == pl.Datetime("us", "UTC")
    assert local.to_list() == [
        datetime(2026, 12, 1, 0, 0, tzinfo=UTC),  # 08:00 in Shanghai
        datetime(2026, 12, 1, 3, 0, tzinfo=UTC),  # written with Z: UTC whatever the zone
    ]
    assert _read(path, tmp_path / "b").to_list()[0] == datetime(2026, 12, 1, 8, tzinfo=UTC)


def test_a_wall_time_that_does_not_exist_is_quarantined_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text(HEADER + "V1,W1,2026-03-29 02:30:00\nV2,W1,2026-03-29 04:30:00\n")
    columns = {"visit_id": "str", "ward": "str", "seen_at": "datetime"}
    options = {"contract": "tz_berlin", "columns": columns, "timezone": "Europe/Berlin"}
    result = get_connector("delimited_table", options).read([path], tmp_path / "o")
    quarantine = pl.read_parquet(result.quarantine_path)
    assert result.rows_out == 1 and quarantine.get_column("reason").to_list() == [
        "unparsable_field"
    ]


def test_an_unknown_zone_fails_when_the_spec_loads(tmp_path: Path) -> None:
    source = _visits(tmp_path / "visits_2026-12-01.csv", " {h:02d}:30:00")
    drafted = draft_spec(source, "medical/visits_bad", license="CC0-1.0", owner="test")
    path = tmp_path / "bad.yaml"
    path.write_text(drafted.text.replace("Asia/Shanghai", "Asia/Dalian"), encoding="utf-8")
    with pytest.raises(SpecError, match=r"unknown time zone 'Asia/Dalian'"):
        load_spec(path)
