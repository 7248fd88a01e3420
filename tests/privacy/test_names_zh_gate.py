"""LAC reads only the sentences where the rules are unsure."""

from __future__ import annotations

from privacy.detect.zh.names_gate import unsure_pieces
from privacy.detect.zh.names_shape import NameHit


def test_certain_sentences_are_skipped_and_unsure_or_unread_ones_kept() -> None:
    text = "患者王芳来诊。小丸子说你好。李明说好。123456。"
    hits = [NameHit(2, 4, 0.9), NameHit(14, 16, 0.5)]
    pieces = [text[lo:hi] for lo, hi in unsure_pieces(text, hits)]
    assert pieces == ["小丸子说你好。", "李明说好。"]


def test_a_certain_sentence_with_another_name_like_word_is_read() -> None:
    # 吴冠中 is a dictionary name beside the certain 郭庆祥; 杨洲 an unlisted surname-led word.
    for text in ("郭庆祥收藏的吴冠中作品。", "陈木胜导演、古天乐主演。", "总建筑师王建国、杨洲。"):
        hits = [NameHit(0, 3, 0.93)] if not text.startswith("总") else [NameHit(4, 7, 0.9)]
        assert unsure_pieces(text, hits) == [(0, len(text))], text


def test_a_certain_sentence_with_no_other_name_like_word_is_skipped() -> None:
    text = "患者王芳，女，45岁，住址辽宁省大连市中山区人民路12号。"
    assert unsure_pieces(text, [NameHit(2, 4, 0.9)]) == []
