"""`bohai init` on a GBK export: the draft finds the encoding and says so in the spec."""

from __future__ import annotations

from pathlib import Path

import yaml

from samples.people_table import HEADER_ZH, people_table
from schemas.draft import draft_spec
from schemas.draft_source import sniff_encoding


def test_a_gbk_patient_list_is_drafted_with_its_encoding(tmp_path: Path) -> None:
    table = people_table(rows=40, header=HEADER_ZH, messy=False)
    source = tmp_path / "clinic_gbk.csv"
    source.write_bytes(table.text.encode("gbk"))
    drafted = draft_spec(source, "medical/clinic_gbk", license="CC0-1.0", owner="test")
    raw = yaml.safe_load(drafted.text)
    assert raw["source"]["encoding"] == "gb18030"
    assert "decodes as GB18030" in drafted.text
    assert "姓名" in raw["source"]["options"]["columns"], "Chinese headers read, not mojibake"
    assert drafted.tables[0].frame.height == 40


def test_utf8_and_undecodable_samples_stay_utf8(tmp_path: Path) -> None:
    utf8 = tmp_path / "a.csv"
    utf8.write_text("姓名,电话\n李秀英,13800000000\n", encoding="utf-8")
    assert sniff_encoding(utf8)[0] == "utf-8"
    broken = tmp_path / "b.csv"
    broken.write_bytes(b"name\n\x81\x20\xff\xfe\n")  # neither UTF-8 nor GB18030
    encoding, why = sniff_encoding(broken)
    assert encoding == "utf-8" and "quarantined" in why
