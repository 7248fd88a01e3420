"""The shipped THUOCL medical list loads and matches its original."""

from collections.abc import Callable
from pathlib import Path

import pytest

from privacy.detect.zh.medical_terms import build, medical_terms_zh

SHIPPED = Path(__file__).resolve().parents[2] / "privacy" / "data" / "medical_terms_zh.txt"


def test_shipped_list_holds_clinical_terms() -> None:
    terms = medical_terms_zh()
    assert len(terms) > 18000
    assert {"布洛芬", "休克", "呼吸道"} <= set(terms)


@pytest.mark.integration
def test_shipped_list_rebuilds_identically(
    shared_file: Callable[[str], Path], tmp_path: Path
) -> None:
    target = tmp_path / "terms.txt"
    build(shared_file("lexicon/THUOCL_medical.txt"), target)
    assert target.read_text("utf-8") == SHIPPED.read_text("utf-8")
