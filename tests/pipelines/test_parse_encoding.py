"""run_parse hands source.encoding to the connector: GB18030 notes read, or quarantined."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml

from pipelines.stages import run_parse, run_raw
from samples.medical_notes import note_lines
from schemas.spec import load_spec

REPO = Path(__file__).resolve().parents[2]


def _parse(tmp_path: Path, encoding: str) -> tuple[dict, pl.DataFrame, pl.DataFrame]:
    lines, _ = note_lines()
    src = tmp_path / encoding / "in"
    src.mkdir(parents=True)
    (src / "notes.jsonl").write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    raw = yaml.safe_load((REPO / "datasets/medical/clinical_notes.yaml").read_text())
    raw["source"] |= {"uri": str(src / "notes.jsonl"), "encoding": encoding}
    raw["partitioning"] = {"kind": "none"}
    path = tmp_path / encoding / "spec.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    spec = load_spec(path)
    pdir = tmp_path / encoding / "work"
    run_raw(spec, pdir, "all")
    report = run_parse(spec, pdir, "all")
    table = pl.read_parquet(pdir / "parsed" / "clinical_notes.parquet")
    return report, table, pl.read_parquet(pdir / "parsed" / "quarantine.parquet")


def test_declared_gb18030_reads_every_note(bohai_env: Path, tmp_path: Path) -> None:
    """Declared gb18030: the Chinese notes arrive intact, nothing is bad_encoding."""
    report, table, quarantine = _parse(tmp_path, "gb18030")
    assert "bad_encoding" not in set(quarantine["reason"])
    assert table["text"].str.contains("[\u4e00-\u9fff]").sum() > 0
    assert report["checks"]["ingest_ledger_reconciles"]["passed"]


def test_undeclared_gb18030_is_bad_encoding_never_replacement(
    bohai_env: Path, tmp_path: Path
) -> None:
    """Read as utf-8, each Chinese line is quarantined with its bytes; no U+FFFD in the table."""
    report, table, quarantine = _parse(tmp_path, "utf-8")
    bad = quarantine.filter(pl.col("reason") == "bad_encoding")
    assert bad.height > 0 and not bad["raw"].str.contains("\ufffd").any()
    assert not table["text"].str.contains("\ufffd").any()
    assert not table["text"].str.contains("[\u4e00-\u9fff]").any()
    assert report["checks"]["ingest_ledger_reconciles"]["passed"]
