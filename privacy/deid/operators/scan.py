"""Scan: free text goes through the detection engine; each detected span is replaced per type."""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar, Literal

import polars as pl
from pydantic import Field, field_validator

from privacy.deid.operators.base import (
    ColumnResult,
    Operator,
    Outcome,
    Secrets,
    build_operator,
    get_operator,
    map_distinct,
    register_operator,
)
from privacy.deid.rtf_text import is_rtf, rtf_text
from privacy.deid.text_detect import detect_spans
from privacy.deid.text_scrub import scrub_texts


def _span_operator(spec: Any, where: str) -> Operator:
    """Build an operator for spans, refusing ones that cannot replace spans (date_shift...)."""
    name = (
        spec if isinstance(spec, str) else spec.get("operator") if isinstance(spec, dict) else None
    )
    if isinstance(name, str) and not get_operator(name).SPANS:
        raise ValueError(f"{where}: operator {name!r} cannot replace spans in free text")
    op = build_operator(spec)
    if not op.SPANS:
        raise ValueError(f"{where}: operator {op.NAME!r} cannot replace spans in free text")
    return op


@register_operator
class Scan(Operator):
    """Detect personal information in free text and replace each span by its entity's operator.

    `entities` maps an entity type (CN_RESIDENT_ID, PERSON ...) to an operator, written as a
    name or as {operator: name, ...params}; other detected types get `default` (a typed
    placeholder unless configured). A value that is a whole RTF document is scanned and
    released as its plain text (privacy.deid.rtf_text: its escapes would hide every Chinese
    name from the engine).
    """

    NAME: ClassVar[str] = "scan"
    SPANS: ClassVar[bool] = False
    entities: dict[str, Any] = Field(default_factory=dict)
    default: Any = Field(default="placeholder", validate_default=True)
    # 0: mask every span the engine returns. The engine already decides per entity (the name
    # scorer's threshold is fitted on dev) and bench/pii_eval.py scores exactly those spans, so
    # a higher cut here would release names the benchmark counts as found (a 0.46 name).
    threshold: float = Field(default=0.0, ge=0.0, le=1.0)
    language: Literal["zh", "en", "auto"] = "auto"

    @field_validator("entities")
    @classmethod
    def _build_entity_operators(cls, value: dict[str, Any]) -> dict[str, Operator]:
        return {e: _span_operator(spec, f"entities.{e}") for e, spec in value.items()}

    @field_validator("default")
    @classmethod
    def _build_default(cls, value: Any) -> Operator:
        return _span_operator(value, "default")

    def scans_text(self) -> bool:
        """Scanned free text, always."""
        return True

    def outcome(self) -> Outcome:
        """De-identified when any span operator is reversible or linkable, else anonymized."""
        ops = [*self.entities.values(), self.default]
        return "de-identified" if any(o.outcome() == "de-identified" for o in ops) else "anonymized"

    def apply(self, lf: pl.LazyFrame, column: str, secrets: Secrets) -> ColumnResult:
        """Scan each distinct text once, rewrite it, and join the rewritten texts back."""
        counts: Counter[str] = Counter()

        def rewrite(texts: list[str]) -> list[str]:
            rtf = sum(1 for t in texts if t and is_rtf(t))
            if rtf:
                counts["rtf_documents_read_as_text"] += rtf
                texts = [rtf_text(t) if t else t for t in texts]
            spans = detect_spans(texts, self.language, None, self.threshold)
            out, found = scrub_texts(texts, spans, self.entities, self.default, secrets)
            counts.update(found)
            return out

        lf = map_distinct(lf, column, rewrite)
        rtf = counts.pop("rtf_documents_read_as_text", 0)
        detail = {
            "spans_replaced_by_entity": dict(sorted(counts.items())),
            "rtf_documents_read_as_text": rtf,
            "operators": {e: o.NAME for e, o in sorted(self.entities.items())}
            | {"*": self.default.NAME},
        }
        return ColumnResult(lf, detail)
