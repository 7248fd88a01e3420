"""The floor bench charges each model with exactly what the scanner hands it: the captured calls
are the scanner's own (LAC, CRF and tagger see the unsure sentence, not the certain one), the
models are put back afterwards, and LAC's characters are those its encoder reads."""

from __future__ import annotations

from bench.pii_floor import _captured, _lac_chars
from privacy.detect.scanner import Scanner
from privacy.detect.zh.lac import LacTagger

UNSURE = "昨天李明华和同学去了公园。"
CERTAIN = "患者王芳来诊。"


def test_lac_chars_count_the_pieces_the_encoder_reads() -> None:
    calls = [((UNSURE, "  \n"), [0, 0]), ((CERTAIN,), None)]
    assert _lac_chars(calls) == len(UNSURE) + len(CERTAIN)  # a blank piece is not read


def test_captured_calls_are_the_scanners_own() -> None:
    before = LacTagger.tag_texts
    calls = _captured(Scanner(), [UNSURE, "no Chinese here", CERTAIN])
    assert LacTagger.tag_texts is before
    (texts, offsets), *_ = calls["lac"]
    assert list(texts) == ["昨天李明华和同学去了公园."]  # normalized: 。 -> .
    assert list(offsets) == [0]
    assert len(calls["crf"]) == 1 and calls["crf"][0][0].startswith("昨天李明华")
    assert [item[0] for item in calls["nn"][0][0]] == ["昨天李明华和同学去了公园."]
