"""Adapter from the de-identification side to the detection engine (`privacy.detect.scanner`).

Free-text policies and the leak audit only need "spans per text"; this module hides how the
detection side is called, so the two halves can evolve apart. Without the scanner, callers
get a clear error instead of a silently unscanned column.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from privacy.detect.spans import Span


class ScannerUnavailable(RuntimeError):
    """Free text must be scanned but the detection engine (privacy.detect.scanner) is missing."""


def _scan_function() -> Any:
    """privacy.detect.scanner.scan_texts, or ScannerUnavailable."""
    try:
        module = importlib.import_module("privacy.detect.scanner")
    except ImportError as exc:
        raise ScannerUnavailable(
            "free-text columns need the detection engine privacy.detect.scanner (scan_texts); "
            f"it could not be imported: {exc}"
        ) from exc
    fn = getattr(module, "scan_texts", None)
    if fn is None:
        raise ScannerUnavailable("privacy.detect.scanner has no scan_texts(texts, ...) function")
    return fn


@lru_cache(maxsize=1)
def _shared_scanner() -> Any:
    """One scanner (engine built once) for every column and audit in this process."""
    module = importlib.import_module("privacy.detect.scanner")
    return module.Scanner()


def scanner_available() -> bool:
    """True when free text can be scanned."""
    try:
        _scan_function()
    except ScannerUnavailable:
        return False
    return True


def _as_span(item: Any) -> Span:
    """A Span from whatever the scanner yields (Span, Presidio-like object or dict)."""
    if isinstance(item, Span):
        return item
    get = item.get if isinstance(item, dict) else lambda k, d=None: getattr(item, k, d)
    return Span(
        int(get("start")),
        int(get("end")),
        str(get("entity_type")),
        float(get("score", 1.0)),
        str(get("text", "") or ""),
    )


def detect_spans(
    texts: Sequence[str],
    language: str = "auto",
    entities: Iterable[str] | None = None,
    threshold: float = 0.0,
) -> list[list[Span]]:
    """Spans per text (offsets into each text), at or above `threshold`, of the wanted entities."""
    fn = _scan_function()
    params = inspect.signature(fn).parameters
    kwargs: dict[str, Any] = {}
    wanted = frozenset(entities) if entities is not None else None
    for name in ("language", "lang"):
        if name in params:
            kwargs[name] = language
            break
    if wanted is not None and "entities" in params:
        kwargs["entities"] = sorted(wanted)
    for name in ("threshold", "score_threshold", "min_score"):
        if name in params:
            kwargs[name] = threshold
            break
    if "scanner" in params:
        kwargs["scanner"] = _shared_scanner()
    results = fn(list(texts), **kwargs)
    out: list[list[Span]] = []
    for text, found in zip(texts, results, strict=True):
        spans = []
        for item in found:
            span = _as_span(item)
            if span.score < threshold or (wanted is not None and span.entity_type not in wanted):
                continue
            if not span.text:
                span = Span(
                    span.start, span.end, span.entity_type, span.score, text[span.start : span.end]
                )
            spans.append(span)
        out.append(spans)
    return out
