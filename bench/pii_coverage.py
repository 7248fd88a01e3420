"""Character-coverage scoring for bench/pii_eval.py: a gold span is FOUND only when predicted
spans of a compatible type cover >= 95% of its characters; PARTIAL when they cover some."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

FOUND_AT = 0.95


def coverage(gold: tuple[int, int], predicted: Iterable[tuple[int, int]]) -> float:
    """Share of the gold span's characters inside any predicted span."""
    start, end = gold
    if end <= start:
        return 0.0
    covered = [False] * (end - start)
    for p_start, p_end in predicted:
        for k in range(max(start, p_start), min(end, p_end)):
            covered[k - start] = True
    return sum(covered) / (end - start)


@dataclass(slots=True)
class Coverage:
    """Found (>= 95% covered), partial (some) and missed gold spans, and the mean coverage."""

    gold: int = 0
    found: int = 0
    partial: int = 0
    covered: float = 0.0

    def add(self, share: float) -> None:
        """Count one gold span by its coverage share."""
        self.gold += 1
        self.covered += share
        if share >= FOUND_AT:
            self.found += 1
        elif share > 0:
            self.partial += 1

    @property
    def recall(self) -> float:
        """Gold spans found at >= 95% coverage."""
        return self.found / self.gold if self.gold else 0.0

    @property
    def mean(self) -> float:
        """Mean character coverage over all gold spans."""
        return self.covered / self.gold if self.gold else 0.0
