"""Word-level tests behind the Chinese domain veto: spans that cut an everyday or clinical word.

Each test names one class of false name or place seen in medical text, decided from the
span's own characters and the dictionary words around it, never from a list of sentences:
  - a function word that is also a surname, read as one before a verb (易发生, 常伴有, 和家长),
    or a modal or adverb right after the patient noun of a clinical sentence (患儿应常规进行),
    or a preposition before a medical term (患者由静脉输液);
  - a place whose facility character is the end of an everyday word (密切相关, 脑电图高峰),
    a route word that is no road (视觉通路, 静脉径路), a demonstrative head (此区域), an area or
    peak of an organ, a signal or a chart (门脉区, 核心区, 离子峰, 波峰);
  - a span that cuts a drug name (阿达木单 + 抗, 于依 + 那西普);
  - a Latin token that is a unit, an acronym, a gene or a month (kg, PPHN, VacA, Jan), or a
    journal or a city in a reference (EarlyHumDev，1998; London：Saunders; Lorraine（France）).
"""

from __future__ import annotations

import re
from functools import lru_cache

from privacy.detect.zh.medical_terms import medical_terms_zh
from privacy.detect.zh.names_cues import AFTER_NAME, CUES_AFTER
from privacy.detect.zh.names_shape import surname_length
from privacy.detect.zh.segment import dictionary_tag, word_frequency

# Surnames that are first of all function words: conjunctions, adverbs, modal verbs and
# prepositions (和 and, 常 often, 应 should, 易 easily, 尚 still, 尤 especially, 由 by, 如 if).
FUNCTION_SURNAMES = frozenset("和常应易尚尤由如于相与及向但并仍亦均且再已另每")
# Dictionary tags of a word that is a verb, adjective, adverb, preposition or conjunction.
_PREDICATE_TAGS = frozenset("v vn vd vi a ad an d p c l".split())
# Tags of an ordinary noun after a conjunction surname (和家长, 和隐性); 和/与/及 join nouns.
_NOUN_TAGS = frozenset("n ng".split())
_CONJUNCTIONS = frozenset("和与及并且")
# A modal or adverb right after the patient noun is the sentence's predicate, not a surname
# (患者应禁种活疫苗, 病人易患, 患儿常呈高凝); 于, 和, 与 are left to the rules above and below.
MODAL_SURNAMES = frozenset("应易常尤尚亦均仍再已另每且并")
PATIENT_NOUNS = ("患者", "病人", "病患", "患儿", "病儿", "产妇", "孕妇")
# Tags of a single character that is a verb or function word, not a given name (需, 改, 患).
_VERB_TAGS = frozenset("v vd d p c".split())
# Tags of an everyday word that ends a mis-tagged place (角度 n, 超过 v); not names or places.
_NOT_PLACE_TAGS = _PREDICATE_TAGS | {"n", "vn"}
# Punctuation and spacing that may end a name.
_NAME_END_MARKS = frozenset("，。、；：！？,.;:!?（(）) \n\t“”\"'")
# Route words ending in 路 that name no road (a visual pathway, a venous access route).
ROUTE_WORDS = ("通路", "径路", "经路", "旁路", "回路", "电路", "线路", "思路", "气路", "通道")
# A demonstrative or quantifier before a facility word: a description, not a name (此区域).
DEMONSTRATIVES = frozenset("此该本其各每某这那")
# Facility / landform characters that also end everyday words (相关, 高峰, 脑桥); 区 is left
# out (地区, 小区, 坝区 end real places too).
_FACILITY_ENDS = frozenset("关峰桥")
# Area and peak characters that end regions of an organ, a probe or a chart in medical prose
# (门脉区, 核心区, 离子峰, 波峰) as well as districts and mountains (海淀区, 莲花峰).
REGION_ENDS = frozenset("区峰")
# Dictionary tags of an everyday noun before such a character (离子 n, 核心 n, 波 j).
_REGION_HEAD_TAGS = frozenset({"n", "j", "vn"})
# Administrative units: a word ending in one is a place however common its last word (辛集市).
_UNIT_ENDS = frozenset("省市县区镇乡村路街巷州旗")
# Postpositions and suffixes that end a phrase, not a name (母血中, 反流时, 厌氧性).
_PHRASE_ENDS = frozenset("中时性内后前上下里")
# Score of a place guessed from a locative word alone (privacy.detect.zh.address_places).
WEAK_PLACE = 0.35
# A span that is itself a verb or function word this frequent is no name (相比 4125; 常青 is nr).
COMMON_WORD = 1000
# Everyday two-character words this frequent do not end a place name.
ENDING_WORD_FREQ = 20
# Drug-name endings (INN stems as written in Chinese); a span that reaches into one is part of
# a drug name (阿达木单抗, 依那西普, 帕罗西汀, 西地那非).
DRUG_ENDINGS = re.compile(
    r"(?:单抗|昔单抗|珠单抗|西普|西林|霉素|沙星|洛尔|地平|替尼|那非|美辛|韦林|拉韦|布韦|他韦|普利|"
    r"沙坦|他汀|卡因|司琼|替丁|拉唑|西泮|唑仑|莫司|昔布|利特|曲坦|西汀|洛芬|帕明|噻嗪|咪唑)"
)
# A number or a slash right before a lower-case token: a unit (30mg, 10 ml, /（kg•d）).
_UNIT_BEFORE = re.compile(r"(?:[0-9]\s?|/|[a-zμ]+)[（(]?$")
# A Chinese word and an opening bracket right before a token: a gloss (利他林（ritalin）).
_GLOSS_BEFORE = re.compile(r"[\u4e00-\u9fff][（(]$")
_MONTHS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
_ACRONYM = re.compile(r"[A-Z][A-Z0-9\u2160-\u216b]{1,6}")
_GENE = re.compile(r"[A-Z]?[a-z]{1,5}[A-Z][0-9]?")
# In a reference: a journal before its year (EarlyHumDev，1998), a city before its publisher
# (London：W.B.Saunders), a country in brackets after a Latin place (Lorraine（France）).
_JOURNAL_YEAR = re.compile(r"[，,]\s*(?:1[89]|20)\d\d[，,;；(（]")
_PUBLISHER_CITY = re.compile(
    r"[：:]\s*(?:(?:[A-Z]\.){1,3}[A-Z]|[A-Z][A-Za-z ]*(?:Press|Company|Publish|Elsevier|Springer"
    r"|Saunders|Mosby|Wiley|Lippincott))"
)
_LATIN_BEFORE_BRACKET = re.compile(r"[A-Za-z][（(]")


def function_word_surname(text: str, start: int, end: int) -> bool:
    """True when the span's surname is a function word before a verb or word it begins
    (易发生, 常伴 + 有, 应根据, 和家长); 于建国 (建国, a place-tagged given name) stays."""
    word = text[start:end]
    if len(word) < 2 or word[0] not in FUNCTION_SURNAMES:
        return False
    if word[0] in MODAL_SURNAMES and text.endswith(PATIENT_NOUNS, 0, start):
        return not (end >= len(text) or text[end] in _NAME_END_MARKS or text[end] == "说")
    if word_frequency(word) > COMMON_WORD and dictionary_tag(word) in _PREDICATE_TAGS:
        return True  # 相比, 由于, 尚未: the whole span is an everyday function word or verb
    given = word[1:]
    if len(given) > 1 and given in medical_terms_zh() and not listed_name_term(given):
        return True  # 患者由静脉输液: a preposition before a medical term, not 由静脉
    word_like = len(given) > 1 and word_frequency(given) > ENDING_WORD_FREQ
    tag = dictionary_tag(given) if word_like else None
    if tag in _PREDICATE_TAGS or (word[0] in _CONJUNCTIONS and tag in _NOUN_TAGS):
        return True  # 易发生, 应根据, 和家长 (于建春: 建春 is too rare a word to outweigh a name)
    if len(given) == 1 and dictionary_tag(given) in _VERB_TAGS and not _name_ends(text, end):
        return True  # 常需持久, 应改其他: a verb after the adverb (尚进说。, 常进， are people)
    return _word_across(text, start + 1, end, first_only=True)


def listed_name_term(word: str) -> bool:
    """True when a THUOCL medical term is a person's name: surname-led, 2-3 characters and
    unknown to the dictionary (THUOCL lists physicians such as 范明, 许强, 张璐)."""
    return (
        2 <= len(word) <= 3
        and surname_length(word) == 1
        and word in medical_terms_zh()
        and not word_frequency(word)
    )


def _name_ends(text: str, end: int) -> bool:
    """True when what follows `end` is how a name ends: punctuation, the end of the text, a verb
    of saying or a form of address (尚进说, 常进，男)."""
    if end >= len(text) or text[end] in _NAME_END_MARKS:
        return True
    return text.startswith(AFTER_NAME, end) or text.startswith(CUES_AFTER, end)


def _word_across(
    text: str, start: int, end: int, min_freq: int = ENDING_WORD_FREQ, first_only: bool = False
) -> bool:
    """True when a dictionary word starts inside the span (at `start` only if `first_only`) and
    runs past its end (常伴 + 有, 和肠 + 道; 常凯申 + 说 is no 凯申说)."""
    for lo in range(start, start + 1 if first_only else end):
        for hi in range(end + 1, min(len(text), lo + 4) + 1):
            if word_frequency(text[lo:hi]) > min_freq:
                return True
    return False


def not_a_facility(word: str) -> bool:
    """True when a place's last characters are an everyday word or a route that names no road
    (密切相关, 脑电图高峰, 视觉通路), or it starts with a demonstrative (此区域)."""
    if word.endswith(ROUTE_WORDS):
        return True
    if word[:1] in DEMONSTRATIVES and (word_frequency(word[1:]) or word[1:] in ROUTE_WORDS):
        return True  # 此区域, 此经路 (那不勒斯, 那洋村 are names)
    if len(word) < 3 or word[-1] not in _FACILITY_ENDS or dictionary_tag(word) == "ns":
        return False  # 山海关 is a listed place although 海关 is a word
    tail = word[-2:]
    return word_frequency(tail) > ENDING_WORD_FREQ and dictionary_tag(tail) != "ns"


def technical_region(word: str) -> bool:
    """True when a place is an everyday or medical word plus an area or peak character
    (核心 + 区, 离子 + 峰, 门脉 + 区: 门脉 begins 门脉高压), not a named district or peak
    (海淀区, 浦东新区, 海珠区: the dictionary tags them or their heads as places)."""
    if not 2 <= len(word) <= 4 or word[-1] not in REGION_ENDS or dictionary_tag(word) == "ns":
        return False  # 海珠区, 顺义区, 牡丹峰: the dictionary lists the place whole
    head = word[:-1]
    if dictionary_tag(head) in _REGION_HEAD_TAGS and word_frequency(head) > ENDING_WORD_FREQ:
        return True
    return len(head) >= 2 and starts_medical_term(head)


def starts_medical_term(head: str) -> bool:
    """True when `head` is a medical term or begins one (门脉 in 门脉高压)."""
    terms = medical_terms_zh()
    return head in terms or any(t.startswith(head) for t in _terms_by_start().get(head[:2], ()))


@lru_cache(maxsize=1)
def _terms_by_start() -> dict[str, tuple[str, ...]]:
    """Medical terms grouped by their first two characters (built once)."""
    groups: dict[str, list[str]] = {}
    for term in medical_terms_zh():
        groups.setdefault(term[:2], []).append(term)
    return {k: tuple(v) for k, v in groups.items()}


def weak_phrase(text: str, start: int, end: int, score: float) -> bool:
    """True when a place guessed only from a locative word before it (在 / 于 / 从) ends in a
    postposition (从母血中), holds a conjunction (高氧和低) or cuts a word running past it
    (在雌虫移 + 行)."""
    if score > WEAK_PLACE:
        return False
    word = text[start:end]
    if word[-1] in _PHRASE_ENDS or any(c in _CONJUNCTIONS for c in word[1:]):
        return True
    return _word_across(text, start, end, min_freq=10)


def misread_word(word: str) -> bool:
    """True when a lone place of 3+ characters is an everyday word plus one character that
    the dictionary mis-tags as a place (多角度 = 多 + 角度, 远超过, 上消化道, 上行波)."""
    if len(word) < 3 or word[-1] in _UNIT_ENDS:
        return False
    own = word_frequency(word)
    tail, head = word[-2:] if len(word) == 3 else word[1:], word[:2]
    for part, tags in ((tail, _NOT_PLACE_TAGS), (head, _PREDICATE_TAGS)):
        if dictionary_tag(part) in tags and word_frequency(part) > max(ENDING_WORD_FREQ, own):
            return True
    return False


def cuts_drug_name(text: str, start: int, end: int, inside: bool = True) -> bool:
    """True when a drug-name ending starts inside the span or right after it and runs past its
    end (阿达木单 + 抗, 于依 + 那西普); with `inside`, also one that ends the span or all but
    its last character (西地那非, 巴西普及). 拉韦济 and 长沙星域 hold no drug."""
    window = text[max(0, start - 2) : end + 3]
    offset = max(0, start - 2)
    for m in DRUG_ENDINGS.finditer(window):
        lo, hi = m.start() + offset, m.end() + offset
        if lo <= end and hi > start and (hi > end or (inside and hi >= end - 1)):
            return True
    return False


def latin_non_name(text: str, start: int, end: int) -> bool:
    """True for a Latin token in Chinese text that no name is written like: lower case
    (kg, ritalin), an acronym (PPHN, NFⅡ), a gene or protein (VacA), a month (Jan)."""
    word = text[start:end]
    if " " in word or not word.isascii() and not _ACRONYM.fullmatch(word):
        return False
    if _JOURNAL_YEAR.match(text, end) or _PUBLISHER_CITY.match(text, end):
        return True  # EarlyHumDev，1998 / London：W.B.Saunders: a journal, a publisher's city
    closed = text[end : end + 1] in ("）", ")")
    if closed and _LATIN_BEFORE_BRACKET.fullmatch(text[max(0, start - 2) : start]):
        return True  # Lorraine（France）: a place's country in brackets
    if word in _MONTHS or (word.islower() and _UNIT_BEFORE.search(text, 0, start)):
        return True  # mg/（kg•d）: a unit (CLUENER writes names in lower case: vivien, leo)
    if text[start - 1 : start] in "（(" and cuts_drug_name(text, max(0, start - 4), start - 1):
        return True  # 阿莫西林（Amo）: the abbreviation of the drug before it
    if word.islower() and _GLOSS_BEFORE.search(text, 0, start) and clinical(text):
        return True  # 利他林（ritalin）: a Latin gloss of the term before it, in medical text
    if not (_ACRONYM.fullmatch(word) or _GENE.fullmatch(word)):
        return False
    return clinical(text)  # PPHN, VacA in medical text; LYN, GRUBBY are gamers' names


def clinical_prose(text: str) -> bool:
    """True when the text holds a medical term of three or more characters, or two different
    two-character ones (瓣环和乳头肌的收缩影响着瓣膜: 收缩, 瓣膜) and no @ (a message addressing
    @广西某医院肝病治疗中心 is social text that names a hospital)."""
    if clinical(text):
        return True
    if "@" in text or "＠" in text:
        return False
    terms = medical_terms_zh()
    found = {text[i : i + 2] for i in range(len(text) - 1) if text[i : i + 2] in terms}
    return len(found) >= 2


def clinical(text: str) -> bool:
    """True when the text holds a medical term of three or more characters (THUOCL)."""
    terms = medical_terms_zh()
    return any(text[i : i + n] in terms for n in range(3, 8) for i in range(len(text) - n + 1))
