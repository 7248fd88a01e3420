"""Chinese person names from jieba tokens: surnames, dictionary tags, HMM new words and cue words.

No model download: evidence comes from jieba's bundled dictionary (nr/nrfg/nrt tags), its HMM
new-word discovery (unknown names tend to come out as one word), a surname list with the
common compound surnames, characters typical of transliterated foreign names, and context
cues (患者 X, X 先生, 联系人: X ...).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from privacy.segment_zh import Token, dictionary_tag, is_known, word_frequency

# Common single-character surnames (roughly the 300 most frequent).
SURNAMES_STRONG = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅邹孟熊秦邱江尹薛闫阎段雷侯史陶黎贺顾"
    "毛郝龚邵钱严覃戴莫孔汤施牛樊葛邢乔伍庞颜倪庄聂章岳翟殷詹申耿焦俞柳祝舒阮柯纪童凌"
    "裴霍涂苗谷翁冉骆靳蒲滕屈饶牟尤穆卓缪褚娄窦戚岑党费卜冷晏瞿佟臧闵苟邬卞姬栾隋刁巫寇"
    "甄仲虞敖巩佘邝鞠荆冀郁胥储栗鄢谌奚粟冼蔺阚郜帅屠朴漆扈晁芮阙邸雍辜裘亓邰逯茹慕嵇亢"
    "萧"
)
# Surnames that are also everyday words (高, 明, 方, 白 ...): need more evidence than the shape.
SURNAMES_WEAK = frozenset(
    "高龙万武向常温康文易齐鲁关兰包宁尚符梅毕单季成盛曲路游辛管柴蒙鲍华喻祁房解艾阳时农"
    "司古吉简车项连麦景宫席卫米柏宗桂全应边师和仇商沙荣桑郎丛池查麻苑迟官封谈匡惠乐南班原"
    "燕楚劳皮楼盘满闻位厉伊区海花权强豆盖练廉禹井祖巴丰支卿国狄平计索宣晋相初门云容敬来都"
    "普浦戈伏鹿薄羊乌母修赫杭况那宿鲜印隆诸战危玉银公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束"
    "檀衣信展阴昝智幸奉植衡富尧闭由欧明方白安于石黄"
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 司空 夏侯 轩辕 令狐 端木 西门 "
    "南宫 独孤 百里 呼延 万俟 澹台 公冶 太史 申屠 钟离 闾丘 东郭 赫连 拓跋 第五 纳兰 完颜 "
    "爱新觉罗 乐正 濮阳 淳于 单于 仲孙 宗政 亓官 司寇 巫马 公西 漆雕 壤驷 公良 谷梁 宰父 "
    "段干 梁丘 左丘 东门 西方".split()
)
SURNAMES = SURNAMES_STRONG | SURNAMES_WEAK

# Characters that make up transliterated foreign names (斯图尔特, 穆里尼奥 ...).
TRANSLIT = frozenset(
    "尔斯拉克特里德夫卡阿布塔巴哈格尼维瓦奥达伊托米普诺洛纳勒莱姆蒂弗萨茨帕塞库曼莫埃贝什菲"
    "迪赫穆耶凯戈朗顿默扎瑟佩韦坎娜涅沃迈努彼妮佐莎罕珀撒厄琳翰亨莉奎夸芙丽亚安森罗西利吉"
    "杰丹乔汉雅艾森林约翰尤娅露玛琪丝蕾柯霍梅波坦兹科索蒙姆"
)

# Characters that end a name candidate: grammar words, verbs of saying, numerals, units.
NOT_GIVEN = frozenset(
    "的了是在和与或及就都也还又被把将从对向给为以于而但却说道讲称表示等这那些个们我你他她它"
    "有没不很更最年月日时分号元岁天人里上下中内外前后左右来去到过着之其此该各每某已曾再才只"
    "请让使由自如若因所并且即要会能可应须得地么吗呢吧啊哦二三四五六七八九十百千万亿零两"
    "几多少半第次位名室楼区市县省镇乡村路街"
)

# Words right before a name: roles, relations and form labels (plant, clinic, port, forms).
CUES_BEFORE = tuple(
    """患者 病人 病患 患儿 产妇 伤者 死者 家属 亲属 陪护 配偶 丈夫 妻子 爱人 儿子 女儿 监护人 母亲
    父亲 之子 之女 联系人 事故联系人 紧急联系人 姓名 申请人 报告人 负责人 经办人 签名 当事人
    受害人 证人 户主 法定代表人 法人代表 船长 大副 二副 三副 轮机长 水手 船员 驾驶员 司机 押运员
    医生 医师 主治医师 主治医生 住院医师 管床医生 责任护士 护士 主任 经理 班长 值班长 副班长 组长
    队长 值班员 值班人 当班人 带班人 操作工 操作员 外操 内操 工人 员工 职工 安全员 技术员 巡检员
    调度员 化验员 质检员 仓管员 保安 门卫 电工 焊工 钳工 装卸工 施工人员 作业人员 检修人员
    维修人员 监护人员 记录人 交班人 接班人 检查人 审核人 批准人 收货人 发货人 托运人 代理人
    作业人 监火人 确认人 操作人 发现人""".split()
)
# Words right after a name: forms of address and titles.
CUES_AFTER = tuple(
    """先生 女士 小姐 同志 师傅 医生 医师 大夫 护士 老师 教授 经理 主任 船长 班长 工程师 队长
    所长 厂长 书记 院长 科长 部长 总监 本人 夫妇""".split()
)
_CUES = "(?:" + "|".join(sorted(CUES_BEFORE, key=len, reverse=True)) + r")[:：\s]{0,2}"
_CUE_BEFORE_RE = re.compile(_CUES + "$")
_CUE_RE = re.compile(_CUES)
_CUE_WINDOW = 10
# Joiners of a list of names after one cue: 操作工王伟、李强 / 王伟和李强 (normalization
# turns 、 into a comma, so after a comma only a whole short run counts as the next name).
LIST_JOINERS = "、,，和及与/"
_COMMAS = "、,，"

# A two-character dictionary word seen more often than this is an ordinary word, not a name.
COMMON_WORD_FREQ = 150

SCORE_CUED = 0.85
SCORE_DICT_NAME = 0.75
SCORE_NEW_WORD = 0.7
SCORE_SURNAME_PLUS = 0.55
SCORE_TRANSLIT = 0.55
SCORE_CUED_GUESS = 0.6
CUE_BOOST = 0.2

_CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")


@dataclass(slots=True, frozen=True)
class NameHit:
    """A name candidate in the segmented text's offsets."""

    start: int
    end: int
    score: float


def _is_cjk(word: str) -> bool:
    """True when every character is a CJK ideograph."""
    return bool(_CJK.match(word))


def surname_length(word: str) -> int:
    """Length of the surname `word` starts with (2 for compound surnames), 0 for none."""
    if word[:2] in COMPOUND_SURNAMES:
        return 2
    if word[:1] in SURNAMES:
        return 1
    return 0


def _strong_surname(word: str) -> bool:
    """True when `word` starts with a compound surname or a surname that is rarely a word."""
    return word[:2] in COMPOUND_SURNAMES or word[:1] in SURNAMES_STRONG


def _given_ok(chars: str) -> bool:
    """True when `chars` could be a given name (1-2 characters, none of them grammar words)."""
    return 1 <= len(chars) <= 2 and _is_cjk(chars) and not any(c in NOT_GIVEN for c in chars)


@lru_cache(maxsize=65536)
def looks_like_name(word: str) -> bool:
    """Surname + 1-2 given-name characters (compound surname allowed), as one word."""
    n = surname_length(word)
    if not n or not _is_cjk(word):
        return False
    return _given_ok(word[n:])


def _translit(word: str) -> bool:
    """True for words made only of transliteration characters (3+ chars, or 2 with no dict use)."""
    return len(word) >= 2 and all(c in TRANSLIT for c in word)


def find_names(text: str, tokens: Sequence[Token]) -> list[NameHit]:
    """Name spans in `text` (the segmented string): cue-led runs plus jieba-token evidence."""
    return _merge([*cued_names(text), *_token_names(text, tokens)])


def _merge(hits: list[NameHit]) -> list[NameHit]:
    """Overlapping candidates become their union (recall first), scored by the best of them."""
    out: list[NameHit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and hit.start < out[-1].end:
            last = out[-1]
            out[-1] = NameHit(last.start, max(last.end, hit.end), max(last.score, hit.score))
        else:
            out.append(hit)
    return out


def _token_names(text: str, tokens: Sequence[Token]) -> list[NameHit]:
    """Name spans from the jieba tokens: dictionary names, HMM new words, surname + given."""
    hits: list[NameHit] = []
    n = len(tokens)
    i = 0
    while i < n:
        hit = _token_hit(tokens, i)
        if hit is not None:
            start, end, score, used = hit
            # Transliterated names joined by a middle dot: 西摩尔·霍夫曼.
            j = i + used
            while (
                j + 1 < n
                and tokens[j].word in ("·", ".", "-")
                and _translit(tokens[j + 1].word)
                and score <= SCORE_TRANSLIT + CUE_BOOST
            ):
                end = tokens[j + 1].end
                j += 2
            if _cued(text, start, end):
                score = max(score + CUE_BOOST, SCORE_CUED)
            hits.append(NameHit(start, end, min(score, 0.95)))
            i = j
            continue
        cued = _cue_hit(text, tokens, i)
        if cued is not None:
            hits.append(cued)
            i += 1
            while i < n and tokens[i].start < cued.end:
                i += 1
            continue
        i += 1
    return hits


def _token_hit(tokens: Sequence[Token], i: int) -> tuple[int, int, float, int] | None:
    """(start, end, score, tokens used) when the token at i starts a name, else None."""
    tok = tokens[i]
    word = tok.word
    if not _is_cjk(word):
        return None
    if tok.tag in ("nr", "nrfg") and 2 <= len(word) <= 4 and _strong_surname(word):
        # jieba tags many everyday words nr (荣誉, 明星, 谢谢): a frequent 2-char word is not
        # taken as a name without a cue.
        if len(word) > 2 or word_frequency(word) <= COMMON_WORD_FREQ:
            return tok.start, tok.end, SCORE_DICT_NAME, 1
    if tok.tag is None and 2 <= len(word) <= 4 and looks_like_name(word):
        given = word[surname_length(word) :]
        if _strong_surname(word) and dictionary_tag(given) not in _NOT_NAME_TAGS:
            return tok.start, tok.end, SCORE_NEW_WORD, 1
    if tok.tag in (None, "nrt", "nr") and len(word) >= 3 and _translit(word):
        return tok.start, tok.end, SCORE_TRANSLIT, 1
    # Surname as its own word followed by a short given name the segmenter split off; not
    # after a number, where 周/天/年-like characters are units (1周入院).
    after_number = i > 0 and (tokens[i - 1].word.isdigit() or tokens[i - 1].tag in ("m", "mq"))
    if surname_length(word) == len(word) and i + 1 < len(tokens) and not after_number:
        nxt = tokens[i + 1]
        if _given_ok(nxt.word) and nxt.tag not in _NOT_NAME_TAGS and _strong_surname(word):
            return tok.start, nxt.end, SCORE_SURNAME_PLUS, 2
    return None


# Dictionary tags of words that do not continue a name (verbs, particles, numbers ...).
_NOT_NAME_TAGS = frozenset(
    "v vd vn vg p c u uj ul uz ud ug uv d r m q mq f t y e o zg x eng k h".split()
)


def _cued(text: str, start: int, end: int) -> bool:
    """True when a role word precedes [start, end) or a title follows it."""
    if _CUE_BEFORE_RE.search(text, max(0, start - _CUE_WINDOW), start):
        return True
    return text.startswith(CUES_AFTER, end)


def _cue_hit(text: str, tokens: Sequence[Token], i: int) -> NameHit | None:
    """A surname-initial 2-3 character run right before a title (cues before: cued_names)."""
    tok = tokens[i]
    if not surname_length(tok.word):
        return None
    start = tok.start
    for length in (3, 2, 4):
        end = start + length
        if end > len(text):
            continue
        cand = text[start:end]
        if not looks_like_name(cand) or (is_known(cand) and not _dict_name(cand)):
            continue
        if any(cand.endswith(c) or c in cand[1:] for c in CUES_AFTER):
            continue
        if text.startswith(CUES_AFTER, end):
            return NameHit(start, end, SCORE_CUED)
    return None


def _dict_name(word: str) -> bool:
    """True when the dictionary tags `word` as a person name."""
    return dictionary_tag(word) in ("nr", "nrfg")


def cued_names(text: str) -> list[NameHit]:
    """Names right after a role cue (安全员高俊勇发现, 家属：方军), read from the characters.

    The segmenter often glues a cued name to its neighbours (联系人丁英超 -> 人丁 / 英超), so
    the candidate is taken from the text: a surname, then 1-2 given characters ending where
    the sentence continues. Lists after one cue (操作工王伟、李强) are followed.
    """
    hits: list[NameHit] = []
    for cue in _CUE_RE.finditer(text):
        pos, strict = cue.end(), False
        # 家属于今日: the cue's last character makes a word with the next one (属于).
        glued = word_frequency(text[pos - 1 : pos + 1]) > COMMON_WORD_FREQ
        while (hit := _name_at(text, pos, strict, glued)) is not None:
            hits.append(hit)
            if hit.end + 1 >= len(text) or text[hit.end] not in LIST_JOINERS:
                break
            pos, strict, glued = hit.end + 1, text[hit.end] in _COMMAS, False
    return hits


def _name_at(text: str, start: int, strict: bool = False, glued: bool = False) -> NameHit | None:
    """The cued name starting at `start`, or None when no surname-led name fits there.

    `strict` (a list item after a comma) takes only a whole short run ending at punctuation;
    `glued` (the cue reads on into a word) takes a longer run only when its first two
    characters are no dictionary word (家属于磊浩电话, not 家属于今日来院).
    """
    n = surname_length(text[start : start + 2])
    if not n:
        return None
    stop = start
    while stop < len(text) and stop - start < 8 and _is_cjk(text[stop]):
        stop += 1
    run = text[start:stop]
    if len(run) in (n + 1, n + 2) and _given_ok(run[n:]):
        # The run ends at punctuation, a digit or the text end: the whole run is the name.
        digit = stop < len(text) and text[stop].isdigit()
        if strict and (digit or _common_word(run)):
            return None
        weak = digit and _common_word(run[: n + 1])
        return NameHit(start, stop, SCORE_CUED_GUESS if weak else SCORE_CUED)
    if strict or (glued and is_known(run[: n + 1])):
        return None
    best: tuple[int, int] | None = None  # (evidence, length)
    for length in (n + 2, n + 1):
        if length >= len(run) or not _given_ok(run[n:length]) or _common_word(run[:length]):
            continue
        evidence = _continues(run[length:])
        if evidence and (best is None or evidence > best[0]):
            best = (evidence, length)
    if best is not None:
        return NameHit(start, start + best[1], SCORE_CUED)
    if _common_word(run[: n + 1]):
        return None
    for length in (n + 2, n + 1):  # no evidence either way: mask the longer reading
        if _given_ok(run[n:length]):
            return NameHit(start, start + length, SCORE_CUED_GUESS)
    return None


def _continues(rest: str) -> int:
    """How clearly a sentence goes on at `rest`: 2 for a dictionary word, 1 for a grammar
    character, 0 for neither."""
    if any(word_frequency(rest[:k]) for k in (2, 3, 4) if len(rest) >= k):
        return 2
    return 1 if rest[:1] in NOT_GIVEN else 0


def _common_word(word: str) -> bool:
    """True for a frequent dictionary word that the dictionary does not tag as a name."""
    return word_frequency(word) > COMMON_WORD_FREQ and not _dict_name(word)
