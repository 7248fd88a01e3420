"""k-anonymity and l-diversity figures of a table for its quasi-identifiers.

Figures come from one frequency table (a group_by over the quasi-identifiers), so a big
table is read once. Records whose quasi-identifiers are all null carry no quasi-identifying
information (they are, or were made, suppressed) and belong to no equivalence class.

With a subject column (the person a row is about), the frequency table is kept at
(quasi-identifiers, subject) granularity and a class's size is its number of distinct
subjects, a row with a null subject counting as one person; row figures stay in rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

N = "__n"
SIZE = "__size"  # a class's size in the counted unit: rows, or distinct subjects
_BUCKETS = ((1, 1), (2, 2), (3, 3), (4, 4), (5, 9), (10, 19), (20, 49), (50, 99), (100, None))


@dataclass(frozen=True, slots=True)
class KAnonymityReport:
    """k-anonymity figures of a table for its quasi-identifiers."""

    k_required: int
    records: int
    records_without_quasi: int
    classes: int
    smallest_class: int | None
    classes_below_k: int
    records_below_k: int
    share_below_k: float
    class_size_histogram: dict[str, int] = field(default_factory=dict)
    # Set when classes were sized in distinct people: the column naming them, and how many.
    subject: str | None = None
    subjects: int | None = None

    @property
    def passed(self) -> bool:
        """True when every equivalence class has at least k records (or k people)."""
        return self.records_below_k == 0

    @property
    def unit(self) -> str:
        """What a class size counts: 'rows', or 'subjects' (distinct values of `subject`)."""
        return "rows" if self.subject is None else "subjects"

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for the release manifest (row-counted reports exactly as before)."""
        out = asdict(self) | {"k_achieved": self.smallest_class, "passed": self.passed}
        if self.subject is None:
            del out["subject"], out["subjects"]
        else:
            out["unit"] = self.unit
        return out


@dataclass(frozen=True, slots=True)
class LDiversityReport:
    """Distinct l-diversity of a sensitive column within the equivalence classes."""

    sensitive: str
    l_required: int | None
    smallest_l: int | None
    classes_below_l: int
    records_below_l: int

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for the release manifest."""
        return asdict(self)


def no_quasi(quasi: Sequence[str]) -> pl.Expr:
    """True on records whose quasi-identifiers are all null."""
    return pl.all_horizontal([pl.col(c).is_null() for c in quasi])


def frequency_table(
    lf: pl.LazyFrame, quasi: Sequence[str], subject: str | None = None
) -> pl.DataFrame:
    """Rows per equivalence class, or per (class, subject) with a subject (one pass)."""
    names = lf.collect_schema()
    missing = [c for c in quasi if c not in names]
    if missing:
        raise ValueError(f"quasi-identifiers not in the table: {missing}")
    if subject is not None and subject not in names:
        raise ValueError(f"subject column not in the table: {subject!r}")
    keys = [*quasi, *([subject] if subject is not None else [])]
    return lf.group_by(keys).agg(pl.len().alias(N)).collect(engine="streaming")


def class_sizes(freq: pl.DataFrame, quasi: Sequence[str], subject: str | None) -> pl.DataFrame:
    """Rows (N) and size (SIZE) of every class of a frequency table.

    With a subject the table must hold one row per (class, subject): each non-null subject
    counts once, the rows of a null subject count one each.
    """
    if subject is None:
        return freq.select(*quasi, N, pl.col(N).alias(SIZE))
    unit = pl.when(pl.col(subject).is_null()).then(pl.col(N)).otherwise(1)
    return freq.group_by(list(quasi)).agg(pl.col(N).sum(), unit.sum().alias(SIZE))


def regroup(freq: pl.DataFrame, quasi: Sequence[str], subject: str | None) -> pl.DataFrame:
    """A frequency table merged back to one row per class (and subject) after values changed."""
    keys = [*quasi, *([subject] if subject is not None else [])]
    return freq.group_by(keys).agg(pl.col(N).sum())


def _histogram(sizes: pl.Series) -> dict[str, int]:
    """Number of classes per size bucket ('1', '2', ..., '5-9', '100+')."""
    out: dict[str, int] = {}
    for low, high in _BUCKETS:
        inside = sizes >= low if high is None else (sizes >= low) & (sizes <= high)
        label = f"{low}+" if high is None else (str(low) if low == high else f"{low}-{high}")
        count = int(inside.sum())
        if count:
            out[label] = count
    return out


def _subjects(freq: pl.DataFrame, subject: str) -> int:
    """People in a (class, subject) frequency table: distinct subjects plus null-subject rows."""
    named = freq.get_column(subject).drop_nulls().n_unique()
    return named + int(freq.filter(pl.col(subject).is_null()).get_column(N).sum())


def report_from_frequencies(
    freq: pl.DataFrame, quasi: Sequence[str], k: int, subject: str | None = None
) -> KAnonymityReport:
    """k-anonymity figures from a frequency table (classes sized in subjects when given one)."""
    empty = freq.filter(no_quasi(quasi)).get_column(N).sum()
    classes = class_sizes(freq.filter(~no_quasi(quasi)), quasi, subject)
    sizes = classes.get_column(SIZE)
    below = classes.filter(pl.col(SIZE) < k).get_column(N)
    records = int(freq.get_column(N).sum())
    considered = records - int(empty)
    return KAnonymityReport(
        k_required=k,
        records=records,
        records_without_quasi=int(empty),
        classes=classes.height,
        smallest_class=int(sizes.min()) if classes.height else None,
        classes_below_k=below.len(),
        records_below_k=int(below.sum()),
        share_below_k=round(float(below.sum()) / considered, 6) if considered else 0.0,
        class_size_histogram=_histogram(sizes),
        subject=subject,
        subjects=_subjects(freq, subject) if subject is not None else None,
    )


def kanonymity(
    lf: pl.LazyFrame, quasi: Sequence[str], k: int = 5, subject: str | None = None
) -> KAnonymityReport:
    """k-anonymity of a table: smallest class, classes and records below k, size histogram."""
    return report_from_frequencies(frequency_table(lf, quasi, subject), quasi, k, subject)


def ldiversity(
    lf: pl.LazyFrame, quasi: Sequence[str], sensitive: str, l_required: int | None = None
) -> LDiversityReport:
    """Fewest distinct sensitive values in any equivalence class (and classes below l)."""
    per_class = (
        lf.filter(~no_quasi(quasi))
        .group_by(list(quasi))
        .agg(pl.col(sensitive).drop_nulls().n_unique().alias("l"), pl.len().alias(N))
        .collect()
    )
    bad = per_class.filter(pl.col("l") < (l_required or 0))
    return LDiversityReport(
        sensitive=sensitive,
        l_required=l_required,
        smallest_l=int(per_class.get_column("l").min()) if per_class.height else None,
        classes_below_l=bad.height,
        records_below_l=int(bad.get_column(N).sum()),
    )
