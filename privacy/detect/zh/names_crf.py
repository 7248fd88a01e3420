"""A character CRF for Chinese person names (python-crfsuite), trained on the dev split of CLUENER
and Weibo NER by privacy/models/train_names_crf.py and shipped beside it (nothing is downloaded).

The ensemble (privacy.detect.zh.names_ensemble) reads its per-character marginals: how likely
each character is to begin or continue a name. If python-crfsuite or the model file cannot load,
`load_crf` says so in a warning and returns None: the ensemble then scores rules and LAC alone.
"""

from __future__ import annotations

import logging
import threading
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from privacy.detect.zh.names_crf_features import char_features
from privacy.detect.zh.segment import Token

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "names_zh_crf.crfsuite"
BEGIN, INSIDE, OUTSIDE = "B", "I", "O"
# A character at least this likely to be in a name opens (or extends) a CRF candidate.
LOW = 0.3


@dataclass(slots=True)
class CrfMarks:
    """Marginal probabilities per character of one text (0 outside the pieces tagged)."""

    begin: list[float]
    inside: list[float]  # P(B) + P(I): the character belongs to a name

    def span_probability(self, start: int, end: int) -> float:
        """Mean probability that the span's characters belong to a name."""
        return sum(self.inside[start:end]) / (end - start) if end > start else 0.0

    def edges(self, start: int, end: int) -> float:
        """Probability-like agreement that a name begins at `start` and stops at `end`."""
        after = self.inside[end] - self.begin[end] if end < len(self.inside) else 0.0
        return self.begin[start] * (1.0 - after)

    def spans(self, low: float = LOW) -> list[tuple[int, int]]:
        """Runs of characters likely in a name, cut where a new name more likely begins."""
        out: list[tuple[int, int]] = []
        start = -1
        for t, p in enumerate(self.inside):
            cont = p - self.begin[t]
            if start >= 0 and cont >= low and cont >= self.begin[t]:
                continue
            if start >= 0:
                out.append((start, t))
                start = -1
            if p >= low:
                start = t
        if start >= 0:
            out.append((start, len(self.inside)))
        return out


class CrfTagger:
    """The crfsuite model: marginals of chosen pieces of a text (one text at a time: the
    tagger holds the sequence it was last given, so threads take turns)."""

    def __init__(self, tagger: Any) -> None:
        self._tagger = tagger
        self._lock = threading.Lock()

    def marks(
        self, text: str, tokens: Sequence[Token], pieces: Sequence[tuple[int, int]]
    ) -> CrfMarks:
        """Marginals over `text`, computed only inside `pieces` ([start, end) sentences)."""
        begin = [0.0] * len(text)
        inside = [0.0] * len(text)
        starts = [t.start for t in tokens]
        for lo, hi in pieces:
            piece = text[lo:hi]
            if not piece:
                continue
            # Tokens are in text order: those overlapping the piece are a contiguous run.
            first = max(bisect_right(starts, lo) - 1, 0)
            local = []
            for t in tokens[first:]:
                if t.start >= hi:
                    break
                if lo < t.end:
                    local.append(Token(t.word, max(t.start, lo) - lo, min(t.end, hi) - lo, t.tag))
            xseq = char_features(piece, local)
            size = len(piece)
            with self._lock:
                self._tagger.set(xseq)
                marginal = self._tagger.marginal
                b = [marginal(BEGIN, k) for k in range(size)]
                i = [marginal(INSIDE, k) for k in range(size)]
            begin[lo : lo + size] = b
            inside[lo : lo + size] = [x + y for x, y in zip(b, i, strict=True)]
        return CrfMarks(begin, inside)


@lru_cache(maxsize=1)
def load_crf(path: Path = MODEL_PATH) -> CrfTagger | None:
    """The shared CRF, or None (with a warning) when python-crfsuite or the model cannot load."""
    try:
        import pycrfsuite

        if not path.is_file():
            raise FileNotFoundError(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        return CrfTagger(tagger)
    except Exception as exc:  # noqa: BLE001 (any load failure means: no CRF evidence)
        log.warning(
            "Chinese name CRF (python-crfsuite) unavailable, names are scored without it: %s",
            exc,
        )
        return None
