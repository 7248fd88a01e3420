"""A new user's clinical notes: a ward round after a title, a medicine cut by a place reading and
hospitals named after their city; each with the other side of its line."""

from __future__ import annotations

import pytest

from privacy.detect.entities import LOCATION, PERSON
from privacy.detect.scanner import Scanner


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def _found(scanner: Scanner, text: str) -> dict[str, str]:
    return {text[s.start : s.end]: s.entity_type for s in scanner.scan([text], "zh")[0]}


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("主任医师查房，指示继续治疗。", {}),  # 查房 is the ward round, though 查 is a surname
        ("主治医师会诊后同意手术。", {}),
        ("主任医师王芳查房，指示继续治疗。", {"王芳": PERSON}),  # a name after the cue stays
        ("主治医师李休克查房", {"李休克": PERSON}),
    ],
)
def test_a_verb_after_a_title_is_no_name(scanner: Scanner, text: str, kept: dict) -> None:
    assert _found(scanner, text) == kept


@pytest.mark.parametrize("text", ["患者口服安宫牛黄丸1丸。", "患者口服牛黄解毒片。"])
def test_a_place_reading_never_cuts_a_medicine(scanner: Scanner, text: str) -> None:
    assert _found(scanner, text) == {}


def test_a_home_address_is_still_a_place(scanner: Scanner) -> None:
    text = "患者家住大连市中山区。"
    spans = scanner.scan([text], "zh")[0]
    covered = {i for s in spans for i in range(s.start, s.end)}
    assert set(range(text.index("大连"), text.index("区") + 1)) <= covered


@pytest.mark.parametrize(
    ("text", "hospital"),
    [
        ("于大连医科大学附属第一医院行手术。", "大连医科大学附属第一医院"),
        ("既往在辽宁省人民医院就诊。", "辽宁省人民医院"),
        ("转沈阳市第四人民医院进一步治疗。", "沈阳市第四人民医院"),
    ],
)
def test_a_hospital_named_after_its_place_is_masked_whole(
    scanner: Scanner, text: str, hospital: str
) -> None:
    spans = [s for s in scanner.scan([text], "zh")[0] if s.entity_type == LOCATION]
    covered = {i for s in spans for i in range(s.start, s.end)}
    start = text.index(hospital)
    assert set(range(start, start + len(hospital))) <= covered, (text, spans)


def test_a_place_then_a_verb_is_no_hospital(scanner: Scanner) -> None:
    text = "患者在大连住院治疗两周。"
    spans = scanner.scan([text], "zh")[0]
    assert all("住院" not in text[s.start : s.end] for s in spans)


@pytest.mark.parametrize(
    ("text", "name"),
    [("女儿 王 芳 陪同就诊。", "王 芳"), ("患者 张 三 丰 男", "张 三 丰")],
)
def test_a_spaced_out_name_is_read_as_written_without_spaces(
    scanner: Scanner, text: str, name: str
) -> None:
    found = _found(scanner, text)
    assert any(name in k and v == PERSON for k, v in found.items()), found


def test_two_words_with_a_space_stay_two_words() -> None:
    from privacy.detect.zh.spaced import despaced

    assert despaced("张三 李四") == ("张三 李四", None)
    assert despaced("女儿 王 芳")[0] == "女儿王芳"


def test_the_sex_field_after_a_name_is_not_part_of_it(scanner: Scanner) -> None:
    """trial12: 陈伟 男 45岁 was masked as one name '陈伟 男', as if 伟男 were its given name."""
    from privacy.detect.zh.spaced import despaced

    assert despaced("陈伟 男 45岁") == ("陈伟 男 45岁", None)
    assert despaced("李 伟 男 45岁")[0] == "李伟 男 45岁"
    assert _found(scanner, "患者陈伟 男 45岁，门诊。").get("陈伟") == PERSON
    assert "陈伟 男" not in _found(scanner, "患者陈伟 男 45岁，门诊。")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("紧急联系人老王（邻居）。", "老王"),
        ("患者老王，男，65岁。", "老王"),
        ("小李护士陪同。", "小李"),
    ],
)
def test_a_familiar_name_with_a_cue_is_a_person(scanner: Scanner, text: str, name: str) -> None:
    assert _found(scanner, text).get(name) == PERSON


@pytest.mark.parametrize("text", ["小王子是一本书。", "患者诉小便黄。", "阿司匹林100mg口服。"])
def test_familiar_prefixes_without_a_cue_are_words(scanner: Scanner, text: str) -> None:
    assert PERSON not in _found(scanner, text).values()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("护士小李记录血压。", ["小李"]),
        ("老王说他胸痛。", ["老王"]),
        ("护士长小张和小李医生查房。", ["小张", "小李"]),  # not 和小李
        ("患者母亲陈秀英陪同。", ["陈秀英"]),  # the second cue's name, not 母亲陈
        ("患者 张  伟，男。", ["张  伟"]),
    ],
)
def test_the_second_trial_names_are_found_whole(
    scanner: Scanner, text: str, names: list[str]
) -> None:
    found = [k for k, v in _found(scanner, text).items() if v == PERSON]
    assert found == names


@pytest.mark.parametrize("text", ["老师说明天考试。", "小时后复查。", "医生说小孩发热。"])
def test_everyday_words_of_a_familiar_shape_are_no_names(scanner: Scanner, text: str) -> None:
    assert PERSON not in _found(scanner, text).values()


@pytest.mark.parametrize(
    ("text", "found", "entity"),
    [
        ("V信: liwei_1990", "liwei_1990", "SOCIAL_HANDLE"),
        ("出生日期：二〇〇一年三月五日", "二〇〇一年三月五日", "DATE"),
        ("于二〇二四年十二月三十一日入院", "二〇二四年十二月三十一日", "DATE"),
        ("邮政编码：116 001", "116 001", "POSTAL_CODE"),
    ],
)
def test_the_second_trial_identifier_forms(
    scanner: Scanner, text: str, found: str, entity: str
) -> None:
    assert _found(scanner, text).get(found) == entity


@pytest.mark.parametrize("text", ["二〇二四年十三月五日", "检测值116 001个/L", "LV信号增强"])
def test_their_look_alikes_are_not(scanner: Scanner, text: str) -> None:
    assert not {"DATE", "POSTAL_CODE", "SOCIAL_HANDLE"} & set(_found(scanner, text).values())


@pytest.mark.parametrize(
    "address",
    ["辽宁省大连市金州区友谊街道 和平里 17-3-502", "大连市沙河口区 锦绣华庭 29栋3单元1702室"],
)
def test_an_address_typed_with_spaces_is_masked_to_the_flat(scanner: Scanner, address: str) -> None:
    assert _found(scanner, f"地址：{address}").get(address) == "ADDRESS"


def test_an_address_then_a_duration_stops_at_the_address(scanner: Scanner) -> None:
    assert _found(scanner, "患者家住大连市中山区 3天前发热").get("大连市中山区") == "ADDRESS"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("由其孙女文英陪同就诊。", {"文英"}),  # a relative named after the kinship word
        ("患者老伴文德（电话13912345678）代述病史。", {"文德"}),
        ("患者赖娟签字同意，黎芳见证。", {"赖娟", "黎芳"}),  # 赖: a common southern surname
        ("丈夫方超陪同。", {"方超"}),  # the name stops before 陪同
    ],
)
def test_relatives_and_signers_in_a_hospital_export_are_people(
    scanner: Scanner, text: str, names: set[str]
) -> None:
    """Hand-written outpatient notes of a new-user trial (trial11): each name masked whole."""
    found = _found(scanner, text)
    assert {n for n in names if found.get(n) == PERSON} == names, found
