"""The scanner's speed floor on bench/pii_speed.py's notes: what the Chinese name models that the
accuracy targets need cost at the least, added to every other step, against plain Presidio.

Measured in one run, CPU of this process, the fastest of --repeat runs of each row:
  presidio        plain Presidio's analyze loop (the baseline of issue 13's 10x target)
  scanner         the shipped scanner
  no name step    the scanner without the Chinese name step: the cost of every other step
  rules only      the scanner with the Chinese name step on its rules alone (no model)
  LAC, CRF, tagger
                  each model alone over exactly the pieces the shipped scanner hands it
                  (captured from one scan): LAC's tagging (encoder, Viterbi, words), the CRF's
                  marks, the neural tagger's marks (features and ONNX)
  LAC at best     the characters LAC reads times its best encoder cost per character (one call
                  on BEST_BATCH equal-length pieces: the GRU encoder is compute-bound, so
                  batching or padding cannot go below this rate)
  floor           rules only + LAC at best + CRF + tagger: every model the targets need (each of
                  bench/pii_eval.py --crf off, --nn off and --lean 2 misses one; no tagger
                  without LAC is trained) at no more than its own cost

Run: .venv/bin/python bench/pii_floor.py [--n 500] [--repeat 3] [--baseline-sample N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


from bench.pii_speed import WARM_NOTES, _forget_texts, _plain_presidio, _without_names  # noqa: E402
from privacy.corpora.notes import generate_notes  # noqa: E402
from privacy.detect.engine import build_engine  # noqa: E402
from privacy.detect.scanner import Scanner  # noqa: E402
from privacy.detect.zh.lac import _PIECE, LacTagger, load_lac  # noqa: E402
from privacy.detect.zh.names_crf import CrfTagger  # noqa: E402
from privacy.detect.zh.names_nn import NnTagger  # noqa: E402

# Pieces of one encoder call when measuring LAC's best cost per character, and their length.
BEST_BATCH, BEST_LENGTH = 64, 48


def _fastest(run: Callable[[], Any], repeat: int) -> float:
    """The least CPU seconds of `repeat` runs (text-keyed caches emptied before each)."""
    best = float("inf")
    for _ in range(repeat):
        _forget_texts()
        c0 = time.process_time()
        run()
        best = min(best, time.process_time() - c0)
    return best


def _captured(scanner: Scanner, texts: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """The arguments each model's entry point got during one scan of `texts`."""
    calls: dict[str, list[tuple[Any, ...]]] = {"lac": [], "crf": [], "nn": []}
    wrapped = (
        (LacTagger, "tag_texts", "lac"),
        (CrfTagger, "marks", "crf"),
        (NnTagger, "marks", "nn"),
    )
    saved = [(owner, attr, getattr(owner, attr)) for owner, attr, _ in wrapped]
    for (owner, attr, key), (_, _, inner) in zip(wrapped, saved, strict=True):

        def record(self: Any, *args: Any, _inner: Any = inner, _key: str = key) -> Any:
            calls[_key].append(args)
            return _inner(self, *args)

        setattr(owner, attr, record)
    try:
        _forget_texts()
        scanner.scan(texts)
    finally:
        for owner, attr, inner in saved:
            setattr(owner, attr, inner)
    return calls


def _lac_best_per_char(tagger: LacTagger, repeat: int) -> float:
    """CPU seconds per character of one encoder call on BEST_BATCH equal-length pieces."""
    piece = "患者王芳因发热咳嗽三天来院就诊，既往体健。" * (BEST_LENGTH // 20 + 1)
    batch = [piece[:BEST_LENGTH]] * BEST_BATCH
    tagger._encode(BEST_LENGTH, batch)
    best = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        tagger._encode(BEST_LENGTH, batch)
        best = min(best, time.process_time() - c0)
    return best / (BEST_BATCH * BEST_LENGTH)


def _lac_chars(calls: list[tuple[Any, ...]]) -> int:
    """Characters LAC's encoder reads for the captured tag_texts calls."""
    return sum(
        len(m.group())
        for texts, *_ in calls
        for text in texts
        for m in _PIECE.finditer(text)
        if m.group().strip()
    )


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="notes to generate")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-sample", type=int, default=0, help="0 = all notes")
    parser.add_argument("--spacy-model", default="en_core_web_sm")
    args = parser.parse_args(argv)

    texts = [n.text for n in generate_notes(args.n, seed=args.seed)]
    warm = [n.text for n in generate_notes(WARM_NOTES, seed=args.seed + 1)]
    per = 1000 / len(texts)
    rows: dict[str, float] = {}  # label -> CPU ms per text

    presidio = _plain_presidio(args.spacy_model)
    sample = texts[: args.baseline_sample or len(texts)]
    for text in warm:
        presidio.analyze(text, language="en")
    cpu = _fastest(lambda: [presidio.analyze(t, language="en") for t in sample], args.repeat)
    rows["presidio (plain loop)"] = cpu * 1000 / len(sample)

    engine = build_engine(spacy_model=args.spacy_model)
    scanner = Scanner(engine)
    others = {
        "scanner": scanner,
        "no Chinese name step": _without_names(engine, rules=False),
        "names: rules only": _without_names(engine, rules=True),
    }
    for label, other in others.items():
        other.scan(warm)
        rows[label] = _fastest(lambda other=other: other.scan(texts), args.repeat) * per

    calls = _captured(scanner, texts)
    tagger = load_lac()
    zh = next(s for s in scanner.steps if type(s).__name__ == "ZhPersonRecognizer")
    models: dict[str, tuple[Any, list[tuple[Any, ...]]]] = {
        "LAC (tag_texts)": (zh.tagger, calls["lac"]),
        "name CRF (marks)": (zh.crf, calls["crf"]),
        "neural tagger (marks)": (zh.nn, calls["nn"]),
    }
    for label, (model, args_list) in models.items():
        if model is None:
            continue
        method = model.tag_texts if label.startswith("LAC") else model.marks
        rows[label] = _fastest(lambda m=method, a=args_list: [m(*x) for x in a], args.repeat) * per
    chars = _lac_chars(calls["lac"])
    best = _lac_best_per_char(tagger, args.repeat) if tagger is not None else 0.0
    rows["LAC at best (encoder only)"] = chars * best * 1000 / len(texts)
    rows["floor (rules only + LAC at best + CRF + tagger)"] = (
        rows["names: rules only"]
        + rows["LAC at best (encoder only)"]
        + rows.get("name CRF (marks)", 0.0)
        + rows.get("neural tagger (marks)", 0.0)
    )

    base = rows["presidio (plain loop)"]
    print(
        f"{len(texts)} notes (seed {args.seed}); LAC reads {chars / len(texts):.1f} characters"
        f" a note, best encoder cost {best * 1e6:.1f} us a character"
        f" ({BEST_BATCH} pieces of {BEST_LENGTH}); fastest of {args.repeat} runs each"
    )
    print(f"\n{'row':<52}{'ms/text':>9}{'x presidio':>12}")
    for label, ms in rows.items():
        ratio = f"{base / ms:>12.1f}" if label in others or "floor" in label else f"{'':>12}"
        if label.startswith("presidio"):
            ratio = f"{1.0:>12.1f}"
        print(f"{label:<52}{ms:>9.3f}{ratio}")
    print(f"10x plain Presidio needs {base / 10:.3f} ms/text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
