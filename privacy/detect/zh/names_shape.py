"""The shape of a Chinese person name: surname lists (single, weak, compound), characters that
cannot be a given name, dictionary evidence, and the scores name candidates get."""

from __future__ import annotations

from functools import lru_cache

from privacy.detect.spans import Candidate
from privacy.detect.zh.segment import dictionary_tag, is_cjk, word_frequency

# Common single-character surnames (roughly the 300 most frequent).
SURNAMES_STRONG = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅邹孟熊秦邱江尹薛闫阎段雷侯史陶黎贺顾"
    "毛郝龚邵钱严覃戴莫孔汤施牛樊葛邢乔伍庞颜倪庄聂章岳翟殷詹申耿焦俞柳祝舒阮柯纪童凌"
    "裴霍涂苗谷翁冉骆靳蒲滕屈饶牟尤穆卓缪褚娄窦戚岑党费卜冷晏瞿佟臧闵苟邬卞姬栾隋刁巫寇"
    "甄仲虞敖巩佘邝鞠荆冀郁胥储栗鄢谌奚粟冼蔺阚郜帅屠朴漆扈晁芮阙邸雍辜裘亓邰逯茹慕嵇亢"
    "萧赖"
)
# Surnames that are also everyday words (高, 明, 方, 白 ...): need more evidence than the shape.
SURNAMES_WEAK = frozenset(
    "高龙万武向常温康文易齐鲁关兰包宁尚符梅毕单季成盛曲路游辛管柴蒙鲍华喻祁房解艾阳时农"
    "司古吉简车项连麦景宫席卫米柏宗桂全应边师和仇商沙荣桑郎丛池查麻苑迟官封谈匡惠乐南班原"
    "燕楚劳皮楼盘满闻位厉伊区海花权强豆盖练廉禹井祖巴丰支卿国狄平计索宣晋相初门云容敬来都"
    "普浦戈伏鹿薄羊乌母修赫杭况那宿鲜印隆诸战危玉银公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束"
    "檀衣信展阴昝智幸奉植衡富尧闭由欧明方白安于石黄洪甘蓝"
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 司空 夏侯 轩辕 令狐 端木 西门 "
    "南宫 独孤 百里 呼延 万俟 澹台 公冶 太史 申屠 钟离 闾丘 东郭 赫连 拓跋 第五 纳兰 完颜 "
    "爱新觉罗 乐正 濮阳 淳于 单于 仲孙 宗政 亓官 司寇 巫马 公西 漆雕 壤驷 公良 谷梁 宰父 "
    "段干 梁丘 左丘 东门 西方".split()
)
SURNAMES = SURNAMES_STRONG | SURNAMES_WEAK

# Characters that end a name candidate: grammar words, verbs of saying, numerals, units.
NOT_GIVEN = frozenset(
    "的了是在和与或及就都也还又被把将从对向给为以于而但却说道讲称表示等这那些个们我你他她它"
    "有没不很更最年月日时分号元岁天人里上下中内外前后左右来去到过着之其此该各每某已曾再才只"
    "请让使由自如若因所并且即要会能可应须得地么吗呢吧啊哦二三四五六七八九十百千万亿零两"
    "几多少半第次位名室楼区市县省镇乡村路街"
)

# A two-character dictionary word seen more often than this is an ordinary word, not a name.
COMMON_WORD_FREQ = 150

SCORE_CUED = 0.85
SCORE_CUED_GUESS = 0.6


NameHit = Candidate  # a name candidate in the segmented text's offsets


def surname_length(word: str) -> int:
    """Length of the surname `word` starts with (2 for compound surnames), 0 for none."""
    if word[:2] in COMPOUND_SURNAMES:
        return 2
    if word[:1] in SURNAMES:
        return 1
    return 0


def given_ok(chars: str) -> bool:
    """True when `chars` could be a given name (1-2 characters, none of them grammar words)."""
    return 1 <= len(chars) <= 2 and is_cjk(chars) and not any(c in NOT_GIVEN for c in chars)


@lru_cache(maxsize=65536)
def looks_like_name(word: str) -> bool:
    """Surname + 1-2 given-name characters (compound surname allowed), as one word."""
    n = surname_length(word)
    if not n or not is_cjk(word):
        return False
    return given_ok(word[n:])


def dict_name(word: str) -> bool:
    """True when the dictionary tags `word` as a person name."""
    return dictionary_tag(word) in ("nr", "nrfg")


def common_word(word: str) -> bool:
    """True for a frequent dictionary word that the dictionary does not tag as a name."""
    return word_frequency(word) > COMMON_WORD_FREQ and not dict_name(word)


@lru_cache(maxsize=65536)
def occurs_twice(text: str, word: str) -> bool:
    """True when `word` occurs more than once in `text` (memoized: a 1 MB field asks once per
    distinct word, not once per reading; the key hashes in O(1), str caches its hash)."""
    first = text.find(word)
    return first >= 0 and text.find(word, first + 1) >= 0
