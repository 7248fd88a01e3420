"""`bohai init` on a GBK export: the draft finds the encoding and says so in the spec."""

from __future__ import annotations

from collections.abc import Callable
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
