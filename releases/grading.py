"""Data grading per GB/T 43697-2024: general / important / core, per dataset and per column.

A dataset's grade is at least the highest grade of its columns and of the datasets it is derived
from; the spec may set it lower than its inputs only with a recorded reason.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STANDARD = "GB/T 43697-2024"
ORDER = ("general", "important", "core")
LABELS_ZH = {"general": "一般数据", "important": "重要数据", "core": "核心数据"}


class GradingError(ValueError):
    """A grade that contradicts the inputs or columns without a recorded reason."""


def rank(grade: str) -> int:
    """Position of a grade in general < important < core."""
    if grade not in ORDER:
        raise GradingError(f"unknown grade {grade!r}; expected one of {', '.join(ORDER)}")
    return ORDER.index(grade)


def highest(grades: list[str]) -> str:
    """The highest of some grades (general when there are none)."""
    return max(grades, key=rank) if grades else "general"


@dataclass(slots=True)
class GradeDecision:
    """The grade a release carries, with why."""

    grade: str
    category: str
    declared: str
    reason: str | None
    inherited: str
    inputs: dict[str, str] = field(default_factory=dict)
    lowered: bool = False
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_manifest(self, approval: dict[str, Any] | None = None) -> dict[str, Any]:
        """The manifest's `data_grade` block."""
        out = asdict(self)
        out |= {"standard": STANDARD, "grade_zh": LABELS_ZH[self.grade], "approval": approval}
        return out


def decide_grade(
    declared: str,
    category: str,
    reason: str | None,
    input_grades: dict[str, str],
    columns: list[str],
    column_overrides: dict[str, dict[str, Any]],
) -> GradeDecision:
    """Combine the declared grade, the inputs' grades and per-column grades into one decision."""
    rank(declared)
    inherited = highest(list(input_grades.values()))
    lowered = rank(declared) < rank(inherited)
    if lowered and not (reason and reason.strip()):
        higher = {d: g for d, g in input_grades.items() if rank(g) > rank(declared)}
        raise GradingError(
            f"declared grade {declared!r} is lower than its inputs {higher}; a derived dataset "
            "inherits the highest input grade unless release.grade_reason records why it is lower"
        )
    base = declared if lowered else highest([declared, inherited])
    unknown = sorted(set(column_overrides) - set(columns))
    if unknown:
        raise GradingError(f"release.columns names columns not in the release: {unknown}")
    graded: dict[str, dict[str, Any]] = {}
    for name in columns:
        over = column_overrides.get(name, {})
        col_grade = over.get("grade") or base
        if rank(col_grade) < rank(base) and not over.get("reason"):
            raise GradingError(
                f"column {name}: grade {col_grade!r} is below the dataset's {base!r}; "
                "give release.columns.<name>.reason"
            )
        graded[name] = {
            "grade": col_grade,
            "category": over.get("category") or category,
            "reason": over.get("reason"),
        }
    final = highest([base] + [c["grade"] for c in graded.values()])
    if final != base and not reason:
        reason = "raised to the highest column grade: " + ", ".join(
            n for n, c in graded.items() if c["grade"] == final
        )
    return GradeDecision(
        final, category, declared, reason, inherited, dict(input_grades), lowered, graded
    )
