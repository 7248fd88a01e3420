"""Ships and companies in a person's shape are dropped; crew and staff names around them stay."""

from __future__ import annotations

import pytest

from privacy.detect.en.veto_sector import vessel_or_company
from privacy.detect.scanner import Scanner
from privacy.detect.spans import Span


def _span(text: str, part: str, entity: str = "PERSON") -> Span:
    start = text.index(part)
    return Span(start, start + len(part), entity, 0.85, part)


@pytest.mark.parametrize(
    "text, part",
    [
        ("Bunkers for MV Arctic Tern at anchorage.", "MV Arctic Tern"),
        ("Surveyor boarded M/T Silver Heron at 0800.", "Silver Heron"),
        ("Crew of MV Pacific Harmony signed off.", "Harmony"),
        ("Service by Sumitomo Chemicals engineers.", "Sumitomo Chemicals"),
        ("Cargo booked with Hanjin Shipping last week.", "Hanjin Shipping"),
        ("Next port Huludao, ETA 1800LT.", "Huludao"),
        ("Agent Sinotrans Qingdao confirmed the berth.", "Sinotrans Qingdao"),
    ],
)
def test_ships_and_companies_are_no_one(text: str, part: str) -> None:
    assert vessel_or_company(text, _span(text, part))


@pytest.mark.parametrize(
    "text, part",
    [
        ("Master Elena Marsh signed the log.", "Elena Marsh"),
        ("MV Arctic Tern: AB Tomas Greer injured.", "Tomas Greer"),
        ("Seen by Dr. Group on Monday.", "Group"),  # one word: a surname, not a company
        ("Chief Mate Mvula Dlamini on watch.", "Mvula Dlamini"),
        ("Pilot Zhang Chaoyang boarded.", "Zhang Chaoyang"),  # a given name, not the district
    ],
)
def test_people_near_ships_stay(text: str, part: str) -> None:
    assert not vessel_or_company(text, _span(text, part))


def test_the_scanner_masks_the_master_not_the_ship() -> None:
    (spans,) = Scanner().scan(["Crew list MV Golden Finch. Master: Viktor Orlov, Bosun Leo Cruz."])
    people = {s.text for s in spans if s.entity_type == "PERSON"}
    assert not any("Finch" in p for p in people)
    assert all(any(name in p for p in people) for name in ("Viktor Orlov", "Leo Cruz"))
