"""A day re-sent in another encoding than the feed's is named as such at its header line."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.base import SourceFormatError
from connectors.registry import get_connector

# trial11: an outpatient feed declared gb18030, one day re-sent as UTF-8.
TEXT = "就诊时间,门诊号,姓名,科室,主诉\n2026-12-03 08:00:00,MZ1,刘淑,内科,头晕、乏力半月\n"


def test_a_utf8_day_in_a_gb18030_feed_names_the_encoding_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "门诊日志_20261203.csv"
    path.write_bytes(TEXT.encode("utf-8"))
    reader = get_connector("delimited_table")
    reader.encoding = "gb18030"
    with pytest.raises(SourceFormatError) as refused:
        reader.read([path], tmp_path / "out")
    said = str(refused.value)
    assert "line 1: not gb18030 text" in said and "decode as UTF-8" in said
    assert "iconv -f UTF-8 -t GB18030" in said and "set source.encoding: utf-8" in said


def test_a_damaged_header_still_says_it_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,\xff\xfe\xfd,b\n1,2,3\n")
    with pytest.raises(SourceFormatError, match=r"header line is unreadable \(bad_encoding\)"):
        get_connector("delimited_table").read([path], tmp_path / "out")
