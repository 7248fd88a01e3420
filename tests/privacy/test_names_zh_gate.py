"""LAC reads only the sentences where the rules are unsure."""

from __future__ import annotations

from privacy.detect.zh.names_gate import unsure_pieces
from privacy.detect.zh.names_shape import NameHit


def test_certain_sentences_are_skipped_and_unsure_or_unread_ones_kept() -> None:
    text = "患者王芳来诊。小丸子说你好。李明说好。123456。"
    hits = [NameHit(2, 4, 0.9), NameHit(14, 16, 0.5)]
    pieces = [text[lo:hi] for lo, hi in unsure_pieces(text, hits)]
    assert pieces == ["小丸子说你好。", "李明说好。"]
