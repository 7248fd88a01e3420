"""Fast path: the engine's detections for many texts at once, without Presidio's per-text loop.

Per batch: normalize every text once; let polars test each recognizer's prefilter regex over
the whole column (Rust regex, vectorized) so a recognizer only runs on texts that can match;
segment Chinese text with jieba once per text (shared by the name and address steps); run
spaCy English NER with `nlp.pipe` on the texts that need it, NER component only. The steps
are the very recognizer objects the Presidio engine uses, so results are the same.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

import numpy as np
import polars as pl

from privacy.detect.en.veto_words import drug_names
from privacy.detect.engine import BohaiAnalyzer, Lang, build_engine
from privacy.detect.entities import BOHAI_ENTITIES, MERGED_ON_OVERLAP, PRIORITY
from privacy.detect.normalize import NormalizedText, normalize
from privacy.detect.recognizers.base import BohaiRecognizer
from privacy.detect.recognizers.nlp.en_person import EnglishNerRecognizer
from privacy.detect.spans import Span, resolve_overlaps
from privacy.detect.zh.segment import dictionary_tags

log = logging.getLogger(__name__)

DEFAULT_BATCH = 2000
# scan_texts with n_process > 1: aim for this many chunks per process, none below MIN_CHUNK.
CHUNKS_PER_PROCESS = 16
MIN_CHUNK = 200


class Scanner:
    """Batch detector built on a BohaiAnalyzer's recognizers (build once, scan many batches)."""

    def __init__(self, engine: BohaiAnalyzer | None = None, **build_kwargs: Any) -> None:
        self.engine = engine or build_engine(**build_kwargs)
        zh = self.engine.recognizers["zh"]
        en = [r for r in self.engine.recognizers["en"] if isinstance(r, BohaiRecognizer)]
        # Language-independent steps run on every text; English-only ones (the name list) on
        # the texts the engine would analyze as English; spaCy NER batched over those.
        self.steps: list[BohaiRecognizer] = [r for r in zh if isinstance(r, BohaiRecognizer)]
        self.english_steps: list[BohaiRecognizer] = [
            r for r in en if "zh" not in r.LANGUAGES and not isinstance(r, EnglishNerRecognizer)
        ]
        # Presidio predefined recognizers switched on by the dataset spec: no batch form, so
        # texts go through the engine for those entities only.
        self.extra_entities = frozenset(self.engine.entities - BOHAI_ENTITIES)
        english = [r for r in en if isinstance(r, EnglishNerRecognizer)]
        self.english: EnglishNerRecognizer | None = english[0] if english else None
        _preload(self.engine)

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
        """Spans per text (ORIGINAL offsets); None and empty texts give []; anything else
        that is not a str (undecoded bytes, a number) raises TypeError naming its record."""
        for k, text in enumerate(texts):
            if text is not None and not isinstance(text, str):
                hint = ": decode it first" if isinstance(text, bytes | bytearray) else ""
                raise TypeError(
                    f"record {k}: text must be str or None, not {type(text).__name__}{hint}"
                )
        wanted = self.engine.entities if entities is None else self.engine.entities & set(entities)
        out: list[list[Span]] = []
        for lo in range(0, len(texts), batch_size):
            with _cyclic_gc_paused():
                out.extend(self._scan_batch(texts[lo : lo + batch_size], lang, wanted))
        return out

    def _scan_batch(
        self, texts: Sequence[str | None], lang: Lang, wanted: frozenset[str]
    ) -> list[list[Span]]:
        """One batch: prefilter masks, per-text steps, batched English NER, overlap rules."""
        norms = [normalize(t) if t else None for t in texts]
        found: list[list[Span]] = [[] for _ in texts]
        steps = [s for s in self.steps if wanted & set(s.ENTITIES)]
        english_steps = [s for s in self.english_steps if wanted & set(s.ENTITIES)]
        ner = self.english if self.english and wanted & set(self.english.ENTITIES) else None
        english = (
            [i for i, t in enumerate(texts) if t and self.engine.resolve_lang(t, lang) == "en"]
            if english_steps or ner is not None
            else []
        )
        masks = _prefilter_masks(norms, steps + english_steps)
        _run_steps(norms, range(len(norms)), steps, masks, found)
        _run_steps(norms, english, english_steps, masks[len(steps) :], found)
        if ner is not None and english:
            batch = ner.find_batch([norms[i] for i in english])  # type: ignore[misc]
            for i, spans in zip(english, batch, strict=True):
                found[i].extend(spans)
        if self.extra_entities & wanted:
            extra = sorted(self.extra_entities & wanted)
            for i, t in enumerate(texts):
                if t:
                    found[i].extend(self.engine.analyze(t, lang, extra))
        veto = self.engine.veto
        out: list[list[Span]] = []
        for text, spans in zip(texts, found, strict=True):
            spans = [s for s in spans if s.entity_type in wanted]
            if veto is not None and spans and text:
                spans = veto.apply(text, spans)
            out.append(resolve_overlaps(spans, PRIORITY, MERGED_ON_OVERLAP))
        return out


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Hold Python's cycle collector for one batch: a batch makes little cyclic garbage (96
    objects for 2,000 notes) but many allocations, which set off full collections that walk
    every loaded model object (~8% of the scan's CPU on the mixed notes); it runs again after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _preload(engine: BohaiAnalyzer) -> None:
    """Read the tables steps load on first use (jieba's dictionary and tag table, ~0.6 s; the
    drug dictionary the English veto reads, ~0.7 s) now, so the first batch does not pay them."""
    dictionary_tags()
    if engine.veto is not None:
        drug_names()


def _run_steps(
    norms: Sequence[NormalizedText | None],
    indices: Iterable[int],
    steps: Sequence[BohaiRecognizer],
    masks: Sequence[np.ndarray | None],
    found: list[list[Span]],
) -> None:
    """Each step's `find` on the chosen texts its prefilter lets through, into `found`;
    steps marked BATCHED get all their texts in one `find_batch` call."""
    indices = list(indices)
    batched = [k for k, step in enumerate(steps) if getattr(step, "BATCHED", False)]
    for k in batched:
        mask = masks[k]
        chosen = [i for i in indices if norms[i] is not None and (mask is None or mask[i])]
        for i, spans in zip(chosen, steps[k].find_batch([norms[i] for i in chosen]), strict=True):  # type: ignore[misc]
            found[i].extend(spans)
    for i in indices:
        norm = norms[i]
        if norm is None:
            continue
        spans = found[i]
        for k, step in enumerate(steps):
            mask = masks[k]
            if k not in batched and (mask is None or mask[i]):
                spans.extend(step.find(norm))


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
    """Detect PII in many texts; with `n_process` > 1, this process and n_process - 1 spawned
    workers share the work."""
    wanted = list(entities) if entities is not None else None
    n_process = min(n_process, os.cpu_count() or 1)
    if n_process <= 1 or len(texts) <= batch_size:
        return (scanner or Scanner(**build_kwargs)).scan(texts, lang, wanted, batch_size)
    # Many small chunks, handed out as processes free up: none idles through a long tail while
    # another finishes a big last batch (texts differ a lot in cost).
    size = max(MIN_CHUNK, min(batch_size, -(-len(texts) // (n_process * CHUNKS_PER_PROCESS))))
    chunks = [list(texts[lo : lo + size]) for lo in range(0, len(texts), size)]
    results: list[list[list[Span]] | None] = [None] * len(chunks)
    # spawn, not fork: the parent holds jieba / spaCy / polars thread state that deadlocks
    # forked children.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        n_process - 1, mp_context=context, initializer=_worker_init, initargs=(build_kwargs,)
    ) as pool:
        futures = [pool.submit(_worker_scan, (chunk, lang, wanted)) for chunk in chunks]
        # Workers take chunks from the front once their imports are done (seconds); this
        # process, whose modules are loaded, takes them from the back meanwhile, until the two
        # meet (a chunk a worker has started can no longer be cancelled).
        local = scanner or Scanner(**build_kwargs)
        for k in range(len(chunks) - 1, -1, -1):
            if not futures[k].cancel():
                break
            results[k] = local.scan(chunks[k], lang, wanted, batch_size)
        log.debug(
            "scan_texts: %d of %d chunks scanned in the calling process",
            len(chunks) - k - 1,
            len(chunks),
        )
        for k, future in enumerate(futures):
            if results[k] is None:
                results[k] = future.result()
    return [spans for part in results if part is not None for spans in part]
