"""Road sections and junctions inside a Chinese address (柴河街北段12号, 青年大街南段100号,
人民路与中山路路口): a section word after a street continues the address, it never ends it,
so the house number and flat after it are masked with the street."""

from __future__ import annotations

import re

# 北段 / 南段 / 东段 / 西段 / 中段, a junction (路口, 街口), and a numbered section (三段).
SECTION = re.compile(r"[东西南北中]段|[路街]口|(?<=[路街道])口|[一二三四五六七八九十]段")


def section_at(text: str, pos: int) -> re.Match[str] | None:
    """The section or junction word at `pos`, when one stands there."""
    return SECTION.match(text, pos)
