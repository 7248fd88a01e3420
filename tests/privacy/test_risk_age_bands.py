"""An age column in bands reaches k by wider bands, not by blanking it or the sex beside it."""

from __future__ import annotations

import polars as pl

from privacy.deid.generalizers import age_band, as_age
from privacy.detect.column_scan import PolicyProposal
from privacy.risk.measures import build_ladder, enforce_k
from schemas.draft_people import risk_proposal

WIDER = [{"kind": "age", "band": 10}, {"kind": "age", "band": 20}, {"kind": "suppress"}]
# 40 patients, as an outpatient export writes ages (trial11): each 5-year band of one sex
# holds 2 people, each 10-year band 4, each 20-year band 8.
AGES = [f"{a}岁" for a in range(20, 60, 2)] * 2
SEXES = ["女"] * 20 + ["男"] * 20


def test_ages_as_written_are_read_and_bands_widen_from_their_lower_end() -> None:
    frame = pl.DataFrame({"v": ["84岁", "1岁3月", "3个月", "15天", "80-84", "85-89", "90+", "ICU"]})
    assert frame.select(as_age("v")).to_series().to_list() == [84, 1, 0, 0, 80, 85, 90, None]
    ten = frame.select(age_band("v", 10, 90)).to_series().to_list()
    assert ten == ["80-89", "0-9", "0-9", "0-9", "80-89", "80-89", "90+", None]


def test_a_tie_goes_to_wider_bands_before_a_blanked_column() -> None:
    frame = pl.LazyFrame({"sex": SEXES, "age": AGES}).with_columns(age_band("age", 5, 90))
    ladders = {"sex": build_ladder("suppress"), "age": build_ladder(WIDER)}
    out, report = enforce_k(frame, ["sex", "age"], 4, ladders, 0.0)
    assert report.levels == {"sex": "raw", "age": "age/10y"}
    released = out.collect()
    assert released["sex"].null_count() == 0 and released["age"].n_unique() == 4


def test_a_drafted_age_band_gets_the_wider_bands() -> None:
    frame = pl.DataFrame({"性别": SEXES, "年龄": AGES})
    policies = [
        PolicyProposal("性别", "quasi_identifier"),
        PolicyProposal(
            "年龄", "quasi_identifier", "generalize", {"params": {"kind": "age", "band": 5}}
        ),
    ]
    risk = risk_proposal(frame, policies)
    assert risk is not None
    assert risk.section["hierarchies"] == {"年龄": WIDER}
    assert "年龄 age/10y" in risk.evidence and "blanked in every row" not in risk.evidence
