"""A drafted table about people gets its dates moved per person and k sized on the sample."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from pathlib import Path

import polars as pl
import yaml

from privacy.detect.column_scan import PolicyProposal
from schemas.draft import draft_spec
from schemas.draft_people import date_proposals, risk_proposal


def _clinic(path: Path, rows: int, cities: int, key: bool = True) -> Path:
    rng = random.Random(7)
    head = ["patient_id"] if key else []
    lines = [",".join([*head, "name", "gender", "birth_date", "city", "visit_date", "diagnosis"])]
    for _ in range(rows):
        born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(25_000))
        seen = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365))
        ident = [str(uuid.UUID(int=rng.getrandbits(128)))] if key else []
        city = f"城市{rng.randrange(cities)}"
        name = rng.choice(["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"])
        lines.append(",".join([*ident, name, rng.choice("MF"), str(born), city, str(seen), "肺炎"]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _privacy(drafted_text: str) -> dict:
    raw = yaml.safe_load(drafted_text)
    return (raw["tables"][next(iter(raw["tables"]))] if "tables" in raw else raw)["privacy"]


def test_visit_dates_move_per_patient_and_k_is_drafted(tmp_path: Path) -> None:
    source = _clinic(tmp_path / "clinic.csv", rows=300, cities=3)
    drafted = draft_spec(source, "medical/clinic", license="CC0-1.0", owner="test")
    privacy = _privacy(drafted.text)
    visit = privacy["columns"]["visit_date"]
    assert visit == {"category": "personal", "policy": "date_shift", "subject": "patient_id"}
    risk = privacy["risk"]
    assert risk["quasi_identifiers"] == ["gender", "birth_date", "city"] and risk["k"] == 5
    assert risk["hierarchies"]["birth_date"][0] == {"kind": "date", "to": "decade"}
    assert not drafted.todos, drafted.todos


def test_without_a_key_dates_are_cut_to_the_year(tmp_path: Path) -> None:
    source = _clinic(tmp_path / "clinic.csv", rows=300, cities=3, key=False)
    drafted = draft_spec(source, "medical/clinic", license="CC0-1.0", owner="test")
    visit = _privacy(drafted.text)["columns"]["visit_date"]
    assert visit["policy"] == "generalize" and visit["params"] == {"kind": "date", "to": "year"}


def test_a_place_too_fine_for_k_is_released_blank_and_the_draft_says_so(tmp_path: Path) -> None:
    source = _clinic(tmp_path / "clinic.csv", rows=60, cities=40)  # most cities hold 1-2 people
    drafted = draft_spec(source, "medical/clinic", license="CC0-1.0", owner="test")
    assert "city blanked in every row" in drafted.text
    assert _privacy(drafted.text)["risk"]["k"] == 5 and not drafted.todos


def test_no_quasi_identifier_no_risk_section() -> None:
    frame = pl.DataFrame({"name": ["a", "b"], "note": ["x", "y"]})
    policies = [PolicyProposal("name", "identifier", "drop")]
    assert risk_proposal(frame, policies) is None
    assert date_proposals(frame, policies) == []


def test_a_dropped_quasi_identifier_is_not_in_k_and_dates_with_a_policy_stay() -> None:
    frame = pl.DataFrame(
        {
            "patient_id": ["p1", "p2"] * 5,
            "zip": ["116001", "116002"] * 5,
            "sex": ["M", "F"] * 5,
            "seen": [dt.date(2024, 1, 2)] * 10,
            "born": [dt.datetime(1980, 1, 2)] * 10,
        }
    )
    policies = [
        PolicyProposal("patient_id", "identifier", "pseudonym", {"domain": "patient"}),
        PolicyProposal("zip", "quasi_identifier", "drop"),
        PolicyProposal("sex", "quasi_identifier"),
        PolicyProposal("born", "quasi_identifier", "generalize", {"params": {"kind": "date"}}),
    ]
    risk = risk_proposal(frame, policies)
    assert risk is not None and risk.section["quasi_identifiers"] == ["sex", "born"]
    assert "smallest group is 5" in risk.evidence, risk.evidence
    dates = date_proposals(frame, policies)
    assert [(p.column, p.policy) for p in dates] == [("seen", "date_shift")]
