"""Common base for row rules: a rule marks the rows that break it and says why."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, ClassVar

import polars as pl

_RULES: dict[str, type[RowRule]] = {}


class RowRule(ABC):
    """A row-level quality rule; `violations` sees only rows that survived earlier rules."""

    name: ClassVar[str]
    columns: ClassVar[tuple[str, ...]] = ()
    # How the rule may be split so big tables are checked in bounded memory: "row" rules judge
    # each row alone; "group" rules compare only rows sharing `group_key` (e.g. one vessel's
    # fixes); None means the rule needs the whole table at once.
    scope: ClassVar[str | None] = None
    group_key: ClassVar[str | None] = None
    # The order the rule sorts its frame in (e.g. vessel then time), or () for none: the gate
    # sorts a frame once for consecutive rules sharing an order, and each finds it sorted.
    order: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **params: Any) -> None:
        self.params = params
        self.related: dict[str, pl.LazyFrame] = {}

    def needed_columns(self) -> tuple[str, ...]:
        """Columns the rule reads; rules whose columns come from params override this."""
        return self.columns

    def related_frame(self, key: str, plan: pl.LazyFrame) -> pl.DataFrame:
        """`plan` (over a related table) collected once per rule, however many buckets ask."""
        cache: dict[str, pl.DataFrame] = self.__dict__.setdefault("_related_cache", {})
        if key not in cache:
            cache[key] = plan.collect()
        return cache[key]

    @abstractmethod
    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Return the frame's offending rows as columns `_row` and `detail`."""


def register(cls: type[RowRule]) -> type[RowRule]:
    """Class decorator: make a rule available to specs under its name."""
    _RULES[cls.name] = cls
    return cls


def get_rule(name: str, params: dict[str, Any]) -> RowRule:
    """Instantiate a registered rule, loading the built-in rules first."""
    import quality.rules.builtin  # noqa: F401

    try:
        return _RULES[name](**params)
    except KeyError:
        raise KeyError(f"unknown quality rule {name!r}; known: {sorted(_RULES)}") from None
