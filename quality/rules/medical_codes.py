"""Shared pieces of the clinical code rules: check-digit algorithms and a per-system rule base.

SNOMED CT identifiers end in a Verhoeff check digit; LOINC codes end in a mod-10 (Luhn)
check digit after a hyphen; ICD-10 codes have no check digit, only a pattern. A code row is
checked only when its code system (if the table has a system column) is the rule's system.
"""

from __future__ import annotations

import re
from typing import ClassVar

import polars as pl

from quality.rules.base import RowRule

# Verhoeff dihedral-group multiplication and permutation tables.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6), (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4), (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)  # fmt: skip
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2), (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0), (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5), (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)  # fmt: skip
_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)
_LOINC = re.compile(r"^([0-9]{1,7})-([0-9])$")
_ICD10 = re.compile(r"^[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?$")


def verhoeff_ok(digits: str) -> bool:
    """True when the last digit is the Verhoeff check digit of the others."""
    if not digits.isdigit():
        return False
    check = 0
    for i, ch in enumerate(reversed(digits)):
        check = _D[check][_P[i % 8][int(ch)]]
    return check == 0


def verhoeff_digit(payload: str) -> str:
    """The Verhoeff check digit to append to `payload` (for generating valid ids)."""
    check = 0
    for i, ch in enumerate(reversed(payload)):
        check = _D[check][_P[(i + 1) % 8][int(ch)]]
    return str(_INV[check])


def snomed_problem(code: str) -> str | None:
    """Why `code` is not a SNOMED CT concept id (6-18 digits, partition 00/10, Verhoeff)."""
    if not code.isdigit():
        return "not numeric"
    if not 6 <= len(code) <= 18 or code[0] == "0":
        return "not 6-18 digits without a leading zero"
    if code[-3:-1] not in ("00", "10"):
        return f"partition {code[-3:-1]} is not a concept partition (00, 10)"
    if not verhoeff_ok(code):
        return "Verhoeff check digit fails"
    return None


def loinc_digit(number: str) -> str:
    """The mod-10 check digit LOINC appends to `number` (Luhn over the digits)."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def loinc_problem(code: str) -> str | None:
    """Why `code` is not a LOINC code (1-7 digits, hyphen, mod-10 check digit)."""
    match = _LOINC.match(code)
    if not match:
        return "not of the form NNNNN-C"
    if loinc_digit(match.group(1)) != match.group(2):
        return f"check digit should be {loinc_digit(match.group(1))}"
    return None


def icd10_problem(code: str) -> str | None:
    """Why `code` does not look like an ICD-10 code (letter, two digits, optional subcode)."""
    return None if _ICD10.match(code) else "does not match the ICD-10 pattern A00[.0000]"


class CodeFormatRule(RowRule):
    """Rows whose code, in the rule's code system, is malformed; subclasses give the test.

    Params: `column` (default code), `system_column` (default code_system; null checks every
    non-null code), `systems` (values of the system column that mean this system).
    """

    system_label: ClassVar[str]
    default_systems: ClassVar[tuple[str, ...]]
    scope = "row"

    @staticmethod
    def problem(code: str) -> str | None:
        """Why one code is malformed, or None."""
        raise NotImplementedError

    def _system_column(self) -> str | None:
        """The column naming each code's system, or None to check every code."""
        return self.params.get("system_column", "code_system")

    def needed_columns(self) -> tuple[str, ...]:
        """The code column and, when used, the system column."""
        system = self._system_column()
        return (self.params.get("column", "code"), *([system] if system else []))

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Check each distinct code once and report the rows that carry a malformed one."""
        column, system = self.params.get("column", "code"), self._system_column()
        rows = frame.filter(pl.col(column).is_not_null())
        if system:
            systems = list(self.params.get("systems", self.default_systems))
            rows = rows.filter(pl.col(system).is_in(systems))
        codes = rows.get_column(column).cast(pl.String).unique().to_list()
        problems = {c: p for c in codes if (p := self.problem(c.strip())) is not None}
        table = pl.DataFrame(
            {column: list(problems), "_problem": list(problems.values())},
            schema={column: pl.String, "_problem": pl.String},
        )
        hits = rows.with_columns(pl.col(column).cast(pl.String)).join(table, on=column)
        label = f"{column} {{}} is not a valid {self.system_label} code: {{}}"
        return hits.select("_row", pl.format(label, column, "_problem").alias("detail"))
