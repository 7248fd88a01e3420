"""Medical record and health insurance numbers, found by their label (病历号/医保卡号/MRN...)."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import HEALTH_INSURANCE_ID, MEDICAL_RECORD_NUMBER
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

_RECORD_LABELS = (
    "病历号",
    "病案号",
    "住院号",
    "门诊号",
    "就诊号",
    "就诊卡号",
    "病人ID",
    "患者ID",
    "患者编号",
    "登记号",
    # An imaging exam's accession number (检查号：CT20230915088) leads to the patient's record:
    # DICOM's de-identification profile removes it too (a lab sheet's 检验单号 stays).
    "检查号",
    "影像号",
    "Accession No",
    "Accession Number",
    "MRN",
    "Medical Record Number",
    "Medical Record No",
    "Medical Record #",
    "Patient ID",
    "Hospital No",
    "Hospital Number",
)
_INSURANCE_LABELS = (
    "医保卡号",
    "医保号",
    "医保编号",
    "医保账号",
    "社保卡号",
    "社保号",
    "社会保障号",
    "社会保障卡号",
    "参保号",
    "新农合号",
    "Insurance No",
    "Insurance Number",
    "Insurance ID",
    "Member ID",
    "Policy No",
    "Policy Number",
)


def _label_regex(labels: tuple[str, ...]) -> re.Pattern[str]:
    """Label, optional ':'/'#'/'为'/'是', then an identifier of 4-24 letters, digits and dashes."""
    alternation = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
    return re.compile(
        r"(?:" + alternation + r")\.?\s*(?:[:#]|为|是|is|:)?\s*"
        r"(?P<id>(?=[A-Za-z0-9-]*[0-9])[A-Za-z0-9][A-Za-z0-9-]{3,23})(?![A-Za-z0-9-])",
        re.IGNORECASE,
    )


_RECORD = _label_regex(_RECORD_LABELS)
_INSURANCE = _label_regex(_INSURANCE_LABELS)

SCORE_LABELLED = 0.85


@register
class MedicalRecordRecognizer(BohaiRecognizer):
    """Record / insurance numbers are free-form, so only a label makes them identifiable."""

    ENTITIES: ClassVar[tuple[str, ...]] = (MEDICAL_RECORD_NUMBER, HEALTH_INSURANCE_ID)
    PREFILTER: ClassVar[str | None] = (
        r"(?i)病历|病案|住院号|门诊号|就诊|病人ID|患者|登记号|MRN|record|patient id|hospital n"
        r"|检查号|影像号|accession"
        r"|医保|社保|社会保障|参保|新农合|insurance|member id|policy n"
    )

    def find(self, norm: NormalizedText) -> list[Span]:
        """The identifier right after each label (the label itself is not personal data)."""
        out: list[Span] = []
        for regex, entity in ((_RECORD, MEDICAL_RECORD_NUMBER), (_INSURANCE, HEALTH_INSURANCE_ID)):
            for m in regex.finditer(norm.text):
                out.append(self.span(norm, *m.span("id"), entity, SCORE_LABELLED))
        return out
