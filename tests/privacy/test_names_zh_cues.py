"""Work-permit and shipboard roles before a name are cues: the person after them is found."""

from __future__ import annotations

import pytest

from privacy.detect.scanner import Scanner
from privacy.detect.zh.names_cues import CUES_BEFORE


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(spacy_model=None)


@pytest.mark.parametrize("cue", ["检测人", "复核人", "审批人", "验收人", "引航员", "机工", "船主"])
def test_permit_and_ship_roles_are_cues(cue: str) -> None:
    assert cue in CUES_BEFORE


def test_a_short_name_after_a_permit_role_is_found(scanner: Scanner) -> None:
    (spans,) = scanner.scan(["动火前复测：检测人丁一，LEL为0%。"])
    assert ("PERSON", "丁一") in {(s.entity_type, s.text) for s in spans}
