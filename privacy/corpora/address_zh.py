"""Generated Liaoning addresses in nine everyday shapes, planted in clinical-note sentences.

The benchmark (bench/pii_eval.py, corpus `address_zh`) scores detections by character
coverage: an address is found only when >= 95% of it is masked. Every part is drawn at
random from small pools, so the shapes vary beyond any string a rule was written for.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from privacy.detect.entities import ADDRESS

CITIES: dict[str, tuple[str, ...]] = {
    "沈阳市": ("和平区", "沈河区", "皇姑区", "铁西区", "大东区", "浑南区", "于洪区"),
    "大连市": ("中山区", "西岗区", "沙河口区", "甘井子区", "旅顺口区", "金州区"),
    "鞍山市": ("铁东区", "铁西区", "立山区", "千山区"),
    "抚顺市": ("新抚区", "望花区", "顺城区"),
    "本溪市": ("平山区", "明山区", "溪湖区"),
    "丹东市": ("振兴区", "元宝区", "振安区"),
    "锦州市": ("古塔区", "凌河区", "太和区"),
    "营口市": ("站前区", "西市区", "鲅鱼圈区"),
    "阜新市": ("海州区", "细河区"),
    "辽阳市": ("白塔区", "文圣区", "宏伟区"),
    "盘锦市": ("兴隆台区", "双台子区"),
    "铁岭市": ("银州区", "清河区"),
    "朝阳市": ("双塔区", "龙城区"),
    "葫芦岛市": ("连山区", "龙港区"),
}
COUNTIES: dict[str, tuple[str, ...]] = {
    "朝阳市": ("建平县", "喀左县"),
    "铁岭市": ("西丰县", "昌图县"),
    "大连市": ("长海县",),
    "丹东市": ("宽甸满族自治县",),
    "阜新市": ("彰武县",),
}
STREETS = tuple(
    "南京北街 青年大街 中华路 黄河大街 人民路 五四路 胜利街 解放路 长江路 建设大路 太原街 北陵大街 "
    "华山路 和平大街 友谊街 滨海路 黄浦路 新华路 文化路 民主路 兴工街 卫工街 沈辽路".split()
)
ROADS = ("路", "街", "大街", "大路", "大道")
COMPLEX_HEADS = tuple(
    "锦绣 阳光 金地 万科 保利 华润 碧桂园 龙湖 恒大 中海 绿城 富力 紫薇 枫林 丽水 翠湖 金色 "
    "世纪 银河 星河 滨江 东方 天润 御景 海韵 松涛 和谐 幸福 康乐 盛世".split()
)
COMPLEX_TAILS = tuple(
    "小区 花园 华庭 家园 公寓 苑 名苑 雅苑 广场 新城 嘉园 山庄 佳园 国际 府 城 里 新村".split()
)
TOWERS = tuple("大厦 中心 广场 国际大厦 商务中心 写字楼".split())
TOWNS = tuple("叶柏寿镇 万家镇 老虎屯镇 大市镇 金岭寺镇 榆树林子镇 张强镇 八面城镇".split())
VILLAGES = tuple("王家村 新立屯村 前进村 红旗村 东升村 李家沟村 三合村 太平庄村".split())
# Road sections: 北段 ... 中段 continue the street (柴河街北段12号), as do numbered ones (二段).
SECTIONS = ("北段", "南段", "东段", "西段", "中段", "二段")
LABELS = ("现住址：", "家庭住址：", "住址：", "联系地址：", "户籍地址：", "患者住", "居住于")
AFTER = ("。", "，电话见登记表。", "，既往体健。", "；", "，独居。")


def _n(rng: random.Random, lo: int, hi: int) -> str:
    return str(rng.randint(lo, hi))


def _city(rng: random.Random, province: bool) -> str:
    city = rng.choice(sorted(CITIES))
    head = "辽宁省" if province else ""
    return head + city + rng.choice(CITIES[city])


def _street(rng: random.Random) -> str:
    name = rng.choice(STREETS)
    return name if name[-1] in "路街道" else name + rng.choice(ROADS)


def _complex(rng: random.Random) -> str:
    return rng.choice(COMPLEX_HEADS) + rng.choice(COMPLEX_TAILS)


def complex_building_room(rng: random.Random) -> str:
    """沈阳市和平区南京北街锦绣华庭29栋3单元1702室"""
    return (
        f"{_city(rng, False)}{_street(rng)}{_complex(rng)}{_n(rng, 1, 60)}栋"
        f"{_n(rng, 1, 6)}单元{_n(rng, 1, 33)}0{_n(rng, 1, 4)}室"
    )


def province_house_number(rng: random.Random) -> str:
    """辽宁省大连市中山区人民路88号"""
    return f"{_city(rng, True)}{_street(rng)}{_n(rng, 1, 300)}号"


def number_dash(rng: random.Random) -> str:
    """大连市甘井子区黄河路66-8号"""
    return f"{_city(rng, rng.random() < 0.3)}{_street(rng)}{_n(rng, 1, 200)}-{_n(rng, 1, 30)}号"


def complex_dash_triplet(rng: random.Random) -> str:
    """鞍山市铁东区阳光小区8-2-1 (building-unit-flat)"""
    return f"{_city(rng, False)}{_complex(rng)}{_n(rng, 1, 40)}-{_n(rng, 1, 6)}-{_n(rng, 1, 30)}"


def tower_floor_room(rng: random.Random) -> str:
    """沈阳市沈河区青年大街88号华润大厦15层1503室"""
    floor = rng.randint(2, 40)
    return (
        f"{_city(rng, False)}{_street(rng)}{_n(rng, 1, 400)}号{rng.choice(COMPLEX_HEADS)}"
        f"{rng.choice(TOWERS)}{floor}层{floor}0{_n(rng, 1, 9)}室"
    )


def county_village(rng: random.Random) -> str:
    """辽宁省朝阳市建平县叶柏寿镇王家村3组45号"""
    city = rng.choice(sorted(COUNTIES))
    return (
        f"辽宁省{city}{rng.choice(COUNTIES[city])}{rng.choice(TOWNS)}{rng.choice(VILLAGES)}"
        f"{_n(rng, 1, 12)}组{_n(rng, 1, 99)}号"
    )


def building_gate(rng: random.Random) -> str:
    """锦州市太和区紫薇苑5号楼2门301"""
    return (
        f"{_city(rng, False)}{_complex(rng)}{_n(rng, 1, 30)}{rng.choice(('号楼', '幢'))}"
        f"{_n(rng, 1, 6)}门{_n(rng, 1, 18)}0{_n(rng, 1, 4)}"
    )


def street_complex_block(rng: random.Random) -> str:
    """营口市鲅鱼圈区滨海路世纪广场B座1208室"""
    return (
        f"{_city(rng, rng.random() < 0.5)}{_street(rng)}{_complex(rng)}"
        f"{rng.choice('ABCDE')}座{_n(rng, 1, 30)}0{_n(rng, 1, 9)}室"
    )


def street_section_number(rng: random.Random) -> str:
    """沈阳市沈河区青年大街南段100号2单元301 (a road section before the house number)"""
    tail = rng.choice(("", f"{_n(rng, 1, 6)}单元{_n(rng, 1, 18)}0{_n(rng, 1, 4)}"))
    section = rng.choice(SECTIONS)
    return f"{_city(rng, rng.random() < 0.3)}{_street(rng)}{section}{_n(rng, 1, 300)}号{tail}"


SHAPES: dict[str, Callable[[random.Random], str]] = {
    "complex_building_room": complex_building_room,
    "province_house_number": province_house_number,
    "number_dash": number_dash,
    "complex_dash_triplet": complex_dash_triplet,
    "tower_floor_room": tower_floor_room,
    "county_village": county_village,
    "building_gate": building_gate,
    "street_complex_block": street_complex_block,
    "street_section_number": street_section_number,
}


@dataclass(slots=True, frozen=True)
class AddressNote:
    """One sentence with one planted address: gold span (start, end, ADDRESS) and its shape."""

    text: str
    span: tuple[int, int, str]
    shape: str


def generate_addresses(per_shape: int, seed: int = 0) -> list[AddressNote]:
    """`per_shape` sentences for each of the shapes, reproducible from `seed`."""
    rng = random.Random(seed)
    notes: list[AddressNote] = []
    for shape, make in SHAPES.items():
        for _ in range(per_shape):
            address = make(rng)
            head = rng.choice(("", "患者张某，男，56岁，")) + rng.choice(LABELS)
            text = head + address + rng.choice(AFTER)
            notes.append(AddressNote(text, (len(head), len(head) + len(address), ADDRESS), shape))
    return notes
