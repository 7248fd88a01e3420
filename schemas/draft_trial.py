"""`bohai init` tries each drafted generalization on the sample before writing it down.

A column drafted `generalize` (a birth date to its year, an age to bands) whose sampled values
the operator cannot read would fail the first run's scrub stage (`bohai run` then stops with
"15 values cannot be read as a date"): a plant's date column mixing 2026年3月5日 with Excel
serial numbers (46086) did. Such a proposal becomes a TODO with what the trial found, so
`bohai specs` names it before any run, and a person chooses a policy or cleans the column.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import polars as pl

from privacy.deid.operators import OperatorError, Secrets, build_operator

if TYPE_CHECKING:
    from privacy.detect.column_scan import PolicyProposal

TRIED = ("generalize",)


def tried_on_sample(
    frame: pl.DataFrame, proposals: list[PolicyProposal]
) -> tuple[list[PolicyProposal], list[str]]:
    """The proposals, each whose operator fails on the sample undecided; the columns marked."""
    out, failed = [], []
    for proposal in proposals:
        if proposal.policy in TRIED and proposal.column in frame.columns:
            params = dict(proposal.params.get("params") or {})
            try:
                operator = build_operator({"operator": proposal.policy, **params})
                operator.apply(frame.lazy(), proposal.column, Secrets()).lf.collect()
            except OperatorError as exc:
                why = (
                    f"{proposal.evidence}; tried on the sample, {proposal.policy} fails: {exc} "
                    "(choose a policy, or fix the column's values at the source)"
                )
                proposal = replace(proposal, undecided=True, evidence=why)
                failed.append(proposal.column)
        out.append(proposal)
    return out, failed
