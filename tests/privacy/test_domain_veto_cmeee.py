"""On real CMeEE sentences (dev half), vetoes drop countries but never a planted name or address."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privacy.detect.scanner import Scanner

CMEEE = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "medical"
CMEEE_FILE = CMEEE / "cmeee_v2_test.json"
PLANTS = [
    ("主治医师", "李休克", "辽宁省大连市中山区人民路88号3栋2单元501室"),
    ("患者", "常凯申", "北京市朝阳区建国路5号"),
    ("家属", "于建国", "美国纽约州曼哈顿第五大道88号"),
]

pytestmark = pytest.mark.skipif(not CMEEE_FILE.is_file(), reason="shared CMeEE data not present")


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    rows = json.loads(CMEEE_FILE.read_text(encoding="utf-8"))[:1500]
    with_country = [r["text"] for r in rows if "美国" in r["text"] or "欧洲" in r["text"]]
    return with_country[:30]


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(spacy_model=None)


def test_real_sentences_keep_countries_in_the_clear(scanner: Scanner, sentences: list[str]) -> None:
    assert len(sentences) >= 10
    found = [s.text for spans in scanner.scan(sentences) for s in spans]
    assert "美国" not in found and "欧洲" not in found


def test_planted_names_and_addresses_survive_in_real_sentences(
    scanner: Scanner, sentences: list[str]
) -> None:
    docs = []
    for k, text in enumerate(sentences):
        cue, name, address = PLANTS[k % len(PLANTS)]
        docs.append((f"{text}{cue}{name}，家住{address}。", name, address))
    for (_, name, address), spans in zip(docs, scanner.scan([d[0] for d in docs]), strict=True):
        assert any(s.entity_type == "PERSON" and s.text == name for s in spans), name
        assert any(s.entity_type == "ADDRESS" and address in s.text for s in spans), address
