"""Valid (and deliberately messy) synthetic identifiers, names and addresses from one seeded
random stream: Chinese resident IDs, phones, bank cards, USCC codes, plates and the like.

Pure standard library (no faker): check digits are computed, a share of the identifiers is
written messily (spaces, full-width digits, wrong check digit) as in real text, and look-alike
numbers that are NOT personal data (orders, lots, containers, equipment tags) are offered too.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from privacy.detect.checksums import luhn_check_digit, resident_id_check_char, uscc_check_char

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
