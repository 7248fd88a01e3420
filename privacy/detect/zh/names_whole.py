"""Whole person entities the readings cut short or missed (issue 13): dotted names grown over
every part, names in brackets beside a person reference, familiar forms in handovers, and
staff named by surname and title; one call from privacy.detect.zh.names.find_names."""

from __future__ import annotations

from collections.abc import Sequence

from privacy.detect.spans import join_overlapping
from privacy.detect.zh.names_bracket import bracketed_names
from privacy.detect.zh.names_dotted import dotted_names
from privacy.detect.zh.names_familiar import bare_familiar_names
from privacy.detect.zh.names_shape import NameHit
from privacy.detect.zh.names_staff import staff_names


def whole_names(text: str, hits: Sequence[NameHit]) -> list[NameHit]:
    """`hits` with the whole-entity readings joined in (overlaps become their union)."""
    found = [*hits, *bare_familiar_names(text), *staff_names(text)]
    found = [*found, *bracketed_names(text, found)]
    return join_overlapping([*found, *dotted_names(text, found)])
