"""Domain precision for Chinese PERSON / LOCATION spans: clinical words are not people or places.

Vetoed (the span is dropped):
  - the span is a medical term (THUOCL medical, privacy.detect.zh.medical_terms) or lies inside one
    written around it (英夫利 in 英夫利昔单抗 when listed, 张力 in 肌张力);
  - a PERSON followed by an eponym head (柯萨奇病毒, 霍奇金淋巴瘤, 吉兰-巴雷综合征, 多普勒超声,
    郎飞结上: Ranvier's node, the 结 before a locative or a conjunction)
    or glued to a drug ending (西地那非 read as 西地 + 那非, 利培酮);
  - a LOCATION that is only the segmenter's place tag on a two-character common word (串联,
    长度 are tagged ns in jieba's dictionary) and no listed place.
  - a PERSON that is the preposition 于 read as a surname before a time word (患者于昨日入院:
    not a patient called 于昨), cue or not;
  - a place at state level or above (美国, 欧洲, 广东省, 北京): Safe Harbor leaves it in the clear
    (privacy.detect.zh.veto_places), and a place before an eponym head (芬兰型, 纽卡斯尔病);
  - the word classes of privacy.detect.zh.veto_words: a function-word surname before a verb
    (易发生, 患者常伴有: this one wins over a cue), an everyday word read as a facility (密切相关,
    视觉通路), an area or peak of an organ or a chart in medical prose (门脉区, 离子峰), a cut
    drug name (阿达木单), a Latin unit, acronym or gene (kg, PPHN, VacA);
  - an ADDRESS without street or house number that is only state-level names (美国俄亥俄州)
    or cuts a drug name (帕罗西汀); an address with a street or number part is never touched.
  - an uncued PERSON the name scorer is unsure of (below CLINICAL_FLOOR) in clinical prose (a
    medical term of 3+ characters in it, or two of 2): the scorer was fitted on news and social
    text, where names are far denser than in clinical prose (瓣叶, 肛周, 药敏 at 0.2-0.3 in CMeEE);
Never vetoed otherwise: a PERSON right after a role or title cue, or right before a form of address
(主治医师李休克, 患者王芬), unless the span is exactly a medical term (患者休克: a patient in
shock; THUOCL's physicians such as 范明 are names) or a verb the dictionary knows whole
(主任医师查房): that is where the line between cue and lexicon lies. A LOCATION that cuts a
medical term in two (口服安宫 | 牛黄丸) is dropped.
"""

from __future__ import annotations

import re

from privacy.detect.en.veto_words import drug_names
from privacy.detect.entities import ADDRESS, LOCATION, PERSON
from privacy.detect.normalize import HAN
from privacy.detect.spans import Span
from privacy.detect.zh.gazetteer import is_gazetteer_place
from privacy.detect.zh.medical_terms import medical_terms_zh
from privacy.detect.zh.names_cues import CUES_AFTER, CUES_BEFORE, TITLES_BEFORE
from privacy.detect.zh.segment import dictionary_tag, word_frequency
from privacy.detect.zh.veto_orgs import opens_company_name
from privacy.detect.zh.veto_places import continues_place, in_the_clear, states_only
from privacy.detect.zh.veto_plant import SHIFT_WORDS, plant_word
from privacy.detect.zh.veto_words import (
    DRUG_ENDINGS,
    clinical_prose,
    cuts_drug_name,
    function_word_surname,
    latin_non_name,
    listed_name_term,
    misread_word,
    not_a_facility,
    technical_region,
    weak_phrase,
)

# Dictionary tags of verbs: a span that is one such word is an action, not a name after a cue.
VERB_TAGS = frozenset({"v", "vn", "vd"})
# A dictionary "verb" this rare after a role cue is a name the dictionary happens to list
# (申请人付强: 付强 has frequency 3); 主任医师查房 (查房, 14) stays a ward round.
RARE_VERB_FREQ = 5
# Longest medical term looked for around a span (THUOCL's longest is 13 characters).
MAX_TERM = 13
# Heads that turn the name before them into an eponymous disease, organism, test or device.
EPONYM_HEADS = re.compile(
    r"[\-－·]?(?:病毒|杆菌|球菌|螺旋体|综合征|综合症|淋巴瘤|肉瘤|试验|超声|效应|定律|手术|"
    r"分类|分型|评分|量表|公式|曲线|染色|小体|细胞|韧带|三角|指数|现象|畸形|骨折|结节|"
    r"菌属|氏病|氏征|氏症|氏菌|放线菌|方法|方程|(?:诊断)?标准|型(?![号])|病(?![情人房历史床区])|菌(?![子])|"
    r"结(?=[上和或及与的间处旁内外，。、；,.;])|"
    r"[A-Z](?:[0-9]|组|型|<su[bp]>))"
)
# Drug-name endings glued right after a span: the span is the front of a drug name.
DRUG_AFTER = re.compile(
    r"(?:单抗|昔单抗|珠单抗|西林|霉素|沙星|洛尔|地平|替尼|那非|美辛|韦林|拉韦|布韦|他韦|普利|"
    r"沙坦|他汀|卡因|司琼|替丁|拉唑|西泮|唑仑|莫司|昔布|利特|曲坦|唑|嗪|汀|肽|酯|胺|酮|醇)"
)
# Drug-name endings inside a PERSON span (利培酮, 阿奇霉素): no given name ends this way.
DRUG_TAIL = re.compile(
    r"(?:西林|霉素|沙星|洛尔|地平|替尼|那非|美辛|韦林|普利|沙坦|他汀|卡因|司琼|替丁|拉唑|西泮|"
    r"昔布|利特|西普|单抗|唑|嗪|汀|肽|酯|胺|酮|醇)$"
)
# Below this, an uncued name in clinical text is dropped: on the dev split of CLUENER and Weibo
# (out-of-fold CRF, bench/sweep_names_zh.py's records) it costs 0.001 and 0.005 recall; in
# CMeEE it drops 20 false names and 4 authors of one reference list written with "/" between
# words (黄/绍良), which the scorer cannot read.
CLINICAL_FLOOR = 0.35
# Places at state level and above stay in the clear (privacy.detect.zh.veto_places explains
# why: HIPAA Safe Harbor); False masks them again like any other place.
VETO_COUNTRIES = True
# A house number, street or road part: such an ADDRESS is a real address, never vetoed.
# (道 alone is left out: 呼吸道 / 消化道 end in it; 南京道88号 still has its number.)
_STREET_PART = re.compile(r"[0-9０-９一二三四五六七八九十]+[号栋幢楼层室]|[路街巷弄]")
# 于 (also a surname) as "on / at" before a relative time word: 于昨日, 于今晨, 于次日, 于当天.
YU_TIME = re.compile(r"[昨今明次当翌同前近本上下][日天晨晚夜早午]")
# Heads after a Latin name in Chinese text (Simpson法, Lowe眼-脑-肾综合征, Meta分析).
LATIN_HEADS = re.compile(
    r"(?:法|分析|眼|病|征|型|染色|公式|试验|综合征|氏|导管|导丝|支架|球囊|缝线|钳|剪|镜|夹|针)"
)
# A Latin name joined to a second one before such a head: both name the formula or device
# (Lafarge和Meittinen公式, Hardy-Weinberg定律 aside, which EPONYM_HEADS covers).
_LATIN_PAIR_HEAD = re.compile(
    r"\s*(?:和|与|及|、|/|-)\s*[A-Z][A-Za-z'\-]+\s*" + LATIN_HEADS.pattern
)
# Last characters of clinical words read as names (成活率, 黄疸型, 粟粒状, 夏秋季, 郎飞结; 多克隆
# aside).
NOT_NAME_FINAL = frozenset("率型状性度期量值症剂液酶膜腔类病菌结")
# Endings of clinical words that end given names too (晏章炎, 王素, 李季): vetoed in clinical
# prose only (肺炎, 维生素, 夏秋季 there; a name elsewhere).
NAME_OR_TERM_FINAL = frozenset("炎素季")
# A lower-case Latin gloss in brackets: in clinical prose a drug or term, 利培酮（risperidone）;
# elsewhere the original spelling of a foreign name, 透纳（josephmallordwilliamturner）.
_TERM_GLOSS = re.compile(r"[（(][a-z][a-z \-]+[)）]")
# Any Latin word in brackets closing a span: an abbreviation or gloss of the word before it.
_LATIN_GLOSS_END = re.compile(r"[（(][A-Za-z][A-Za-z \-]*[)）]$")
_CUES_BEFORE = tuple(sorted({*CUES_BEFORE, *TITLES_BEFORE}, key=len, reverse=True))
_CUE_BEFORE = re.compile("(?:" + "|".join(_CUES_BEFORE) + r")[:：\s]{0,2}$")
_CUE_AFTER = re.compile("(?:" + "|".join(sorted(CUES_AFTER, key=len, reverse=True)) + ")")


def cued(text: str, span: Span) -> bool:
    """A role or title right before the span, or a form of address right after it."""
    if _CUE_BEFORE.search(text, max(0, span.start - 8), span.start):
        return True
    return _CUE_AFTER.match(text, span.end) is not None


def in_medical_term(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is a medical term or lies inside one written around it."""
    terms = medical_terms_zh()
    size = end - start
    for lo in range(max(0, end - MAX_TERM), start + 1):
        for hi in range(end, min(len(text), lo + MAX_TERM) + 1):
            if hi - lo >= max(size, 2) and text[lo:hi] in terms:
                return True
    return False


def crosses_term(text: str, start: int, end: int) -> bool:
    """True when a medical term of 3+ characters starts inside the span and runs past its end
    (安宫 + 牛黄丸), or starts before it and ends inside: the span cuts that term in two."""
    terms = medical_terms_zh()
    for lo in range(start + 1, end):
        for hi in range(max(end + 1, lo + 3), min(len(text), lo + MAX_TERM) + 1):
            if text[lo:hi] in terms:
                return True
    for hi in range(start + 1, end):
        for lo in range(max(0, hi - MAX_TERM), min(start - 1, hi - 3) + 1):
            if text[lo:hi] in terms:
                return True
    return False


def _holds_term(word: str) -> bool:
    """True when a medical term covers all but at most one character of `word` (波多普勒,
    消化道 = 消化 + 道)."""
    terms = medical_terms_zh()
    size = len(word)
    if size < 3:
        return False
    return any(word[lo : lo + size - 1] in terms for lo in (0, 1))


# Role, relation and title words that lead or follow a name: never a name themselves.
_ROLE_WORDS = frozenset(CUES_BEFORE) | frozenset(CUES_AFTER)


def keep(text: str, span: Span) -> bool:
    """False when a Chinese-text PERSON / LOCATION / ADDRESS span is a clinical word or a place
    that identifies nobody, not personal."""
    if span.entity_type == ADDRESS:
        return _keep_address(text, span)
    if span.entity_type not in (PERSON, LOCATION):
        return True
    han = HAN.search(span.text) is not None
    if span.entity_type == PERSON and span.text[:1] == "于" and YU_TIME.match(text, span.start + 1):
        return False  # 患者于昨日出院: a preposition and a time word, not 于昨
    if span.entity_type == PERSON and span.text in SHIFT_WORDS:
        return False  # 白班班长邹建华: the shift, not a person named 白班
    if span.entity_type == PERSON and span.text in _ROLE_WORDS:
        return False  # 由患者之子赵明轩代诉: the role word itself (之子) names no one
    if span.entity_type == PERSON and han and function_word_surname(text, span.start, span.end):
        return False  # 患者常伴有: the adverb reading wins over the role cue before it
    if not han and latin_non_name(text, span.start, span.end):
        return False
    if span.entity_type == PERSON and han and EPONYM_HEADS.match(text, span.end):
        return False  # 患者冷凝集试验阳性: a test or disease named after the span, cue or not
    if span.entity_type == PERSON and cued(text, span):
        # A role cue keeps a name that is no medical term (主治医师李休克), not the term itself
        # (患者休克 is a patient in shock) nor a verb the dictionary knows whole (主任医师查房:
        # the ward round, though 查 is a surname).
        term = span.text in medical_terms_zh() and not listed_name_term(span.text)
        verb = dictionary_tag(span.text) in VERB_TAGS and word_frequency(span.text) > RARE_VERB_FREQ
        return not term and not verb
    if span.entity_type == PERSON and span.score < CLINICAL_FLOOR and clinical_prose(text):
        return False  # 肛周黏膜, 药敏结果 at 0.27: too unsure for clinical prose
    if han and in_medical_term(text, span.start, span.end) and not listed_name_term(span.text):
        return False
    if han and _holds_term(span.text):
        return False
    if han and cuts_drug_name(text, span.start, span.end, inside=span.entity_type != PERSON):
        return False
    if han and span.entity_type == LOCATION and crosses_term(text, span.start, span.end):
        return False  # 口服安宫 | 牛黄丸: a place read into the front of a medicine's name
    if span.entity_type == PERSON:
        return _keep_person(text, span, han)
    return _keep_place(text, span, han)


# 小王子, 小伙子, 老头子: a diminutive noun in 小/老 + one character + 子, not a familiar name
# (老王, 小李) unless a cue says so (cued spans never reach _keep_person).
_DIMINUTIVE_NOUN = re.compile(r"[小老][\u4e00-\u9fff]子")


def _drug_gloss(gloss: str) -> bool:
    """True when a bracketed Latin gloss is a drug's name (潘可龙（pancuronium）)."""
    return gloss.strip("（()）").replace(" ", "").lower() in drug_names()


def _keep_person(text: str, span: Span, han: bool) -> bool:
    """The PERSON-only rules: eponym heads, Latin term heads, clinical word endings, drugs."""
    core = _TERM_GLOSS.split(span.text)[0].rstrip("（(")
    if EPONYM_HEADS.match(text, span.end) or _DIMINUTIVE_NOUN.fullmatch(span.text):
        return False
    gloss = _TERM_GLOSS.search(span.text)
    if gloss and (clinical_prose(text) or _drug_gloss(gloss.group())):
        return False  # 利培酮（risperidone）; outside clinical prose 萨维奥（saviobortolini）
    if not han and (LATIN_HEADS.match(text, span.end) or _LATIN_PAIR_HEAD.match(text, span.end)):
        return False  # Gensini导管, Lafarge和Meittinen公式: a device or formula, not a person
    if han and core[-1:] in NOT_NAME_FINAL:
        return False
    if han and core[-1:] in NAME_OR_TERM_FINAL and clinical_prose(text):
        return False
    glossed = _LATIN_GLOSS_END.search(span.text)
    if han and glossed and DRUG_ENDINGS.search(span.text[: glossed.start()][-2:]):
        return False  # 阿莫西林（Amo）: a drug and its abbreviation, read as one name
    return not (han and (DRUG_AFTER.match(text, span.end) or DRUG_TAIL.search(core)))


# 号 or 轮 glued to a place name with no number between: a vessel's name (大连湾号 靠泊).
_VESSEL_AFTER = re.compile(r"(?:号|轮)(?![0-9０-９楼院栋幢室])")
# A fishing vessel's registration glued to its port (辽大连渔12345, 辽营渔35078).
_FISHING_VESSEL = re.compile(r"渔[运捕养辅]?[0-9０-９]{3,6}")


def _keep_place(text: str, span: Span, han: bool) -> bool:
    """The LOCATION-only rules: places in the clear, eponyms, everyday words read as places."""
    if VETO_COUNTRIES and in_the_clear(span.text) and not continues_place(text, span.end):
        return False
    if han and opens_company_name(text, span.start, span.end):
        return False  # 大连恒泰石化工程有限公司, 营口港务集团: an employer's name, no one's place
    if han and plant_word(span.text):
        return False  # 丙烯精馏塔, 换热器区域, 进出港: plant equipment or a port movement
    if han and EPONYM_HEADS.match(text, span.end):
        return False  # 芬兰型, 纽卡斯尔病, 以色列放线菌: the place names a type or a disease
    if han and (_VESSEL_AFTER.match(text, span.end) or _FISHING_VESSEL.match(text, span.end)):
        return False  # 大连湾号, 长山岛轮: a ship named after the place, not where anyone is
    if han and (not_a_facility(span.text) or weak_phrase(text, span.start, span.end, span.score)):
        return False
    if han and span.score <= 0.4 and not is_gazetteer_place(span.text) and misread_word(span.text):
        return False
    if han and span.score <= 0.5 and technical_region(span.text) and clinical_prose(text):
        if not is_gazetteer_place(span.text):
            return False  # 门脉区, 核心区 in medical prose: a region of an organ or a probe
    return not (
        han and len(span.text) <= 2 and span.score <= 0.4 and not is_gazetteer_place(span.text)
    )


def _keep_address(text: str, span: Span) -> bool:
    """An ADDRESS with a street or house number stays; one made only of state-level names or
    cutting a drug name (帕罗西汀, 阿巴西普) goes."""
    if _STREET_PART.search(span.text):
        return True
    if opens_company_name(text, span.start, span.end):
        return False  # 大连西太平洋 + 石油化工有限公司: the head of a company's name
    if _FISHING_VESSEL.match(text, span.end):
        return False  # 辽大连 + 渔12345: a fishing vessel's registration, not an address
    if VETO_COUNTRIES and states_only(span.text) and not continues_place(text, span.end):
        return False
    return not (cuts_drug_name(text, span.start, span.end) or _only_terms(span.text))


def _only_terms(word: str) -> bool:
    """True when `word` is a run of medical terms (呼吸道肠道 read as two road-like parts)."""
    terms = medical_terms_zh()
    ends = {0}
    for pos in range(len(word)):
        if pos in ends:
            ends.update(pos + n for n in range(2, MAX_TERM + 1) if word[pos : pos + n] in terms)
    return len(word) in ends
