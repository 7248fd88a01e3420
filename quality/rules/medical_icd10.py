"""ICD-10 codes have no check digit, but a fixed shape: letter, two characters, subcode."""

from quality.rules.base import register
from quality.rules.medical_codes import CodeFormatRule, icd10_problem


@register
class Icd10Pattern(CodeFormatRule):
    """Rows whose ICD-10 code does not have the ICD-10 shape."""

    name = "icd10_pattern"
    system_label = "ICD-10"
    default_systems = (
        "ICD-10", "ICD10", "ICD-10-CM", "ICD10CM",
        "http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-cm",
    )  # fmt: skip
    problem = staticmethod(icd10_problem)
