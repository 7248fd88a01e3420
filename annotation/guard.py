"""The guard at the push door: no task leaves with personal data the scrub left behind."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from annotation.label_configs import KEY_FIELD, TEXT
from privacy.deid.address_tails import tail_end

MIN_SCORE = 0.5  # detections below this are too weak to block a push (e.g. a drug name as PERSON)
PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]*(?::[0-9A-Za-z_\-+/=]*)?>")

Detector = Callable[[Sequence[str]], list[list[Any]]]


@dataclass(frozen=True, slots=True)
class Finding:
    """Why one task may not be sent: its record key, the kind of residue and the text found."""

    record_key: str
    kind: str  # "detected:<ENTITY>" or "tail:<PLACEHOLDER>"
    text: str
    start: int

    def __str__(self) -> str:
        return f"record {self.record_key}: {self.kind} {self.text!r} at {self.start}"


class PushRefused(ValueError):
    """Tasks still hold personal data; nothing was sent. The message names tasks and reasons."""

    def __init__(self, findings: list[Finding]) -> None:
        keys = sorted({f.record_key for f in findings})
        shown = "; ".join(str(f) for f in findings[:8])
        more = f" (+{len(findings) - 8} more)" if len(findings) > 8 else ""
        super().__init__(
            f"push refused: {len(keys)} task(s) still hold personal data: {shown}{more}"
        )
        self.findings = findings


def placeholder_tails(text: str) -> list[tuple[str, str, int]]:
    """(placeholder, glued text, offset) where a placeholder is followed by an address-like tail.

    "<ADDRESS>锦绣华庭29栋3单元1702室" masks the start of an address only; digits or
    building/unit/room/complex words glued to a placeholder are the unmasked rest of it.
    """
    found = []
    for match in PLACEHOLDER.finditer(text):
        end = tail_end(text, match.end())
        if end is not None:
            found.append((match.group(), text[match.end() : end], match.end()))
    return found


def _default_detector(texts: Sequence[str]) -> list[list[Any]]:
    from privacy.deid.text_detect import detect_spans

    return detect_spans(texts, threshold=MIN_SCORE)


def blank_placeholders(text: str) -> str:
    """Placeholders turned into spaces of the same length, so detection keeps offsets."""
    return PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)


def task_text(task: dict[str, Any]) -> str | None:
    """The free text a task shows annotators (None for time series)."""
    value = task.get("data", {}).get(TEXT)
    return value if isinstance(value, str) else None


def inspect_tasks(
    tasks: list[dict[str, Any]], detector: Detector | None = None, min_score: float = MIN_SCORE
) -> list[Finding]:
    """Every residue of personal data in the tasks' texts: detected spans and placeholder tails."""
    texted = [(str(t["data"][KEY_FIELD]), text) for t in tasks if (text := task_text(t))]
    if not texted:
        return []
    findings: list[Finding] = []
    for key, text in texted:
        for placeholder, tail, at in placeholder_tails(text):
            findings.append(Finding(key, f"tail:{placeholder.strip('<>')}", tail, at))
    detected = (detector or _default_detector)([blank_placeholders(t) for _, t in texted])
    for (key, text), spans in zip(texted, detected, strict=True):
        for span in spans:
            if float(getattr(span, "score", 1.0)) < min_score:
                continue
            start, end = int(span.start), int(span.end)
            findings.append(Finding(key, f"detected:{span.entity_type}", text[start:end], start))
    return sorted(findings, key=lambda f: (f.record_key, f.start))


def guard_tasks(tasks: list[dict[str, Any]], detector: Detector | None = None) -> None:
    """Raise PushRefused when any task still holds personal data."""
    findings = inspect_tasks(tasks, detector)
    if findings:
        raise PushRefused(findings)
