"""Fast path: the engine's detections for many texts at once, without Presidio's per-text loop.

Per batch: normalize every text once; let polars test each recognizer's prefilter regex over
the whole column (Rust regex, vectorized) so a recognizer only runs on texts that can match;
segment Chinese text with jieba once per text (shared by the name and address steps); run
spaCy English NER with `nlp.pipe` on the texts that need it, NER component only. The steps
are the very recognizer objects the Presidio engine uses, so results are the same.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
import polars as pl

from privacy.engine import BohaiAnalyzer, Lang, build_engine
from privacy.entities import BOHAI_ENTITIES, PRIORITY
from privacy.normalize import NormalizedText, normalize
from privacy.recognizers.base import BohaiRecognizer
from privacy.recognizers.en_person import EnglishNerRecognizer
from privacy.spans import Span, resolve_overlaps

log = logging.getLogger(__name__)

DEFAULT_BATCH = 2000


class Scanner:
    """Batch detector built on a BohaiAnalyzer's recognizers (build once, scan many batches)."""

    def __init__(self, engine: BohaiAnalyzer | None = None, **build_kwargs: Any) -> None:
        self.engine = engine or build_engine(**build_kwargs)
        zh = self.engine.recognizers["zh"]
        self.steps: list[BohaiRecognizer] = [r for r in zh if isinstance(r, BohaiRecognizer)]
        # Presidio predefined recognizers switched on by the dataset spec: no batch form, so
        # texts go through the engine for those entities only.
        self.extra_entities = frozenset(self.engine.entities - BOHAI_ENTITIES)
        english = [r for r in self.engine.recognizers["en"] if isinstance(r, EnglishNerRecognizer)]
        self.english: EnglishNerRecognizer | None = english[0] if english else None

    @property
    def capabilities(self) -> Any:
        """The engine's capabilities (what is and is not detected)."""
        return self.engine.capabilities

    def scan(
        self,
        texts: Sequence[str | None],
        lang: Lang = "auto",
        entities: Iterable[str] | None = None,
        batch_size: int = DEFAULT_BATCH,
    ) -> list[list[Span]]:
        """Spans per text (ORIGINAL offsets); None and empty texts give []."""
        wanted = self.engine.entities if entities is None else self.engine.entities & set(entities)
        out: list[list[Span]] = []
        for lo in range(0, len(texts), batch_size):
            out.extend(self._scan_batch(texts[lo : lo + batch_size], lang, wanted))
        return out

    def _scan_batch(
        self, texts: Sequence[str | None], lang: Lang, wanted: frozenset[str]
    ) -> list[list[Span]]:
        """One batch: prefilter masks, per-text steps, batched English NER, overlap rules."""
        norms = [normalize(t) if t else None for t in texts]
        found: list[list[Span]] = [[] for _ in texts]
        steps = [s for s in self.steps if wanted & set(s.ENTITIES)]
        masks = _prefilter_masks(norms, steps)
        for i, norm in enumerate(norms):
            if norm is None:
                continue
            spans = found[i]
            for k, step in enumerate(steps):
                if masks[k] is None or masks[k][i]:
                    spans.extend(step.find(norm))
        if self.english is not None and wanted & set(self.english.ENTITIES):
            idx = [
                i for i, t in enumerate(texts) if t and self.engine.resolve_lang(t, lang) == "en"
            ]
            if idx:
                english = self.english.find_batch([norms[i] for i in idx])  # type: ignore[misc]
                for i, spans in zip(idx, english, strict=True):
                    found[i].extend(spans)
        if self.extra_entities & wanted:
            extra = sorted(self.extra_entities & wanted)
            for i, t in enumerate(texts):
                if t:
                    found[i].extend(self.engine.analyze(t, lang, extra))
        return [
            resolve_overlaps([s for s in spans if s.entity_type in wanted], PRIORITY)
            for spans in found
        ]


def _prefilter_masks(
    norms: Sequence[NormalizedText | None], steps: Sequence[BohaiRecognizer]
) -> list[np.ndarray | None]:
    """Per step, which texts can match (polars str.contains over the column); None = all."""
    values = [n.text if n is not None else "" for n in norms]
    try:
        column = pl.Series("text", values, dtype=pl.String)
    except (UnicodeEncodeError, pl.exceptions.PolarsError, TypeError):
        # Lone surrogates (from JSON escapes) are not UTF-8: replace them for the masks only.
        cleaned = [v.encode("utf-8", "replace").decode("utf-8") for v in values]
        column = pl.Series("text", cleaned, dtype=pl.String)
    masks: list[np.ndarray | None] = []
    for step in steps:
        if step.PREFILTER is None:
            masks.append(None)
            continue
        try:
            masks.append(column.str.contains(step.PREFILTER).fill_null(False).to_numpy())
        except pl.exceptions.PolarsError as exc:  # a prefilter Rust regex cannot compile
            log.warning("prefilter of %s unusable (%s); running it on every text", step.name, exc)
            masks.append(None)
    return masks


_WORKER: Scanner | None = None


def _worker_init(build_kwargs: dict[str, Any]) -> None:
    """Build one scanner per worker process."""
    global _WORKER
    _WORKER = Scanner(**build_kwargs)


def _worker_scan(args: tuple[list[str | None], str, list[str] | None]) -> list[list[Span]]:
    """Scan one chunk in a worker."""
    assert _WORKER is not None
    texts, lang, entities = args
    return _WORKER.scan(texts, lang, entities)


def scan_texts(
    texts: Sequence[str | None],
    lang: Lang = "auto",
    entities: Iterable[str] | None = None,
    *,
    scanner: Scanner | None = None,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH,
    **build_kwargs: Any,
) -> list[list[Span]]:
    """Detect PII in many texts; `n_process` > 1 spreads batches over worker processes."""
    wanted = list(entities) if entities is not None else None
    if n_process <= 1 or len(texts) <= batch_size:
        return (scanner or Scanner(**build_kwargs)).scan(texts, lang, wanted, batch_size)
    n_process = min(n_process, os.cpu_count() or 1)
    chunks = [list(texts[lo : lo + batch_size]) for lo in range(0, len(texts), batch_size)]
    out: list[list[Span]] = []
    # spawn, not fork: the parent holds jieba / spaCy / polars thread state that deadlocks
    # forked children.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        n_process, mp_context=context, initializer=_worker_init, initargs=(build_kwargs,)
    ) as pool:
        for part in pool.map(_worker_scan, [(c, lang, wanted) for c in chunks]):
            out.extend(part)
    return out
