"""Chinese person names from jieba + surnames + cue words (no model download)."""

from __future__ import annotations

import pytest

from privacy.detect.entities import PERSON
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.nlp.zh_person import ZhPersonRecognizer

REC = ZhPersonRecognizer()


def names(text: str) -> list[str]:
    return [s.text for s in REC.find(normalize(text)) if s.entity_type == PERSON]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("患者张伟，男，45岁，因胸痛入院。", "张伟"),
        ("联系人：欧阳娜娜，电话见上。", "欧阳娜娜"),
        ("今日由王建国医生值班。", "王建国"),
        ("船长诸葛明亮报告主机异常。", "诸葛明亮"),
        ("交班人：高明，接班人：李丽。", "高明"),
        ("请转告刘女士明天复查。", "刘"),
        ("班长赵志强带领操作工巡检。", "赵志强"),
        ("司马相如先生来电。", "司马相如"),
    ],
)
def test_names_found(text: str, name: str) -> None:
    found = names(text)
    assert any(name in f or f in name for f in found), found


@pytest.mark.parametrize(
    "text",
    [
        "装置运行平稳，各项参数正常。",
        "银行卡号已登记，请核对。",
        "反复咳嗽1周入院，体温正常。",
        "Pump P-101A running, pressure normal.",
    ],
)
def test_no_names(text: str) -> None:
    assert names(text) == []


def test_offsets_are_original_with_full_width_prefix() -> None:
    text = "ＩＤ１２　患者张伟来诊"
    (span,) = REC.find(normalize(text))
    assert text[span.start : span.end] == "张伟"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("作业票已过期，被安全员高俊勇发现并制止。", ["高俊勇"]),
        ("外来施工人员卢鹏永（身份证号见附件）在装置区动火。", ["卢鹏永"]),
        ("事故联系人丁英超，手机见附件。", ["丁英超"]),
        ("交接班记录：班长江然，操作工王伟、李强。", ["江然", "王伟", "李强"]),
        ("当班班长王伟立即组织处置。", ["王伟"]),
        ("值班长吴建发现泄漏。", ["吴建"]),
        ("罐车进厂装车，司机苏建，电话见上。", ["苏建"]),
        ("家属：方军，电话：13812345678。", ["方军"]),
        ("家属：周一，电话：13812345678。", ["周一"]),
        ("家属于磊浩电话13812345678。", ["于磊浩"]),
        ("操作工余梅文关闭出口阀门。", ["余梅文"]),
    ],
)
def test_names_after_role_cues_are_whole(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize("text", ["班长高度重视，全员参加。", "家属于今日来院探视。"])
def test_cue_followed_by_an_ordinary_word_is_not_a_name(text: str) -> None:
    assert names(text) == []
