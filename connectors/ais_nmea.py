"""Connector for raw NMEA 0183 AIS logs (!AIVDM/!AIVDO), decoded with pyais into ais_positions."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from pyais import bit_vector
from pyais.exceptions import UnknownMessageException
from pyais.messages import MSG_CLASS

from connectors.ais_records import (
    MAX_BITS,
    MIN_BITS,
    POSITION_TYPES,
    STATIC_FIELDS,
    STATIC_TYPES,
    merge_static,
    position_values,
    static_values,
)
from connectors.base import (
    QUARANTINE_SCHEMA,
    UNREADABLE_RECORD,
    Connector,
    IngestResult,
    unexpected,
)
from connectors.dedupe import DUPLICATE
from connectors.line_problems import describe
from connectors.nmea_assembly import FragmentAssembler, Part, RecentDuplicates
from connectors.nmea_framing import FramingError, frame_line
from connectors.parquet_chunks import ChunkedParquet
from connectors.quarantine_text import capped
from connectors.registry import register
from connectors.text_lines import TextLines
from schemas.ais import AIS_POSITIONS

# Position rows before the static join; timestamps stay integer microseconds until the end.
_POSITION_PART_SCHEMA = pl.Schema(
    {
        "mmsi": pl.Int64(),
        "timestamp": pl.Int64(),
        "timestamp_source": pl.String(),
        "msg_type": pl.Int8(),
        "lat": pl.Float64(),
        "lon": pl.Float64(),
        "sog": pl.Float64(),
        "cog": pl.Float64(),
        "heading": pl.Float64(),
        "nav_status": pl.Int8(),
        "transceiver_class": pl.String(),
        "station": pl.String(),
        "source_file": pl.String(),
        "source_line": pl.Int64(),
    }
)
_STATIC_SCHEMA = pl.Schema(
    {"mmsi": pl.Int64()} | {name: AIS_POSITIONS.column(name).polars_dtype for name in STATIC_FIELDS}
)


def _midnight_us(day: date | None) -> int | None:
    """Fallback fix time: the declared file date at 00:00 UTC, in microseconds."""
    if day is None:
        return None
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) * 1_000_000


def _lines_named(parts: list[Part]) -> str:
    """Where a message's lines came from, e.g. `a.nmea line 120, b.nmea line 1`."""
    return ", ".join(f"{p[3]} line {p[0]}" for p in parts)


class _NmeaRead:
    """State of one `read` call: ledger, static data per MMSI, and the two chunked outputs."""

    def __init__(self, work_dir: Path, declared_date: date | None, chunk_rows: int) -> None:
        self.ledger: Counter[str] = Counter()
        self.lines = 0
        self.static: dict[int, list[Any]] = {}
        self.positions = ChunkedParquet(work_dir / "positions", _POSITION_PART_SCHEMA, chunk_rows)
        self.quarantine = ChunkedParquet(work_dir / "quarantine", QUARANTINE_SCHEMA, chunk_rows)
        self.fallback_us = _midnight_us(declared_date)
        self.source = ""
        self.duplicates = RecentDuplicates()
        # One assembler for the whole partition: a message split by a log rotation is joined.
        self.assembler = FragmentAssembler()
        self.joined_across_files: list[list[tuple[str, int]]] = []

    def read_file(self, path: Path, encoding: str) -> None:
        """Decode every physical line of one file; each lands in exactly one ledger bucket."""
        if self.source:
            for part in self.assembler.next_file():
                self._guarded([part], self._orphans)
        self.source = path.name  # the raw file name; absolute work-area paths are not data
        for line in TextLines(path, encoding):
            self.lines += 1
            if line.text is None:
                detail = describe(line, encoding)
                self._quarantine(
                    [(line.number, line.escaped(encoding), None, self.source)], line.problem, detail
                )
                continue
            try:
                self._line(self.assembler, line.number, line.text)
            except Exception as exc:  # one odd value must not fail the whole partition
                self._quarantine(
                    [(line.number, line.text, None, self.source)],
                    UNREADABLE_RECORD,
                    unexpected(exc),
                )

    def finish(self) -> None:
        """After the last file: fragments still waiting never completed."""
        for part in self.assembler.flush():
            self._guarded([part], self._orphans)

    def _line(self, assembler: FragmentAssembler, line_no: int, raw: str) -> None:
        """Frame one decoded line, drop exact repeats, and pass complete messages on."""
        text = raw.strip()
        if not text or text[0] == "#":
            self.ledger["comment_or_blank"] += 1
            return
        try:
            frame = frame_line(text)
        except FramingError as err:
            self._quarantine([(line_no, raw, None, self.source)], err.reason, err.detail)
            return
        complete, orphans = assembler.add((line_no, raw, frame, self.source), self.lines)
        if orphans:
            self._guarded(orphans, self._orphans)
        if complete is not None:
            self._guarded(complete, self._message)

    def _guarded(self, parts: list[Part], handle: Callable[[list[Part]], None]) -> None:
        """Run a handler on parts already taken from the assembler; a crash quarantines them."""
        try:
            handle(parts)
        except Exception as exc:
            self._quarantine(parts, UNREADABLE_RECORD, unexpected(exc))

    def _orphans(self, parts: list[Part]) -> None:
        """Quarantine each line of a multi-part message that never completed."""
        for part in parts:
            f = part[2]
            detail = (
                f"fragment {f.frag_num} of {f.frag_cnt} (seq {f.seq_id or '-'}, "
                f"channel {f.channel or '-'}) never completed"
            )
            self._quarantine([part], "incomplete_multipart", detail)

    def _message(self, parts: list[Part]) -> None:
        """Decode one complete message (one or more lines) and route it by message type.

        An exact repeat of a whole message (every line, tag blocks included) is quarantined
        `duplicate_record`; single fragments are not compared, because the last fragment of
        two different type 5 messages can be byte-identical (same padding, seq id and second).
        """
        if parts[0][3] != parts[-1][3]:
            self.joined_across_files.append([(p[3], p[0]) for p in parts])
        copy_of = self.duplicates.seen("\n".join(p[1] for p in parts), (parts[0][3], parts[0][0]))
        if copy_of is not None:
            self._quarantine(parts, DUPLICATE, copy_of)
            return
        if len(parts) == 1:
            frame = parts[0][2]
            bits = bit_vector(frame.payload.encode("ascii"), frame.fill)
        else:
            payload = "".join(p[2].payload for p in parts)
            bits = bit_vector(payload.encode("ascii"), parts[-1][2].fill)
        ais_id = bits.get(0, 6)
        if ais_id == 0 or ais_id not in MSG_CLASS:
            self._quarantine(parts, "unknown_message_type", f"AIS message type {ais_id}")
            return
        try:
            msg = MSG_CLASS[ais_id].from_vector(bits)
        except UnknownMessageException as err:
            self._quarantine(parts, "unknown_message_type", f"type {ais_id}: {err}")
            return
        except Exception as err:  # truncated or inconsistent payloads raise assorted errors
            self._quarantine(parts, "decode_error", f"type {ais_id}: {type(err).__name__}: {err}")
            return
        if ais_id not in POSITION_TYPES and ais_id not in STATIC_TYPES:
            self.ledger["other_message_type"] += len(parts)
            return
        if len(bits) < MIN_BITS[ais_id]:
            detail = f"type {ais_id}: payload has {len(bits)} bits, needs {MIN_BITS[ais_id]}"
            self._quarantine(parts, "decode_error", detail)
            return
        if len(bits) > MAX_BITS[ais_id]:
            detail = f"type {ais_id}: payload has {len(bits)} bits, at most {MAX_BITS[ais_id]}"
            self._quarantine(parts, "decode_error", detail)
            return
        mmsi = msg.mmsi
        if ais_id in STATIC_TYPES or ais_id == 19:
            self.static[mmsi] = merge_static(self.static.get(mmsi), static_values(msg))
        if ais_id in STATIC_TYPES:
            self.ledger["static"] += len(parts)
            return
        self._position(parts, mmsi, ais_id, msg)

    def _position(self, parts: list[Part], mmsi: int, ais_id: int, msg: Any) -> None:
        """Write one position row, stamped from tag block, trailer or declared date."""
        if len(parts) == 1:
            frame = parts[0][2]
            ts_us, ts_source, station = frame.ts_us, frame.ts_source, frame.station
        else:
            frames = [p[2] for p in parts]
            ts_us = next((f.ts_us for f in frames if f.ts_us is not None), None)
            ts_source = next((f.ts_source for f in frames if f.ts_us is not None), None)
            station = next((f.station for f in frames if f.station), None)
        if ts_us is None:
            ts_us = self.fallback_us
            ts_source = "none" if ts_us is None else "file_date"
        self.positions.append(
            (
                mmsi,
                ts_us,
                ts_source,
                ais_id,
                *position_values(msg),
                "A" if ais_id < 5 else "B",
                station,
                parts[-1][3],
                parts[-1][0],
            )
        )
        self.ledger["position"] += len(parts)

    def _quarantine(self, parts: list[tuple[int, str, Any, str]], reason: str, detail: str) -> None:
        """One quarantine row per bad line (in its own file), sharing its message's reason.

        A message joined across a log rotation names every line's file in the detail.
        """
        if len(parts) > 1 and parts[0][3] != parts[-1][3]:
            detail = f"{detail} [message joined from {_lines_named(parts)}]"
        for line_no, raw, _, source in parts:
            self.quarantine.append((source, line_no, "ingest", reason, detail, capped(raw)))
        self.ledger["quarantined"] += len(parts)

    def static_frame(self) -> pl.LazyFrame:
        """Latest known static/voyage values per MMSI, ready to join onto positions."""
        rows = [(mmsi, *values) for mmsi, values in self.static.items()]
        return pl.DataFrame(rows, schema=_STATIC_SCHEMA, orient="row").lazy()


@register
class AisNmeaConnector(Connector):
    """Reads raw AIVDM/AIVDO logs (plain, tag-blocked or USCG-trailed) into ais_positions."""

    format = "ais_nmea"
    chunk_rows = 100_000

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Two-stage read: decode lines into chunked parts, then join static data while sinking."""
        for path in paths:
            if not Path(path).is_file():
                raise FileNotFoundError(f"NMEA file not found: {path}")
        out_dir.mkdir(parents=True, exist_ok=True)
        table_path, quarantine_path = out_dir / "table.parquet", out_dir / "quarantine.parquet"
        with tempfile.TemporaryDirectory(dir=out_dir, prefix=".ais_nmea_") as tmp:
            state = _NmeaRead(Path(tmp), declared_date, self.chunk_rows)
            for path in paths:  # in the given order: the raw report's (file names sorted)
                state.read_file(Path(path), self.text_encoding())
            state.finish()
            table = state.positions.scan().join(
                state.static_frame(), on="mmsi", how="left", maintain_order="left"
            )
            table = table.with_columns(pl.col("timestamp").cast(pl.Datetime("us", "UTC")))
            AIS_POSITIONS.conform(table).sink_parquet(table_path, compression="zstd")
            state.quarantine.scan().sink_parquet(quarantine_path, compression="zstd")
        return IngestResult(
            table_path=table_path,
            quarantine_path=quarantine_path,
            rows_out=state.positions.rows,
            rows_quarantined=state.quarantine.rows,
            input_units=state.lines,
            ledger=state.ledger,
            unit="line",
            joined_across_files=state.joined_across_files,
        )
