"""The evaluation harness reads the NER corpora with the right offsets (bench/pii_eval.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


def _harness() -> ModuleType:
    """bench/pii_eval.py loaded from its path (bench is no package)."""
    spec = importlib.util.spec_from_file_location("pii_eval", REPO / "bench" / "pii_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("pii_eval", module)
    spec.loader.exec_module(module)
    return module


def test_weibo_two_digit_positions_and_broken_emoji_keep_offsets(tmp_path: Path) -> None:
    lines = ["p0\tO", "310\tO", "\ufffd\ufffd0\tO", "张0\tB-PER.NAM", "三1\tI-PER.NAM", "说0\tO"]
    path = tmp_path / "weibo.conll"
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    (doc,) = _harness().load_weibo(path)
    assert doc.text == "p3\ufffd\ufffd张三说"
    ((start, end, label),) = doc.gold
    assert (doc.text[start:end], label) == ("张三", "PER.NAM")


def test_cluener_inclusive_ends_become_exclusive(tmp_path: Path) -> None:
    record = {"text": "记者李成说", "label": {"name": {"李成": [[2, 3]]}}}
    path = tmp_path / "cluener.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = _harness().load_cluener(path)
    assert [(doc.text[s:e], label) for s, e, label in doc.gold] == [("李成", "name")]


def test_scene_predictions_are_neutral_for_addresses() -> None:
    harness = _harness()
    doc = harness.Doc("我们去了故宫和北京", [(4, 6, "scene"), (7, 9, "address")])
    spans = [_Span(4, 6, "LOCATION"), _Span(7, 9, "LOCATION")]
    mapping = harness.CORPORA["cluener"][2]
    rows = harness.evaluate([doc], [spans], mapping, 0.0, harness.NEUTRAL["cluener"])
    assert (rows["address"].pred, rows["address"].tp_pred) == (1, 1)


class _Span:
    """The three fields evaluate() reads from a detection."""

    def __init__(self, start: int, end: int, entity_type: str) -> None:
        self.start, self.end, self.entity_type, self.score = start, end, entity_type, 1.0
