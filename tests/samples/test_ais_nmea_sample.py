"""The generated AIVDM demo feed decodes with pyais and holds exactly the planted corruptions."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from pyais import decode
from pyais.exceptions import InvalidNMEAChecksum, UnknownMessageException
from pyais.messages import TagBlock

from quality.rules.imo_check_digit import imo_is_valid
from samples.ais_nmea import SampleTruth, generate_nmea_lines, nmea_checksum, write_nmea_sample
from samples.geo import BOHAI_BBOX, LAND_POLYGONS, distance_nm, on_land, point_in_polygon
from samples.vessels import imo_check_digit, make_fleet

DAY = date(2025, 11, 2)
DAY0 = calendar.timegm(DAY.timetuple())
LINE = re.compile(
    r"^(?:\\(?P<tb>[^\\]*)\\)?(?P<sentence>!AIVDM,(?P<n>\d),(?P<k>\d),(?P<seq>\d?),[AB],"
    r"[^,*]*,\d\*(?P<cs>[0-9A-F]{2}))(?:,(?P<station>b\d{9}),(?P<unix>\d+))?$"
)
ALLOWED_MIDS = {412, 413, 414, 477, 636, 352}


@pytest.fixture(scope="module")
def sample() -> tuple[list[str], SampleTruth]:
    """One default-size day, generated once for the whole module."""
    return generate_nmea_lines(DAY)


@pytest.fixture(scope="module")
def decoded(sample: tuple[list[str], SampleTruth]) -> dict:
    """Parse and decode every line the way a connector would; tally outcomes and messages."""
    lines, _ = sample
    out: dict = {"outcome": Counter(), "messages": [], "tag_blocks": [], "sentences": []}
    pending: dict[tuple, list[str]] = {}
    orphans = 0
    for text in lines:
        if not text.strip() or text.startswith("#"):
            out["outcome"]["comment" if text.startswith("#") else "blank"] += 1
            continue
        if text.startswith("\\"):
            out["tag_blocks"].append(text[1:].split("\\")[0])
        m = LINE.match(text)
        if m is None:
            out["outcome"]["malformed"] += 1
            continue
        station, unix = m["station"], m["unix"]
        if m["tb"] is not None:
            fields = dict(f.split(":", 1) for f in m["tb"].split("*")[0].split(","))
            station, unix = fields["s"], fields["c"]
        out["sentences"].append((m["sentence"], station, int(unix)))
        if int(m["n"]) > 1:
            if m["k"] == "1":  # a new first fragment drops any unfinished message on its key
                orphans += len(pending.pop((station, m["seq"]), []))
            parts = pending.setdefault((station, m["seq"]), [])
            parts.append(m["sentence"])
            if len(parts) < int(m["n"]):
                continue
            del pending[(station, m["seq"])]
        else:
            parts = [m["sentence"]]
        try:
            msg = decode(*parts, error_if_checksum_invalid=True)
        except InvalidNMEAChecksum:
            out["outcome"]["bad_checksum"] += 1
        except UnknownMessageException:
            out["outcome"]["unknown_type"] += 1
        else:
            out["messages"].append((msg, station, int(unix)))
    out["outcome"]["orphan_fragment"] = orphans + sum(len(p) for p in pending.values())
    return out


def test_decodable_messages_match_truth(sample: tuple, decoded: dict) -> None:
    """Every complete, valid message decodes and the tallies equal the truth."""
    _, truth = sample
    kinds = Counter()
    for msg, _, _ in decoded["messages"]:
        key = msg.msg_type if msg.msg_type != 24 else f"24{'AB'[msg.partno]}"
        kinds[str(key)] += 1
    assert len(decoded["messages"]) == truth.decodable_messages
    assert {k: kinds[str(k)] for k in (1, 3, 18)} == truth.position_reports
    assert {k: kinds[k] for k in ("5", "24A", "24B")} == truth.static_reports
    assert kinds["4"] == truth.base_station_reports == 12
    assert truth.position_reports[1] > 1000 and truth.position_reports[18] > 300


def test_planted_corruptions_present_exactly(sample: tuple, decoded: dict) -> None:
    """Bad checksums, truncation, unknown type and orphan fragment appear as planted."""
    lines, truth = sample
    outcome = decoded["outcome"]
    for kind in ("bad_checksum", "unknown_type", "orphan_fragment"):
        assert outcome[kind] == truth.corruptions[kind] == 1 + (kind == "bad_checksum")
    assert outcome["malformed"] == truth.corruptions["truncated"] == 1
    assert outcome["comment"] == truth.comment_lines and outcome["blank"] == truth.blank_lines
    assert len(lines) == truth.lines == truth.sentence_lines + 6
    bad = [s for s, _, _ in decoded["sentences"] if nmea_checksum(s[1:-3]) != s[-2:]]
    assert len(bad) == truth.corruptions["bad_checksum"]


def test_tag_blocks_and_trailers(sample: tuple, decoded: dict) -> None:
    """Tag block checksums are valid, both timestamp styles occur, all times fall in the day."""
    _, truth = sample
    assert len(decoded["tag_blocks"]) == truth.tag_block_lines > 1000
    assert truth.trailer_lines > 1000
    for raw in decoded["tag_blocks"]:
        content, checksum = raw.split("*")
        assert nmea_checksum(content) == checksum
        block = TagBlock(raw.encode())
        block.init()
        assert block.is_valid and block.receiver_timestamp and block.source_station
    times = [unix for _, _, unix in decoded["sentences"]]
    assert all(DAY0 <= t < DAY0 + 86_400 for t in times)
    assert times == sorted(times)


def test_tracks_on_water_and_plausible(sample: tuple, decoded: dict) -> None:
    """Positions stay in the Bohai box, off the peninsulas, with speeds matching movement."""
    _, truth = sample
    fixes = [
        (m.mmsi, unix, m.lat, m.lon, m.speed)
        for m, _, unix in decoded["messages"]
        if m.msg_type in (1, 3, 18) and m.lat != 91.0
    ]
    mmsi, unix, lat, lon, sog = (np.array(c) for c in zip(*fixes, strict=True))
    lat_min, lat_max, lon_min, lon_max = BOHAI_BBOX
    assert ((lat >= lat_min) & (lat <= lat_max) & (lon >= lon_min) & (lon <= lon_max)).all()
    assert not on_land(lat, lon).any()
    order = np.lexsort((unix, mmsi))
    mmsi, unix, lat, lon, sog = mmsi[order], unix[order], lat[order], lon[order], sog[order]
    same, dt = mmsi[1:] == mmsi[:-1], np.diff(unix)
    step = distance_nm(lat[:-1], lon[:-1], lat[1:], lon[1:])
    ok = same & (dt >= 10)
    implied = step[ok] / dt[ok] * 3600
    breach = ok.nonzero()[0][implied > 60]
    assert set(mmsi[breach]) == {truth.jump_mmsi} and 1 <= breach.size <= 2
    assert truth.jump_unix in set(unix[breach + 1]) and 45 <= truth.jump_nm <= 60
    moving = ok & (dt <= 60) & (sog[1:] > 8) & (sog[1:] < 100) & (mmsi[1:] != truth.jump_mmsi)
    ratio = np.median(step[moving] / dt[moving] * 3600 / sog[1:][moving])
    assert 0.9 < ratio < 1.1


def test_identities_and_sentinels(sample: tuple, decoded: dict) -> None:
    """MMSIs/IMOs are well formed except the planted bad MMSI; sentinels and duplicates exist."""
    _, truth = sample
    msgs = [m for m, _, _ in decoded["messages"]]
    mmsis = {m.mmsi for m in msgs if m.msg_type in (1, 3, 18)}
    assert mmsis == set(truth.mmsis)
    assert len(str(truth.invalid_mmsi)) == 8 and truth.invalid_mmsi in mmsis
    assert {m // 1_000_000 for m in mmsis - {truth.invalid_mmsi}} <= ALLOWED_MIDS
    imos = [m.imo for m in msgs if m.msg_type == 5]
    assert imos and all(imo_is_valid(i) for i in imos)
    positions = [m for m in msgs if m.msg_type in (1, 3, 18)]
    invalid = sum(m.mmsi == truth.invalid_mmsi for m in positions)
    assert invalid == truth.corruptions["invalid_mmsi_positions"] > 0
    assert sum(m.lat == 91.0 and m.lon == 181.0 for m in positions) == 1
    assert sum(m.speed == 102.3 for m in positions) == 2
    assert sum(m.heading == 511 for m in positions) == truth.heading_unavailable
    sentences = Counter(s for s, _, _ in decoded["sentences"] if s.split(",")[5][0] in "13B")
    dups = [s for s, n in sentences.items() if n > 1]
    assert len(dups) == truth.corruptions["duplicate"] == 2
    for dup in dups:
        stations = {st for s, st, _ in decoded["sentences"] if s == dup}
        assert len(stations) == 2
    assert truth.unique_position_reports == len(positions) - 2
    assert [m for m in msgs if m.msg_type == 4][0].mmsi == 4121001


def test_imo_check_digit_and_fleet() -> None:
    """Known IMO numbers validate; every Class A vessel has a valid IMO, Class B none."""
    assert imo_check_digit(930783) == 9 and imo_is_valid(9307839) and imo_is_valid(9074729)
    assert not imo_is_valid(9307838)
    fleet = make_fleet(40)
    assert len({v.mmsi for v in fleet}) == 40 and len({v.name for v in fleet}) == 40
    for v in fleet:
        assert (v.imo is not None and imo_is_valid(v.imo)) == (v.transceiver_class == "A")
        assert 100_000_000 <= v.mmsi <= 999_999_999 and v.mmsi // 1_000_000 in ALLOWED_MIDS
        assert v.ship_type in {30, 37} or 60 <= v.ship_type <= 89
        assert 5 < v.length < 300 and 2 < v.width < 50


def test_land_polygons_catch_straight_lines() -> None:
    """The crude land polygons would flag a straight Dalian-Tianjin or Dalian-Yantai line."""
    t = np.linspace(0, 1, 200)
    lat, lon = 38.935 + t * (38.975 - 38.935), 121.665 + t * (117.85 - 121.665)
    assert point_in_polygon(lat, lon, LAND_POLYGONS["liaodong-tip"]).any()
    assert on_land(np.array([37.30]), np.array([121.50])).all()


def test_deterministic_files(tmp_path: Path) -> None:
    """Same seed -> identical bytes; another seed or day -> different content."""
    days = [date(2025, 11, 2), date(2025, 11, 3)]
    first = write_nmea_sample(tmp_path / "a", days, n_vessels=6)
    again = write_nmea_sample(tmp_path / "b", days[:1], n_vessels=6)
    other = write_nmea_sample(tmp_path / "c", days[:1], n_vessels=6, seed=8)
    assert [p.name for p in first] == ["ais_2025-11-02.nmea", "ais_2025-11-03.nmea"]
    assert first[0].read_bytes() == again[0].read_bytes()
    assert first[0].read_bytes() != first[1].read_bytes()
    assert first[0].read_bytes() != other[0].read_bytes()
    assert first[0].read_bytes().isascii() and first[0].read_bytes().endswith(b"\n")
    with pytest.raises(ValueError):
        generate_nmea_lines(days[0], n_vessels=4)
