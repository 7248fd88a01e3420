"""Chinese names found by context: role words before a name (患者, 联系人：, 操作工) and titles
after it (先生, 医生), including lists of names after one cue (操作工王伟、李强)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy.detect.zh.names_shape import (
    COMMON_WORD_FREQ,
    NOT_GIVEN,
    SCORE_CUED,
    SCORE_CUED_GUESS,
    NameHit,
    common_word,
    dict_name,
    given_ok,
    looks_like_name,
    surname_length,
)
from privacy.detect.zh.segment import Token, is_cjk, is_known, word_frequency

# Words right before a name: roles, relations and form labels (plant, clinic, port, forms).
CUES_BEFORE = tuple(
    """患者 病人 病患 患儿 产妇 伤者 死者 家属 亲属 陪护 配偶 丈夫 妻子 爱人 儿子 女儿 监护人 母亲
    护士长 科主任
    父亲 之子 之女 记者 通讯员 实习生 联系人 事故联系人 紧急联系人 姓名 申请人 报告人 负责人
    经办人 签名 当事人
    受害人 证人 户主 法定代表人 法人代表 船长 大副 二副 三副 轮机长 水手 船员 驾驶员 司机 押运员
    医生 医师 主治医师 主治医生 住院医师 管床医生 责任护士 护士 主任 经理 班长 值班长 副班长 组长
    队长 值班员 值班人 当班人 带班人 操作工 操作员 外操 内操 工人 员工 职工 安全员 技术员 巡检员
    调度员 化验员 质检员 仓管员 保安 门卫 电工 焊工 钳工 装卸工 施工人员 作业人员 检修人员
    维修人员 监护人员 记录人 交班人 接班人 检查人 审核人 批准人 收货人 发货人 托运人 代理人
    作业人 监火人 确认人 操作人 发现人 检测人 复核人 审批人 巡检人 验收人 引航员 船主 机工 轮机员
    水手长 机匠
    老伴 孙子 孙女 外孙 外孙女 儿媳 儿媳妇 女婿 侄子 侄女 外甥 外甥女 祖父 祖母 爷爷 奶奶 外公
    外婆 姥姥 姥爷 舅舅 姑姑 叔叔 婶婶 伯父 伯母 岳父 岳母 公公 婆婆 继父 继母 养父 养母 兄长
    表哥 表姐 表弟 表妹 堂兄 堂弟 堂姐 堂妹 邻居 同事 朋友""".split()
)
# Words right after a name: forms of address and titles.
CUES_AFTER = tuple(
    """先生 女士 小姐 同志 师傅 医生 医师 大夫 护士 老师 教授 经理 主任 船长 班长 工程师 队长
    所长 厂长 书记 院长 科长 部长 总监 本人 夫妇""".split()
)
# Titles and roles that introduce a named person in news, sports and arts text (局长刘元,
# 主帅里皮, 画家范曾): not enough to carve a name out of glued text, but strong evidence for a
# candidate the segmenter already isolates.
TITLES_BEFORE = tuple(
    """记者 编辑 通讯员 主编 主席 副主席 总统 总理 首相 部长 局长 厅长 省长 市长 县长 区长 镇长
    书记 秘书长 董事长 董事 总经理 副总经理 总裁 副总裁 行长 院长 校长 教授 博士 研究员 专家
    学者 分析师 律师 法官 警官 民警 导演 编剧 演员 歌手 主持人 作家 画家 诗人 艺术家 书法家
    作者 制片人 设计师 制作人 选手 球员 前锋 中场 后卫 门将 主帅 主教练 教练 球星 冠军 创始人
    发言人 代表 委员 议员 大使 将军 上校 司令 总监 主管 老师 同学 网友 哥哥 姐姐 弟弟 妹妹
    先生 太太 老婆 老公 男友 女友 明星 影星 歌星 演唱 主演 扮演 饰演 名叫 叫做 名为 得主 叫 我是
    合伙人 创办人 掌门人 继任者 前任 搭档 队友 对手 偶像 粉丝 大师 名家 藏家 收藏家""".split()
)
# Words right after a named person: verbs of saying and acting, and forms of address.
AFTER_NAME = tuple(
    """说 表示 认为 指出 称 介绍 透露 强调 告诉 坦言 解释 回忆 笑称 说道 答道 问道 觉得 希望
    承认 提出 建议 主演 执导 导演 饰演 出演 担任 出任 当选 获得 率领 带领 领衔 加盟 转会 进球
    先生 女士 小姐 同志 老师 教授 等人 夫妇 本人 曾 的作品 的妻子 的丈夫 的儿子 的女儿""".split()
)
_TITLE_BEFORE_RE = re.compile(
    "(?:" + "|".join(sorted(TITLES_BEFORE, key=len, reverse=True)) + r")[:：\s]{0,2}$"
)


_CUES = "(?:" + "|".join(sorted(CUES_BEFORE, key=len, reverse=True)) + r")[:：\s]{0,2}"
_CUE_BEFORE_RE = re.compile(_CUES + "$")
_CUE_RE = re.compile(_CUES)
_CUE_WINDOW = 10
# Joiners of a list of names after one cue: 操作工王伟、李强 / 王伟和李强 (normalization
# turns 、 into a comma, so after a comma only a whole short run counts as the next name).
LIST_JOINERS = "、,，和及与/"
_COMMAS = "、,，"


def cue_before(text: str, start: int) -> bool:
    """True when a role, relation or title word ends shortly before `start` (局长刘元)."""
    window = max(0, start - _CUE_WINDOW)
    return bool(
        _CUE_BEFORE_RE.search(text, window, start) or _TITLE_BEFORE_RE.search(text, window, start)
    )


def cue_after(text: str, start: int, end: int) -> bool:
    """True when a verb of saying, a title or a speaker colon follows [start, end)."""
    if text.startswith(AFTER_NAME, end) or text.startswith(CUES_AFTER, end):
        return True
    # A speaker or author label at the start of a line: 金石开: ...
    return (
        text.startswith((":", "："), end)
        and is_cjk(text[start:end])
        and (start == 0 or not is_cjk(text[start - 1]))
    )


def context_evidence(text: str, start: int, end: int) -> float:
    """Context evidence for a person at [start, end): 1.0 per side with a cue, 2.0 both."""
    return float(cue_before(text, start)) + float(cue_after(text, start, end))


# Prepositions and conjunctions that are also (rare) surnames: before 小李 / 老王 or a surname
# and a title they are the preposition (患者由小李陪同: 小李 is the companion, not 由小李;
# 由范明医生接诊: 范明). 于, 向, 常 are common surnames (于小伟) and stay names.
FAMILIAR_LEADS = frozenset("由和与及同跟被把让给对")


def cue_hit(text: str, tokens: Sequence[Token], i: int) -> NameHit | None:
    """A surname-initial 2-3 character run right before a title (cues before: cued_names)."""
    tok = tokens[i]
    if not surname_length(tok.word):
        return None
    start = tok.start
    if text[start + 1 : start + 2] in _FAMILIAR and surname_length(text[start + 2 : start + 3]):
        return None  # 和小李医生: 小李 is the name (familiar_names), not 和小李
    for length in (3, 2, 4):
        end = start + length
        if end > len(text):
            continue
        cand = text[start:end]
        if not looks_like_name(cand) or (is_known(cand) and not dict_name(cand)):
            continue
        if any(cand.endswith(c) or c in cand[1:] for c in CUES_AFTER):
            continue
        if text.startswith(CUES_AFTER, end):
            if length == 3 and text[start] in FAMILIAR_LEADS and surname_length(text[start + 1]):
                return NameHit(start + 1, end, SCORE_CUED)  # 由范明医生: 范明, 由 is "by"
            return NameHit(start, end, SCORE_CUED)
    return None


# 老王 / 小李 / 阿强's form: a familiar prefix and a one-character surname, said of a person.
_FAMILIAR = "老小阿"
_FAMILIAR_AT = re.compile(f"[{_FAMILIAR}](?=.)")
# Everyday words of that shape (老师说, 小时后, 阿胶): never a familiar name.
FAMILIAR_WORDS = frozenset(
    """老师 老公 老婆 老伴 老乡 老农 老家 老化 老虎 老鼠 老年 老人 老大 老二 老三 老板 老总
    老乡 老汉 老兵 老将 老友 老者 老式 老是 老路 老区 老城 老百姓 小姐 小孩 小时 小区 小米 小于
    小心 小学 小组 小便 小儿 小肠 小腿 小说 小型 小麦 小吃 小鸡 小康 小伙 小童 小贩 小车
    阿姨 阿里 阿胶 阿司 阿米 阿文 阿方""".split()
)


def familiar_names(text: str) -> list[NameHit]:
    """老王 / 小李 right after a role cue, or before a title or a verb of saying (紧急联系人老王,
    护士小李记录, 老王说): with that evidence a familiar name is a person; without it 小王 may be
    anything."""
    hits = []
    for m in _FAMILIAR_AT.finditer(text):
        pos = m.start()
        if surname_length(text[pos + 1]) != 1:
            continue
        end = pos + 2
        after = text.startswith(CUES_AFTER, end) or text.startswith(AFTER_NAME, end)
        before = _CUE_BEFORE_RE.search(text, max(0, pos - _CUE_WINDOW), pos) is not None
        if text[pos:end] in FAMILIAR_WORDS:
            continue
        if not (after or before) or (not after and is_known(text[pos : end + 1])):
            continue  # 小王子, 老张家口: the run makes a longer word, no familiar name
        hits.append(NameHit(pos, end, SCORE_CUED))
    return hits


def cued_names(text: str) -> list[NameHit]:
    """Names right after a role cue (安全员高俊勇发现, 家属：方军), read from the characters.

    The segmenter often glues a cued name to its neighbours (联系人丁英超 -> 人丁 / 英超), so
    the candidate is taken from the text: a surname, then 1-2 given characters ending where
    the sentence continues. Lists after one cue (操作工王伟、李强) are followed.
    """
    hits: list[NameHit] = []
    for cue in _CUE_RE.finditer(text):
        pos, strict = cue.end(), False
        if text.startswith(CUES_BEFORE, pos):
            continue  # 患者母亲陈秀英: the name follows the second cue, not 母亲陈 after the first
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
    if familiar_after_function_word(text, start):
        return NameHit(start + 1, start + 3, SCORE_CUED)  # 患者由小李陪同: 小李
    n = surname_length(text[start : start + 2])
    if not n:
        return None
    stop = start
    while stop < len(text) and stop - start < 8 and is_cjk(text[stop]):
        stop += 1
    run = text[start:stop]
    if len(run) in (n + 1, n + 2) and given_ok(run[n:]):
        # The run ends at punctuation, a digit or the text end: the whole run is the name.
        digit = stop < len(text) and text[stop].isdigit()
        if strict and (digit or common_word(run)):
            return None
        weak = digit and common_word(run[: n + 1])
        return NameHit(start, stop, SCORE_CUED_GUESS if weak else SCORE_CUED)
    if strict or (glued and is_known(run[: n + 1])):
        return None
    best: tuple[int, int] | None = None  # (evidence, length)
    for length in (n + 2, n + 1):
        if length >= len(run) or not given_ok(run[n:length]) or common_word(run[:length]):
            continue
        evidence = _continues(run[length:])
        if evidence and (best is None or evidence > best[0]):
            best = (evidence, length)
    if best is not None:
        return NameHit(start, start + best[1], SCORE_CUED)
    if common_word(run[: n + 1]):
        return None
    for length in (n + 2, n + 1):  # no evidence either way: mask the longer reading
        if given_ok(run[n:length]):
            return NameHit(start, start + length, SCORE_CUED_GUESS)
    return None


def familiar_after_function_word(text: str, start: int) -> bool:
    """True when text[start] is a preposition or conjunction before a familiar name (由小李,
    和老王): the function word is no surname and the name starts one character later."""
    return (
        text[start : start + 1] in FAMILIAR_LEADS
        and text[start + 1 : start + 2] in _FAMILIAR
        and surname_length(text[start + 2 : start + 3]) == 1
        and text[start + 1 : start + 3] not in FAMILIAR_WORDS
        and not is_known(text[start + 1 : start + 4])
    )


def _continues(rest: str) -> int:
    """How clearly a sentence goes on at `rest`: 2 for a dictionary word, 1 for a grammar
    character, 0 for neither."""
    if any(word_frequency(rest[:k]) for k in (2, 3, 4) if len(rest) >= k):
        return 2
    return 1 if rest[:1] in NOT_GIVEN else 0
