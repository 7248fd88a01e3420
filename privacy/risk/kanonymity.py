"""k-anonymity and l-diversity figures of a table for its quasi-identifiers.

Figures come from one frequency table (a group_by over the quasi-identifiers), so a big
table is read once. Records whose quasi-identifiers are all null carry no quasi-identifying
information (they are, or were made, suppressed) and belong to no equivalence class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

N = "__n"
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

    @property
    def passed(self) -> bool:
        """True when every equivalence class has at least k records."""
        return self.records_below_k == 0

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for the release manifest."""
        return asdict(self) | {"k_achieved": self.smallest_class, "passed": self.passed}


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


def frequency_table(lf: pl.LazyFrame, quasi: Sequence[str]) -> pl.DataFrame:
    """Size of every equivalence class (one pass over the table)."""
    missing = [c for c in quasi if c not in lf.collect_schema()]
    if missing:
        raise ValueError(f"quasi-identifiers not in the table: {missing}")
    return lf.group_by(list(quasi)).agg(pl.len().alias(N)).collect(engine="streaming")


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


def report_from_frequencies(freq: pl.DataFrame, quasi: Sequence[str], k: int) -> KAnonymityReport:
    """k-anonymity figures from a frequency table."""
    empty = freq.filter(no_quasi(quasi)).get_column(N).sum()
    classes = freq.filter(~no_quasi(quasi))
    sizes = classes.get_column(N)
    below = sizes.filter(sizes < k)
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
    )


def kanonymity(lf: pl.LazyFrame, quasi: Sequence[str], k: int = 5) -> KAnonymityReport:
    """k-anonymity of a table: smallest class, classes and records below k, size histogram."""
    return report_from_frequencies(frequency_table(lf, quasi), quasi, k)


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
