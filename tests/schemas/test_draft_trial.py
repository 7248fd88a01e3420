"""A drafted generalization the sample cannot take becomes a TODO saying why, before any run."""

from __future__ import annotations

import polars as pl

from privacy.detect.column_scan import PolicyProposal
from schemas.draft_trial import tried_on_sample

BIRTH_YEAR = {"params": {"kind": "birth_date", "to": "year"}}


def _proposal(column: str) -> PolicyProposal:
    return PolicyProposal(column, "quasi_identifier", "generalize", BIRTH_YEAR, "a birth date")


def test_an_unreadable_generalization_is_left_undecided_with_what_failed() -> None:
    # trial11: a plant's 发生日期 mixing 2026年3月5日 and Excel serials was drafted as a birth
    # date to its year; the draft loaded and the first run failed in its scrub stage
    frame = pl.DataFrame(
        {
            "发生日期": ["2026年3月5日", "46086", "2026/3/5"],
            "出生日期": ["1980-01-02", "1975/3/4", None],
            "source_file": ["incidents.csv"] * 3,
            "source_line": [2, 3, 4],
        }
    )
    keep = PolicyProposal("姓名", "identifier", "drop", {}, "a person's name")
    out, failed = tried_on_sample(frame, [_proposal("发生日期"), _proposal("出生日期"), keep])
    assert failed == ["发生日期"]
    assert [p.undecided for p in out] == [True, False, False]
    assert out[0].evidence == (
        "a birth date; tried on the sample, generalize fails: column 发生日期: 1 values cannot be "
        "read as a date for generalize/birth_date (first at incidents.csv, line 3, shaped "
        "'99999') (choose a policy, or fix the column's values at the source)"
    )
    assert out[1:] == [_proposal("出生日期"), keep], "a readable column and other policies stay"
