"""Each class of Chinese medical false name or place is vetoed; real names and addresses stay."""

from __future__ import annotations

import pytest

from privacy.detect.scanner import Scanner
from privacy.detect.zh import veto_places
from privacy.detect.zh.veto_places import in_the_clear, state_level, states_only


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(spacy_model=None)


def _found(scanner: Scanner, text: str) -> set[tuple[str, str]]:
    return {(s.entity_type, s.text) for s in scanner.scan([text])[0]}


@pytest.mark.parametrize(
    "word", ["美国", "欧洲", "广东省", "北京", "北京市", "亚太地区", "欧美国家", "新疆维吾尔自治区"]
)
def test_state_level_places_are_in_the_clear(word: str) -> None:
    assert state_level(word) and in_the_clear(word)


@pytest.mark.parametrize("word", ["昆明", "多伦多", "大连市", "中山区", "人民路"])
def test_cities_and_smaller_places_are_not(word: str) -> None:
    assert not in_the_clear(word)


def test_cities_can_be_let_through_by_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(veto_places, "CITIES_IN_CLEAR", True)
    assert in_the_clear("昆明") and not in_the_clear("人民路")


@pytest.mark.parametrize("text", ["美国俄亥俄州", "英国苏格兰", "辽宁省", "中国"])
def test_chains_of_states_are_states_only(text: str) -> None:
    assert states_only(text)


@pytest.mark.parametrize("text", ["山东威海", "加拿大埃德蒙顿", "辽宁省大连市", "中国俄亥州路"])
def test_a_city_in_the_chain_keeps_it_masked(text: str) -> None:
    assert not states_only(text)


@pytest.mark.parametrize(
    "text",
    [
        "2006年，美国医学遗传学会新生儿筛查专家组成立。",
        "tekin等报道美国俄亥俄州儿童CVS发病率为1.9%。",
        "已明确芬兰型先天性肾病综合征的致病基因。",
        "纽卡斯尔病病毒感染可引起结膜炎。",
    ],
)
def test_countries_states_and_eponymous_places_are_not_masked(scanner: Scanner, text: str) -> None:
    assert not _found(scanner, text)


@pytest.mark.parametrize(
    "text, address",
    [
        ("患者现住美国纽约州曼哈顿第五大道88号。", "88号"),
        ("家住北京市朝阳区建国路5号。", "北京市朝阳区建国路5号"),
        ("现住址：广东省广州市天河区体育西路12号3栋。", "广东省广州市天河区体育西路12号3栋"),
    ],
)
def test_addresses_under_a_state_stay_masked_whole(
    scanner: Scanner, text: str, address: str
) -> None:
    assert any(t == "ADDRESS" and address in s for t, s in _found(scanner, text))


@pytest.mark.parametrize(
    "text, place",
    [("6月在美国加州阿纳海姆举行年会。", "美国加州"), ("他住在夏威夷水岸1号小区。", "夏威夷")],
)
def test_a_state_heading_a_smaller_place_stays_masked(
    scanner: Scanner, text: str, place: str
) -> None:
    assert any(place in s for t, s in _found(scanner, text) if t in ("LOCATION", "ADDRESS"))


def test_a_lone_city_stays_masked(scanner: Scanner) -> None:
    assert ("LOCATION", "昆明") in _found(scanner, "1999年7月在昆明召开了全国会议。")


@pytest.mark.parametrize(
    "text",
    [
        "特异体质患儿易发生本病。",
        "PPHN患者常伴有胎粪吸入性肺炎。",
        "适合过敏体质患儿和肠道功能发育不完善者。",
        "3周内无效的病人应改其他NSAIDs。",
        "临床医师应根据一些普遍规律进行判断。",
        "与先天性心脏病的成人患者相比，儿童患者更易耐受。",
    ],
)
def test_function_word_surnames_before_a_verb_are_no_names(scanner: Scanner, text: str) -> None:
    assert not any(t == "PERSON" for t, _ in _found(scanner, text))


@pytest.mark.parametrize(
    "text, name",
    [
        ("患者于建国于昨日出院。", "于建国"),
        ("患者和珅入院。", "和珅"),
        ("常凯申说他明天来。", "常凯申"),
        ("主治医师应勇查房。", "应勇"),
        ("《成吉思汗》。尚进说。这款游戏很好。", "尚进"),
    ],
)
def test_people_with_those_surnames_stay_names(scanner: Scanner, text: str, name: str) -> None:
    assert ("PERSON", name) in _found(scanner, text)


@pytest.mark.parametrize(
    "text",
    [
        "感染、死亡率升高密切相关。",
        "在头部记录到由视觉通路所产生的电位变化。",
        "与颈内、锁骨下静脉径路不同，本径路便于操作。",
        "此经路可使用较大的鞘管。",
        "C形臂X线机可多角度采集复杂图像。",
        "不能作为有上消化道症状儿童的最初评估。",
        "狂犬病病毒、呼吸道肠道病毒等。",
    ],
)
def test_everyday_and_clinical_words_are_no_places(scanner: Scanner, text: str) -> None:
    assert not any(t in ("LOCATION", "ADDRESS") for t, _ in _found(scanner, text))


@pytest.mark.parametrize(
    "text",
    [
        "使用英夫利昔和阿达木单抗后发生急性副反应。",
        "口服西地那非组的肺动脉压下降。",
        "肿瘤发生于依那西普使用后3周。",
        "帕罗西汀（paroxetine）可用于抑郁。",
        "阿莫西林（Amo）30～50mg，每日两次。",
    ],
)
def test_cut_drug_names_are_no_names_or_places(scanner: Scanner, text: str) -> None:
    assert not _found(scanner, text)


@pytest.mark.parametrize(
    "text",
    [
        "剂量为10mg/（kg•d），一次口服。",
        "PPHN患儿常伴有胎粪吸入性肺炎。",
        "幽门螺杆菌的CagA、VacA蛋白抗体可用于诊断。",
        "中枢兴奋剂如利他林（ritalin）等可加重抽动症状。",
        "见文献：2002Jan；43（1）：1-5。",
    ],
)
def test_latin_units_acronyms_and_genes_are_no_names(scanner: Scanner, text: str) -> None:
    assert not any(t == "PERSON" for t, _ in _found(scanner, text))


def test_a_name_with_its_latin_form_in_brackets_stays(scanner: Scanner) -> None:
    """The drug-and-abbreviation veto (阿莫西林（Amo）) needs a drug ending before the bracket."""
    found = _found(scanner, "主治医师王建国（Wang）查房后调整了阿莫西林（Amo）的剂量。")
    assert any(t == "PERSON" and "王建国" in s for t, s in found), found
    assert not any("阿莫西林" in s for _, s in found), found


@pytest.mark.parametrize(
    "text, name",
    [
        ("2001年，Pearson在新英格兰医学杂志首次报道。", "Pearson"),
        ("英国儿科医师George Still早在1897年就描述了本病。", "George Still"),
    ],
)
def test_latin_names_in_chinese_text_stay(scanner: Scanner, text: str, name: str) -> None:
    assert any(t == "PERSON" and name in s for t, s in _found(scanner, text))


@pytest.mark.parametrize(
    "text, name",
    [("LYN不是星际2打得最好的选手。", "LYN"), ("学生elaine说，25日晚他来了。", "elaine")],
)
def test_acronyms_and_lower_case_names_outside_medical_text_stay(
    scanner: Scanner, text: str, name: str
) -> None:
    assert ("PERSON", name) in _found(scanner, text)


def test_an_eponym_head_beats_a_patient_cue(scanner: Scanner) -> None:
    assert not any(t == "PERSON" for t, _ in _found(scanner, "少数患者冷凝集试验阳性。"))


@pytest.mark.parametrize(
    ("text", "eponym"),
    [
        ("这些导管形状各异，如Gensini导管，cobra导管等。", "Gensini"),
        ("此时，可根据Lafarge和Meittinen公式大致估算氧耗量。", "Lafarge"),
        ("采用Hardy与Weinberg定律计算。", "Hardy"),
    ],
)
def test_latin_eponyms_of_devices_and_formulas_are_no_people(
    scanner: Scanner, text: str, eponym: str
) -> None:
    assert ("PERSON", eponym) not in _found(scanner, text)


def test_latin_researchers_and_cued_doctors_stay_people(scanner: Scanner) -> None:
    found = _found(scanner, "在90年代初，Roborts和Kinsella首次报道将NO吸入用于PPHN。")
    assert {("PERSON", "Roborts"), ("PERSON", "Kinsella")} <= found
    assert ("PERSON", "Smith") in _found(scanner, "主治医师Smith查房后同意出院。")


@pytest.mark.parametrize("name", ["晏章炎", "王素", "李季"])
def test_names_ending_like_clinical_words_stay_names_outside_clinical_text(
    scanner: Scanner, name: str
) -> None:
    """炎 / 素 / 季 end given names as well as 肺炎 / 维生素 / 夏秋季: vetoed in clinical prose."""
    assert ("PERSON", name) in _found(scanner, f"记者{name}昨日在北京报道了这场比赛的结果。")


def test_a_name_final_is_vetoed_only_in_clinical_prose() -> None:
    """The same candidate 夏秋季 / 李炎: vetoed where the text is clinical, kept elsewhere."""
    from privacy.detect.spans import Span
    from privacy.detect.zh.veto import keep

    def person(text: str, word: str) -> Span:
        start = text.index(word)
        return Span(start, start + len(word), "PERSON", 0.6, word)

    clinical = "本病多于夏秋季发病，表现为支气管肺炎，需补充维生素。"
    assert not keep(clinical, person(clinical, "夏秋季"))
    news = "记者李炎昨日在北京报道了这场比赛的结果。"
    assert keep(news, person(news, "李炎"))
    ward = "儿童易患毛细支气管炎，李炎认为应补充维生素。"
    assert not keep(ward, person(ward, "李炎")), "in clinical prose the ending wins"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("球队的核心人物萨维奥（saviobortolini）在上周五的联赛中扭伤膝盖。", "萨维奥"),
        ("拍卖公司今天表示，鲍伯狄伦（bobdylan）1960年代的手稿将上拍。", "鲍伯狄伦"),
    ],
)
def test_a_foreign_name_with_its_spelling_in_brackets_stays_a_name(
    scanner: Scanner, text: str, name: str
) -> None:
    found = _found(scanner, text)
    assert any(e == "PERSON" and name in t for e, t in found), found


def test_a_drug_with_its_latin_name_in_brackets_is_no_person(scanner: Scanner) -> None:
    text = "必要时用肌松剂，如潘可龙（pancuronium）每次0.1mg/kg，每1～4小时一次。"
    assert not any(e == "PERSON" for e, _ in _found(scanner, text))


@pytest.mark.parametrize("text", ["大连湾号靠泊3号泊位。", "长山岛轮今日到港。"])
def test_a_ship_named_after_a_place_is_no_location(scanner: Scanner, text: str) -> None:
    """A vessel's name (大连湾号) is no place anyone is; 大连湾街道 still is."""
    assert not any(e == "LOCATION" for e, _ in _found(scanner, text))
    assert ("LOCATION", "大连湾街道") in _found(scanner, "住大连湾街道。")


@pytest.mark.parametrize(
    "text, role, name",
    [
        ("由患者之子赵文博代诉病史。", "之子", "赵文博"),
        ("术前谈话：患者之女刘晓敏签字同意。", "之女", "刘晓敏"),
    ],
)
def test_a_role_word_is_never_a_name_but_the_name_after_it_is(
    text: str, role: str, name: str
) -> None:
    found = {s.text for s in Scanner().scan([text])[0] if s.entity_type == "PERSON"}
    assert role not in found
    assert any(name in f for f in found)


def test_a_rare_dictionary_verb_after_a_role_cue_is_a_name(scanner: Scanner) -> None:
    # jieba lists 付强 as a verb (frequency 3); after a role cue it is a person.
    assert ("PERSON", "付强") in _found(scanner, "动火监护人：付强，持证上岗。")


def test_a_common_verb_after_a_role_cue_stays_a_verb(scanner: Scanner) -> None:
    assert not any(
        t == "PERSON" and "会诊" in s for t, s in _found(scanner, "副主任医师会诊后建议手术。")
    )
