"""A day's file in another encoding than the spec's is refused naming its line and byte offset;
a few damaged lines stay quarantined one by one, and no U+FFFD reaches a table."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from connectors.base import SourceFormatError
from connectors.encodings import other_encoding
from connectors.registry import get_connector
from connectors.text_lines import line_start, split_lines

HEADER = "id,name,city\n"
ZH = "\n".join(f"{i},{n},{c}" for i, (n, c) in enumerate(
    [("王建华", "大连市"), ("李秀英", "沈阳市"), ("张伟", "鞍山市"), ("刘洋", "营口市")] * 5
)) + "\n"  # fmt: skip
TRADITIONAL = {"张伟": "張偉", "刘洋": "劉洋", "王建华": "王建華", "大连": "大連", "沈阳": "瀋陽",
               "营口": "營口"}  # fmt: skip
TW = ZH
for simplified, traditional in TRADITIONAL.items():
    TW = TW.replace(simplified, traditional)


def _read(path: Path, out: Path, encoding: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    connector = get_connector("delimited_table", {})
    connector.encoding = encoding
    result = connector.read([path], out)
    assert result.reconciles()
    return pl.read_parquet(result.table_path), pl.read_parquet(result.quarantine_path)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("declared", "written", "text", "says"),
    [
        ("utf-8", "gbk", ZH, "20 line(s) do not decode"),
        ("gb18030", "big5", TW, "reads as rare characters"),  # GB18030 decodes Big5: mojibake
        ("latin-1", "gbk", ZH, "reads as rare characters"),  # Latin-1 decodes every byte
        ("gb18030", "utf-8", ZH, "decode as UTF-8"),
    ],
)
def test_a_file_in_another_encoding_is_refused_with_line_and_offset(
    tmp_path: Path, declared: str, written: str, text: str, says: str
) -> None:
    path = tmp_path / "day_2026-12-02.csv"
    ascii_rows = "".join(f"{100 + i},Patient {i},Dalian\n" for i in range(30))
    path.write_bytes((HEADER + ascii_rows + text).encode(written))
    line = text.splitlines()[0].encode(written)
    try:
        line.decode(declared)
        at = 2  # decodes (as rare characters): its first non-ASCII byte, after "0,"
    except UnicodeDecodeError as exc:
        at = exc.start  # the first byte that does not decode
    offset = len((HEADER + ascii_rows).encode(written)) + at
    with pytest.raises(SourceFormatError) as refused:
        _read(path, tmp_path / "out", declared)
    message = str(refused.value)
    assert refused.value.line == 32 and message.startswith(f"{path}, line 32: not {declared} text")
    assert f"byte offset {offset:,} " in message and says in message
    name = "big5" if written == "big5" else "utf-8" if written == "utf-8" else "gb18030"
    assert f"set source.encoding: {name}" in message


def test_the_declared_encoding_reads_the_same_file(tmp_path: Path) -> None:
    for written, text in (("gbk", ZH), ("big5", TW), ("utf-8", ZH)):
        path = tmp_path / f"{written}.csv"
        path.write_bytes((HEADER + text).encode(written))
        table, quarantine = _read(
            path, tmp_path / written, "gb18030" if written == "gbk" else written
        )
        assert table.height == 20 and quarantine.is_empty(), written
        assert text.split(",")[1] in table.get_column("name").to_list()


def test_a_few_damaged_lines_stay_quarantined_one_by_one(tmp_path: Path) -> None:
    """Two stray bytes and a Latin-1 name in a UTF-8 file: not evidence of another encoding."""
    path = tmp_path / "day.csv"
    good = "".join(f"{i},名字{i},大连\n" for i in range(20)).encode()
    path.write_bytes(HEADER.encode() + good + b"98,\xff\xfe,Dalian\n99,Ren\xe9e,Paris\n")
    table, quarantine = _read(path, tmp_path / "out", "utf-8")
    assert table.height == 20
    assert quarantine.get_column("reason").to_list() == ["bad_encoding"] * 2
    assert quarantine.get_column("raw").to_list() == ["98,\\xff\\xfe,Dalian", "99,Ren\\xe9e,Paris"]
    assert not quarantine.get_column("raw").str.contains("\ufffd").any()
    assert not table.get_column("name").str.contains("\ufffd").any()
    assert other_encoding([b"Ren\xe9\xe8e"], "utf-8") is None  # 1 hanzi-shaped pair: too few


def test_a_utf16_day_is_refused_saying_how_to_convert(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + ZH).encode("utf-16"))
    with pytest.raises(SourceFormatError, match=r"line 1: UTF-16 LE \(BOM ff fe\).*iconv"):
        _read(path, tmp_path / "out", "utf-8")


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_line_start_is_the_byte_offset_of_a_line(tmp_path: Path, eol: bytes) -> None:
    lines = [f"line {i} {'x' * (i % 7)}".encode() for i in range(1, 60)]
    path = tmp_path / "f.txt"
    path.write_bytes(eol.join(lines) + eol)
    with path.open("rb") as fh:
        assert list(split_lines(fh, chunk=5)) == lines
    for number in (1, 2, 17, 59):
        expected = sum(len(x) + len(eol) for x in lines[: number - 1])
        assert line_start(path, number) == expected, (eol, number)
