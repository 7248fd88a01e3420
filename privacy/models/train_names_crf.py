"""Train the Chinese person-name character CRF (privacy.detect.zh.names_crf) on the dev split only:
the first 70% of CLUENER 2020 train and of Weibo NER 2nd train, cut exactly as bench/pii_eval.py
does, so its test split (the last 30%) stays unseen. Labels: B / I / O for CLUENER `name` and
Weibo `PER.NAM`.

Run (from the repo root, with ../shared/data present):
    python -m privacy.models.train_names_crf [--out privacy/models/names_zh_crf.crfsuite]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import pycrfsuite

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pii_eval import CORPORA, SHARED, Doc, _split  # noqa: E402
from privacy.detect.zh.names_crf import MODEL_PATH  # noqa: E402
from privacy.detect.zh.names_crf_features import char_features  # noqa: E402
from privacy.detect.zh.segment import tokenize  # noqa: E402

log = logging.getLogger(__name__)

GOLD = {"cluener": "name", "weibo": "PER.NAM"}
# Weibo is one ninth of the dev text and unlike news: its messages are seen this many times.
REPEAT = {"PER.NAM": 3}
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def labels(doc: Doc, gold_label: str) -> list[str]:
    """B / I / O per character of one document."""
    out = ["O"] * len(doc.text)
    for start, end, label in doc.gold:
        if label == gold_label and end > start:
            out[start] = "B"
            for k in range(start + 1, end):
                out[k] = "I"
    return out


def dev_docs() -> list[tuple[Doc, str]]:
    """The dev documents of both corpora with the gold label that marks a person there."""
    out: list[tuple[Doc, str]] = []
    for corpus, label in GOLD.items():
        rel, loader, _, _ = CORPORA[corpus]
        path = SHARED / rel
        if not path.is_file():
            raise SystemExit(f"{path} not found: the name models are trained on ../shared/data/ner")
        docs = _split(loader(path), "dev")
        log.info("%s: %d dev documents", corpus, len(docs))
        out += [(d, label) for d in docs]
    return out


def train(items: list[tuple[Doc, str]], out: Path) -> None:
    """Train one CRF on (document, gold person label) pairs and write it to `out`."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for doc, label in items:
        if doc.text:
            xseq, yseq = char_features(doc.text, tokenize(doc.text)), labels(doc, label)
            for _ in range(REPEAT.get(label, 1)):
                trainer.append(xseq, yseq)
    trainer.set_params(PARAMS)
    trainer.train(str(out))


def main(argv: list[str] | None = None) -> int:
    """Build the character sequences and train; the model file is written to --out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    train(dev_docs(), args.out)
    log.info("wrote %s (%.1f MB)", args.out, args.out.stat().st_size / 1e6)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
