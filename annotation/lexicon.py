"""Lexicon pre-annotations for clinical NER: annotators correct proposals instead of starting empty.

Chinese: longest match against the shipped THUOCL medical terms, each term typed by its
ending (…炎 diagnosis, …痛 symptom, …部 body part, …霉素 drug); terms no rule types are not
proposed. English: drug names found by `drug-named-entity-recognition`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.metadata import version
from typing import Any

MAX_TERM = 8
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*")
SYMPTOMS = frozenset(
    "咳嗽 发热 发烧 恶心 呕吐 腹泻 头晕 眩晕 乏力 瘙痒 水肿 出血 气短 气促 心悸 胸闷 失眠 麻木 "
    "抽搐 昏迷 便秘 咯血 咳痰 盗汗 黄疸 皮疹 疲劳 呼吸困难 食欲不振 腹胀 耳鸣 发冷 寒战".split()
)
BODY_PARTS = frozenset(
    "头部 胸部 腹部 背部 腰部 颈部 肺部 心脏 肝脏 肾脏 胆囊 皮肤 四肢 关节 双肺 右肺 左肺 "
    "咽喉 口腔 咽部 气管 食管 膀胱 子宫 卵巢 前列腺 甲状腺 乳腺 脊柱 大脑 小脑 心肌 血管".split()
)
# (label, endings, shortest term) checked in order; the first that fits types the term.
RULES: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("DRUG", ("霉素", "西林", "沙星", "拉唑", "替丁", "地平", "普利", "沙坦", "洛尔", "他汀",
              "胰岛素", "注射液", "胶囊", "颗粒", "口服液", "双胍", "米松", "洛芬", "匹林",
              "卡因", "替尼", "单抗"), 3),
    ("DRUG", ("片", "韦"), 3),
    ("DIAGNOSIS", ("炎", "癌", "瘤", "高血压"), 2),
    ("DIAGNOSIS", ("综合征", "综合症", "梗死", "梗塞", "衰竭", "结石", "骨折", "硬化", "增生",
                   "溃疡", "贫血", "血症", "中毒", "病"), 3),
    ("SYMPTOM", ("痛", "疼", "痒", "不适"), 2),
    ("BODY_PART", ("部", "腔", "脏", "关节", "动脉", "静脉", "骨", "腺"), 2),
)  # fmt: skip


def term_label(term: str) -> str | None:
    """The entity label a medical term's ending suggests, None when no rule applies."""
    if term in SYMPTOMS:
        return "SYMPTOM"
    if term in BODY_PARTS:
        return "BODY_PART"
    for label, endings, shortest in RULES:
        if len(term) >= shortest and term.endswith(endings):
            return label
    return None


@lru_cache(maxsize=1)
def typed_terms() -> dict[str, str]:
    """THUOCL medical term -> label, for the terms a rule can type."""
    from privacy.detect.zh.medical_terms import medical_terms_zh

    typed = {t: label for t in medical_terms_zh() if (label := term_label(t)) is not None}
    typed |= dict.fromkeys(SYMPTOMS, "SYMPTOM") | dict.fromkeys(BODY_PARTS, "BODY_PART")
    return typed


def lexicon_version() -> str:
    """What produced the proposals, for the predictions' model version."""
    return f"thuocl-a30ce79+dner-{version('drug-named-entity-recognition')}"


def chinese_spans(text: str) -> list[dict[str, Any]]:
    """Longest THUOCL matches that a rule types, left to right, never overlapping."""
    terms = typed_terms()
    out, i = [], 0
    while i < len(text):
        for size in range(min(MAX_TERM, len(text) - i), 0, -1):
            label = terms.get(text[i : i + size])
            if label is not None and size > 1:
                out.append({"start": i, "end": i + size, "label": label})
                i += size
                break
        else:
            i += 1
    return out


def english_drug_spans(text: str) -> list[dict[str, Any]]:
    """Drug names (generic or brand) in English text, as character spans."""
    from drug_named_entity_recognition import find_drugs

    words = list(_WORD.finditer(text))
    if not words:
        return []
    found = find_drugs([w.group() for w in words], is_ignore_case=True)
    return [
        {"start": words[first].start(), "end": words[last - 1].end(), "label": "DRUG"}
        for _, first, last in found
    ]


def propose(text: str, labels: list[str]) -> list[dict[str, Any]]:
    """Pre-annotation spans for one text, restricted to the project's labels."""
    spans = chinese_spans(text) + english_drug_spans(text)
    spans.sort(key=lambda s: (s["start"], -s["end"]))
    kept: list[dict[str, Any]] = []
    for span in spans:
        if span["label"] in labels and (not kept or span["start"] >= kept[-1]["end"]):
            kept.append(span)
    return kept
