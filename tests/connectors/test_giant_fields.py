"""A giant field is quarantined with the same reason and line as ever, its text cut, not held."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.csv_records import CsvRecords
from connectors.marinecadastre import MarineCadastreConnector, quoted_fields
from connectors.quarantine_text import CUT_MARK, RAW_KEEP, capped, capped_bytes

MC = "marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv"
# The pattern as it was before it was made atomic: the reference for what a line may hold.
_OLD_FIELD = r'(?:[^",\r\n]*|"(?:[^"]|"")*")'
_OLD = re.compile(rf"{_OLD_FIELD}(?:,{_OLD_FIELD})*")


def test_capped_keeps_short_text_and_notes_the_length_of_long_text() -> None:
    """Up to RAW_KEEP characters stay whole; longer text keeps its head and says its length."""
    assert capped("x" * RAW_KEEP) == "x" * RAW_KEEP
    cut = capped("y" * (RAW_KEEP + 5))
    assert cut.startswith("y" * RAW_KEEP + CUT_MARK) and f"{RAW_KEEP + 5} characters" in cut
    body = b"head\n" + "é".encode() * RAW_KEEP + b"\n"
    text = capped_bytes(body, 5, len(body) - 1)
    assert text.startswith("é" * RAW_KEEP + CUT_MARK) and f"{2 * RAW_KEEP} bytes" in text


def _closed(line: str) -> bool:
    """Whether the pre-scan reads `line` as one record of fields closed on it."""
    return quoted_fields(pl.Series([line.encode() + b"\n"], dtype=pl.Binary))[1] is None


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(["a", ",", '"', '""', " ", '"a,b"', "\r", '",', ',"']), max_size=12)
)
def test_one_line_grammar_accepts_exactly_what_the_plain_pattern_did(parts: list[str]) -> None:
    """polars' non-backtracking check accepts the same lines as the plain Python pattern did."""
    line = "".join(parts)
    assert _closed(line) == bool(_OLD.fullmatch(line))


def test_a_giant_quoted_field_is_one_closed_field() -> None:
    """A 5 MB quoted field (a backtracking pattern kept ~130 B per character) is read as one
    field, and the same field never closed is refused."""
    line = '1,"' + "A" * (5 << 20) + '",2'
    fields, bad = quoted_fields(pl.Series([line.encode() + b"\n"], dtype=pl.Binary))
    assert bad is None and fields.tolist() == [3]
    assert not _closed(line[:-3])


def test_line_reader_cuts_a_runaway_line_and_resumes(tmp_path: Path) -> None:
    """A runaway quote over a giant line: runaway_quote on its line, text cut, next line read."""
    path = tmp_path / "t.csv"
    path.write_text(f'a,b\n1,"{"z" * (RAW_KEEP * 3)}\n2,3\n', encoding="utf-8")
    records = list(CsvRecords(path))
    assert [(r.line, r.problem) for r in records] == [(2, "runaway_quote"), (3, None)]
    assert (
        len(records[0].raw) < RAW_KEEP + 100 and f"{RAW_KEEP * 3 + 3} characters" in records[0].raw
    )
    assert records[1].fields == ["2", "3"]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("closing", "reason", "detail"),
    [
        ('"', "oversized_field", "a line of "),  # the fast path's pre-scan
        ("", "runaway_quote", "quote never closed"),  # the line-level path
    ],
)
def test_real_file_with_a_giant_field_keeps_reason_and_line(
    tmp_path: Path, shared_file: Callable[[str], Path], closing: str, reason: str, detail: str
) -> None:
    """The real extract with a 2 MiB VesselName after line 300: quarantined as before the cut
    (same reason, same line, every other line as in the file alone), its text cut."""
    lines = shared_file(MC).read_text(encoding="utf-8").splitlines()
    fields = lines[300].split(",")
    fields[7] = '"' + "N" * (2 << 20) + closing
    path = tmp_path / "AIS_2023_01_11.csv"
    path.write_text("\n".join([*lines[:301], ",".join(fields), *lines[301:]]) + "\n")
    result = MarineCadastreConnector().read([path], tmp_path / "out")
    assert result.reconciles() and result.input_units == len(lines) + 1
    quarantine = pl.read_parquet(result.quarantine_path)
    row = quarantine.filter(pl.col("source_line") == 302).row(0, named=True)
    assert row["reason"] == reason and row["detail"].startswith(detail)
    assert row["raw"].startswith(",".join(fields[:7]) + ',"NNN') and CUT_MARK in row["raw"]
    assert len(row["raw"]) < RAW_KEEP + 200
    assert result.rows_out == len(lines) - 1 - (quarantine.height - 1)


def test_a_long_line_is_scanned_for_line_ends_about_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of one long line are held, not re-split each time (that was quadratic: a 50 MB
    line read in 1 MiB chunks was scanned 1.3 GB deep)."""
    from connectors import text_lines

    scanned: list[int] = []
    real = text_lines._EOL

    class Counting:
        def split(self, data: bytes) -> list[bytes]:
            scanned.append(len(data))
            return real.split(data)

    monkeypatch.setattr(text_lines, "_EOL", Counting())
    data = b"x" * 100_000 + b"\r\nend\n"
    got = list(text_lines.split_lines(io.BytesIO(data), chunk=1000))
    assert got == [b"x" * 100_000, b"end"]
    assert sum(scanned) < 3 * len(data), sum(scanned)
