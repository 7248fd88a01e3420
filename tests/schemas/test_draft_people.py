"""A drafted table about people gets its dates moved per person and k sized on the sample."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from pathlib import Path

import polars as pl
import pytest
import yaml

from privacy.detect.column_scan import PolicyProposal
from schemas.draft import draft_spec
from schemas.draft_people import date_proposals, risk_proposal
from schemas.spec import SpecError, load_spec


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
    assert visit == {
        "category": "personal",
        "policy": "date_shift",
        "subject": "patient_id",
        "params": {"direction": "back"},  # drafted dates never move past the source's
    }
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
    # Ten rows but two patients: each group of five rows is one person.
    assert risk.section["subject"] == "patient_id"
    assert "smallest group is 1 person as released" in risk.evidence, risk.evidence
    dates = date_proposals(frame, policies)
    assert [(p.column, p.policy) for p in dates] == [("seen", "date_shift")]
    keyless = risk_proposal(frame.drop("patient_id"), policies[1:])
    assert keyless is not None and "subject" not in keyless.section
    assert "smallest group is 5 as released" in keyless.evidence, keyless.evidence


def _visits(path: Path, patients: int = 60, visits: int = 400) -> Path:
    """Repeat visits: every patient's (gender, birth date, city) recurs on each of their rows."""
    rng = random.Random(11)
    people = [
        (
            f"P{i:04d}",
            rng.choice("MF"),
            dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(25_000)),
            f"城市{rng.randrange(3)}",
        )
        for i in range(patients)
    ]
    lines = ["patient_id,gender,birth_date,city,visit_date,diagnosis"]
    for i in range(visits):
        pid, sex, born, city = people[i % patients] if i < patients else rng.choice(people)
        seen = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365))
        lines.append(f"{pid},{sex},{born},{city},{seen},肺炎")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_repeat_visits_size_k_in_distinct_patients(tmp_path: Path) -> None:
    drafted = draft_spec(
        _visits(tmp_path / "visits.csv"), "medical/visits", license="CC0-1.0", owner="test"
    )
    risk = _privacy(drafted.text)["risk"]
    assert risk["subject"] == "patient_id" and risk["k"] == 5
    assert "(60 people by patient_id)" in drafted.text and "k=5 people" in drafted.text
    assert not drafted.todos, drafted.todos
    spec_path = tmp_path / "visits.yaml"
    spec_path.write_text(drafted.text, encoding="utf-8")
    assert load_spec(spec_path).privacy.risk.subject == "patient_id"
    # A subject the release does not carry cannot be counted: the spec says so.
    raw = yaml.safe_load(drafted.text)
    raw["privacy"]["risk"]["subject"] = "nobody"
    spec_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SpecError, match="privacy.risk: 'nobody' is not a released column"):
        load_spec(spec_path)


@pytest.mark.parametrize(
    ("keys", "subject"),
    [
        (["visit_id", "patient_id"], "patient_id"),
        (["visit_id"], None),  # a visit key counts visits, not people
        (["就诊号"], None),
        (["order_no", "card_no"], "card_no"),  # a key of no event may name a person
        (["身份证号", "就诊号"], "身份证号"),
        (["门诊号", "病历号"], "病历号"),  # a per-card or per-stay number yields to the record's
        (["住院号", "身份证号"], "身份证号"),
        (["门诊号", "就诊号"], "门诊号"),
    ],
)
def test_the_subject_is_a_person_key_never_an_event_key(
    keys: list[str], subject: str | None
) -> None:
    frame = pl.DataFrame({**{k: ["a", "b"] for k in keys}, "seen": [dt.date(2024, 1, 2)] * 2})
    policies = [PolicyProposal(k, "identifier", "pseudonym") for k in keys]
    (seen,) = date_proposals(frame, policies)
    if subject is None:
        assert seen.policy == "generalize", seen
    else:
        assert seen.policy == "date_shift" and seen.params["subject"] == subject


def test_a_people_tables_chinese_title_is_chinese(tmp_path: Path) -> None:
    source = _clinic(tmp_path / "门诊.csv", 60, 3)
    drafted = yaml.safe_load(draft_spec(source, "medical/clinic_zh").text)
    zh = drafted["title"]["zh"] + drafted["description"]["zh"]
    assert "delimited_table 文件（sha256" in zh and " file" not in zh and "门诊.csv" not in zh


def test_a_berth_logs_times_are_the_vessels_not_moved_per_mmsi() -> None:
    # trial11: a port's berth log (captain's name and phone beside the MMSI) had its berthing
    # times "moved back by one secret offset per mmsi", as if the vessel were a person.
    frame = pl.DataFrame(
        {"mmsi": ["412345678"], "船长": ["张海峰"], "靠泊时间": [dt.datetime(2026, 12, 1, 9, 33)]}
    )
    policies = [
        PolicyProposal("mmsi", "identifier", "pseudonym", {"domain": "mmsi"}),
        PolicyProposal("船长", "personal", "drop"),
    ]
    (berthed,) = date_proposals(frame, policies)
    assert (berthed.column, berthed.category, berthed.policy) == ("靠泊时间", "none", None)
    assert "vessel" in berthed.evidence
    crew = policies + [PolicyProposal("patient_id", "identifier", "pseudonym", {"domain": "x"})]
    (moved,) = date_proposals(frame.with_columns(pl.lit("p1").alias("patient_id")), crew)
    assert (moved.policy, moved.params["subject"]) == ("date_shift", "patient_id")
