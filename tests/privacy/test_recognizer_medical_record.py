"""Record and insurance numbers are found by their label; the label is not part of the span."""

from __future__ import annotations

import pytest

from privacy.detect.entities import HEALTH_INSURANCE_ID, MEDICAL_RECORD_NUMBER
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.generic.medical_record import MedicalRecordRecognizer

REC = MedicalRecordRecognizer()


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        ("病历号：MR2024001", "MR2024001", MEDICAL_RECORD_NUMBER),
        ("住院号 ZY20230012", "ZY20230012", MEDICAL_RECORD_NUMBER),
        ("门诊号为20240315001", "20240315001", MEDICAL_RECORD_NUMBER),
        ("MRN: 00123456", "00123456", MEDICAL_RECORD_NUMBER),
        ("医保卡号：YB123456789", "YB123456789", HEALTH_INSURANCE_ID),
        ("Insurance No. A-2231-884", "A-2231-884", HEALTH_INSURANCE_ID),
        ("医保卡号：ＹＢ１２３４５６", "ＹＢ１２３４５６", HEALTH_INSURANCE_ID),
        ("放射科报告 检查号：MR20240102117 姓名", "MR20240102117", MEDICAL_RECORD_NUMBER),
        ("Accession No: RAD-0098123, chest CT", "RAD-0098123", MEDICAL_RECORD_NUMBER),
    ],
)
def test_labelled_ids(text: str, value: str, entity: str) -> None:
    (span,) = REC.find(normalize(text))
    assert (text[span.start : span.end], span.entity_type) == (value, entity)


def test_unlabelled_numbers_are_not_records() -> None:
    assert REC.find(normalize("检验单号20240315001，床号12")) == []
    assert REC.find(normalize("病历号：暂无")) == []
