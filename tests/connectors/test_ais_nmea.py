"""Tests for the raw NMEA AIS connector: framing, reassembly, static join, quarantine, ledger."""

from __future__ import annotations

import gzip
import random
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import reduce
from operator import xor
from pathlib import Path

import polars as pl
import pyais
import pytest
from pyais.exceptions import MissingPayloadException

from connectors.ais_nmea import AisNmeaConnector
from connectors.base import QUARANTINE_SCHEMA, IngestResult
from connectors.registry import get_connector
from schemas.ais import AIS_POSITIONS

MMSI_A = 244670316
MMSI_B = 338123456
POS_A = {
    "type": 1,
    "mmsi": MMSI_A,
    "status": 5,
    "lat": 52.25,
    "lon": 4.5,
    "speed": 12.3,
    "course": 87.6,
    "heading": 88,
}
STATIC_A = {
    "type": 5,
    "mmsi": MMSI_A,
    "imo": 9307839,
    "callsign": "PDAB@@",
    "shipname": "ANNA",
    "ship_type": 70,
    "to_bow": 100,
    "to_stern": 20,
    "to_port": 10,
    "to_starboard": 8,
    "draught": 7.5,
}


def sentences(
    fields: dict[str, object], seq_id: int | None = None, channel: str = "A"
) -> list[str]:
    """Valid !AIVDM sentences for one message, encoded by pyais."""
    return pyais.encode_dict(fields, sentence_type="VDM", seq_id=seq_id, radio_channel=channel)


def one(fields: dict[str, object]) -> str:
    """The single sentence of a one-part message."""
    (line,) = sentences(fields)
    return line


def cks(body: str) -> str:
    """NMEA checksum (XOR of the characters between delimiter and '*') as two hex digits."""
    return f"{reduce(xor, body.encode(), 0):02X}"


def sentence(payload: str, fill: int = 0, cnt: int = 1, num: int = 1, seq: str = "") -> str:
    """Build an !AIVDM sentence around an arbitrary payload, with a correct checksum."""
    body = f"AIVDM,{cnt},{num},{seq},A,{payload},{fill}"
    return f"!{body}*{cks(body)}"


def tag(body: str) -> str:
    """An IEC 61162-450 tag block with a correct checksum."""
    return f"\\{body}*{cks(body)}\\"


def armor(bits: str) -> tuple[str, int]:
    """6-bit armour a bit string into an AIS payload and its fill-bit count."""
    fill = (-len(bits)) % 6
    bits += "0" * fill
    chars = []
    for i in range(0, len(bits), 6):
        v = int(bits[i : i + 6], 2)
        chars.append(chr(v + 48 if v < 40 else v + 56))
    return "".join(chars), fill


def run(
    tmp_path: Path,
    lines: list[str] | bytes,
    declared: date | None = None,
    name: str = "in.nmea",
) -> tuple[IngestResult, pl.DataFrame, pl.DataFrame, Path]:
    """Write lines to a file, read it with the connector, return result, table and quarantine."""
    path = tmp_path / name
    data = lines if isinstance(lines, bytes) else ("\n".join(lines) + "\n").encode()
    path.write_bytes(data)
    result = AisNmeaConnector().read([path], tmp_path / "out", declared_date=declared)
    return result, pl.read_parquet(result.table_path), pl.read_parquet(result.quarantine_path), path


def test_registered_under_format_name() -> None:
    """The pipeline finds the connector by its declared format."""
    assert isinstance(get_connector("ais_nmea"), AisNmeaConnector)


def test_single_position_report_fields_and_file_date(tmp_path: Path) -> None:
    """A plain type 1 sentence becomes one row stamped with the declared date."""
    result, table, quarantine, path = run(tmp_path, [one(POS_A)], declared=date(2024, 3, 1))
    assert table.schema == AIS_POSITIONS.polars_schema()
    assert quarantine.schema == QUARANTINE_SCHEMA
    row = table.row(0, named=True)
    assert row["mmsi"] == MMSI_A and row["msg_type"] == 1
    assert row["lat"] == pytest.approx(52.25) and row["lon"] == pytest.approx(4.5)
    assert row["sog"] == pytest.approx(12.3) and row["cog"] == pytest.approx(87.6)
    assert row["heading"] == 88.0 and row["nav_status"] == 5
    assert row["transceiver_class"] == "A" and row["station"] is None
    assert row["timestamp"] == datetime(2024, 3, 1, tzinfo=UTC)
    assert row["timestamp_source"] == "file_date"
    assert row["source_file"] == path.name and row["source_line"] == 1
    assert row["vessel_name"] is None and row["imo"] is None
    assert result.rows_out == 1 and result.rows_quarantined == 0
    assert result.ledger == {"position": 1} and result.input_units == 1 and result.unit == "line"


def test_no_time_and_no_declared_date_gives_null_timestamp(tmp_path: Path) -> None:
    """Without tag block, trailer or declared date the fix time is unknown, not invented."""
    _, table, _, _ = run(tmp_path, [one(POS_A)])
    assert table["timestamp"].to_list() == [None]
    assert table["timestamp_source"].to_list() == ["none"]


def test_tag_block_time_seconds_and_milliseconds_and_station(tmp_path: Path) -> None:
    """`c:` is unix seconds or milliseconds; `s:` names the station; both beat the file date."""
    lines = [
        tag("s:RX01,c:1700000000") + one(POS_A),
        tag("c:1700000001500,s:RX02") + one(POS_A),
    ]
    _, table, _, _ = run(tmp_path, lines, declared=date(2020, 1, 1))
    assert table["timestamp"].to_list() == [
        datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC),
        datetime(2023, 11, 14, 22, 13, 21, 500_000, tzinfo=UTC),
    ]
    assert table["timestamp_source"].to_list() == ["tag_block", "tag_block"]
    assert table["station"].to_list() == ["RX01", "RX02"]


def test_uscg_trailer_time_and_station(tmp_path: Path) -> None:
    """USCG fields after the checksum: `b`/`r` station and a final unix time."""
    lines = [
        one(POS_A) + ",b003669794,1272412827",
        one(POS_A) + ",d-093,S2212,t235959.00,T59.00339837,r09STOL1,1272844797",
    ]
    _, table, quarantine, _ = run(tmp_path, lines)
    assert quarantine.height == 0
    assert table["station"].to_list() == ["003669794", "09STOL1"]
    assert table["timestamp"].to_list() == [
        datetime.fromtimestamp(1272412827, UTC),
        datetime.fromtimestamp(1272844797, UTC),
    ]
    assert table["timestamp_source"].to_list() == ["trailer", "trailer"]


def test_tag_block_time_wins_over_trailer(tmp_path: Path) -> None:
    """When both carry a time, the tag block's receive time is used."""
    line = tag("c:1700000000") + one(POS_A) + ",b42,1272412827"
    _, table, _, _ = run(tmp_path, [line])
    assert table["timestamp_source"].to_list() == ["tag_block"]
    assert table["timestamp"].to_list() == [datetime.fromtimestamp(1700000000, UTC)]


def test_two_part_type5_reassembled_and_joined_onto_earlier_positions(tmp_path: Path) -> None:
    """Static data later in the read still reaches earlier positions of the same MMSI."""
    part1, part2 = sentences(STATIC_A, seq_id=3)
    lines = [one(POS_A), part1, one({**POS_A, "lat": 52.3}), part2, one({**POS_A, "lat": 52.4})]
    result, table, quarantine, _ = run(tmp_path, lines)
    assert quarantine.height == 0
    assert table.height == 3
    assert table["source_line"].to_list() == [1, 3, 5]
    row = table.row(1, named=True)
    assert row["vessel_name"] == "ANNA" and row["call_sign"] == "PDAB"
    assert row["imo"] == 9307839 and row["vessel_type"] == 70
    assert row["length"] == 120.0 and row["width"] == 18.0 and row["draft"] == 7.5
    assert table["vessel_name"].to_list() == ["ANNA"] * 3
    assert result.ledger == {"position": 3, "static": 2}
    assert result.reconciles()


def test_interleaved_multipart_groups(tmp_path: Path) -> None:
    """Two type 5 groups with different sequence ids may interleave line by line."""
    a1, a2 = sentences(STATIC_A, seq_id=1)
    b1, b2 = sentences({**STATIC_A, "mmsi": MMSI_B, "shipname": "BRAVO"}, seq_id=2)
    lines = [a1, b1, a2, b2, one(POS_A), one({**POS_A, "mmsi": MMSI_B})]
    result, table, quarantine, _ = run(tmp_path, lines)
    assert quarantine.height == 0
    assert table.select("mmsi", "vessel_name").rows() == [(MMSI_A, "ANNA"), (MMSI_B, "BRAVO")]
    assert result.ledger["static"] == 4


def test_latest_static_value_per_field_wins(tmp_path: Path) -> None:
    """A later type 5 replaces the name; a later empty value does not erase a known one."""
    first = sentences(STATIC_A, seq_id=1)
    second = sentences({**STATIC_A, "shipname": "ANNA II", "imo": 0}, seq_id=2)
    _, table, _, _ = run(tmp_path, [*first, one(POS_A), *second])
    row = table.row(0, named=True)
    assert row["vessel_name"] == "ANNA II"
    assert row["imo"] == 9307839


def test_class_b_type18_with_type24_parts(tmp_path: Path) -> None:
    """Class B: type 24 part A gives the name, part B type/call sign/size; no nav status."""
    lines = [
        one(
            {
                "type": 18,
                "mmsi": MMSI_B,
                "lat": 40.5,
                "lon": -70.25,
                "speed": 3.2,
                "course": 45.5,
                "heading": 44,
            }
        ),
        one({"type": 24, "mmsi": MMSI_B, "partno": 0, "shipname": "SEA BEE"}),
        one(
            {
                "type": 24,
                "mmsi": MMSI_B,
                "partno": 1,
                "ship_type": 37,
                "callsign": "WXY1",
                "to_bow": 5,
                "to_stern": 7,
                "to_port": 2,
                "to_starboard": 2,
            }
        ),
    ]
    result, table, _, _ = run(tmp_path, lines)
    row = table.row(0, named=True)
    assert row["msg_type"] == 18 and row["transceiver_class"] == "B"
    assert row["nav_status"] is None
    assert (row["vessel_name"], row["call_sign"], row["vessel_type"]) == ("SEA BEE", "WXY1", 37)
    assert (row["length"], row["width"], row["draft"]) == (12.0, 4.0, None)
    assert result.ledger == {"position": 1, "static": 2}


def test_type19_is_position_and_static(tmp_path: Path) -> None:
    """Type 19 is a class B position row that also carries name, type and dimensions."""
    msg = {
        "type": 19,
        "mmsi": MMSI_B,
        "lat": 40.5,
        "lon": -70.25,
        "speed": 3.2,
        "course": 45.5,
        "heading": 44,
        "shipname": "CLASS B EXT",
        "ship_type": 37,
        "to_bow": 4,
        "to_stern": 6,
        "to_port": 1,
        "to_starboard": 2,
    }
    _, table, _, _ = run(tmp_path, [one(msg)])
    row = table.row(0, named=True)
    assert row["msg_type"] == 19 and row["transceiver_class"] == "B"
    assert (row["vessel_name"], row["vessel_type"], row["length"], row["width"]) == (
        "CLASS B EXT",
        37,
        10.0,
        3.0,
    )


def test_not_available_sentinels_become_null(tmp_path: Path) -> None:
    """lat 91, lon 181, sog 102.3, cog 360 and heading 511 mean 'not available'."""
    msg = {**POS_A, "lat": 91, "lon": 181, "speed": 102.3, "course": 360, "heading": 511}
    _, table, _, _ = run(tmp_path, [one(msg)])
    assert table.select("lat", "lon", "sog", "cog", "heading").row(0) == (None,) * 5


def test_out_of_encoding_values_become_null(tmp_path: Path) -> None:
    """Values no real vessel can report (heading 400, course 400) are nulled as well."""
    _, table, _, _ = run(tmp_path, [one({**POS_A, "course": 400, "heading": 400})])
    assert table.select("cog", "heading").row(0) == (None, None)


def test_other_message_types_are_counted_not_rows(tmp_path: Path) -> None:
    """Base station reports and the like are valid AIS but not rows of this table."""
    lines = [one({"type": 4, "mmsi": 2190048}), one({"type": 21, "mmsi": 992191234}), one(POS_A)]
    result, table, _, _ = run(tmp_path, lines)
    assert table.height == 1
    assert result.ledger == {"other_message_type": 2, "position": 1}


def test_comments_blanks_and_ledger(tmp_path: Path) -> None:
    """Every line is counted once; comments and blank lines have their own bucket."""
    lines = ["# header comment", "", "   ", one(POS_A), "#", "garbage here"]
    result, _, _, _ = run(tmp_path, lines)
    assert result.input_units == 6
    assert result.ledger == {"comment_or_blank": 4, "position": 1, "quarantined": 1}
    assert result.reconciles()


def test_each_quarantine_reason(tmp_path: Path) -> None:
    """Each kind of corruption is quarantined with its own reason, line number and raw text."""
    good = one(POS_A)
    body = good[1 : good.index("*")]
    bad_checksum = f"!{body}*{int(cks(body), 16) ^ 0xFF:02X}"
    truncated = good[: good.index("*") - 5]
    extra_field = sentence(good.split(",")[5] + ",X")
    payload = good.split(",")[5]
    unknown = sentence("w" + payload[1:])
    part24, fill = armor("011000" + "00" + f"{MMSI_B:030b}" + "10" + "0" * 128)
    bad_part_no = sentence(part24, fill)
    short_pos, short_fill = armor("000001" + "00" + f"{MMSI_A:030b}" + "0" * 20)
    short = sentence(short_pos, short_fill)
    empty = sentence("")
    orphan_first = sentences(STATIC_A, seq_id=4)[0]
    orphan_second = sentences(STATIC_A, seq_id=5)[1]
    bad_tag = "\\c:1700000000*00\\" + good
    lines = [
        bad_checksum,
        truncated,
        extra_field,
        unknown,
        bad_part_no,
        short,
        empty,
        orphan_first,
        orphan_second,
        bad_tag,
        "$GPGGA,1*" + cks("GPGGA,1"),
    ]
    data = ("\n".join(lines) + "\n").encode() + b"!AIVDM,1,1,,A,\xff\xfe,0*00\n"
    result, table, quarantine, path = run(tmp_path, data)
    quarantine = quarantine.sort("source_line")
    assert table.height == 0
    reasons = dict(zip(quarantine["source_line"], quarantine["reason"], strict=True))
    assert reasons == {
        1: "bad_checksum",
        2: "malformed_sentence",
        3: "malformed_sentence",
        4: "unknown_message_type",
        5: "decode_error",
        6: "decode_error",
        7: "empty_payload",
        8: "incomplete_multipart",
        9: "incomplete_multipart",
        10: "bad_checksum",
        11: "unsupported_sentence",
        12: "bad_encoding",
    }
    assert quarantine["raw"].to_list()[:11] == lines
    assert quarantine["raw"][11].startswith("!AIVDM,1,1,,A,")
    assert set(quarantine["stage"]) == {"ingest"} and set(quarantine["source_file"]) == {path.name}
    assert all(quarantine["detail"].str.len_chars() > 0)
    assert result.rows_quarantined == 12 and result.ledger == {"quarantined": 12}
    assert result.reconciles()


def test_every_line_of_an_incomplete_group_is_quarantined(tmp_path: Path) -> None:
    """Two of three fragments arrive; both lines are quarantined, the next message is fine."""
    payload, fill = armor("000101" + "0" * 600)
    chunks = [payload[i : i + 40] for i in range(0, len(payload), 40)]
    frag1 = sentence(chunks[0], 0, 3, 1, "7")
    frag2 = sentence(chunks[1], 0, 3, 2, "7")
    result, table, quarantine, _ = run(tmp_path, [frag1, frag2, one(POS_A)])
    assert quarantine["source_line"].to_list() == [1, 2]
    assert set(quarantine["reason"]) == {"incomplete_multipart"}
    assert table.height == 1 and result.reconciles()


def test_tag_block_group_reassembles_fragments_without_own_station(tmp_path: Path) -> None:
    """With `g:` groups, later fragments may carry only the group and still join the first."""
    part1, part2 = sentences({**STATIC_A, "mmsi": MMSI_B}, seq_id=None)
    pos_b = {"type": 1, "mmsi": MMSI_B, "lat": 1.5, "lon": 2.5}
    lines = [
        tag("g:1-2-77,s:STN9,c:1700000000") + part1,
        tag("g:2-2-77") + part2,
        tag("s:STN9,c:1700000005") + one(pos_b),
    ]
    result, table, quarantine, _ = run(tmp_path, lines)
    assert quarantine.height == 0
    assert result.ledger == {"static": 2, "position": 1}
    assert table["vessel_name"].to_list() == ["ANNA"]


def test_multipart_position_takes_last_fragment_line(tmp_path: Path) -> None:
    """A position split over two sentences is one row, attributed to its last line."""
    payload = one(POS_A).split(",")[5]
    lines = [
        sentence(payload[:10], 0, 2, 1, "1") + ",rSTN,1700000000",
        sentence(payload[10:], 0, 2, 2, "1") + ",rSTN,1700000000",
    ]
    result, table, _, _ = run(tmp_path, lines)
    assert table["source_line"].to_list() == [2]
    assert table["mmsi"].to_list() == [MMSI_A]
    assert result.ledger == {"position": 2}


def test_multiple_files_share_static_data(tmp_path: Path) -> None:
    """Static data from one file of the read reaches positions in another file."""
    first, second = tmp_path / "a.nmea", tmp_path / "b.nmea"
    first.write_text(one(POS_A) + "\n")
    second.write_text("\n".join(sentences(STATIC_A, seq_id=1)) + "\n")
    result = AisNmeaConnector().read([first, second], tmp_path / "out")
    table = pl.read_parquet(result.table_path)
    assert table.select("vessel_name", "source_file").rows() == [("ANNA", first.name)]
    assert result.input_units == 3 and result.reconciles()


def test_chunked_writing_keeps_all_rows_in_order(tmp_path: Path) -> None:
    """Rows spill to disk in small chunks and still come out complete and in input order."""
    path = tmp_path / "many.nmea"
    path.write_text("\n".join(one({**POS_A, "mmsi": 100000000 + i}) for i in range(7)) + "\n")
    connector = AisNmeaConnector()
    connector.chunk_rows = 2
    result = connector.read([path], tmp_path / "out")
    table = pl.read_parquet(result.table_path)
    assert table["mmsi"].to_list() == [100000000 + i for i in range(7)]
    assert result.rows_out == 7


def test_empty_input_still_writes_both_outputs(tmp_path: Path) -> None:
    """A file of comments yields empty Parquet files with the exact schemas."""
    result, table, quarantine, _ = run(tmp_path, ["# nothing", ""])
    assert table.height == 0 and table.schema == AIS_POSITIONS.polars_schema()
    assert quarantine.height == 0 and quarantine.schema == QUARANTINE_SCHEMA
    assert result.reconciles() and result.input_units == 2


def test_missing_file_raises_naming_it(tmp_path: Path) -> None:
    """A path that does not exist fails loudly before anything is written."""
    missing = tmp_path / "nope.nmea"
    with pytest.raises(FileNotFoundError, match="nope.nmea"):
        AisNmeaConnector().read([missing], tmp_path / "out")


def test_random_corruption_never_crashes_and_reconciles(tmp_path: Path) -> None:
    """Seeded byte-level damage to valid lines: every line still lands in one ledger bucket."""
    rng = random.Random(7)
    valid = [
        one(POS_A).encode(),
        *(s.encode() for s in sentences(STATIC_A, seq_id=2)),
        (tag("s:RX,c:1700000000") + one({**POS_A, "mmsi": MMSI_B}) + ",b1,1700000000").encode(),
    ]
    alphabet = b"!\\*,:0123456789ABCDEFw@# \xff"
    lines = []
    for _ in range(2000):
        line = bytearray(rng.choice(valid))
        for _ in range(rng.randint(0, 2)):
            pos = rng.randrange(len(line))
            if rng.random() < 0.5:
                line[pos] = rng.choice(alphabet)
            else:
                del line[pos : pos + rng.randint(1, 8)]
        lines.append(bytes(line))
    result, table, quarantine, _ = run(tmp_path, b"\n".join(lines) + b"\n")
    assert result.input_units == 2000 and result.reconciles()
    assert result.rows_out == table.height and result.rows_quarantined == quarantine.height
    assert quarantine.height > 0 and table.height > 0


# --- integration: the real sample files, checked against pyais's own decode -------------------

_TRAILER = re.compile(rb"(\*[0-9A-Fa-f]{2}),.*$")


class _StripTrailer:
    """pyais preprocessor: drop USCG fields after '*hh' so pyais sees the plain sentence."""

    def process(self, line: bytes) -> bytes:
        """Return the line without trailing receiver fields."""
        return _TRAILER.sub(rb"\1", line.strip())


def _pyais_reference(path: Path, work: Path) -> dict[str, int]:
    """Lines per category according to pyais's FileReaderStream, independent of the connector.

    Exact repeats of a sentence with a payload are left out first (the connector quarantines
    them as duplicate_record) and counted under "duplicate_record".
    """
    counts = {"position": 0, "static": 0, "other_message_type": 0, "empty_payload": 0}
    kept, seen = [], set()
    for line in path.read_bytes().splitlines():
        sentence_line = line.strip()[:1] in (b"!", b"\\") and b",,0*" not in line
        repeat = sentence_line and line in seen
        counts["duplicate_record"] = counts.get("duplicate_record", 0) + repeat
        if not repeat:
            kept.append(line)
        seen.add(line)
    unique = work / "unique.nmea"
    unique.write_bytes(b"\n".join(kept) + b"\n")
    for msg in pyais.FileReaderStream(str(unique), preprocessor=_StripTrailer()):
        assert msg.is_valid
        try:
            decoded = msg.decode()
        except MissingPayloadException:
            counts["empty_payload"] += 1
            continue
        kind = (
            "position"
            if decoded.msg_type in {1, 2, 3, 18, 19}
            else "static"
            if decoded.msg_type in {5, 24}
            else "other_message_type"
        )
        counts[kind] += msg.frag_cnt
    return counts


@pytest.mark.integration
@pytest.mark.parametrize(
    "sample", ["marine/ais_nmea_pyais_sample.txt", "marine/ais_nmea_libais_test.aivdm"]
)
def test_sample_file_matches_pyais_reference(
    sample: str, tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """Counts per category equal pyais's independent decode; the ledger covers every line."""
    path = shared_file(sample)
    result = AisNmeaConnector().read([path], tmp_path / "out")
    table = pl.read_parquet(result.table_path)
    quarantine = pl.read_parquet(result.quarantine_path)
    reference = _pyais_reference(path, tmp_path)
    assert result.rows_out == table.height == reference["position"]
    assert result.ledger["position"] == reference["position"]
    assert result.ledger["static"] == reference["static"]
    assert result.ledger["other_message_type"] == reference["other_message_type"]
    assert (
        quarantine.filter(pl.col("reason") == "empty_payload").height
        == (reference["empty_payload"])
    )
    duplicates = quarantine.filter(pl.col("reason") == "duplicate_record")
    assert duplicates.height == reference["duplicate_record"]
    assert result.input_units == len(path.read_bytes().splitlines())
    assert result.reconciles()
    assert table.schema == AIS_POSITIONS.polars_schema()
    first = table.row(0, named=True)
    line = path.read_text().splitlines()[first["source_line"] - 1]
    expected = pyais.decode(_StripTrailer().process(line.encode()))
    assert first["mmsi"] == expected.mmsi
    assert first["lat"] == pytest.approx(expected.lat) and first["lon"] == pytest.approx(
        expected.lon
    )


@pytest.mark.integration
def test_pyais_sample_quarantines_orphan_first_fragments(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """The pyais sample has 2-part first fragments whose second part never arrives."""
    path = shared_file("marine/ais_nmea_pyais_sample.txt")
    result = AisNmeaConnector().read([path], tmp_path / "out")
    quarantine = pl.read_parquet(result.quarantine_path)
    orphans = quarantine.filter(pl.col("reason") == "incomplete_multipart")
    text_lines = path.read_text().splitlines()
    assert orphans.height == sum(1 for t in text_lines if t.startswith("!AIVDM,2,1,"))
    assert all(text_lines[n - 1] == raw for n, raw in orphans.select("source_line", "raw").rows())


@pytest.mark.integration
def test_libais_sample_uses_trailer_times_and_stations(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """Every row of the USCG-style sample is stamped from its trailer, with a station."""
    path = shared_file("marine/ais_nmea_libais_test.aivdm")
    result = AisNmeaConnector().read([path], tmp_path / "out")
    table = pl.read_parquet(result.table_path)
    assert set(table["timestamp_source"]) == {"trailer"}
    assert table["station"].null_count() == 0
    assert result.ledger["comment_or_blank"] == sum(
        1 for t in path.read_text().splitlines() if not t.strip() or t.startswith("#")
    )


# --- issue 12: real logs with one realistic defect each ----------------------------------------

LIBAIS = "marine/ais_nmea_libais_test.aivdm"


def _real(shared_file: Callable[[str], Path]) -> bytes:
    return shared_file(LIBAIS).read_bytes()


def _rows(table: pl.DataFrame) -> list[tuple[object, ...]]:
    """Released values that do not depend on line numbers."""
    return table.drop("source_line", "source_file").rows()


@pytest.mark.integration
@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="bom"),
        pytest.param(lambda b: b.replace(b"\r\n", b"\n").replace(b"\n", b"\r"), id="cr_only"),
        pytest.param(lambda b: b.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), id="crlf"),
    ],
)
def test_real_log_with_bom_or_other_line_ends_reads_like_the_original(
    mutate: Callable[[bytes], bytes], tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A BOM no longer quarantines line 1; a CR-only log is 345 lines, not one comment line."""
    data = _real(shared_file)
    (tmp_path / "orig").mkdir()
    base, base_table, _, _ = run(tmp_path / "orig", data)
    result, table, quarantine, _ = run(tmp_path, mutate(data))
    assert result.input_units == base.input_units == len(data.splitlines())
    assert result.ledger == base.ledger and result.reconciles()
    assert quarantine.height == 0
    assert _rows(table) == _rows(base_table)


@pytest.mark.integration
def test_real_log_gzipped_under_its_own_name_is_read(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A gzip named .aivdm is decompressed by its magic bytes instead of being all garbage."""
    data = _real(shared_file)
    result, table, _, _ = run(tmp_path, gzip.compress(data), name="feed.aivdm")
    assert result.input_units == len(data.splitlines()) and result.reconciles()
    assert result.ledger["position"] == table.height == 22


@pytest.mark.integration
def test_real_log_exact_duplicate_sentence_is_quarantined_once(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A repeated position line is quarantined duplicate_record, so it is released once."""
    data = _real(shared_file)
    lines = data.splitlines()
    _, base_table, _, _ = run(tmp_path, data)
    target = base_table["source_line"][3]
    repeated = b"\n".join([*lines[:target], lines[target - 1], *lines[target:]]) + b"\n"
    result, table, quarantine, _ = run(tmp_path, repeated)
    assert table.height == base_table.height
    assert quarantine.select("source_line", "reason").rows() == [(target + 1, "duplicate_record")]
    assert f"line {target}" in quarantine["detail"][0]
    assert result.reconciles()


@pytest.mark.integration
@pytest.mark.parametrize("where", ["tag_block", "trailer", "trailer_float"])
def test_real_log_with_absurd_receive_time_quarantines_the_line(
    where: str, tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A time of hundreds of digits is a quarantine row, not OverflowError/ValueError."""
    data = _real(shared_file)
    huge = "9" * 400 + (".5" if where == "trailer_float" else "")
    sentence_line = next(ln for ln in data.decode().splitlines() if ln.startswith("!AIVDM"))
    plain = sentence_line[: sentence_line.index("*") + 3]
    bad = tag(f"c:{huge}") + plain if where == "tag_block" else f"{plain},b003669794,{huge}"
    result, _, quarantine, _ = run(tmp_path, data + bad.encode() + b"\n")
    last = result.input_units
    assert quarantine.filter(pl.col("source_line") == last)["reason"].to_list() == [
        "implausible_date"
    ]
    assert result.reconciles()


@pytest.mark.integration
def test_real_log_truncated_inside_the_trailer_time_is_not_released(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A last line cut inside its receive time (1272412827 -> 12724) is not a 1970 fix."""
    data = _real(shared_file)
    lines = data.decode().splitlines()
    _, base_table, _, _ = run(tmp_path, data)
    target = base_table["source_line"][-1]
    cut = lines[target - 1][: lines[target - 1].rindex(",") + 6]
    result, table, quarantine, _ = run(tmp_path, "\n".join([*lines[: target - 1], cut]).encode())
    assert target not in table["source_line"].to_list()
    assert quarantine.filter(pl.col("source_line") == target)["reason"].to_list() == [
        "implausible_date"
    ]
    assert table["timestamp"].dt.year().min() >= 2000 and result.reconciles()


@pytest.mark.integration
def test_real_log_with_latin1_and_gb18030_bytes_never_releases_replacement_chars(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """Undecodable lines are quarantined bad_encoding with escaped raw bytes, never U+FFFD."""
    data = _real(shared_file)
    extra = "# station café\n".encode("latin-1") + "# 渤海 接收站\n".encode("gb18030")
    result, table, quarantine, _ = run(tmp_path, data + extra)
    assert quarantine["reason"].to_list() == ["bad_encoding", "bad_encoding"]
    assert quarantine["raw"][0] == "# station caf\\xe9"
    assert not any("\ufffd" in (v or "") for v in quarantine["raw"].to_list())
    assert table.height == 22 and result.reconciles()


@pytest.mark.integration
def test_declared_source_encoding_is_honoured(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """With `source.encoding: latin-1` the same comment line is a comment, not a bad line."""
    data = _real(shared_file) + "# station café\n".encode("latin-1")
    path = tmp_path / "in.nmea"
    path.write_bytes(data)
    connector = AisNmeaConnector()
    connector.encoding = "latin-1"
    result = connector.read([path], tmp_path / "out")
    assert result.rows_quarantined == 0
    assert result.ledger["comment_or_blank"] == 83 and result.reconciles()


def test_unexpected_error_on_one_message_is_a_quarantine_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception escaping a decoder quarantines that line as unreadable_record, not the run."""
    from connectors import ais_nmea

    def boom(msg: object) -> object:
        raise RuntimeError("decoder blew up")

    monkeypatch.setattr(ais_nmea, "position_values", boom)
    result, table, quarantine, path = run(tmp_path, [one(POS_A)])
    assert table.height == 0
    row = quarantine.row(0, named=True)
    assert (row["reason"], row["source_line"], row["source_file"]) == (
        "unreadable_record",
        1,
        path.name,
    )
    assert "RuntimeError: decoder blew up" in row["detail"]
    assert result.reconciles()


def test_identical_last_fragments_of_two_messages_are_not_duplicates(tmp_path: Path) -> None:
    """Two vessels' type 5 messages can end in the same fragment line; both are kept."""
    first = sentences(STATIC_A, seq_id=4)
    second = sentences({**STATIC_A, "mmsi": MMSI_B, "shipname": "BOHAI 7"}, seq_id=4)
    assert first[1] == second[1]  # same seq id, same tail bits: byte-identical fragment 2
    result, _, quarantine, _ = run(tmp_path, [*first, *second, *first])
    assert result.ledger == {"static": 4, "quarantined": 2}
    assert quarantine["reason"].to_list() == ["duplicate_record"] * 2
    assert quarantine["source_line"].to_list() == [5, 6]  # the repeated whole message


def test_duplicate_window_is_bounded_but_spans_at_least_one_generation() -> None:
    """Repeats within `window` messages are found; memory holds at most two generations."""
    from connectors.nmea_assembly import RecentDuplicates

    window = RecentDuplicates(window=3)
    assert [window.seen(t, ("f", i)) for i, t in enumerate("abc")] == [None, None, None]
    assert window.seen("a", ("f", 9)) == "exact copy of f line 0 (first copy kept)"
    for i, text in enumerate("defghi", start=3):
        window.seen(text, ("f", i))
    assert window.seen("a", ("f", 20)) is None  # two generations later: forgotten
    assert window.seen("h", ("f", 21)) is not None


def test_a_loggers_receive_time_before_the_sentence_is_read(tmp_path: Path) -> None:
    """trial12: every line of a log whose logger wrote its time first was quarantined
    `malformed_sentence` (no NMEA sentence start); the time is the receive time now."""
    lines = [
        "2026-11-20T01:12:00.123Z " + one(POS_A),
        "1795137360.250 " + one(POS_A),
        "[2026-11-20 09:12:00+08:00]\t" + one(POS_A),
        "1795137360123: " + one(POS_A),  # milliseconds
        "2026-11-20 01:12:00,5;" + one(POS_A),  # a naive time is UTC
        "2026-11-20T01:12:00Z " + tag("c:1795137000") + one(POS_A),  # the tag block wins
    ]
    _, table, quarantine, _ = run(tmp_path, lines, declared=date(2020, 1, 1))
    assert quarantine.height == 0
    assert table["timestamp"].to_list() == [
        datetime(2026, 11, 20, 1, 12, 0, 123_000, tzinfo=UTC),
        datetime(2026, 11, 20, 1, 16, 0, 250_000, tzinfo=UTC),
        datetime(2026, 11, 20, 1, 12, tzinfo=UTC),
        datetime(2026, 11, 20, 1, 16, 0, 123_000, tzinfo=UTC),
        datetime(2026, 11, 20, 1, 12, 0, 500_000, tzinfo=UTC),
        datetime(2026, 11, 20, 1, 10, tzinfo=UTC),
    ]
    assert table["timestamp_source"].to_list() == ["logger"] * 5 + ["tag_block"]


def test_a_logger_prefix_that_is_no_time_is_still_malformed(tmp_path: Path) -> None:
    lines = ["12345 " + one(POS_A), "1969-07-20T20:17:00Z " + one(POS_A), "RX1 " + one(POS_A)]
    _, table, quarantine, _ = run(tmp_path, lines)
    assert table.height == 0
    assert quarantine["reason"].to_list() == [
        "malformed_sentence",
        "implausible_date",
        "malformed_sentence",
    ]


def test_a_payload_longer_than_its_message_type_is_quarantined(tmp_path: Path) -> None:
    """trial12: 200,000 '1' characters decoded as a type 1 position (lon 14.2, MMSI 68174084)."""
    good_payload = one(POS_A).split(",")[5]
    lines = [sentence("1" * 200_000), sentence(good_payload + "0000", fill=0), one(POS_A)]
    _, table, quarantine, _ = run(tmp_path, lines)
    assert table["source_line"].to_list() == [3]
    assert quarantine["reason"].to_list() == ["decode_error", "decode_error"]
    assert "payload has 1200000 bits, at most 174" in quarantine["detail"][0]
