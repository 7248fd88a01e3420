"""Per-step CPU of the batch scanner on bench/pii_speed.py's notes: where the milliseconds go.

Scans N generated notes (privacy.corpora.notes, the same seed as pii_speed) with one Scanner,
the text-keyed memo caches emptied before each run as pii_speed does, and charges the process
CPU spent inside each wrapped call to its row: every scanner step (recognizer), and inside the
Chinese name step its parts (jieba segmentation on first use, the rule readings, the gate, LAC's
encoder and the rest of LAC, the name CRF, the neural tagger and its ONNX run, the ensemble).
Rows are inclusive: an indented row is part of the row above it. The fastest of --repeat runs
is shown (the machine is shared). Wrappers add a little CPU of their own, so the total is
slightly above pii_speed's scanner row.

Run: .venv/bin/python bench/pii_steps.py [--n 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pii_speed import WARM_NOTES, _forget_texts  # noqa: E402
from privacy.corpora.notes import generate_notes  # noqa: E402
from privacy.detect import scanner as scanner_module  # noqa: E402
from privacy.detect import veto as veto_module  # noqa: E402
from privacy.detect.recognizers.nlp import zh_person  # noqa: E402
from privacy.detect.scanner import Scanner  # noqa: E402
from privacy.detect.zh.lac import LacTagger  # noqa: E402
from privacy.detect.zh.names_crf import CrfTagger  # noqa: E402
from privacy.detect.zh.names_nn import NnTagger  # noqa: E402

# (owner, attribute, row label) of the parts of the Chinese name step.
NAME_PARTS: tuple[tuple[Any, str, str], ...] = (
    (zh_person, "tokenize_cached", "  jieba segmentation (first use; shared)"),
    (zh_person, "find_names", "  rule readings (find_names)"),
    (zh_person.ZhPersonRecognizer, "_pieces", "  gate (_pieces)"),
    (zh_person.ZhPersonRecognizer, "_tag", "  LAC (_tag)"),
    (LacTagger, "_encode", "    LAC encoder (ONNX)"),
    (CrfTagger, "marks", "  name CRF (marks)"),
    (zh_person.ZhPersonRecognizer, "_nn", "  neural tagger (_nn)"),
    (NnTagger, "_run", "    neural tagger ONNX"),
    (zh_person, "ensemble_names", "  ensemble"),
)


class Meter:
    """CPU seconds per label, charged by wrapped callables."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)

    def wrap(self, owner: Any, attr: str, label: str) -> None:
        """Replace owner.attr by a wrapper charging its CPU to `label`."""
        inner: Callable[..., Any] = getattr(owner, attr)
        cpu = self.cpu

        @functools.wraps(inner)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                cpu[label] += time.process_time() - t0

        setattr(owner, attr, timed)


def instrument(scanner: Scanner, meter: Meter) -> None:
    """Wrap every step of `scanner`, the parts of its Chinese name step and the batch glue."""
    for step in scanner.steps + scanner.english_steps:
        method = "find_batch" if getattr(step, "BATCHED", False) else "find"
        meter.wrap(step, method, type(step).__name__)
    if scanner.english is not None:
        meter.wrap(scanner.english, "find_batch", "EnglishNerRecognizer (spaCy, batched)")
    for owner, attr, label in NAME_PARTS:
        meter.wrap(owner, attr, label)
    meter.wrap(scanner_module, "normalize", "normalize")
    meter.wrap(scanner_module, "_prefilter_masks", "prefilter masks (polars)")
    meter.wrap(scanner_module, "resolve_overlaps", "overlap resolution")
    meter.wrap(veto_module.DomainVeto, "apply", "domain veto")


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="notes to generate")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    texts = [n.text for n in generate_notes(args.n, seed=args.seed)]
    warm = [n.text for n in generate_notes(WARM_NOTES, seed=args.seed + 1)]
    scanner = Scanner()
    meter = Meter()
    instrument(scanner, meter)
    scanner.scan(warm)
    best_total, best_rows = float("inf"), {}
    for _ in range(args.repeat):
        meter.cpu.clear()
        _forget_texts()
        t0 = time.process_time()
        scanner.scan(texts)
        total = time.process_time() - t0
        if total < best_total:
            best_total, best_rows = total, dict(meter.cpu)
    per = 1000 / len(texts)
    print(
        f"scanner CPU {best_total * per:.3f} ms/text over {len(texts)} notes"
        f" (best of {args.repeat})"
    )
    zh = best_rows.get("ZhPersonRecognizer", 0.0)
    order = sorted(best_rows, key=lambda k: -best_rows[k])
    top = [k for k in order if not k.startswith(" ")]
    print(f"\n{'step':<48}{'ms/text':>9}{'share':>8}")
    for label in top:
        print(f"{label:<48}{best_rows[label] * per:>9.3f}{best_rows[label] / best_total:>8.1%}")
        if label == "ZhPersonRecognizer":
            for _, _, part in NAME_PARTS:
                if part in best_rows:
                    print(f"{part:<48}{best_rows[part] * per:>9.3f}{best_rows[part] / zh:>8.1%}")
    rest = best_total - sum(best_rows[k] for k in top)
    print(f"{'(rest: batch loop, language, glue)':<48}{rest * per:>9.3f}{rest / best_total:>8.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
