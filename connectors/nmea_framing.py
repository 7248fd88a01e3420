"""Split one raw NMEA 0183 log line into AIS sentence, tag block and USCG trailer, or reject it.

A receive time a logger writes before the sentence or tag block (`2026-11-20T01:12:00.123Z
!AIVDM,...`, `[2026-11-20 01:12:00] !AIVDM,...`, `1795137360.250 !AIVDM,...`) is read too; a
time without a zone is UTC. Tag block `c:` wins over the USCG trailer, which wins over it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import reduce
from operator import xor
from typing import NamedTuple

# Tag block `c:` values above this are milliseconds (1e11 s would be the year 5138).
_MS_THRESHOLD = 100_000_000_000
_AIS_TALKERS = ("VDM", "VDO")
# Valid 6-bit payload armour characters: '0'..'W' and '`'..'w'.
_BAD_PAYLOAD_CHAR = re.compile(r"[^0-W`-w]")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_HEX = frozenset("0123456789abcdefABCDEF")
# Every valid two-character checksum, mapped to its value (a dict lookup beats int(x, 16) + checks).
_CHECKSUMS = {a + b: int(a + b, 16) for a in _HEX for b in _HEX}
# Fragment counts/numbers and fill bits are single digits; anything else is rejected.
_DIGITS = {str(i): i for i in range(10)}
# Receive times must fall in [1990-01-01, 2100-01-01) UTC to be believed: AIS did not exist
# before, and a time cut short by a truncated line (1272412827 -> 12724) lands in 1970.
_MIN_US = 631_152_000_000_000
_MAX_US = 4_102_444_800_000_000
# A believable time has at most 13 integer digits (milliseconds) and a short fraction; longer
# numbers are rejected before any int/float conversion (which overflows or hits int limits).
_MAX_TIME_CHARS = 24
# A logger's receive time before the sentence or tag block: ISO 8601 (zone optional) or unix
# seconds / milliseconds, maybe in brackets, then spaces, a tab, ':', ',' or ';'.
_LOGGER_TIME = re.compile(
    r"\[?(?:(?P<iso>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)|(?P<unix>\d{9,13}(?:\.\d{1,9})?))\]?[ \t:,;]*(?=[!$\\])"
)


class FramingError(Exception):
    """A line that cannot become an AIS sentence; carries a quarantine reason code and detail."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class Frame(NamedTuple):
    """One checked AIS sentence with the receive metadata that surrounded it on its line."""

    talker: str
    frag_cnt: int
    frag_num: int
    seq_id: str
    channel: str
    payload: str
    fill: int
    ts_us: int | None
    ts_source: str | None
    station: str | None
    group: str | None


def nmea_checksum(body: str) -> int:
    """XOR of every character between the start delimiter and '*', as NMEA 0183 defines it."""
    return reduce(xor, body.encode("ascii", "replace"), 0)


def _unix_to_us(text: str, allow_ms: bool) -> int:
    """Turn a unix time in seconds (or milliseconds, for tag blocks) into integer microseconds."""
    if len(text) > _MAX_TIME_CHARS:
        raise FramingError(
            "implausible_date", f"receive time of {len(text)} characters: {text[:40]!r}..."
        )
    value = float(text) if "." in text else int(text)
    scale = 1_000 if allow_ms and abs(value) >= _MS_THRESHOLD else 1_000_000
    if not _MIN_US <= value * scale < _MAX_US:
        raise FramingError("implausible_date", f"receive time out of range: {text!r}")
    return round(value * scale)


def _logger_time(found: re.Match[str]) -> int:
    """Microseconds of a logger's receive time (module docstring); FramingError if implausible."""
    if found["unix"]:
        return _unix_to_us(found["unix"], allow_ms=True)
    iso = found["iso"].replace(",", ".")
    if "." in iso:  # fromisoformat takes at most 6 fraction digits
        head, _, tail = iso.partition(".")
        digits = len(tail) - len(tail.lstrip("0123456789"))
        iso = f"{head}.{tail[:digits][:6].ljust(6, '0')}{tail[digits:]}"
    at = datetime.fromisoformat(iso)
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    us = round(at.timestamp() * 1_000_000)
    if not _MIN_US <= us < _MAX_US:
        raise FramingError("implausible_date", f"logger time out of range: {found['iso']!r}")
    return us


def _parse_tag_block(tag: str) -> tuple[int | None, str | None, str | None]:
    """Check an IEC 61162-450 tag block and return (timestamp µs, station, group id)."""
    body, star, chk = tag.rpartition("*")
    expected = _CHECKSUMS.get(chk) if star else None
    if expected is None:
        raise FramingError("malformed_sentence", f"tag block without checksum: {tag!r}")
    if nmea_checksum(body) != expected:
        raise FramingError(
            "bad_checksum", f"tag block checksum {chk} != computed {nmea_checksum(body):02X}"
        )
    ts_us = station = group = None
    for field in body.split(","):
        key, sep, value = field.partition(":")
        if not sep:
            raise FramingError("malformed_sentence", f"tag block field without ':': {field!r}")
        if key == "c":
            if not _NUMBER.match(value):
                raise FramingError("malformed_sentence", f"tag block time not a number: {value!r}")
            ts_us = _unix_to_us(value, allow_ms=True)
        elif key == "s":
            station = value or None
        elif key == "g":
            parts = value.split("-")
            if len(parts) != 3 or not all(p.isdigit() for p in parts):
                raise FramingError("malformed_sentence", f"tag block group not n-t-id: {value!r}")
            group = parts[2]
    return ts_us, station, group


def _parse_trailer(trailer: str) -> tuple[int | None, str | None]:
    """Read USCG-style fields after the checksum: `bSTATION`/`rSTATION` and a final unix time."""
    if trailer[0] != ",":
        raise FramingError("malformed_sentence", f"junk after checksum: {trailer!r}")
    fields = trailer[1:].split(",")
    ts_us = None
    if _NUMBER.match(fields[-1]):
        ts_us = _unix_to_us(fields[-1], allow_ms=False)
        fields = fields[:-1]
    station = next((f[1:] for f in fields if len(f) > 1 and f[0] in "br" and f[1:].isalnum()), None)
    return ts_us, station


def frame_line(line: str) -> Frame:
    """Check one stripped, non-comment line and return its AIS sentence with metadata."""
    tb_ts = tb_station = group = logger_ts = None
    rest = line
    if rest[0] not in "\\!$" and (found := _LOGGER_TIME.match(rest)):
        logger_ts, rest = _logger_time(found), rest[found.end() :]
    if rest[0] == "\\":
        end = rest.find("\\", 1)
        if end < 0:
            raise FramingError("malformed_sentence", "tag block is not closed by '\\'")
        tb_ts, tb_station, group = _parse_tag_block(rest[1:end])
        rest = rest[end + 1 :]
    if not rest or rest[0] not in "!$":
        raise FramingError("malformed_sentence", "no NMEA sentence start ('!' or '$')")
    star = rest.find("*")
    expected = _CHECKSUMS.get(rest[star + 1 : star + 3]) if star > 0 else None
    if expected is None:
        raise FramingError("malformed_sentence", "truncated sentence: no '*hh' checksum")
    body = rest[1:star]
    actual = nmea_checksum(body)
    if actual != expected:
        raise FramingError("bad_checksum", f"checksum {expected:02X} != computed {actual:02X}")
    trailer = rest[star + 3 :]
    tr_ts, tr_station = _parse_trailer(trailer) if trailer else (None, None)
    fields = body.split(",")
    talker = fields[0]
    if rest[0] != "!" or len(talker) != 5 or talker[2:] not in _AIS_TALKERS:
        raise FramingError("unsupported_sentence", f"not an AIS VDM/VDO sentence: {talker!r}")
    if len(fields) != 7:
        raise FramingError("malformed_sentence", f"expected 7 fields, got {len(fields)}")
    _, cnt, num, seq_id, channel, payload, fill = fields
    frag_cnt, frag_num, fill_bits = _DIGITS.get(cnt), _DIGITS.get(num), _DIGITS.get(fill)
    if frag_cnt is None or frag_num is None or fill_bits is None:
        raise FramingError(
            "malformed_sentence", f"fragment/fill fields not digits: {cnt},{num},{fill}"
        )
    if not 1 <= frag_num <= frag_cnt:
        raise FramingError("malformed_sentence", f"fragment {frag_num} of {frag_cnt} is invalid")
    if fill_bits > 5:
        raise FramingError("malformed_sentence", f"fill bits {fill_bits} > 5")
    if seq_id and not (seq_id.isascii() and seq_id.isdigit()):
        raise FramingError("malformed_sentence", f"sequence id is not a number: {seq_id!r}")
    if not payload:
        raise FramingError("empty_payload", "sentence carries no AIS payload")
    bad = _BAD_PAYLOAD_CHAR.search(payload)
    if bad:
        raise FramingError("malformed_sentence", f"invalid payload character {bad.group()!r}")
    if tb_ts is not None:
        ts_us, ts_source = tb_ts, "tag_block"
    elif tr_ts is not None:
        ts_us, ts_source = tr_ts, "trailer"
    elif logger_ts is not None:
        ts_us, ts_source = logger_ts, "logger"
    else:
        ts_us, ts_source = None, None
    station = tb_station or tr_station
    return Frame(
        talker,
        frag_cnt,
        frag_num,
        seq_id,
        channel,
        payload,
        fill_bits,
        ts_us,
        ts_source,
        station,
        group,
    )
