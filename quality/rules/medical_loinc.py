"""LOINC codes end in a mod-10 check digit; a wrong one means a mistyped or invented code."""

from quality.rules.base import register
from quality.rules.medical_codes import CodeFormatRule, loinc_problem


@register
class LoincCheckDigit(CodeFormatRule):
    """Rows whose LOINC code is malformed or fails its check digit."""

    name = "loinc_check_digit"
    system_label = "LOINC"
    default_systems = ("LOINC", "http://loinc.org")
    problem = staticmethod(loinc_problem)
