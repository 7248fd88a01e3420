"""SNOMED CT concept ids are numeric with a partition and a Verhoeff check digit."""

from quality.rules.base import register
from quality.rules.medical_codes import CodeFormatRule, snomed_problem


@register
class SnomedCtId(CodeFormatRule):
    """Rows whose SNOMED CT code is not a well-formed concept id."""

    name = "snomed_ct_id"
    system_label = "SNOMED CT"
    default_systems = ("SNOMED-CT", "SNOMED", "http://snomed.info/sct")
    problem = staticmethod(snomed_problem)
