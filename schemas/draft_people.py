"""What a drafted table about people needs beyond each column alone: its other dates moved per
person, and k-anonymity over its quasi-identifiers, sized on the sample the draft read (in
distinct people when a person key names whom each row is about)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    from privacy.detect.column_scan import PolicyProposal

K = 5  # the smallest group a released person hides in, as in the shipped medical specs
MAX_SUPPRESSION = 0.1  # share of records whose quasi-identifiers may be blanked to reach K
# A year (a date the column policy cut to its year) may become a decade on the way to K;
# anything else is blanked on the records that need it.
_DECADE = [{"kind": "date", "to": "decade"}, {"kind": "suppress"}]
# An age the column policy put in bands may widen to 10- and 20-year bands first.
_WIDER_AGE = [{"kind": "age", "band": 10}, {"kind": "age", "band": 20}, {"kind": "suppress"}]
_SUBJECT_WORDS = (
    "patient",
    "person",
    "member",
    "subject",
    "mrn",
    "record",
    "患者",
    "病人",
    "病历",
    "住院号",
    "门诊号",
    "病案号",
    "档案号",
    "身份证",
    "证件",
    "id_card",
    "idcard",
    "ssn",
)
# A hospital may number a patient anew per outpatient card or admission (门诊号, 住院号): a record
# or ID-card number beside one of them is the steadier key of the person.
_PER_STAY_WORDS = ("门诊号", "住院号")
# Keys of an event, not of a person: dates shifted per visit or k counted per order would say
# "people" of what are visits, so such a key is never the subject on its own.
_EVENT_WORDS = (
    "visit",
    "encounter",
    "admission",
    "order",
    "claim",
    "transaction",
    "ticket",
    "case",
    "event",
    "incident",
    "就诊",
    "挂号",
    "订单",
    "单号",
    "流水",
    "事件",
    "检查",
)


@dataclass(frozen=True, slots=True)
class RiskProposal:
    """The `privacy.risk` section to draft and the evidence for it."""

    section: dict[str, Any]
    evidence: str


# Keys of a vessel, not a person: a berth log's times are the vessel's movements, which the
# shipped AIS specs release as they are, not a person's dates to move.
_VESSEL_DOMAINS = ("mmsi", "imo", "call_sign", "callsign")


def _vessel_key(policies: list[PolicyProposal]) -> str | None:
    """The first pseudonymised vessel key (MMSI, IMO), if any."""
    vessels = [
        p.column
        for p in policies
        if p.policy == "pseudonym" and p.params.get("domain") in _VESSEL_DOMAINS
    ]
    return (vessels or [None])[0]


def _subject(policies: list[PolicyProposal]) -> str | None:
    """The key whose pseudonym identifies the person a row is about (patient_id over visit_id)."""
    keys = [p.column for p in policies if p.category == "identifier" and p.policy == "pseudonym"
            and p.params.get("domain") not in _VESSEL_DOMAINS]  # fmt: skip
    about = [k for k in keys if any(w in k.lower() for w in _SUBJECT_WORDS)]
    lifelong = [k for k in about if not any(w in k for w in _PER_STAY_WORDS)]
    other = [k for k in keys if not any(w in k.lower() for w in _EVENT_WORDS)]
    return (lifelong or about or other or [None])[0]


def date_proposals(frame: pl.DataFrame, policies: list[PolicyProposal]) -> list[PolicyProposal]:
    """A policy for every date column of a table about people that has none yet."""
    from privacy.detect.column_scan import PolicyProposal

    decided = {p.column for p in policies}
    subject = _subject(policies)
    vessel = _vessel_key(policies) if subject is None else None
    out: list[PolicyProposal] = []
    for column, dtype in frame.schema.items():
        if column in decided or not (dtype == pl.Date or dtype == pl.Datetime):
            continue
        if vessel is not None:
            out.append(
                PolicyProposal(
                    column,
                    "none",
                    None,
                    {},
                    f"a time of a vessel's movements (its key: {vessel}), kept as the shipped "
                    "AIS specs keep theirs: the people in the table are in the columns treated "
                    "above, and no person's key could move it",
                )
            )
        elif subject is not None:
            out.append(
                PolicyProposal(
                    column,
                    "personal",
                    "date_shift",
                    {"subject": subject, "params": {"direction": "back"}},
                    f"a date about a person (finer than the year it identifies, HIPAA Safe "
                    f"Harbor): moved back by one secret offset per {subject}, so a person's "
                    "intervals survive and no date lands after the source's",
                )
            )
        else:
            out.append(
                PolicyProposal(
                    column,
                    "personal",
                    "generalize",
                    {"params": {"kind": "date", "to": "year"}},
                    "a date about a person and no key to move it per person: cut to the "
                    "year (HIPAA Safe Harbor)",
                )
            )
    return out


def _a_year(p: PolicyProposal) -> bool:
    """True when the column policy releases a date as its year."""
    params = p.params.get("params", {})
    return (
        p.policy == "generalize"
        and params.get("kind") in ("date", "birth_date")
        and (params.get("to", "year") == "year")
    )


def _ladder(p: PolicyProposal) -> str | list[dict[str, Any]]:
    """How a quasi-identifier may coarsen on the way to K: a year to its decade, an age band to
    wider bands, anything else blanked on the records that need it."""
    if _a_year(p):
        return _DECADE
    params = p.params.get("params", {})
    if p.policy == "generalize" and params.get("kind") == "age" and params.get("band", 5) < 10:
        return _WIDER_AGE
    return "suppress"


def _released_view(
    frame: pl.DataFrame, quasi: list[PolicyProposal], subject: str | None = None
) -> pl.LazyFrame:
    """The sample's quasi-identifiers as the column policies would release them (and the
    subject: its pseudonym maps one person to one token, so raw keys count the same people)."""
    from privacy.deid.operators.generalize import Generalize

    exprs = []
    for p in quasi:
        if p.policy == "generalize":
            op = Generalize.model_validate(p.params.get("params", {}))
            exprs.append(op.expr(p.column, None, frame.schema[p.column]).alias(p.column))
        else:
            exprs.append(pl.col(p.column))
    if subject is not None:
        exprs.append(pl.col(subject))
    return frame.lazy().select(exprs)


def risk_proposal(frame: pl.DataFrame, policies: list[PolicyProposal]) -> RiskProposal | None:
    """k-anonymity over the kept quasi-identifiers, tried on the sample; None without any."""
    from privacy.risk.measures import build_ladder, enforce_k

    quasi = [
        p
        for p in policies
        if p.category == "quasi_identifier" and p.policy != "drop" and p.column in frame.columns
    ]
    if not quasi:
        return None
    names = [p.column for p in quasi]
    subject = _subject(policies)
    if subject is not None and (subject not in frame.columns or subject in names):
        subject = None
    ladders = {p.column: _ladder(p) for p in quasi}
    hierarchy = {c: build_ladder(ladder, c) for c, ladder in ladders.items()}
    view = _released_view(frame, quasi, subject)
    _, report = enforce_k(view, names, K, hierarchy, MAX_SUPPRESSION, subject)
    section: dict[str, Any] = {"quasi_identifiers": names, "k": K}
    if subject is not None:
        section["subject"] = subject
    special = {c: ladder for c, ladder in ladders.items() if ladder != "suppress"}
    if special:
        section["hierarchies"] = special
    section["max_suppression"] = MAX_SUPPRESSION
    rows = report.before.records
    people = report.before.subjects
    counted = f"{rows:,} sampled rows" + (f" ({people:,} people by {subject})" if people else "")
    target = f"k={K} people" if subject is not None else f"k={K}"
    unit = (
        "" if subject is None else (" person" if report.before.smallest_class == 1 else " people")
    )
    steps = ", ".join(
        f"{c} {'blanked in every row' if lvl == 'suppress' else lvl}"
        for c, lvl in report.levels.items()
        if lvl != "raw"
    )
    tried = (
        f"k-anonymity over {', '.join(names)}: on the {counted} the smallest group "
        f"is {report.before.smallest_class}{unit} as released; reaching {target} "
        + (f"takes {steps} and " if steps else "")
        + f"blanks the quasi-identifiers of {report.records_suppressed} rows"
    )
    # Every ladder ends in blanking the column, so some level always fits the budget; a level
    # of "suppress" in the evidence tells the reader that column is released blank.
    return RiskProposal(section, f"{tried} (at most {MAX_SUPPRESSION:.0%} allowed)")
