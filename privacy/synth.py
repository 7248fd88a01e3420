"""Realistic synthetic notes (clinical, plant shift logs, port records; Chinese and English) with
personal data planted at known offsets: the ground truth for evaluation, benchmarks and demos.

Pure standard library (no faker): identifiers are valid (check digits computed), a share of
them is written messily (spaces, full-width digits, wrong check digit) as in real text, and
every note carries look-alike numbers that are NOT personal data (order and lot numbers,
timestamps, IMO/MMSI, container numbers, equipment tags) so precision is measured too.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from privacy.checksums import luhn_check_digit, resident_id_check_char, uscc_check_char
from privacy.entities import (
    ADDRESS,
    CN_BANK_CARD,
    CN_LANDLINE,
    CN_MOBILE,
    CN_PASSPORT,
    CN_RESIDENT_ID,
    CN_TRAVEL_PERMIT,
    CN_USCC,
    CN_VEHICLE_PLATE,
    DATE_OF_BIRTH,
    EMAIL_ADDRESS,
    HEALTH_INSURANCE_ID,
    IP_ADDRESS,
    MEDICAL_RECORD_NUMBER,
    PERSON,
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
)
COMPOUND = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "司徒")
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉玲燕红建国文斌宇浩凯俊峰"
    "志鑫雪琳晨欣怡梓涵子轩博文思远佳琪雨桐浩然一鸣海波春梅晓东丹丹振华德胜立新永强金凤"
)
EN_FIRST = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony "
    "Betty Mark Sandra Paul Ashley Steven Emily Andrew Donna Kevin Michelle Brian Carol George "
    "Amanda Edward Melissa Ronald Deborah Timothy Stephanie Jason Rebecca Ryan Laura Jacob Helen"
).split()
EN_LAST = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis "
    "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Adams Baker Nelson Carter "
    "Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy"
).split()
PROVINCES = (("辽宁省", "21"), ("山东省", "37"), ("河北省", "13"), ("吉林省", "22"))
CITIES = {
    "辽宁省": (
        ("大连市", "0411", "2102", "辽B"),
        ("沈阳市", "024", "2101", "辽A"),
        ("营口市", "0417", "2108", "辽H"),
    ),
    "山东省": (("青岛市", "0532", "3702", "鲁B"), ("烟台市", "0535", "3706", "鲁F")),
    "河北省": (("唐山市", "0315", "1302", "冀B"), ("秦皇岛市", "0335", "1303", "冀C")),
    "吉林省": (("长春市", "0431", "2201", "吉A"),),
}
DISTRICTS = (
    "中山区",
    "西岗区",
    "沙河口区",
    "甘井子区",
    "金州区",
    "和平区",
    "铁西区",
    "市南区",
    "开发区",
)
STREETS = (
    "人民路",
    "中山路",
    "解放街",
    "黄河路",
    "长江路",
    "友好路",
    "五一路",
    "胜利街",
    "滨海大道",
    "建设街",
)
COMMUNITIES = ("幸福小区", "阳光花园", "海景家园", "锦绣华庭", "绿洲公寓")
EMAIL_DOMAINS = (
    "163.com",
    "qq.com",
    "126.com",
    "sina.com",
    "gmail.com",
    "dlport.cn",
    "hospital.org.cn",
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


_FULLWIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


class PiiFactory:
    """Valid (and deliberately messy) identifiers and names from one seeded random stream."""

    def __init__(self, seed: int = 0, messy: float = 0.2) -> None:
        self.rng = random.Random(seed)
        self.messy = messy

    def _mess(self) -> bool:
        """True for the share of identifiers written untidily."""
        return self.rng.random() < self.messy

    def birth_date(self) -> date:
        """A birth date between 1940 and 2010."""
        return date(1940, 1, 1) + timedelta(days=self.rng.randrange(0, 365 * 70))

    def zh_name(self) -> str:
        """A Chinese name: surname (sometimes compound) + one or two given characters."""
        r = self.rng
        surname = r.choice(COMPOUND) if r.random() < 0.04 else r.choice(SURNAMES)
        return surname + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))

    def en_name(self) -> str:
        """An English first + last name."""
        return f"{self.rng.choice(EN_FIRST)} {self.rng.choice(EN_LAST)}"

    def resident_id(self, born: date | None = None, region: str = "210202") -> str:
        """An 18-digit ID with a correct check char; messy ones get spaces, full width or a typo."""
        born = born or self.birth_date()
        body = f"{region}{born:%Y%m%d}{self.rng.randrange(0, 1000):03d}"
        full = body + resident_id_check_char(body)
        if self._mess():
            style = self.rng.choice(("space", "fullwidth", "typo", "dash"))
            if style == "space":
                return f"{full[:6]} {full[6:14]} {full[14:]}"
            if style == "dash":
                return f"{full[:6]}-{full[6:14]}-{full[14:]}"
            if style == "fullwidth":
                return full.translate(_FULLWIDTH)
            wrong = [c for c in "0123456789X" if c != full[-1]]
            return body + self.rng.choice(wrong)
        return full

    def mobile(self) -> str:
        """A mobile number in one of the common layouts."""
        r = self.rng
        num = f"1{r.choice('3456789')}{r.randrange(0, 10)}{r.randrange(0, 10**8):08d}"
        style = (
            r.choice(("plain", "plain", "space", "dash", "+86", "0086"))
            if self._mess()
            else "plain"
        )
        if style == "space":
            return f"{num[:3]} {num[3:7]} {num[7:]}"
        if style == "dash":
            return f"{num[:3]}-{num[3:7]}-{num[7:]}"
        if style == "+86":
            return f"+86 {num[:3]} {num[3:7]} {num[7:]}"
        if style == "0086":
            return f"0086-{num}"
        return num

    def landline(self, area: str = "0411") -> str:
        """A landline with its area code."""
        r = self.rng
        local = f"{r.randrange(2, 10)}{r.randrange(0, 10**7):07d}"
        style = r.choice(("dash", "paren", "space", "dash"))
        if style == "paren":
            return f"({area}){local}"
        if style == "space":
            return f"{area}-{local[:4]} {local[4:]}"
        return f"{area}-{local}"

    def bank_card(self) -> str:
        """A Luhn-valid UnionPay-style card number, sometimes grouped by four."""
        r = self.rng
        length = r.choice((16, 19, 19))
        payload = "62" + "".join(str(r.randrange(10)) for _ in range(length - 3))
        card = payload + luhn_check_digit(payload)
        if self._mess():
            return " ".join(card[i : i + 4] for i in range(0, len(card), 4))
        return card

    def uscc(self, region: str = "210200") -> str:
        """A unified social credit code with a correct GB 32100 check character."""
        r = self.rng
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        body = "91" + region + "".join(r.choice(alphabet) for _ in range(9))
        return body + uscc_check_char(body)

    def plate(self, prefix: str = "辽B") -> str:
        """A vehicle plate: regular, or 8-character new energy; with or without the dot."""
        r = self.rng
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        if r.random() < 0.3:
            serial = r.choice("DF") + f"{r.randrange(0, 10**5):05d}"
        else:
            serial = r.choice(letters) + f"{r.randrange(0, 10**4):04d}"
        sep = r.choice(("", "·", "")) if self._mess() else ""
        return prefix + sep + serial

    def passport(self) -> str:
        """An ordinary passport number (E + 8 digits or E + letter + 7 digits)."""
        r = self.rng
        if r.random() < 0.5:
            return f"E{r.randrange(0, 10**8):08d}"
        return f"E{r.choice('ABCDEFGHJK')}{r.randrange(0, 10**7):07d}"

    def travel_permit(self) -> str:
        """A Hong Kong / Macau travel permit number."""
        r = self.rng
        return f"{r.choice('CHM')}{r.randrange(0, 10**8):08d}"

    def mrn(self) -> str:
        """A hospital record number."""
        r = self.rng
        return (
            r.choice(("", "ZY", "MZ", "MR"))
            + f"{r.randrange(2015, 2025)}{r.randrange(0, 10**6):06d}"
        )

    def insurance(self) -> str:
        """A medical insurance card number."""
        return f"YB{self.rng.randrange(0, 10**9):09d}"

    def email(self, name_hint: str = "") -> str:
        """An e-mail address."""
        r = self.rng
        user = name_hint or "".join(
            r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(r.randrange(4, 9))
        )
        return f"{user}{r.randrange(1, 999)}@{r.choice(EMAIL_DOMAINS)}"

    def ip(self) -> str:
        """A private or public IPv4 address (sometimes IPv6)."""
        r = self.rng
        if r.random() < 0.15:
            return f"2001:db8:{r.randrange(0, 65535):x}::{r.randrange(1, 65535):x}"
        first = r.choice((10, 172, 192, 202, 58))
        return f"{first}.{r.randrange(0, 256)}.{r.randrange(0, 256)}.{r.randrange(1, 255)}"

    def zh_address(self) -> tuple[str, str, str, str]:
        """(address, area code, ID region code, plate prefix) of a street address."""
        r = self.rng
        province, _ = r.choice(PROVINCES)
        city, area, region, plate = r.choice(CITIES[province])
        parts = [province if r.random() < 0.5 else "", city, r.choice(DISTRICTS), r.choice(STREETS)]
        tail = f"{r.randrange(1, 300)}号"
        if r.random() < 0.6:
            building = f"{r.randrange(1, 30)}栋{r.randrange(1, 6)}单元"
            tail += f"{r.choice(COMMUNITIES)}{building}{r.randrange(1, 30)}0{r.randrange(1, 4)}室"
        return "".join(parts) + tail, area, region + "02", plate

    # Look-alike numbers that are not personal data.
    def order_no(self) -> str:
        """An order number: date + sequence, 16-20 digits."""
        r = self.rng
        width = r.choice((8, 10, 12))
        day = f"{r.randrange(2019, 2025)}{r.randrange(1, 13):02d}{r.randrange(1, 29):02d}"
        return f"{day}{r.randrange(0, 10**width):0{width}d}"

    def timestamp(self) -> str:
        """A date-time."""
        r = self.rng
        day = f"{r.randrange(2019, 2025)}-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}"
        return f"{day} {r.randrange(0, 24):02d}:{r.randrange(0, 60):02d}"

    def lot(self) -> str:
        """A production lot number."""
        return f"LOT{self.rng.randrange(2019, 2025)}{self.rng.randrange(0, 10**6):06d}"

    def container(self) -> str:
        """An ISO 6346 container number (owner code + 7 digits)."""
        return (
            f"{self.rng.choice(('MSCU', 'COSU', 'TGHU', 'CSNU'))}{self.rng.randrange(0, 10**7):07d}"
        )

    def equipment(self) -> str:
        """A plant equipment tag."""
        r = self.rng
        return f"{r.choice('PEVTC')}-{r.randrange(100, 9999)}{r.choice(('', 'A', 'B'))}"


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
    b.add(
        f". Admitted on {f.timestamp()} with {r.choice(EN_COMPLAINTS)}. "
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
