"""near_duplicate_text quarantines later copies of a note, naming the record they repeat."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from connectors.base import QUARANTINE_SCHEMA
from quality.config import RuleConfig
from quality.gate import apply_rules
from quality.rules.base import get_rule

NOTE = "患者女性，72岁，反复咳嗽咳痰二十年，加重伴喘息一周入院。查体：双肺可闻及散在湿啰音。"
NOTES = [
    NOTE,
    "无",
    "Patient reports mild headache since yesterday, no fever, no vomiting, sleeps well.",
    NOTE.replace("一周", "1周"),  # near copy of line 1
    "无",  # a stock phrase: too short to count
    f" {NOTE} ",  # exact copy of line 1 after normalization
    "patient reports mild headache since yesterday, no fever, no vomiting, sleeps well!",
]


def _table(path: Path) -> Path:
    pl.DataFrame(
        {
            "note": NOTES,
            "source_file": ["notes.csv"] * len(NOTES),
            "source_line": list(range(1, len(NOTES) + 1)),
        }
    ).write_parquet(path)
    return path


def test_later_copies_are_flagged_with_the_earlier_record() -> None:
    rule = get_rule("near_duplicate_text", {"column": "note"})
    table = pl.DataFrame(
        {"note": NOTES, "source_file": ["notes.csv"] * len(NOTES), "source_line": range(1, 8)}
    ).with_row_index("_row")
    hits = rule.violations(table).sort("_row")
    assert hits["_row"].to_list() == [3, 5, 6]
    details = hits["detail"].to_list()
    assert details[0].startswith("note nearly copies the record at notes.csv:1 (Jaccard ~")
    assert details[1] == "note copies the record at notes.csv:1"
    assert "notes.csv:3" in details[2]


def test_rule_needs_a_column() -> None:
    with pytest.raises(ValueError, match="params.column"):
        get_rule("near_duplicate_text", {})


def test_gate_quarantines_copies_and_reconciles(tmp_path: Path) -> None:
    rules = [RuleConfig(rule="near_duplicate_text", params={"column": "note", "threshold": 0.8})]
    out = apply_rules(
        _table(tmp_path / "in.parquet"), rules, tmp_path / "good.parquet", tmp_path / "q.parquet"
    )
    assert out.reconciles()
    assert (out.rows_in, out.rows_out, out.rows_quarantined) == (7, 4, 3)
    assert pl.read_parquet(tmp_path / "good.parquet")["source_line"].to_list() == [1, 2, 3, 5]
    quarantine = pl.read_parquet(tmp_path / "q.parquet")
    assert quarantine.schema == QUARANTINE_SCHEMA
    assert set(quarantine["reason"]) == {"near_duplicate_text"}
