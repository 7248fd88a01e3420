"""Part (b) of bench/pii_eval.py: over-masking on real clinical text nobody here wrote.

  mtsamples  medical/mtsamples_slice_72rows.csv  72 English transcriptions, de-identified by
             their publisher: nearly every detection is false (counted per note)
  cmeee      medical/cmeee_v2_test.json          3,000 Chinese medical sentences (textbook and
             clinical), almost no personal names: nearly every detection is false (per sentence)

Every span is counted (spans per note / sentence); the PERSON spans that a rule of
bench/pii_people.py marks as a real person (an author in a reference list, a credited researcher,
a chapter author) are counted apart, and the rest are the false spans. The most frequent strings
are listed so a reader can judge the rules.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.pii_people import real_person

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
    strings: Counter[tuple[str, str]]  # the false spans
    real: Counter[str]  # PERSON spans marked real, per rule of bench.pii_people
    real_strings: Counter[str]

    @property
    def per_doc(self) -> float:
        """All spans per note / sentence."""
        return self.spans / self.docs if self.docs else 0.0

    @property
    def false_per_doc(self) -> float:
        """Spans per note / sentence that no rule marks as a real person."""
        return (self.spans - sum(self.real.values())) / self.docs if self.docs else 0.0


def overmask(name: str, texts: Sequence[str], predictions: Sequence[Sequence[Any]]) -> Overmask:
    """Count every predicted span; tally types, surface strings and real-person rules."""
    by_type: Counter[str] = Counter()
    strings: Counter[tuple[str, str]] = Counter()
    real: Counter[str] = Counter()
    real_strings: Counter[str] = Counter()
    for text, spans in zip(texts, predictions, strict=True):
        for span in spans:
            by_type[span.entity_type] += 1
            if rule := real_person(text, span.entity_type, span.start, span.end):
                real[rule] += 1
                real_strings[span.text] += 1
            else:
                strings[(span.entity_type, span.text)] += 1
    unit = CLINICAL[name][1]
    return Overmask(
        name, unit, len(texts), sum(by_type.values()), by_type, strings, real, real_strings
    )


def report(result: Overmask, top: int = 15) -> list[str]:
    """Printable lines for one corpus."""
    types = ", ".join(f"{t} {n}" for t, n in result.by_type.most_common())
    real = ", ".join(f"{rule} {n}" for rule, n in result.real.most_common()) or "none"
    lines = [
        f"\n== {result.name} (over-masking, {result.docs} {result.unit}s)",
        f"spans per {result.unit}: {result.per_doc:.3f}  "
        f"(per 1,000: {1000 * result.per_doc:.0f}; {result.spans} spans: {types or 'none'})",
        f"false spans per {result.unit}: {result.false_per_doc:.3f}  "
        f"(real people by rule of bench/pii_people.py: {real})",
    ]
    if result.strings:
        common = ", ".join(f"{t}:{s!r}x{n}" for (t, s), n in result.strings.most_common(top))
        lines.append(f"most frequent false: {common}")
    if result.real_strings:
        lines.append(
            "real: " + ", ".join(f"{s!r}x{n}" for s, n in result.real_strings.most_common())
        )
    return lines
