"""Part (b) of bench/pii_eval.py: over-masking on real clinical text nobody here wrote.

  mtsamples  medical/mtsamples_slice_72rows.csv  72 English transcriptions, de-identified by
             their publisher: nearly every detection is false (counted per note)
  cmeee      medical/cmeee_v2_test.json          3,000 Chinese medical sentences (textbook and
             clinical), almost no personal names: nearly every detection is false (per sentence)

Every span counts as false (the texts hold no personal data left to find); the most frequent
strings are listed so a reader can judge the few that are real (a city in a case report).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CLINICAL: dict[str, tuple[str, str]] = {
    "mtsamples": ("medical/mtsamples_slice_72rows.csv", "note"),
    "cmeee": ("medical/cmeee_v2_test.json", "sentence"),
}


def load_mtsamples(path: Path) -> list[str]:
    """The transcription column of the MTSamples slice."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["transcription"] or "" for row in csv.DictReader(handle)]


def load_cmeee(path: Path) -> list[str]:
    """The sentence texts of CMeEE-V2's test split (it carries no labels)."""
    return [row["text"] for row in json.loads(path.read_text(encoding="utf-8"))]


LOADERS: dict[str, Callable[[Path], list[str]]] = {"mtsamples": load_mtsamples, "cmeee": load_cmeee}


@dataclass(slots=True)
class Overmask:
    """False spans on one clinical corpus."""

    name: str
    unit: str
    docs: int
    spans: int
    by_type: Counter[str]
    strings: Counter[tuple[str, str]]

    @property
    def per_doc(self) -> float:
        """False spans per note / sentence."""
        return self.spans / self.docs if self.docs else 0.0


def overmask(name: str, texts: Sequence[str], predictions: Sequence[Sequence[Any]]) -> Overmask:
    """Count every predicted span as false; tally types and surface strings."""
    by_type: Counter[str] = Counter()
    strings: Counter[tuple[str, str]] = Counter()
    for spans in predictions:
        for span in spans:
            by_type[span.entity_type] += 1
            strings[(span.entity_type, span.text)] += 1
    unit = CLINICAL[name][1]
    return Overmask(name, unit, len(texts), sum(by_type.values()), by_type, strings)


def report(result: Overmask, top: int = 15) -> list[str]:
    """Printable lines for one corpus."""
    types = ", ".join(f"{t} {n}" for t, n in result.by_type.most_common())
    lines = [
        f"\n== {result.name} (over-masking, {result.docs} {result.unit}s, every span false)",
        f"false spans per {result.unit}: {result.per_doc:.3f}  "
        f"(per 1,000: {1000 * result.per_doc:.0f}; {result.spans} spans: {types or 'none'})",
    ]
    if result.strings:
        common = ", ".join(f"{t}:{s!r}x{n}" for (t, s), n in result.strings.most_common(top))
        lines.append(f"most frequent: {common}")
    return lines
