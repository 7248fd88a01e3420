"""Equality guard for speed work on the scanner: every span (type, start, end) before vs after.

Scans pii_speed's notes, the clinical corpora (MTSamples slice, CMeEE-V2 test), the test splits
of CLUENER and Weibo (the last 30%, as bench/pii_eval.py reads them), presidio-research's synth
set (street addresses) and mutated copies (notes with ASCII made full-width or lower-cased;
synth texts with Chinese words glued before some words), saves the spans with --save, and with
--compare prints how many texts and spans differ from a saved run, with the first few.

Run: .venv/bin/python bench/pii_span_diff.py --save /tmp/before.json   (on the old code)
     .venv/bin/python bench/pii_span_diff.py --compare /tmp/before.json (on the new code)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pii_clinical import CLINICAL, LOADERS  # noqa: E402
from bench.pii_eval import CORPORA, SHARED, _split  # noqa: E402
from privacy.corpora.notes import generate_notes  # noqa: E402
from privacy.detect.scanner import Scanner  # noqa: E402
from privacy.detect.zh import names_gate  # noqa: E402

Spans = list[list[tuple[int, int, str]]]
# ASCII printable -> full-width forms (U+FF01..U+FF5E): gated steps must still see the digits.
_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}
_HAN = "住址大连市中山区人民路港湾街道医院病房患者家属联系"


def corpora(n_notes: int, seed: int) -> dict[str, list[str]]:
    """Every text set of the guard that is present, by name."""
    notes = [n.text for n in generate_notes(n_notes, seed=seed)]
    out = {
        "speed_notes (generated)": notes,
        "speed_notes full-width (generated, mutated)": [t.translate(_FULL_WIDTH) for t in notes],
        "speed_notes lower-case (generated, mutated)": [t.lower() for t in notes],
    }
    for name, (rel, _) in CLINICAL.items():
        path = SHARED / rel
        if path.is_file():
            out[name] = LOADERS[name](path)
    for name in ("cluener", "weibo"):
        rel, loader, _, _ = CORPORA[name]
        path = SHARED / rel  # type: ignore[operator]
        if path.is_file():
            out[f"{name} test"] = [d.text for d in _split(loader(path), "test")]
    rel, loader, _, _ = CORPORA["presidio_synth"]
    path = SHARED / rel  # type: ignore[operator]
    if path.is_file():  # the only corpus here with Latin street addresses
        synth = [d.text for d in loader(path)]
        out["presidio_synth"] = synth
        out["presidio_synth + Han words (mutated)"] = [with_han(t, k) for k, t in enumerate(synth)]
    return out


def with_han(text: str, seed: int) -> str:
    """`text` with Chinese characters glued before three of its words (住址89 Main Street)."""
    rnd = random.Random(seed)
    words = text.split(" ")
    for _ in range(3):
        i = rnd.randrange(len(words))
        han = "".join(rnd.choice(_HAN) for _ in range(rnd.randint(1, 6)))
        words[i] = han + rnd.choice(["", " ", ",", ".", "-"]) + words[i]
    return " ".join(words)


def scan_all(texts_by_name: dict[str, list[str]], scan: Callable[[list[str]], list]) -> dict:
    """Spans as (start, end, type) per text, per corpus, with the scan's wall and CPU time."""
    out: dict[str, Spans] = {}
    for name, texts in texts_by_name.items():
        t0, c0 = time.perf_counter(), time.process_time()
        found = scan(texts)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"{name:<48}{len(texts):>6} texts {wall:7.1f} s wall {cpu:7.1f} s CPU", flush=True)
        out[name] = [[(s.start, s.end, s.entity_type) for s in spans] for spans in found]
    return out


def compare(old: dict, new: dict, show: int = 5) -> int:
    """Print per-corpus differences; the number of changed spans (added + removed)."""
    changed_total = 0
    for name, new_spans in new.items():
        if name not in old:
            print(f"{name}: not in the saved run")
            continue
        changed = texts = 0
        for k, (a, b) in enumerate(zip(old[name], new_spans, strict=True)):
            before = {tuple(s) for s in a}
            after = {tuple(s) for s in b}
            if before != after:
                texts += 1
                changed += len(before ^ after)
                if texts <= show:
                    print(f"  {name}[{k}] removed {before - after} added {after - before}")
        total = sum(len(s) for s in new_spans)
        print(f"{name:<48} spans {total:>6}  changed spans {changed:>4} in {texts} texts")
        changed_total += changed
    return changed_total


def main(argv: list[str] | None = None) -> int:
    """Scan the guard corpora; save or compare."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--n", type=int, default=1000, help="pii_speed notes")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--lean", type=int, default=1, help="lean Chinese-name gate level (1: the default)"
    )
    args = parser.parse_args(argv)
    names_gate.LEAN = args.lean
    scanner = Scanner()
    found = scan_all(corpora(args.n, args.seed), lambda texts: scanner.scan(texts))
    if args.save:
        args.save.write_text(json.dumps(found), encoding="utf-8")
    if args.compare:
        old = json.loads(args.compare.read_text(encoding="utf-8"))
        changed = compare(old, json.loads(json.dumps(found)))
        print(f"changed spans in all: {changed}")
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
