"""Realistic synthetic notes (clinical, plant shift logs, port records; Chinese and English) with
personal data planted at known offsets: the ground truth for evaluation, benchmarks and demos.

Pure standard library (no faker): identifiers are valid (check digits computed), a share of
them is written messily (spaces, full-width digits, wrong check digit) as in real text, and
every note carries look-alike numbers that are NOT personal data (order and lot numbers,
timestamps, IMO/MMSI, container numbers, equipment tags) so precision is measured too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from privacy.corpora.identifiers import EN_FIRST, EN_LAST, PiiFactory
from privacy.detect.entities import (
    ADDRESS,
    CN_BANK_CARD,
    CN_LANDLINE,
    CN_MOBILE,
    CN_PASSPORT,
    CN_RESIDENT_ID,
    CN_TRAVEL_PERMIT,
    CN_USCC,
    CN_VEHICLE_PLATE,
    DATE,
    DATE_OF_BIRTH,
    EMAIL_ADDRESS,
    HEALTH_INSURANCE_ID,
    IP_ADDRESS,
    MEDICAL_RECORD_NUMBER,
    PERSON,
)

SHIPS = (
    "辽海明珠",
    "渤海之星",
    "中远海运兴旺",
    "大连长兴",
    "COSCO GLORY",
    "BOHAI PEARL",
    "EVER GIVEN",
)
COMPLAINTS = (
    "胸闷气短3天",
    "反复咳嗽1周",
    "右下腹疼痛6小时",
    "头晕乏力2天",
    "发热伴咽痛",
    "血糖控制不佳",
)
EN_COMPLAINTS = (
    "chest pain for 2 days",
    "shortness of breath",
    "fever and cough",
    "a fall at work",
)
UNITS = ("常减压", "催化裂化", "加氢精制", "延迟焦化", "硫磺回收")


@dataclass(slots=True)
class Note:
    """One generated text and its gold spans [(start, end, entity_type)] in that text."""

    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    kind: str = ""
    lang: str = "zh"


class _Builder:
    """Concatenates pieces, recording the offsets of the planted (annotated) ones."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, int, str]] = []

    def add(self, text: str, entity: str | None = None) -> _Builder:
        """Append `text`; annotate it as `entity` when given."""
        if entity is not None and text:
            self.spans.append((self.length, self.length + len(text), entity))
        self.parts.append(text)
        self.length += len(text)
        return self

    def note(self, kind: str, lang: str) -> Note:
        """The finished note."""
        return Note("".join(self.parts), self.spans, kind, lang)


def _zh_clinical(f: PiiFactory) -> Note:
    """A Chinese admission note."""
    r = f.rng
    born = f.birth_date()
    address, _area, region, _plate = f.zh_address()
    b = _Builder()
    b.add(r.choice(("患者", "病人", "患者姓名：")))
    b.add(f.zh_name(), PERSON)
    b.add(f"，{r.choice('男女')}，{2024 - born.year}岁，")
    if r.random() < 0.5:
        b.add("出生日期：").add(f"{born.year}年{born.month}月{born.day}日", DATE_OF_BIRTH).add("，")
    b.add("身份证号").add(f.resident_id(born, region), CN_RESIDENT_ID)
    b.add("，住院号：").add(f.mrn(), MEDICAL_RECORD_NUMBER)
    b.add(
        f"。于{f.timestamp()}因{r.choice(COMPLAINTS)}入院，体温36.{r.randrange(10)}℃，"
        f"血压1{r.randrange(10, 50)}/{r.randrange(60, 95)}mmHg。"
    )
    b.add("联系电话").add(f.mobile(), CN_MOBILE)
    b.add("，家属").add(f.zh_name(), PERSON).add(
        f"（{r.choice(('配偶', '女儿', '儿子', '母亲'))}）电话"
    ).add(f.mobile(), CN_MOBILE)
    b.add("。现住址：").add(address, ADDRESS)
    b.add("。医保卡号：").add(f.insurance(), HEALTH_INSURANCE_ID)
    if r.random() < 0.3:
        b.add("，退费银行卡号").add(f.bank_card(), CN_BANK_CARD)
    b.add(f"。检验单号{f.order_no()}。主治医师").add(f.zh_name(), PERSON).add("。")
    return b.note("zh_clinical", "zh")


def _zh_shift(f: PiiFactory) -> Note:
    """A Chinese petrochemical shift log."""
    r = f.rng
    address, area, _region, plate = f.zh_address()
    b = _Builder()
    b.add(f"{f.timestamp()} {r.choice(UNITS)}装置交班记录：班长").add(f.zh_name(), PERSON)
    b.add("，操作工").add(f.zh_name(), PERSON).add("、").add(f.zh_name(), PERSON)
    b.add(
        f"。{f.equipment()}泵出口压力{r.randrange(1, 9)}.{r.randrange(10, 99)}MPa，"
        f"{f.equipment()}换热器温度{r.randrange(80, 380)}℃，运行正常。"
    )
    b.add("罐车").add(f.plate(plate), CN_VEHICLE_PLATE).add("进厂卸料，司机").add(
        f.zh_name(), PERSON
    )
    b.add("，电话").add(f.mobile(), CN_MOBILE)
    b.add(
        f"，批号{f.lot()}，订单号{f.order_no()}，"
        f"净重{r.randrange(10, 40)}.{r.randrange(100, 999)}吨。"
    )
    b.add("承运单位统一社会信用代码").add(f.uscc(), CN_USCC)
    b.add("，值班室电话").add(f.landline(area), CN_LANDLINE)
    if r.random() < 0.3:
        b.add("。外协人员住址：").add(address, ADDRESS)
    b.add("。")
    return b.note("zh_shift", "zh")


def _zh_port(f: PiiFactory) -> Note:
    """A Chinese port / vessel record."""
    r = f.rng
    b = _Builder()
    b.add(
        f"{f.timestamp()} 船舶“{r.choice(SHIPS)}”（IMO {r.randrange(9000000, 9999999)}，"
        f"MMSI {r.randrange(412000000, 414999999)}）靠泊大窑湾{r.randrange(1, 20)}号泊位。"
    )
    b.add("船长").add(f.zh_name(), PERSON).add("，护照号").add(f.passport(), CN_PASSPORT)
    b.add("，手机").add(f.mobile(), CN_MOBILE)
    if r.random() < 0.4:
        b.add("；船员").add(f.zh_name(), PERSON).add("持港澳通行证").add(
            f.travel_permit(), CN_TRAVEL_PERMIT
        )
    b.add("。代理联系人").add(f.zh_name(), PERSON).add("，邮箱").add(f.email(), EMAIL_ADDRESS)
    b.add(f"。集装箱{f.container()}、{f.container()}已放行，报关单号{f.order_no()}。")
    b.add("码头系统登录IP：").add(f.ip(), IP_ADDRESS).add("。")
    return b.note("zh_port", "zh")


def _en_clinical(f: PiiFactory) -> Note:
    """An English clinical note."""
    r = f.rng
    born = f.birth_date()
    b = _Builder()
    b.add("Patient ").add(f.en_name(), PERSON)
    b.add(", DOB: ").add(
        r.choice((f"{born:%Y-%m-%d}", f"{born:%m/%d/%Y}", f"{born:%B} {born.day}, {born.year}")),
        DATE_OF_BIRTH,
    )
    b.add(", MRN: ").add(f.mrn(), MEDICAL_RECORD_NUMBER)
    # The admission time is a Safe Harbor date (all but its year); drawn in the same order as
    # before, so the texts did not change when it became gold.
    b.add(". Admitted on ").add(f.timestamp(), DATE)
    b.add(
        f" with {r.choice(EN_COMPLAINTS)}. "
        f"BP 1{r.randrange(10, 50)}/{r.randrange(60, 95)}, HR {r.randrange(55, 110)}. "
    )
    b.add("Seen by Dr. ").add(r.choice(EN_LAST), PERSON)
    b.add(". Contact: ").add(f.mobile(), CN_MOBILE).add(", ").add(f.email(), EMAIL_ADDRESS)
    b.add(f". Lab order {f.order_no()}.")
    return b.note("en_clinical", "en")


def _en_port(f: PiiFactory) -> Note:
    """An English vessel / terminal log."""
    r = f.rng
    b = _Builder()
    b.add(
        f"{f.timestamp()} Vessel {r.choice(SHIPS[4:])} (IMO {r.randrange(9000000, 9999999)}) "
        "berthed at Dayaowan terminal. Master "
    )
    b.add(f.en_name(), PERSON).add(", passport ").add(f.passport(), CN_PASSPORT)
    b.add(". Agent ").add(f.en_name(), PERSON).add(" can be reached at ").add(
        f.email(), EMAIL_ADDRESS
    )
    b.add(
        f". Containers {f.container()} and {f.container()} released. Gate system accessed from "
    ).add(f.ip(), IP_ADDRESS)
    b.add(".")
    return b.note("en_port", "en")


def _mixed(f: PiiFactory) -> Note:
    """A bilingual note, as typed by staff working with foreign crews."""
    b = _Builder()
    b.add("外籍船员 ").add(f.en_name(), PERSON).add(" 突发胸痛，由").add(f.zh_name(), PERSON)
    b.add("医生接诊。Contact mobile ").add(f.mobile(), CN_MOBILE).add("，船东邮箱").add(
        f.email(), EMAIL_ADDRESS
    )
    b.add(f"。记录时间{f.timestamp()}，工单{f.order_no()}。")
    return b.note("mixed", "auto")


GENERATORS: dict[str, Callable[[PiiFactory], Note]] = {
    "zh_clinical": _zh_clinical,
    "zh_shift": _zh_shift,
    "zh_port": _zh_port,
    "en_clinical": _en_clinical,
    "en_port": _en_port,
    "mixed": _mixed,
}
# Share of each note kind in a generated corpus.
MIX: dict[str, float] = {
    "zh_clinical": 0.3,
    "zh_shift": 0.2,
    "zh_port": 0.15,
    "en_clinical": 0.15,
    "en_port": 0.1,
    "mixed": 0.1,
}


def iter_notes(n: int, seed: int = 0, kinds: dict[str, float] | None = None) -> Iterator[Note]:
    """`n` notes with planted PII, reproducible from `seed`."""
    factory = PiiFactory(seed)
    mix = kinds or MIX
    names, weights = list(mix), list(mix.values())
    for _ in range(n):
        yield GENERATORS[factory.rng.choices(names, weights)[0]](factory)


def generate_notes(n: int, seed: int = 0, kinds: dict[str, float] | None = None) -> list[Note]:
    """List form of iter_notes."""
    return list(iter_notes(n, seed, kinds))


__all__ = ["EN_FIRST", "EN_LAST", "GENERATORS", "MIX", "UNITS", "Note", "PiiFactory",
           "generate_notes", "iter_notes"]  # fmt: skip
