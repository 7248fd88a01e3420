"""Throughput and recall: plain Presidio loop vs Bohai's engine loop vs Bohai's batch scanner.

Generates N mixed Chinese/English notes with planted identifiers (privacy.corpora.notes), then times
  presidio  plain AnalyzerEngine (default recognizers, spaCy English model, language "en")
  engine    Bohai's Presidio engine, one analyze() call per text
  scanner   privacy.detect.scanner batch path, 1 process and --processes processes
and prints texts/s (wall and per CPU-second of this process), the speed ratio to plain Presidio,
and recall of the planted spans.

One-off loads are excluded for every path alike: each is built (spaCy model, LAC session,
jieba and drug dictionaries) and warmed on WARM_NOTES separate notes before its clock starts.
Memo caches keyed by a text are emptied before each path (_forget_texts): the scanner, timed
after the engine loop on the same notes, would otherwise reuse the loop's segmentation.
The CPU column counts this process only (no worker processes, hence "-" for the multi-process
row); on a shared machine it is steadier than wall time.

Recall here is type-agnostic (plain Presidio has no Chinese entity types): a planted span
counts as found when any detected span overlaps it. Typed recall is given for Bohai too.

--lean 0|2 adds a row with the lean Chinese-name gate at that level (privacy.detect.zh.names_gate
.LEAN, 1 by default: it changed no span on any corpus of bench/pii_span_diff.py; 0 is the full
gate, 2 changes detections) and counts the spans it changes against the default row.

--lac on|off, --crf on|off and --nn on|off add a row with the Chinese name recognizer with /
without LAC, the name CRF or the neural tagger (privacy.detect.recognizers.nlp.zh_person
.READ_LAC / READ_CRF / READ_NN) and count the spans each changes against the default row.

--floor adds the rows that bound what any change to the Chinese name models can reach: the
scanner with the name step on its rules alone (no LAC, CRF or tagger: ZhPersonRecognizer
(use_model=False)) and the scanner without the Chinese name step at all (the cost of every
other step). Neither row meets the accuracy targets; they are speed bounds, not candidates.

Run: .venv/bin/python bench/pii_speed.py [--n 20000] [--baseline-sample N] [--engine-sample N]
     [--repeat N] [--floor] [--lac|--crf|--nn on|off] [--lean 0|2]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

# Plain Presidio's EmailRecognizer uses tldextract's default extractor, which downloads the
# public suffix list: an empty URL list (read at import) keeps the baseline offline.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pii_switches import add_model_switches, chosen_switches  # noqa: E402
from privacy.corpora.notes import Note, generate_notes  # noqa: E402
from privacy.detect.en.names import find_english_names  # noqa: E402
from privacy.detect.engine import BohaiAnalyzer, build_engine, load_spacy_model  # noqa: E402
from privacy.detect.normalize import normalize_cached  # noqa: E402
from privacy.detect.recognizers.generic import phone  # noqa: E402
from privacy.detect.recognizers.nlp import zh_person  # noqa: E402
from privacy.detect.scanner import Scanner, scan_texts  # noqa: E402
from privacy.detect.spans import Span  # noqa: E402
from privacy.detect.zh import names_gate  # noqa: E402
from privacy.detect.zh.jieba_cut import hmm_cut  # noqa: E402
from privacy.detect.zh.segment import block_words, is_cjk, tokenize_cached  # noqa: E402


def _recall(notes: list[Note], found: list[list[tuple[int, int, str]]], typed: bool) -> float:
    """Share of planted spans overlapped by a detection (of the same type when `typed`)."""
    hit = total = 0
    for note, spans in zip(notes, found, strict=True):
        for start, end, entity in note.spans:
            total += 1
            hit += any(s < end and start < e and (not typed or t == entity) for s, e, t in spans)
    return hit / total if total else 0.0


def _as_tuples(spans: list[Span]) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.entity_type) for s in spans]


Row = tuple[str, int, float, float | None, float, float | None]
# Notes (another seed) each path analyzes once before its clock starts.
WARM_NOTES = 20
# Runs of each path; the fastest is reported (--repeat: on a shared machine one run can be
# 20% slow, enough to swap the order of two rows).
REPEAT = 1


def _measure(
    rows: list[Row],
    name: str,
    notes: list[Note],
    run: Callable[[], list[list[tuple[int, int, str]]]],
    typed: bool = True,
) -> list[list[tuple[int, int, str]]]:
    """Time one detection path over `notes` (the fastest of REPEAT runs, wall and CPU each),
    append its table row and return what it found."""
    wall = cpu_s = float("inf")
    for _ in range(REPEAT):
        _forget_texts()
        t0, c0 = time.perf_counter(), time.process_time()
        found = run()
        wall = min(wall, time.perf_counter() - t0)
        cpu_s = min(cpu_s, time.process_time() - c0)
    rate = len(notes) / wall
    cpu = None if "procs" in name else len(notes) / cpu_s
    exact = _recall(notes, found, True) if typed else None
    rows.append((name, len(notes), rate, cpu, _recall(notes, found, False), exact))
    print(f"measured: {name} {rate:.1f} texts/s", flush=True)
    return found


def _forget_texts() -> None:
    """Empty the memo caches keyed by a text, a piece of one (jieba blocks, HMM runs, tokens)
    or a number in it, so no path reuses what an earlier one computed on the same notes
    (dictionary-word caches stay warm, as in a long run; is_cjk's, which also holds slices of
    the texts, is emptied too)."""
    for cached in (normalize_cached, tokenize_cached, block_words, hmm_cut, is_cjk):
        cached.cache_clear()
    find_english_names.cache_clear()
    for name in ("_valid_matches", "_china_type"):
        getattr(phone, name).cache_clear()


def _switched(engine: BohaiAnalyzer, switch: str, value: bool) -> Scanner:
    """A scanner over `engine` whose Chinese name step is built with zh_person.<switch> set to
    `value` (the module default is restored)."""
    default = getattr(zh_person, switch)
    setattr(zh_person, switch, value)
    try:
        other = Scanner(engine)
        other.steps = [
            type(s)() if isinstance(s, zh_person.ZhPersonRecognizer) else s for s in other.steps
        ]
    finally:
        setattr(zh_person, switch, default)
    return other


def _without_names(engine: BohaiAnalyzer, rules: bool) -> Scanner:
    """A scanner over `engine` whose Chinese name step reads no model (`rules`) or is gone."""
    other = Scanner(engine)
    steps = []
    for step in other.steps:
        if isinstance(step, zh_person.ZhPersonRecognizer):
            if not rules:
                continue
            step = zh_person.ZhPersonRecognizer(use_model=False)
        steps.append(step)
    other.steps = steps
    return other


def _plain_presidio(model: str):  # type: ignore[no-untyped-def]
    """Presidio as shipped: default registry, spaCy NLP engine with the installed small model."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    nlp = load_spacy_model(model)
    if nlp is None:
        raise SystemExit(f"no spaCy model {model!r} installed: cannot run the Presidio baseline")
    name = nlp.meta.get("lang", "en") + "_" + nlp.meta.get("name", "")
    return AnalyzerEngine(
        nlp_engine=SpacyNlpEngine(models=[{"lang_code": "en", "model_name": name}])
    )


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="notes to generate")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--baseline-sample", type=int, default=0, help="0 = all notes")
    parser.add_argument("--engine-sample", type=int, default=2000, help="0 = all notes")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--spacy-model", default="en_core_web_sm")
    parser.add_argument(
        "--lean", type=int, default=None, help="add a row with the gate at this level (0|2)"
    )
    add_model_switches(parser, "add a row with the Chinese name recognizer")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="add rows with the Chinese name step on rules alone and without it (speed bounds)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per path, fastest shown")
    args = parser.parse_args(argv)
    global REPEAT
    REPEAT = max(1, args.repeat)

    notes = generate_notes(args.n, seed=args.seed)
    texts = [n.text for n in notes]
    kinds = Counter(n.kind for n in notes)
    print(f"{len(notes)} notes, {sum(map(len, texts))} chars, kinds {dict(kinds)}")
    warm = [n.text for n in generate_notes(WARM_NOTES, seed=args.seed + 1)]
    rows: list[Row] = []

    presidio = _plain_presidio(args.spacy_model)
    sample = notes[: args.baseline_sample or len(notes)]
    for text in warm:
        presidio.analyze(text, language="en")
    found = _measure(
        rows,
        "presidio (plain loop)",
        sample,
        lambda: [
            [(r.start, r.end, r.entity_type) for r in presidio.analyze(n.text, language="en")]
            for n in sample
        ],
        typed=False,
    )
    misfires = Counter(t for spans in found for *_, t in spans)
    print("plain Presidio entity types on these notes:", dict(misfires.most_common()), flush=True)

    engine = build_engine(spacy_model=args.spacy_model)
    sample = notes[: args.engine_sample or len(notes)]
    for text in warm:
        engine.analyze(text)
    _measure(
        rows,
        "bohai engine (loop)",
        sample,
        lambda: [_as_tuples(engine.analyze(n.text)) for n in sample],
    )
    scanner = Scanner(engine)
    scanner.scan(warm)
    exact = _measure(
        rows,
        "bohai scanner (1 proc)",
        notes,
        lambda: [_as_tuples(s) for s in scanner.scan(texts)],
    )
    default_level = names_gate.LEAN
    if args.lean is not None and args.lean != default_level:
        names_gate.LEAN = args.lean
        try:
            lean = _measure(
                rows,
                f"bohai scanner (1 proc, lean gate {args.lean})",
                notes,
                lambda: [_as_tuples(s) for s in scanner.scan(texts)],
            )
        finally:
            names_gate.LEAN = default_level
        changed = sum(len(set(a) ^ set(b)) for a, b in zip(exact, lean, strict=True))
        print(f"lean gate: {changed} spans differ from the default scanner row", flush=True)
    for switch, on in chosen_switches(args):
        if on != getattr(zh_person, switch):
            label = f"{switch[5:]} {'on' if on else 'off'}"
            other = _switched(engine, switch, on)
            other.scan(warm)
            flipped = _measure(
                rows,
                f"bohai scanner (1 proc, {label})",
                notes,
                lambda other=other: [_as_tuples(s) for s in other.scan(texts)],
            )
            changed = sum(len(set(a) ^ set(b)) for a, b in zip(exact, flipped, strict=True))
            print(f"{label}: {changed} spans differ from the default scanner row", flush=True)
    floors = (("names: rules only", True), ("no Chinese name step", False))
    for label, rules in floors if args.floor else ():
        other = _without_names(engine, rules)
        other.scan(warm)
        _measure(
            rows,
            f"bohai scanner (1 proc, {label})",
            notes,
            lambda other=other: [_as_tuples(s) for s in other.scan(texts)],
        )
    if args.processes > 1:
        _measure(
            rows,
            f"bohai scanner ({args.processes} procs, incl. start-up)",
            notes,
            lambda: [
                _as_tuples(s)
                for s in scan_texts(texts, n_process=args.processes, spacy_model=args.spacy_model)
            ],
        )

    base, base_cpu = rows[0][2], rows[0][3]
    print(
        f"\n{'path':<48}{'texts':>7}{'texts/s':>10}{'x presidio':>12}{'recall':>9}{'typed':>8}"
        f"{'texts/cpu-s':>13}{'x presidio':>12}"
    )
    for name, n, rate, cpu, recall, typed in rows:
        typed_s = f"{typed:.3f}" if typed is not None else "-"
        cpu_s = (
            f"{cpu:>13.1f}{cpu / base_cpu:>12.1f}" if cpu and base_cpu else f"{'-':>13}{'-':>12}"
        )
        print(f"{name:<48}{n:>7}{rate:>10.1f}{rate / base:>12.1f}{recall:>9.3f}{typed_s:>8}{cpu_s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
