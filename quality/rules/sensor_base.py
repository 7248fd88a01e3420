"""Common ground of the Pecos-style sensor checks on long-form readings (run_id, tag, timestamp).

Each check runs per series: the readings of one tag in one run, in time order. Limits come
from the rule's params, per tag from `tags` (the same tag dictionary the historian connector
takes, so a spec can share it with a YAML anchor) or from a named built-in `dictionary`, and
otherwise from a scalar param that applies to every tag.
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from quality.rules.base import RowRule

SERIES = ("run_id", "tag")
ROW = "_row"


def _dictionaries() -> dict[str, dict[str, dict[str, Any]]]:
    """Built-in tag dictionaries a spec may name instead of listing every tag."""
    from schemas.te_variables import te_tag_dictionary

    return {"tennessee_eastman": te_tag_dictionary()}


class SensorRule(RowRule):
    """A check over each (run, tag) series; subclasses list the params they accept."""

    columns: ClassVar[tuple[str, ...]] = ("run_id", "tag", "timestamp", "value")
    params_allowed: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        unknown = set(params) - self.params_allowed - {"tags", "dictionary"}
        if unknown:
            allowed = sorted(self.params_allowed | {"tags", "dictionary"})
            raise ValueError(f"{self.name}: unknown params {sorted(unknown)}; allowed: {allowed}")
        name = params.get("dictionary")
        if name is not None and name not in _dictionaries():
            raise ValueError(f"{self.name}: unknown dictionary {name!r}; known: tennessee_eastman")

    def tag_table(self) -> dict[str, dict[str, Any]]:
        """Per-tag entries: the named dictionary, overlaid by the `tags` param."""
        merged: dict[str, dict[str, Any]] = {}
        name = self.params.get("dictionary")
        if name is not None:
            merged = {t: dict(e) for t, e in _dictionaries()[name].items()}
        for tag, entry in (self.params.get("tags") or {}).items():
            merged[str(tag)] = merged.get(str(tag), {}) | dict(entry or {})
        return merged

    def per_tag(self, frame: pl.DataFrame, key: str, default: Any, alias: str) -> pl.DataFrame:
        """Attach the per-tag value of `key` (or the scalar `default`) as column `alias`."""
        entries = {t: e.get(key) for t, e in self.tag_table().items() if e.get(key) is not None}
        fallback = pl.lit(None if default is None else float(default), dtype=pl.Float64)
        if not entries:
            return frame.with_columns(fallback.alias(alias))
        table = pl.DataFrame(
            {"tag": list(entries), alias: [float(v) for v in entries.values()]},
            schema={"tag": frame.schema["tag"], alias: pl.Float64},
        )
        joined = frame.join(table, on="tag", how="left", maintain_order="left")
        return joined.with_columns(pl.col(alias).fill_null(fallback))


def in_series_order(frame: pl.DataFrame) -> pl.DataFrame:
    """Readings grouped by series and sorted by time (ties keep file order)."""
    return frame.sort([*SERIES, "timestamp", ROW], nulls_last=True)


def same_series(n: int = 1) -> pl.Expr:
    """Whether the reading `n` rows earlier (later if negative) is of the same series.

    In series order a series is one stretch of rows, so comparing the series columns `n`
    rows apart answers it without grouping (a window over two text columns cost 3x more).
    """
    return pl.all_horizontal([pl.col(s).shift(n).eq_missing(pl.col(s)) for s in SERIES])


def prev(expr: pl.Expr, n: int = 1) -> pl.Expr:
    """The value `n` readings earlier in the same series (null at the series start); the
    frame must be in series order (`in_series_order`)."""
    return pl.when(same_series(n)).then(expr.shift(n))


def flagged(frame: pl.DataFrame, mask: pl.Expr, detail: pl.Expr) -> pl.DataFrame:
    """The `_row` and `detail` of the readings where mask holds."""
    # rechunk: polars 2.1 can panic formatting string columns of a freshly filtered frame
    hits = frame.filter(mask.fill_null(False)).rechunk()
    return hits.select(ROW, detail.alias("detail"))
