"""`bohai init` drafts the options a historian export needs: a decimal comma, local times."""

from __future__ import annotations

from pathlib import Path

import yaml

from schemas.draft import draft_spec

TAGS = ("FIC-1101.PV", "TI-1102.PV", "LI-1104.PV")


def _export(path: Path, stamp: str, value: str) -> Path:
    """A historian export in long form: three tags, a reading a minute from 07:00."""
    rows = ["tag,timestamp,value,quality"]
    for n, tag in enumerate(TAGS):
        for minute in range(60):
            reading = value.format(n * 100 + minute, minute % 10)
            rows.append(f"{tag},{stamp.format(minute)},{reading},Good")
    rows.append(f"TI-1102.PV,{stamp.format(59).replace('07:', '00:')},I/O Timeout,Bad")
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("gb18030"))
    return path


def _spec(source: Path) -> dict:
    return yaml.safe_load(draft_spec(source, "petrochemical/cdu", license="x", owner="y").text)


def test_a_decimal_comma_local_time_export_is_drafted_as_a_historian(tmp_path: Path) -> None:
    # trial10: this export (GB18030, "419,48", 2026/11/10 07:00:00) decoded 3 of 605 lines with
    # the historian connector's defaults, went to the generic reader, and would have been read
    # as UTC had the historian been forced: every reading 8 hours off
    source = _export(tmp_path / "cdu_20261110.csv", "2026/11/10 07:{:02d}:00", '"{},{}"')
    drafted = draft_spec(source, "petrochemical/cdu", license="x", owner="y")
    raw = yaml.safe_load(drafted.text)
    assert raw["source"]["format"] == "historian_long"
    assert raw["source"]["options"] == {"decimal_comma": True, "timezone": "Asia/Shanghai"}
    frame = drafted.tables[0].frame
    assert frame["value"].drop_nulls().len() == 180 and frame["value"].max() == 259.9
    first = frame.sort("timestamp")["timestamp"][0]
    assert first.isoformat() == "2026-11-09T16:59:00+00:00", "00:59 Shanghai, the latest hour"
    assert "0 of 181 sampled timestamp values lie outside" in drafted.text, "cut at Shanghai"
    rules = [r["rule"] for r in raw["quality"]["rules"]]
    assert "sensor_duplicate_timestamp" in rules
    assert "sensor_range" not in rules and "sensor_spike" not in rules, "another plant's tags"
    assert "left out of petrochemical/historian's rules: sensor_range, sensor_spike" in drafted.text


def test_an_export_in_utc_with_decimal_points_needs_no_options(tmp_path: Path) -> None:
    source = _export(tmp_path / "cdu_20261110.csv", "2026-11-10T07:{:02d}:00Z", "{}.{}")
    raw = _spec(source)
    assert raw["source"]["format"] == "historian_long"
    assert "options" not in raw["source"], "nothing to change"
