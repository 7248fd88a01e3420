"""The gate splits a table into good rows and quarantine, and the counts reconcile."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from ais_rows import fix, write_table

from connectors.base import QUARANTINE_SCHEMA
from quality.config import RuleConfig
from quality.gate import apply_rules
from schemas.ais import AIS_POSITIONS

RULES = [
    RuleConfig(rule="mmsi_valid"),
    RuleConfig(rule="coordinate_range"),
    RuleConfig(rule="duplicate_fix"),
    RuleConfig(rule="implied_speed", params={"max_knots": 60}),
    RuleConfig(rule="imo_check_digit", action="flag"),
]


def test_gate_quarantines_with_one_reason_each_and_reconciles(tmp_path: Path) -> None:
    rows = [
        fix(1, 0, 38.90, 121.6, imo=9307838),  # bad IMO: flagged, kept
        fix(2, 1, 38.901, 121.6),
        fix(3, 1, 38.901, 121.6, source_file="b.nmea"),  # duplicate of line 2
        fix(4, 2, 39.90, 121.6),  # spike
        fix(5, 3, 38.903, 121.6),
        fix(6, 3, 38.903, 121.6, mmsi=1234),  # invalid MMSI
        fix(7, 4, 91.5, 121.6, mmsi=412000002),  # off the globe
    ]
    table = write_table(rows, tmp_path / "in.parquet")
    out = apply_rules(table, RULES, tmp_path / "good.parquet", tmp_path / "q.parquet")
    assert out.reconciles()
    assert (out.rows_in, out.rows_out, out.rows_quarantined) == (7, 3, 4)
    assert dict(out.quarantined_by_reason) == {
        "mmsi_valid": 1,
        "coordinate_range": 1,
        "duplicate_fix": 1,
        "implied_speed": 1,
    }
    assert out.flagged_by_rule["imo_check_digit"] == 1
    good = pl.read_parquet(tmp_path / "good.parquet")
    assert good["source_line"].to_list() == [1, 2, 5]
    quarantine = pl.read_parquet(tmp_path / "q.parquet")
    assert quarantine.schema == QUARANTINE_SCHEMA
    by_line = {(r["source_file"], r["source_line"]): r for r in quarantine.iter_rows(named=True)}
    assert by_line[("b.nmea", 3)]["reason"] == "duplicate_fix"
    assert by_line[("a.nmea", 4)]["reason"] == "implied_speed"
    assert json.loads(by_line[("a.nmea", 6)]["raw"])["mmsi"] == 1234
    assert set(quarantine["stage"]) == {"quality"}


def test_gate_with_no_rules_passes_everything(tmp_path: Path) -> None:
    table = write_table([fix(1, 0, 38.9, 121.6)], tmp_path / "in.parquet")
    out = apply_rules(table, [], tmp_path / "good.parquet", tmp_path / "q.parquet")
    assert (out.rows_out, out.rows_quarantined) == (1, 0)
    assert pl.read_parquet(tmp_path / "q.parquet").height == 0


def _fleet_rows() -> list[dict]:
    """Twelve vessels, each with a spike, a duplicate and one fix with a bad IMO."""
    rows, line = [], 0
    for v in range(12):
        mmsi = 412_000_100 + v
        for minute, lat in ((0, 38.90), (1, 38.901), (2, 39.90), (3, 38.903), (3, 38.903)):
            line += 1
            rows.append(fix(line, minute, lat, 121.6, mmsi=mmsi, imo=9307838 if minute else None))
    return rows


def test_buckets_give_the_same_outcome_as_one_pass(tmp_path: Path) -> None:
    table = write_table(_fleet_rows(), tmp_path / "in.parquet")
    whole = apply_rules(table, RULES, tmp_path / "g1.parquet", tmp_path / "q1.parquet")
    split = apply_rules(
        table, RULES, tmp_path / "g2.parquet", tmp_path / "q2.parquet", bucket_rows=7
    )
    assert whole.quarantined_by_reason == split.quarantined_by_reason
    assert dict(whole.quarantined_by_reason) == {"implied_speed": 12, "duplicate_fix": 12}
    assert whole.flagged_by_rule == split.flagged_by_rule
    assert pl.read_parquet(tmp_path / "g1.parquet").equals(pl.read_parquet(tmp_path / "g2.parquet"))
    q1, q2 = (pl.read_parquet(tmp_path / f"q{i}.parquet") for i in (1, 2))
    assert q1.sort("source_line").equals(q2.sort("source_line"))


def test_spilled_buckets_decide_as_scanned_ones_and_leave_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Buckets read back from one spilling pass give the decision a scan per bucket gives,
    row for row, and the spill folder is gone afterwards."""
    from quality import gate

    lf = pl.scan_parquet(write_table(_fleet_rows(), tmp_path / "in.parquet")).with_row_index(
        gate.ROW
    )
    spill = tmp_path / "spill"
    spill.mkdir()
    decisions = []
    for threshold in (2, 10**9):  # 9 buckets: spilled, then scanned
        monkeypatch.setattr(gate, "SPILL_BUCKETS", threshold)
        decisions.append(gate.decide(lf, RULES, bucket_rows=7, spill=spill))
    spilled, scanned = decisions
    assert spilled.bad.height == 24
    assert spilled.bad.sort(gate.ROW).equals(scanned.bad.sort(gate.ROW))
    assert spilled.flags.sort(gate.ROW).equals(scanned.flags.sort(gate.ROW))
    assert spilled.flagged_by_rule == scanned.flagged_by_rule
    assert spilled.hits_on_all.keys() == scanned.hits_on_all.keys()
    for i, rows in spilled.hits_on_all.items():
        assert rows.sort().equals(scanned.hits_on_all[i].sort())
    assert list(spill.iterdir()) == []


def test_bucket_plan_keeps_groups_whole_and_refuses_whole_table_rules() -> None:
    from quality.gate import bucket_plan
    from quality.rules.base import get_rule

    ais = [get_rule(c.rule, c.params) for c in RULES]
    assert bucket_plan(ais, 10, 100) == (None, 1)
    assert bucket_plan(ais, 1_000, 100) == ("mmsi", 10)
    rows_only = [get_rule("mmsi_valid", {}), get_rule("coordinate_range", {})]
    assert bucket_plan(rows_only, 250, 100) == ("_row", 3)
    whole = [*ais, get_rule("near_duplicate_text", {"column": "note"})]
    assert bucket_plan(whole, 1_000, 100) == (None, 1)
    parent = [get_rule("references", {"table": "t", "column": "c"}), *rows_only]
    assert bucket_plan(parent, 250, 100) == ("_row", 3), "a reference is judged row by row"


def test_flag_column_collects_every_flag_rule_after_existing_flags(tmp_path: Path) -> None:
    rows = [
        fix(1, 0, 38.9, 121.6, imo=9307838, quality_flags="ingest_gap"),  # bad IMO, old flag
        fix(2, 1, 38.9, 121.6, mmsi=1234, imo=9307838),  # bad IMO and bad MMSI
        fix(3, 2, 38.9, 121.6),
    ]
    frame = AIS_POSITIONS.conform(pl.DataFrame(rows)).collect()
    frame = frame.with_columns(pl.Series("quality_flags", [r.get("quality_flags") for r in rows]))
    frame.write_parquet(tmp_path / "in.parquet")
    rules = [
        RuleConfig(rule="imo_check_digit", action="flag", flag_column="quality_flags"),
        RuleConfig(rule="mmsi_valid", action="flag", flag_column="quality_flags"),
    ]
    out = apply_rules(
        tmp_path / "in.parquet", rules, tmp_path / "g.parquet", tmp_path / "q.parquet"
    )
    assert out.rows_out == 3 and dict(out.flagged_by_rule) == {
        "imo_check_digit": 2,
        "mmsi_valid": 1,
    }
    flags = pl.read_parquet(tmp_path / "g.parquet")["quality_flags"].to_list()
    assert flags == ["ingest_gap,imo_check_digit", "imo_check_digit,mmsi_valid", None]


def test_a_saved_decision_is_in_row_order_whatever_order_the_rules_gave(tmp_path: Path) -> None:
    from quality.gate import GateDecision

    bad = pl.DataFrame(
        {"_row": [9, 2, 5], "detail": ["c", "a", "b"], "reason": ["r2", "r1", "r1"]},
        schema={"_row": pl.UInt32, "detail": pl.String, "reason": pl.String},
    )
    flags = pl.DataFrame(
        {"_row": [7, 2], "_column": ["f", "f"], "_flag": ["x", "x"]},
        schema={"_row": pl.UInt32, "_column": pl.String, "_flag": pl.String},
    )
    decision = GateDecision(10, bad, flags)
    decision.save(tmp_path / "a.parquet")
    GateDecision(10, bad.reverse(), flags.reverse()).save(tmp_path / "b.parquet")
    saved = pl.read_parquet(tmp_path / "a.parquet")
    assert saved.equals(pl.read_parquet(tmp_path / "b.parquet"))
    assert saved["_row"].to_list() == [2, 2, 5, 7, 9]
    loaded = GateDecision.load(tmp_path / "a.parquet", 10)
    assert loaded.bad.sort("_row").equals(bad.sort("_row"))
