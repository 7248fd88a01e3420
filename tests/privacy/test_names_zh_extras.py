"""A Latin gloss after a Chinese-text name is part of the name span."""

from __future__ import annotations

from privacy.detect.zh.names_extras import with_glosses
from privacy.detect.zh.names_shape import NameHit


def test_gloss_in_brackets_joins_the_name() -> None:
    text = "主裁判阿特金森（martinatkinson）是米老鼠"
    (hit,) = with_glosses(text, [NameHit(3, 7, 0.8)])
    assert text[hit.start : hit.end] == "阿特金森（martinatkinson）"


def test_no_gloss_leaves_the_hit() -> None:
    assert with_glosses("王芬（女）来诊", [NameHit(0, 2, 0.8)]) == [NameHit(0, 2, 0.8)]
