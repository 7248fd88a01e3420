"""A drafted generic table declares decimal commas, keeps units in names and says why text stays."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml

from connectors.registry import get_connector
from schemas.draft import draft_spec

HEADER = "时间戳;FIC-101 进料流量 [m³/h];TI-203 反应器温度 [°C];LIC-401 液位 [%];状态"
STAMPS = ("%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M:%S+08:00")


def _export(path: Path, stamps: tuple[str, ...]) -> Path:
    """A DCS export in the stamp formats given, a decimal comma and one 'Bad Input'."""
    from datetime import datetime, timedelta

    lines = [HEADER]
    for i in range(80):
        t = (datetime(2026, 12, 1) + timedelta(minutes=i)).strftime(stamps[i % len(stamps)])
        temp = "Bad Input" if i == 9 else f"35{i % 10},{i % 90 + 10}"
        lines.append(f"{t};1.2{i % 10}4,5;{temp};5{i % 10},3;OK")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_decimal_comma_units_and_mixed_stamps_are_drafted(tmp_path: Path) -> None:
    source = _export(tmp_path / "dcs_2026-12-01.csv", STAMPS)
    drafted = draft_spec(source, "petrochemical/dcs", license="CC0-1.0", owner="test")
    spec = yaml.safe_load(drafted.text)
    columns = spec["source"]["options"]["columns"]
    assert list(columns) == ["时间戳", "fic_101_进料流量_m3_h", "ti_203_反应器温度_degc",
                             "lic_401_液位_pct", "状态"]  # fmt: skip
    assert columns["ti_203_反应器温度_degc"] == {
        "dtype": "float64",
        "decimal_comma": True,
        "null_values": ["Bad Input"],
        "description": "TI-203 反应器温度 [°C]",
    }
    assert columns["时间戳"] == "str" and "some carry a UTC offset" in drafted.text
    assert "# decimal comma: '1.204,5' reads 1204.5" in drafted.text
    reader = get_connector("delimited_table", spec["source"]["options"])
    result = reader.read([source], tmp_path / "run")
    table = pl.read_parquet(result.table_path)  # type: ignore[arg-type]
    assert table.height == 80 and result.rows_quarantined == 0  # Bad Input: a null reading
    assert table.get_column("fic_101_进料流量_m3_h")[0] == 1204.5


def test_stamps_without_a_zone_are_drafted_as_datetime(tmp_path: Path) -> None:
    source = _export(tmp_path / "dcs.csv", STAMPS[:3])
    drafted = draft_spec(source, "petrochemical/dcs2", license="CC0-1.0", owner="test")
    columns = yaml.safe_load(drafted.text)["source"]["options"]["columns"]
    assert columns["时间戳"] == {"dtype": "datetime", "format": "%Y-%m-%d %H:%M:%S"}
    assert "timestamps in 3 formats" in drafted.text
