"""A file the connector cannot read at all is quarantined line by line; the others go on."""

from __future__ import annotations

import gzip
from pathlib import Path

import polars as pl
import pytest
import yaml

from pipelines.stages import UpstreamBlocked, run_parse, run_raw, run_validate
from schemas.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
HEADER = (
    "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,"
    "Length,Width,Draft,Cargo,TransceiverClass"
)
ROW = "412000001,2026-11-01T00:00:00,38.9,121.6,10.0,90.0,90.0,LIAO HAI 8,,BQAB,70,0.0,,,,,A"


def _spec(tmp_path: Path, uri: str):
    raw = yaml.safe_load((REPO / "datasets/marine/ais_marinecadastre.yaml").read_text())
    raw["source"]["uri"] = uri
    raw["partitioning"] = {"kind": "none"}
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_spec(path)


def test_wrong_header_file_is_quarantined_and_counted(bohai_env: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "AIS_a.csv").write_text(f"{HEADER}\n{ROW}\n{ROW.replace('00:00:00', '00:01:00')}\n")
    (src / "AIS_b.csv").write_text("mmsi;time;lat;lon\n412000002;2026-11-01;38.9;121.6\n")
    spec = _spec(tmp_path, str(src / "AIS_*.csv"))
    pdir = tmp_path / "work" / "all"
    run_raw(spec, pdir, "all")
    report = run_parse(spec, pdir, "all")
    assert report["checks"]["ingest_ledger_reconciles"]["passed"]
    assert report["ledger"]["unreadable_file"] == 2
    assert report["input_units"] == 3 + 2 and report["rows_out"] == 2  # lines, header included
    assert report["unreadable_files"][0]["file"] == "AIS_b.csv"
    assert "missing columns" in report["unreadable_files"][0]["error"]
    quarantine = pl.read_parquet(pdir / "parsed" / "quarantine.parquet")
    bad = quarantine.filter(pl.col("source_file") == "AIS_b.csv")
    assert bad["source_line"].to_list() == [1, 2] and set(bad["reason"]) == {"unreadable_file"}
    assert bad["raw"][1].startswith("412000002;")


def test_partition_with_only_unreadable_files_stops_at_has_data(
    bohai_env: Path, tmp_path: Path
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "AIS_x.csv").write_text("nothing,like,ais\n1,2,3\n")
    spec = _spec(tmp_path, str(src / "AIS_*.csv"))
    pdir = tmp_path / "work" / "all"
    run_raw(spec, pdir, "all")
    report = run_parse(spec, pdir, "all")
    assert report["rows_out"] == 0 and report["rows_quarantined"] == 2
    failed = {name: c["detail"] for name, c in report["checks"].items() if not c["passed"]}
    assert list(failed) == ["has_data"]
    assert (
        "AIS_x.csv (23 bytes): every unit quarantined: "
        "unreadable_file 2 (AIS_x.csv, line 1: missing columns" in failed["has_data"]
    )
    with pytest.raises(UpstreamBlocked, match="blocking checks failed: has_data"):
        run_validate(spec, pdir)


def test_unreadable_file_counts_its_lines_whatever_it_holds(
    bohai_env: Path, tmp_path: Path
) -> None:
    """A refused gzip counts its decompressed lines and Latin-1 bytes stay escaped, not U+FFFD
    (it used to count as one unit with no text)."""
    src = tmp_path / "in"
    src.mkdir()
    body = "mmsi;name\n1;SE\xd1ORA\n2;B\n".encode("latin-1")
    (src / "AIS_z.csv").write_bytes(gzip.compress(body))
    spec = _spec(tmp_path, str(src / "AIS_*.csv"))
    pdir = tmp_path / "work" / "all"
    run_raw(spec, pdir, "all")
    report = run_parse(spec, pdir, "all")
    assert report["input_units"] == 3 and report["ledger"] == {"unreadable_file": 3}
    quarantine = pl.read_parquet(pdir / "parsed" / "quarantine.parquet")
    assert quarantine["raw"].to_list() == ["mmsi;name", "1;SE\\xd1ORA", "2;B"]
