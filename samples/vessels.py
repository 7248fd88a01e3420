"""A seeded fleet of plausible vessels off Dalian and in the Bohai Sea, and their daily tracks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from samples.geo import LANES, LOITER_AREAS, lane_position, loiter_track

# One cycle of ten vessel kinds: 7 Class A (2 ferries, 3 cargo, 2 tankers), 3 Class B.
_KIND_CYCLE = (
    "ferry", "cargo", "fishing", "tanker", "cargo",
    "pleasure", "ferry", "cargo", "fishing", "tanker",
)  # fmt: skip
# kind -> (ship types, length range m, beam/length ratio range, draft range m, speed range kn)
_SPECS: dict[str, tuple[tuple[int, ...], tuple[int, int], tuple[float, float], tuple, tuple]] = {
    "ferry": ((60, 69), (140, 190), (0.145, 0.165), (5.6, 6.8), (15.0, 19.0)),
    "cargo": ((70, 70, 70, 79, 71), (110, 260), (0.140, 0.165), (7.5, 12.5), (12.0, 17.0)),
    "tanker": ((80, 80, 81, 82, 84), (90, 230), (0.160, 0.185), (6.0, 13.0), (10.0, 13.0)),
    "fishing": ((30,), (22, 45), (0.180, 0.240), (2.0, 3.5), (2.5, 4.5)),
    "pleasure": ((37,), (8, 18), (0.260, 0.320), (1.0, 1.8), (3.0, 7.0)),
}
_LANES_BY_KIND = {
    "ferry": ("dalian-yantai", "dalian-yantai", "yingkou-yantai"),
    "cargo": ("dalian-tianjin", "dalian-qinhuangdao", "yingkou-yantai", "bohai-strait"),
    "tanker": ("dalian-tianjin", "bohai-strait", "dalian-qinhuangdao", "yingkou-yantai"),
    "fishing": ("changhai", "lushun"),
    "pleasure": ("dalian-coast", "lushun"),
}
_NAMES = {
    "ferry": ("BOHAI ZHU ZHU", "BOHAI JIN ZHU", "BOHAI YU ZHU", "BOHAI BAO ZHU", "BOHAI CUI ZHU",
              "BOHAI JING ZHU", "BOHAI ZUAN ZHU", "SHENG SHENG", "YONG XING DAO", "HUA SHA"),
    "cargo": ("XIN HUA", "LIAO HAI", "ZHONG GU DA LIAN", "HUA HANG", "JIN HAI", "XIN HAI FENG"),
    "foreign": ("OCEAN GLORY", "PACIFIC STAR", "ORIENT BRIDGE", "GOLDEN OCEAN", "PEARL BAY",
                "SEA DRAGON", "NEW HORIZON", "JADE FORTUNE"),
    "tanker": ("DA QING", "CHANG HANG", "LIAO YOU", "HAI NIU", "JIN YOU", "HUA YOU"),
    "fishing": ("LIAO DA YU", "LIAO ZHUANG YU", "LIAO DAN YU"),
    "pleasure": ("HAI YAN", "BANG CHUI DAO", "XING HAI", "LV SHUN"),
}  # fmt: skip
# Flag MID -> call-sign prefixes; Chinese MIDs dominate, a few HK/Liberia/Panama flags.
_CALL_PREFIX = {412: "B", 413: "B", 414: "B", 477: "VR", 636: "A8", 352: "3E"}
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Vessel:
    """Static identity of one vessel plus what it does at sea (lane or loiter area)."""

    mmsi: int
    imo: int | None
    name: str
    call_sign: str | None
    ship_type: int
    length: float
    width: float
    draft: float | None
    transceiver_class: str
    kind: str
    route: str
    speed_kn: float
    heading_sensor: bool
    phase: tuple[float, float, float]

    @property
    def dimensions(self) -> tuple[int, int, int, int]:
        """AIS reference-point offsets (to_bow, to_stern, to_port, to_starboard) in metres."""
        to_bow = round(self.length * 0.8)
        to_port = round(self.width / 2)
        return to_bow, round(self.length) - to_bow, to_port, round(self.width) - to_port


@dataclass(frozen=True)
class Fixes:
    """One vessel's position fixes over a day; `t` is seconds since 00:00 UTC."""

    t: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    sog: np.ndarray
    cog: np.ndarray
    heading: np.ndarray
    status: np.ndarray
    destination: str


def imo_check_digit(first_six: int) -> int:
    """IMO check digit: sum of the six digits weighted 7..2, mod 10 (so numbers validate)."""
    digits = [int(c) for c in f"{first_six:06d}"]
    return sum(d * w for d, w in zip(digits, range(7, 1, -1), strict=True)) % 10


def _call_sign(rng: np.random.Generator, mid: int) -> str:
    """A call sign in the style of the flag: BQAB / BPJK3 (China), VRDF7 (HK), A8KL2 ..."""
    prefix = _CALL_PREFIX[mid]
    n_letters = 4 - len(prefix)
    letters = "".join(rng.choice(list(_LETTERS), size=n_letters))
    digit = str(rng.integers(2, 10)) if (prefix != "B" or rng.random() < 0.5) else ""
    return prefix + letters + digit


def _mmsi(rng: np.random.Generator, mid: int, class_a: bool) -> int:
    """Nine-digit MMSI; many SOLAS ships carry MMSIs ending in 000."""
    if class_a and rng.random() < 0.4:
        return mid * 1_000_000 + int(rng.integers(100, 1000)) * 1000
    return mid * 1_000_000 + int(rng.integers(100_000, 1_000_000))


def _vessel(rng: np.random.Generator, kind: str, used: set) -> Vessel:
    """Draw one vessel of `kind`, avoiding MMSIs, IMOs and names already in `used`."""
    types, (l_lo, l_hi), (b_lo, b_hi), (d_lo, d_hi), (s_lo, s_hi) = _SPECS[kind]
    class_a = kind in ("ferry", "cargo", "tanker")
    foreign = class_a and kind != "ferry" and rng.random() < 0.25
    mid = int(rng.choice([477, 636, 352])) if foreign else int(rng.choice([412, 412, 413, 414]))
    while (mmsi := _mmsi(rng, mid, class_a)) in used:
        pass
    imo = None
    if class_a:
        while (
            imo := (six := int(rng.integers(800_000, 980_000))) * 10 + imo_check_digit(six)
        ) in used:
            pass
    stem = str(rng.choice(_NAMES["foreign" if foreign else kind]))
    top = {"fishing": 99_999, "pleasure": 999}.get(kind, 99)
    while (name := f"{stem} {int(rng.integers(1, top))}") in used:
        top += 25  # a crowded fleet widens the hull-number range
    if kind == "ferry" and stem.startswith("BOHAI") and stem not in used:
        name = stem
    length = float(rng.integers(l_lo, l_hi + 1))
    used.update({mmsi, imo, name})
    return Vessel(
        mmsi=mmsi,
        imo=imo,
        name=name,
        call_sign=_call_sign(rng, mid) if class_a or rng.random() < 0.4 else None,
        ship_type=int(rng.choice(types)),
        length=length,
        width=float(round(length * rng.uniform(b_lo, b_hi))),
        draft=round(float(rng.uniform(d_lo, d_hi)), 1) if class_a else None,
        transceiver_class="A" if class_a else "B",
        kind=kind,
        route=str(rng.choice(_LANES_BY_KIND[kind])),
        speed_kn=round(float(rng.uniform(s_lo, s_hi)), 1),
        heading_sensor=class_a or rng.random() < 0.3,
        phase=(
            float(rng.uniform(0, 6.3)),
            float(rng.uniform(0, 6.3)),
            float(rng.uniform(0.6, 1.4)),
        ),
    )


def make_fleet(n: int, seed: int = 7) -> list[Vessel]:
    """Deterministic fleet of `n` vessels (same seed -> same fleet on every day)."""
    rng = np.random.default_rng([seed, 1412])
    used: set = {None}
    return [_vessel(rng, _KIND_CYCLE[i % len(_KIND_CYCLE)], used) for i in range(n)]


def _report_times(rng: np.random.Generator, start: float, end: float, moving: bool) -> list[float]:
    """Fix times: every 10 s to 5 min underway (reception is patchy), 3-6 min when still."""
    times, t = [], start
    while t < end:
        times.append(t)
        t += (
            rng.uniform(180, 360)
            if not moving
            else rng.choice([10, 30, 60, 120, 180, 300]) * (rng.uniform(0.8, 1.2))
        )
    return times


def day_fixes(vessel: Vessel, rng: np.random.Generator) -> Fixes:
    """Fixes of `vessel` during one day: a lane transit window (Class A) or loitering (B)."""
    day = 86_400.0
    if vessel.route in LOITER_AREAS:
        start = rng.uniform(0, 0.8 * day)
        t = np.array(_report_times(rng, start, min(day, start + rng.uniform(2, 5) * 3600), True))
        hours = t / 3600 + 24 * vessel.phase[0]
        lat, lon, sog, cog = loiter_track(
            LOITER_AREAS[vessel.route], hours, vessel.speed_kn, vessel.phase
        )
        status = np.full(t.size, 7 if vessel.kind == "fishing" else 15)
        destination = ""
    else:
        lane = LANES[vessel.route]
        reverse = bool(rng.random() < 0.5)
        voyage = lane.length_nm / vessel.speed_kn * 3600
        depart = rng.uniform(-0.5 * voyage, 0.9 * day)
        start = min(max(0.0, rng.uniform(depart - 3600, depart + voyage - 3600)), 0.9 * day)
        end = min(day, start + rng.uniform(2.5, 5) * 3600)
        moored_before = _report_times(rng, start, min(max(depart, start), end), False)
        arrive = depart + voyage
        under = _report_times(rng, max(start, depart), min(end, arrive), True)
        moored_after = _report_times(rng, max(arrive, start), end, False) if arrive < end else []
        t = np.array(moored_before + under + moored_after)
        dist = np.clip((t - depart) / 3600 * vessel.speed_kn, 0, lane.length_nm)
        lat, lon, cog = lane_position(lane, lane.length_nm - dist if reverse else dist)
        cog = (cog + (180.0 if reverse else 0.0) + rng.normal(0, 1.5, t.size)) % 360
        moving = (t >= depart) & (t < arrive)
        sog = np.where(
            moving, vessel.speed_kn + rng.normal(0, 0.3, t.size), rng.uniform(0, 0.1, t.size)
        )
        lat = lat + vessel.phase[2] * 0.004 - 0.004  # per-vessel lateral offset, < 0.3 nm
        status = np.where(moving, 0, 5)
        destination = lane.origin if reverse else lane.destination
    heading = np.rint(cog + rng.normal(0, 2.0, t.size)).astype(int) % 360
    if vessel.transceiver_class == "A":  # a moored ship keeps its berth heading, COG wanders
        still = sog < 0.5
        heading = np.where(still, heading[0] if t.size else 0, heading)
        cog = np.where(still, rng.uniform(0, 360, t.size), cog)
    if not vessel.heading_sensor:
        heading = np.full(t.size, 511)
    return Fixes(t.astype(np.int64), lat, lon, np.round(sog, 1), np.round(cog, 1) % 360,
                 heading, status, destination)  # fmt: skip
