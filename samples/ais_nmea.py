"""Project-generated raw AIVDM day files (Bohai Sea traffic) with planted, counted corruptions.

Sentences are encoded with pyais; each line is timed by an IEC 61162-450 tag block
(`\\g:1-2-7,s:DL0411,c:1762041600*hh\\!AIVDM,...`) or a USCG trailer (`...*hh,b004121005,<unix>`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from pathlib import Path

import numpy as np
from pyais import encode_dict

from samples.geo import OPEN_WATER_BOX, distance_nm, offset_point
from samples.vessels import Fixes, Vessel, day_fixes, make_fleet

# (name, lat, lon, tag block?): trailer stations are named b + their base-station MMSI.
STATIONS: tuple[tuple[str, float, float, bool], ...] = (
    ("DL0411", 38.920, 121.640, True),
    ("LS0102", 38.800, 121.250, True),
    ("YT0203", 37.540, 121.400, True),
    ("TJ0107", 38.970, 117.800, True),
    ("b004121005", 39.260, 122.580, False),
    ("b004121009", 40.270, 122.100, False),
    ("b004121013", 39.920, 119.600, False),
    ("b004121017", 38.400, 120.900, False),
)
DALIAN_VTS = (4121001, 38.920, 121.640)  # base station MMSI 004121001, heard by DL0411
CORRUPTION_KINDS = (
    "bad_checksum", "truncated", "unknown_type", "orphan_fragment", "duplicate",
    "sentinel_position", "sentinel_sog", "position_jump", "invalid_mmsi_positions",
)  # fmt: skip
_ARMOR = "".join(chr(v + 48 if v < 40 else v + 56) for v in range(64))


@dataclass
class SampleTruth:
    """What one generated day file holds, so tests and the demo summary can reconcile."""

    day: date
    seed: int
    n_vessels: int
    lines: int = 0
    comment_lines: int = 0
    blank_lines: int = 0
    sentence_lines: int = 0
    tag_block_lines: int = 0
    trailer_lines: int = 0
    position_reports: dict[int, int] = field(default_factory=lambda: {1: 0, 3: 0, 18: 0})
    static_reports: dict[str, int] = field(default_factory=lambda: {"5": 0, "24A": 0, "24B": 0})
    base_station_reports: int = 0
    corruptions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CORRUPTION_KINDS, 0))
    heading_unavailable: int = 0
    mmsis: tuple[int, ...] = ()
    invalid_mmsi: int = 0
    jump_mmsi: int = 0
    jump_unix: int = 0
    jump_nm: float = 0.0

    @property
    def decodable_messages(self) -> int:
        """Complete messages with valid checksums that pyais decodes (multi-part counted once)."""
        statics = sum(self.static_reports.values())
        return sum(self.position_reports.values()) + statics + self.base_station_reports

    @property
    def unique_position_reports(self) -> int:
        """Valid position reports once the second-station duplicates are dropped."""
        return sum(self.position_reports.values()) - self.corruptions["duplicate"]


def nmea_checksum(body: str) -> str:
    """XOR of the characters between the delimiters, as two upper-case hex digits."""
    return f"{reduce(lambda a, c: a ^ ord(c), body, 0):02X}"


class _Writer:
    """Collects (time, order, line) triples and keeps the truth counters in step."""

    def __init__(self, truth: SampleTruth, day0: int, rng: np.random.Generator) -> None:
        """Start an empty day whose unix time origin is `day0`."""
        self.truth, self.day0, self.rng = truth, day0, rng
        self.rows: list[tuple[int, int, str]] = []
        self.seq = {name: 0 for name, *_ in STATIONS}
        self.group = 0
        self.mmsis: set[int] = set()
        self.ranks: dict[int, tuple[Fixes, np.ndarray]] = {}

    def station(self, fx: Fixes, i: int, rank: int = 0) -> tuple[str, float, float, bool]:
        """The nearest (rank 0) or second-nearest (rank 1) receiving station to fix `i`."""
        if id(fx) not in self.ranks:  # vectorized once per track; keeps fx alive so ids stay
            st = np.array([s[1:3] for s in STATIONS], dtype=float)
            d = distance_nm(fx.lat[:, None], fx.lon[:, None], st[None, :, 0], st[None, :, 1])
            self.ranks[id(fx)] = (fx, np.argsort(d, axis=1)[:, :2])
        return STATIONS[int(self.ranks[id(fx)][1][i, rank])]

    def emit(self, sentences: list[str], t: float, st: tuple) -> None:
        """Wrap sentences in the station's tag block or trailer and queue them at time `t`."""
        unix, (name, *_, tagged), n = self.day0 + int(t), st, len(sentences)
        self.group += n > 1
        for i, s in enumerate(sentences, start=1):
            tb = (f"g:{i}-{n}-{self.group}," if n > 1 else "") + f"s:{name},c:{unix}"
            line = f"\\{tb}*{nmea_checksum(tb)}\\{s}" if tagged else f"{s},{name},{unix}"
            self.rows.append((int(t), len(self.rows), line))
        self.truth.tag_block_lines += n if tagged else 0
        self.truth.trailer_lines += 0 if tagged else n
        self.truth.sentence_lines += n

    def channel(self) -> str:
        """Radio channel A or B, as received."""
        return "A" if self.rng.random() < 0.5 else "B"


def _position(w: _Writer, v: Vessel, mmsi: int, fx: Fixes, i: int, kind: str = "") -> None:
    """Encode and emit fix `i` of a vessel, planting corruption `kind` if given."""
    class_a = v.transceiver_class == "A"
    msg_type = 18 if not class_a else (3 if w.rng.random() < 0.1 else 1)
    lat, lon, sog = float(fx.lat[i]), float(fx.lon[i]), float(fx.sog[i])
    cog, heading = float(fx.cog[i]), int(fx.heading[i])
    if kind == "sentinel_position":
        lat, lon, sog, cog, heading = 91.0, 181.0, 102.3, 360.0, 511
    sog = 102.3 if kind == "sentinel_sog" else sog
    data: dict = {"type": msg_type, "msg_type": msg_type, "mmsi": mmsi, "lat": lat,
                  "lon": lon, "speed": sog, "course": cog, "heading": heading,
                  "second": int(fx.t[i]) % 60}  # fmt: skip
    if class_a:
        data.update(status=int(fx.status[i]), turn=0.0 if fx.status[i] == 0 else -128.0)
    else:
        data.update(cs=True, band=True, msg22=True)
    sentence = encode_dict(data, talker_id="AI", sentence_type="VDM", radio_channel=w.channel())[0]
    if kind == "bad_checksum":  # one payload character flipped in transit; checksum kept
        parts = sentence.split(",")
        k = 5 + int(w.rng.integers(0, len(parts[5]) - 5))
        flipped = _ARMOR[(_ARMOR.index(parts[5][k]) + 17) % 64]
        parts[5] = parts[5][:k] + flipped + parts[5][k + 1 :]
        sentence = ",".join(parts)
    elif kind == "truncated":  # cut mid-payload, e.g. a serial buffer overrun
        sentence = sentence[: 14 + len(sentence.split(",")[5]) // 2]
    st = w.station(fx, i)
    w.emit([sentence], fx.t[i], st)
    if kind in ("bad_checksum", "truncated"):
        w.truth.corruptions[kind] += 1
        return
    w.truth.position_reports[msg_type] += 1
    w.truth.heading_unavailable += heading == 511
    if kind == "duplicate":
        w.emit([sentence], fx.t[i], w.station(fx, i, rank=1))
        w.truth.position_reports[msg_type] += 1
        w.truth.heading_unavailable += heading == 511
    if kind in CORRUPTION_KINDS:
        w.truth.corruptions[kind] += 1
    if not 100_000_000 <= mmsi <= 999_999_999:
        w.truth.corruptions["invalid_mmsi_positions"] += 1
    w.mmsis.add(mmsi)


def _statics(w: _Writer, v: Vessel, mmsi: int, fx: Fixes, orphan: bool) -> None:
    """Emit type 5 (Class A, two sentences) or type 24 A+B (Class B) every 45-90 minutes."""
    bow, stern, port, starboard = v.dimensions
    t = float(fx.t[0]) + 2
    while t < max(fx.t[-1], fx.t[0] + 3):  # at least once per vessel
        st = w.station(fx, min(int(np.searchsorted(fx.t, t)), fx.t.size - 1))
        if v.transceiver_class == "A":
            eta = w.day0 + int(t) + int(w.rng.integers(2, 30)) * 3600
            eta_t = np.datetime64(eta, "s").astype(object)
            data = {"type": 5, "mmsi": mmsi, "imo": v.imo or 0, "callsign": v.call_sign or "",
                    "shipname": v.name, "ship_type": v.ship_type, "to_bow": bow,
                    "to_stern": stern, "to_port": port, "to_starboard": starboard, "epfd": 1,
                    "month": eta_t.month, "day": eta_t.day, "hour": eta_t.hour,
                    "minute": eta_t.minute, "draught": v.draft or 0.0,
                    "destination": fx.destination}  # fmt: skip
            w.seq[st[0]] = (w.seq[st[0]] + 1) % 10
            parts = encode_dict(data, "AI", "VDM", w.channel(), seq_id=w.seq[st[0]])
            if orphan:  # the second fragment was never received
                w.emit(parts[:1], t, st)
                w.truth.corruptions["orphan_fragment"] += 1
                orphan = False
            else:
                w.emit(parts, t, st)
                w.truth.static_reports["5"] += 1
        else:
            a = {"type": 24, "mmsi": mmsi, "partno": 0, "shipname": v.name}
            b = {"type": 24, "mmsi": mmsi, "partno": 1, "ship_type": v.ship_type,
                 "vendorid": "SRT", "callsign": v.call_sign or "", "to_bow": bow,
                 "to_stern": stern, "to_port": port, "to_starboard": starboard}  # fmt: skip
            w.emit(encode_dict(a, "AI", "VDM", w.channel()), t, st)
            w.emit(encode_dict(b, "AI", "VDM", w.channel()), t + 1, st)
            w.truth.static_reports["24A"] += 1
            w.truth.static_reports["24B"] += 1
        t += float(w.rng.uniform(45, 90)) * 60


def _plant_jump(w: _Writer, fleet: list[Vessel], tracks: list[Fixes], picks: list) -> None:
    """Insert one fix ~50 nm off track a minute after a real fix (an implied-speed breach)."""
    la0, la1, lo0, lo1 = OPEN_WATER_BOX
    for vi, i in picks:
        fx = tracks[vi]
        if i + 1 < fx.t.size and fx.t[i + 1] - fx.t[i] < 90:
            continue
        for bearing in range(0, 360, 45):
            lat, lon = offset_point(fx.lat[i], fx.lon[i], bearing, 50.0)
            if la0 <= lat <= la1 and lo0 <= lon <= lo1:
                break
        else:
            continue
        break
    else:  # no fix has open water 50 nm away: jump to the middle of the box instead
        vi, i = picks[0]
        fx = tracks[vi]
        lat, lon = (la0 + la1) / 2, (lo0 + lo1) / 2
    one = slice(i, i + 1)
    jump = Fixes(fx.t[one] + 60, np.array([lat]), np.array([lon]), fx.sog[one], fx.cog[one],
                 fx.heading[one], fx.status[one], fx.destination)  # fmt: skip
    _position(w, fleet[vi], fleet[vi].mmsi, jump, 0, "position_jump")
    w.truth.jump_mmsi, w.truth.jump_unix = fleet[vi].mmsi, w.day0 + int(jump.t[0])
    w.truth.jump_nm = round(float(distance_nm(fx.lat[i], fx.lon[i], lat, lon)), 1)


def _unknown_and_base(w: _Writer) -> None:
    """One sentence of a type pyais cannot decode (63, armored 'w'); Dalian VTS every 2 h."""
    payload = "w" + "".join(_ARMOR[k] for k in w.rng.integers(0, 64, 27))
    body = f"AIVDM,1,1,,A,{payload},0"
    w.emit([f"!{body}*{nmea_checksum(body)}"], float(w.rng.uniform(3600, 82_800)), STATIONS[0])
    w.truth.corruptions["unknown_type"] += 1
    mmsi, lat, lon = DALIAN_VTS
    for hour in range(0, 24, 2):
        data = {"type": 4, "mmsi": mmsi, "year": w.truth.day.year, "month": w.truth.day.month,
                "day": w.truth.day.day, "hour": hour, "minute": 0, "second": 3, "lat": lat,
                "lon": lon, "epfd": 7, "accuracy": True}  # fmt: skip
        w.emit(encode_dict(data, "AI", "VDM", w.channel()), hour * 3600 + 3, STATIONS[0])
        w.truth.base_station_reports += 1


def generate_nmea_lines(
    day: date, n_vessels: int = 40, seed: int = 7
) -> tuple[list[str], SampleTruth]:
    """One day of raw AIVDM lines for a seeded fleet, plus the truth needed to check a parser."""
    if n_vessels < 5:
        raise ValueError("n_vessels must be >= 5 to plant every corruption kind")
    fleet = make_fleet(n_vessels, seed)
    rng = np.random.default_rng([seed, day.toordinal()])
    bad = max((i for i, v in enumerate(fleet) if v.transceiver_class == "B"), default=n_vessels - 1)
    mmsis = [v.mmsi for v in fleet]
    mmsis[bad] //= 10  # a transponder configured with an 8-digit MMSI
    truth = SampleTruth(day, seed, n_vessels, invalid_mmsi=mmsis[bad])
    w = _Writer(truth, calendar.timegm(day.timetuple()), rng)
    tracks = [day_fixes(v, rng) for v in fleet]
    usable = [vi for vi in range(n_vessels) if vi != bad and tracks[vi].t.size]
    picks = [(vi, int(i)) for vi in usable if fleet[vi].transceiver_class == "A"
             for i in np.flatnonzero(tracks[vi].status == 0)]  # fmt: skip
    if len(picks) < 10:
        picks = [(vi, i) for vi in usable for i in range(tracks[vi].t.size)]
    picks = [picks[k] for k in rng.permutation(len(picks))]
    kinds = ("bad_checksum", "bad_checksum", "truncated", "duplicate", "duplicate",
             "sentinel_position", "sentinel_sog")  # fmt: skip
    plan = dict(zip(picks, kinds, strict=False))
    orphan = next((vi for vi in usable if fleet[vi].transceiver_class == "A"), -1)
    for vi, (vessel, fx) in enumerate(zip(fleet, tracks, strict=True)):
        if fx.t.size:
            _statics(w, vessel, mmsis[vi], fx, orphan=vi == orphan)
        for i in range(fx.t.size):
            _position(w, vessel, mmsis[vi], fx, i, plan.get((vi, i), ""))
    _plant_jump(w, fleet, tracks, picks[len(kinds) :] or picks)
    _unknown_and_base(w)
    body = [text for _, _, text in sorted(w.rows)]
    third = len(body) // 3
    lines = [
        f"# Bohai demo AIS feed {day.isoformat()}: generated by samples.ais_nmea "
        f"(seed {seed}, {n_vessels} vessels), not real traffic",
        "# stations: " + " ".join(name for name, *_ in STATIONS),
        *body[:third],
        "",
        "# DL0411 receiver restarted",
        *body[third : 2 * third],
        "# b004121013 link degraded, gaps expected",
        "",
        *body[2 * third :],
    ]
    truth.lines, truth.comment_lines, truth.blank_lines = len(lines), 4, 2
    truth.mmsis = tuple(sorted(w.mmsis))
    return lines, truth


def write_nmea_sample(
    out_dir: Path, days: list[date], n_vessels: int = 40, seed: int = 7
) -> list[Path]:
    """Write one `ais_{YYYY-MM-DD}.nmea` file per day so the demo runs without network."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for day in days:
        lines, _ = generate_nmea_lines(day, n_vessels, seed)
        path = out_dir / f"ais_{day.isoformat()}.nmea"
        path.write_text("\n".join(lines) + "\n", encoding="ascii", newline="\n")
        paths.append(path)
    return paths
