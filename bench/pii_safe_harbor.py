"""HIPAA Safe Harbor ages over 89 (AGE_OVER_89) and month-and-day dates (DATE): recall by
character coverage and false spans, through the scanner as a release uses it.

  generated       privacy.corpora.safe_harbor sentences (GENERATED: ages 90+, English dates,
                  and decoys that must stay: ages <= 89, years, fractions, blood pressures ...)
  presidio_synth  pii/presidio_synth_dataset_v2.json: its AGE spans of 90+ and its DATE_TIME
                  spans with a month and a day, found as DATE or DATE_OF_BIRTH (years alone and
                  weekdays are not Safe Harbor dates and are counted apart); every other
                  AGE_OVER_89 / DATE span is false
  mtsamples       medical/mtsamples_slice_72rows.csv: every AGE_OVER_89 / DATE span with its
                  context, to be classified by a reader (the publisher left some real ones)

Run: .venv/bin/python bench/pii_safe_harbor.py [--generated N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pii_clinical import CLINICAL, LOADERS  # noqa: E402
from bench.pii_coverage import Coverage, coverage  # noqa: E402
from privacy.corpora.safe_harbor import generate_safe_harbor  # noqa: E402
from privacy.detect.entities import AGE_OVER_89, DATE, DATE_OF_BIRTH  # noqa: E402
from privacy.detect.scanner import Scanner  # noqa: E402

SHARED = (REPO / ".." / "shared" / "data").resolve()
SAFE_HARBOR = (AGE_OVER_89, DATE)
# A gold date masked as a birth date (born on 2/8/1935) is masked all the same.
COMPATIBLE = {AGE_OVER_89: (AGE_OVER_89,), DATE: (DATE, DATE_OF_BIRTH)}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
# A gold DATE_TIME holds a month and a day (not a year alone, a weekday or a time).
MONTH_DAY = re.compile(
    r"[0-9]{1,2}[/\-.][0-9]{1,2}[/\-.][0-9]{2,4}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    rf"|{_MONTH}\s+[0-9]{{1,2}}|[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}",
    re.IGNORECASE,
)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when the half-open ranges share a character."""
    return a[0] < b[1] and b[0] < a[1]


def generated(scanner: Scanner, n: int) -> list[str]:
    """Coverage of the planted spans per (entity, language); false spans on the rest."""
    notes = generate_safe_harbor(n)
    predictions = scanner.scan([note.text for note in notes], lang="auto")
    cover: dict[tuple[str, str], Coverage] = {}
    false: Counter[str] = Counter()
    false_strings: Counter[tuple[str, str]] = Counter()
    for note, spans in zip(notes, predictions, strict=True):
        ours = [s for s in spans if s.entity_type in SAFE_HARBOR]
        if note.span is not None:
            start, end, entity = note.span
            hits = [(s.start, s.end) for s in ours if s.entity_type == entity]
            cover.setdefault((entity, note.lang), Coverage()).add(coverage((start, end), hits))
        for s in ours:
            if note.span is None or not _overlaps((s.start, s.end), note.span[:2]):
                false[s.entity_type] += 1
                false_strings[(s.entity_type, s.text)] += 1
    decoys = sum(1 for note in notes if note.span is None)
    lines = [f"\n== generated ({n} sentences, {decoys} decoys; GENERATED data)"]
    lines.append(f"{'entity':<14}{'lang':<6}{'gold':>6}{'cov>=95%':>10}{'partial':>9}{'mean':>8}")
    for (entity, lang), cov in sorted(cover.items()):
        lines.append(
            f"{entity:<14}{lang:<6}{cov.gold:>6}{cov.recall:>10.3f}{cov.partial:>9}{cov.mean:>8.3f}"
        )
    lines.append(f"false spans: {dict(false) or 'none'} {dict(false_strings.most_common(10))}")
    return lines


def presidio_synth(scanner: Scanner, path: Path) -> list[str]:
    """Coverage of the synth set's ages of 90+ and month-day dates; false spans of both types."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    texts = [r["full_text"] for r in rows]
    predictions = scanner.scan(texts, lang="en")
    cover = {AGE_OVER_89: Coverage(), DATE: Coverage()}
    apart: Counter[str] = Counter()
    false: Counter[tuple[str, str]] = Counter()
    for row, text, spans in zip(rows, texts, predictions, strict=True):
        ours = [s for s in spans if s.entity_type in (*SAFE_HARBOR, DATE_OF_BIRTH)]
        gold: list[tuple[int, int, str]] = []
        for g in row["spans"]:
            span, surface = (g["start_position"], g["end_position"]), text[g["start_position"] :]
            surface = surface[: span[1] - span[0]]
            if g["entity_type"] == "AGE" and surface.isdigit() and int(surface) >= 90:
                gold.append((*span, AGE_OVER_89))
            elif g["entity_type"] == "DATE_TIME" and MONTH_DAY.search(surface):
                gold.append((*span, DATE))
            elif g["entity_type"] in ("AGE", "DATE_TIME"):
                apart[f"{g['entity_type']} kept (age <= 89 / no month-day)"] += 1
        for start, end, entity in gold:
            hits = [(s.start, s.end) for s in ours if s.entity_type in COMPATIBLE[entity]]
            cover[entity].add(coverage((start, end), hits))
        for s in ours:
            if s.entity_type in SAFE_HARBOR and not any(
                _overlaps((s.start, s.end), g[:2]) for g in gold
            ):
                false[(s.entity_type, s.text)] += 1
    lines = [f"\n== presidio_synth ({len(rows)} texts)"]
    for entity, cov in cover.items():
        lines.append(
            f"{entity:<14}gold {cov.gold:>4}  cov>=95% {cov.recall:.3f}  partial {cov.partial}"
            f"  mean {cov.mean:.3f}"
        )
    lines.append(f"not Safe Harbor identifiers (left alone): {dict(apart)}")
    lines.append(f"false spans {sum(false.values())}: {dict(false.most_common(15)) or 'none'}")
    return lines


def mtsamples(scanner: Scanner, path: Path) -> list[str]:
    """Every AGE_OVER_89 / DATE span on the real notes, with context, for a reader to classify."""
    texts = LOADERS["mtsamples"](path)
    lines = [f"\n== mtsamples ({len(texts)} notes)"]
    found = 0
    for i, (text, spans) in enumerate(zip(texts, scanner.scan(texts), strict=True)):
        for s in spans:
            if s.entity_type in SAFE_HARBOR:
                found += 1
                context = text[max(0, s.start - 30) : s.end + 20].replace("\n", " ")
                lines.append(f"  note {i:>2} {s.entity_type:<12} {s.text!r:<16} ...{context}...")
    lines.append(f"AGE_OVER_89 + DATE spans: {found} ({found / len(texts):.3f} per note)")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print the three parts (a missing shared corpus is skipped)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated", type=int, default=3000)
    args = parser.parse_args(argv)
    scanner = Scanner()
    lines = generated(scanner, args.generated)
    synth = SHARED / "pii" / "presidio_synth_dataset_v2.json"
    lines += presidio_synth(scanner, synth) if synth.is_file() else [f"[skip] {synth}"]
    mts = SHARED / CLINICAL["mtsamples"][0]
    lines += mtsamples(scanner, mts) if mts.is_file() else [f"[skip] {mts}"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
