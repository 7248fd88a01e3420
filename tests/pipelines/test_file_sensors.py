"""The opt-in new-files sensor: a day's new or changed files request that day's run, once."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from pipelines.factory import build_definitions
from pipelines.file_sensors import new_file_requests
from schemas.spec import SpecError, load_spec

SPEC = """\
id: marine/watched
title: {en: Watched folder, zh: 监视目录}
description: {en: New files start runs., zh: 新文件触发运行。}
sector: marine
source: {format: ais_nmea, uri: "DATA/{date}/*.nmea", license: CC0, provenance: test}
schema: ais_positions
partitioning: {kind: daily, start: 2026-11-01}
automation: {on_new_files: true}
release: {license: CC0, grade: general, category: transport, owner: test}
"""


def _spec(tmp_path: Path, text: str = SPEC) -> Path:
    folder = tmp_path / "datasets" / "marine"
    folder.mkdir(parents=True)
    path = folder / "watched.yaml"
    path.write_text(text.replace("DATA", str(tmp_path / "data")), encoding="utf-8")
    return path


def test_new_then_changed_files_request_the_day_once(tmp_path: Path) -> None:
    spec = load_spec(_spec(tmp_path))
    today = date(2026, 11, 5)
    assert new_file_requests(spec, {}, today)[0] == []
    day = tmp_path / "data" / "2026-11-03"
    day.mkdir(parents=True)
    (day / "a.nmea").write_text("!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24\n")
    requests, cursor = new_file_requests(spec, {}, today)
    assert [r.partition_key for r in requests] == ["2026-11-03"]
    assert new_file_requests(spec, cursor, today)[0] == [], "nothing new: no second run"
    (day / "b.nmea").write_text("!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24\n")
    os.utime(day / "b.nmea", (1, 1))
    again, _ = new_file_requests(spec, cursor, today)
    assert [r.partition_key for r in again] == ["2026-11-03"]
    assert again[0].run_key != requests[0].run_key


def test_sensor_is_in_the_definitions_only_when_opted_in(tmp_path: Path) -> None:
    _spec(tmp_path)
    defs = build_definitions(tmp_path / "datasets")
    sensor = defs.resolve_sensor_def("marine__watched__new_files")
    assert sensor.job_name == "marine__watched__ingest"
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_opting_in_needs_a_daily_local_source_with_a_date(tmp_path: Path) -> None:
    path = _spec(tmp_path, SPEC.replace("DATA/{date}/*.nmea", "DATA/all.nmea"))
    with pytest.raises(SpecError, match="automation.on_new_files"):
        load_spec(path)
