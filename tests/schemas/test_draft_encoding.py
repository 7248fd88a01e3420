"""`bohai init` on a GBK export: the draft finds the encoding and says so in the spec."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from samples.people_table import HEADER_ZH, people_table
from schemas.draft import draft_spec
from schemas.draft_source import DraftError, sniff_encoding


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
    # trial12: "nor Latin-1" read as if Latin-1 failed; it is the C1 byte that rules it out
    assert "nor Latin-1 text (C1 control byte 0x81 at offset 5" in why


# Accented letters always followed by a letter: GB18030 decodes every byte pair (the trap).
EU_GLUED = "name,street,city,balance\n" + "".join(
    f"{first} {last},{n} {street},{city},{n * 7}.50 GBP\n"
    for n, (first, last, street, city) in enumerate(
        [
            ("Jürgen", "Müller", "Königsallee", "Düsseldorf"),
            ("Renée", "Lefèvre", "Grüner Weg", "Besançon"),
            ("Björn", "Schröder", "Hauptstraße", "München"),
            ("Agnès", "Faßbender", "Strandvägen", "Göteborg"),
            ("Inés", "Núñez", "Calle Mayor", "Málaga"),
        ]
        * 8,
        start=1,
    )
)
# The same kind of list with £, ß before a comma and ë before a space: GB18030 fails on it.
EU_LOOSE = "name,address,balance\nZoë Weiß,12 Place Vendôme,£12.50\nSøren Gößl,Zürich,£7.00\n"


def test_a_latin1_list_that_gb18030_decodes_is_read_as_latin1(tmp_path: Path) -> None:
    source = tmp_path / "kunden.csv"
    source.write_bytes(EU_GLUED.encode("latin-1"))
    source.read_bytes().decode("gb18030")  # the trap: it decodes, as rare hanzi
    encoding, why = sniff_encoding(source)
    assert encoding == "latin-1" and "as GB18030 only 5% of its 152" in why, why
    drafted = draft_spec(source, "medical/kunden", license="CC0-1.0", owner="test")
    assert yaml.safe_load(drafted.text)["source"]["encoding"] == "latin-1"
    frame = drafted.tables[0].frame
    assert frame.height == 40
    assert "Düsseldorf" in frame["city"].to_list(), "names and places read, not mojibake"


def test_a_latin1_list_gb18030_cannot_decode_is_latin1_not_quarantined(tmp_path: Path) -> None:
    source = tmp_path / "clients.csv"
    source.write_bytes(EU_LOOSE.encode("latin-1"))
    encoding, why = sniff_encoding(source)
    assert encoding == "latin-1" and "nor GB18030" in why


def test_gbk_with_rare_name_characters_stays_gb18030(tmp_path: Path) -> None:
    rare = "姓名,地址\n王堃,大连市中山区\n李喆,沈阳市和平区\n张旻,烟台市芝罘区\n陈昇,天津市\n"
    source = tmp_path / "rare.csv"
    source.write_bytes(rare.encode("gbk"))
    assert sniff_encoding(source)[0] == "gb18030"


def test_real_text_transcoded(tmp_path: Path, shared_file: Callable[[str], Path]) -> None:
    """Synthea providers (accented US names) as Latin-1 decode whole as GB18030 but are Latin-1;
    CLUENER and Weibo text as GB18030 stay GB18030."""
    providers = shared_file("medical/synthea/providers.csv").read_text(encoding="utf-8")
    latin = tmp_path / "providers.csv"
    latin.write_bytes(providers.encode("latin-1"))
    latin.read_bytes().decode("gb18030")
    assert sniff_encoding(latin)[0] == "latin-1"
    for relative in ("ner/cluener2020_train.jsonl", "ner/weibo_ner_2nd_train.conll"):
        text = shared_file(relative).read_text(encoding="utf-8")
        chinese = tmp_path / Path(relative).name
        chinese.write_bytes(text.encode("gb18030"))
        assert sniff_encoding(chinese)[0] == "gb18030", relative


ZH = ["王建华", "李秀英", "张伟", "刘洋", "陈静"], ["大连市中山区", "沈阳市和平区"]
TW = ["王建華", "李秀英", "張偉", "劉洋", "陳靜"], ["臺北市中正區", "高雄市苓雅區"]


def _rows(names: list[str], cities: list[str], start: int = 0, n: int = 40) -> list[str]:
    return [f"{i},{names[i % 5]},{cities[i % 2]},2026-11-{1 + i % 28:02d}" for i in range(start,
            start + n)]  # fmt: skip


def test_a_big5_list_is_drafted_big5_not_latin1(tmp_path: Path) -> None:
    source = tmp_path / "clinic_big5.csv"
    source.write_bytes(("id,姓名,地址,就診日期\n" + "\n".join(_rows(*TW)) + "\n").encode("big5"))
    drafted = draft_spec(source, "medical/clinic_big5", license="CC0-1.0", owner="test")
    assert yaml.safe_load(drafted.text)["source"]["encoding"] == "big5"
    assert "Big5 common hanzi" in drafted.text
    assert "張偉" in drafted.tables[0].frame.get_column("姓名").to_list()
    assert drafted.notes[0].startswith("text read as big5: not UTF-8 (byte 0xa9")
    # and a GBK list is not taken for Big5 (GBK's own reading comes first)
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(("id,姓名,地址,就诊日期\n" + "\n".join(_rows(*ZH)) + "\n").encode("gbk"))
    assert sniff_encoding(gbk)[0] == "gb18030"


def test_a_gbk_file_whose_chinese_rows_come_after_the_sample_is_gbk(tmp_path: Path) -> None:
    lines = [f"{i},Patient {i},Dalian,2026-11-{1 + i % 28:02d}" for i in range(300)]
    lines += _rows(*ZH, start=300)
    source = tmp_path / "late.csv"
    source.write_bytes(("id,name,city,seen\n" + "\n".join(lines) + "\n").encode("gbk"))
    offset = len(("id,name,city,seen\n" + "\n".join(lines[:300]) + "\n300,").encode("gbk"))
    drafted = draft_spec(source, "medical/late", license="CC0-1.0", owner="test", records=100)
    assert yaml.safe_load(drafted.text)["source"]["encoding"] == "gb18030"
    assert f"first non-ASCII byte (line 302, byte offset {offset:,})" in drafted.text
    plain = tmp_path / "plain.csv"
    plain.write_text("id,name\n" + "".join(f"{i},P{i}\n" for i in range(300)), encoding="ascii")
    sample = tmp_path / "head.csv"
    sample.write_bytes(plain.read_bytes()[:200])
    assert sniff_encoding(sample, plain) == (
        "utf-8", "the sample and the rest of the file are ASCII (UTF-8)"
    )  # fmt: skip


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_refused_saying_how_to_convert_it(tmp_path: Path, codec: str) -> None:
    source = tmp_path / "export.txt"
    source.write_bytes("姓名\t电话\n李秀英\t13800000000\nAnn Lee\t555\n".encode(codec))
    with pytest.raises(DraftError, match=r"export.txt is UTF-16 (LE|BE).*iconv -f UTF-16"):
        draft_spec(source, "medical/export", license="CC0-1.0", owner="test")


def test_a_gbk_export_with_nul_padded_records_is_still_gb18030(tmp_path: Path) -> None:
    # trial13: a HIS export pads some records' fields with NULs (fixed-width habit); one NUL in
    # the first 4 KiB made the sample "binary": drafted utf-8, every connector refused the file
    # and `bohai init` ended in "no registered connector reads it" (those lines are nul_byte).
    note = "患者咳嗽三天，伴发热，予对症治疗。"
    rows = ["病历号,科室,病程记录"] + [f"P{i},内科,{note}" for i in range(40)]
    rows[5] += "\x00" * 12
    source = tmp_path / "notes.csv"
    source.write_bytes("\r\n".join(rows).encode("gb18030"))
    encoding, why = sniff_encoding(source)
    assert encoding == "gb18030" and "GB2312 hanzi" in why
    packed = tmp_path / "notes.csv.gz"
    packed.write_bytes(gzip.compress(source.read_bytes()))
    assert sniff_encoding(packed)[0] == "utf-8"  # compressed: the connector decides
