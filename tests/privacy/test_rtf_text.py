"""A note kept as an RTF document is read as its plain text: escapes decoded, tables left out."""

from __future__ import annotations

from privacy.deid.rtf_text import is_rtf, rtf_text

# trial12: a consultation note as a Chinese EMR exports it (code page 936, every hanzi escaped)
GBK_NOTE = (
    r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}"
    r"\viewkind4\uc1\pard\f0\fs24 \'bb\'bc\'d5\'df\'d5\'c5\'c8\'fd\'b7\'e1\'a3\'ac\'c4\'d0"
    r"\'a3\'ac45\'cb\'ea\par \'b5\'e7\'bb\'b0 13912345678\par }"
)


def test_code_page_bytes_are_decoded_and_the_font_table_left_out() -> None:
    assert is_rtf(GBK_NOTE) and not is_rtf("患者{张三}")
    assert rtf_text(GBK_NOTE) == "患者张三丰，男，45岁\n电话 13912345678"


def test_unicode_escapes_skip_their_fallback_and_symbols_are_literal() -> None:
    note = (
        r"{\rtf1\ansi{\*\generator Riched20 10.0;}{\colortbl;\red0\green0\blue0;}\uc1"
        r" Patient \u24352?\u19977? seen\tab 50% \{ok\}\line {\info{\author Dr Wang}}end}"
    )
    assert rtf_text(note) == "Patient 张三 seen\t50% {ok}\nend"


def test_gbk_fonts_without_a_code_page_and_text_that_is_no_rtf() -> None:
    note = r"{\rtf1{\fonttbl{\f0\fcharset134 SimSun;}}\f0 \'c0\'ee\'cb\'c4\par}"
    assert rtf_text(note) == "李四"
    assert rtf_text("  plain \\par text ") == "  plain \\par text "


def test_bytes_the_code_page_cannot_decode_stay_escaped_never_a_replacement_character() -> None:
    assert rtf_text(r"{\rtf1\ansi\ansicpg936 \'ff\'ff ok}") == "\\xff\\xff ok"


def test_a_damaged_document_keeps_its_words_and_never_raises() -> None:
    assert rtf_text(r"{\rtf1 }}}} 患者李四") == "患者李四"  # unbalanced braces
    assert rtf_text(r"{\rtf1 {{{ 电话 13912345678") == "电话 13912345678"
    assert rtf_text(r"{\rtf1 \u99999999999? 王五}").endswith("王五")  # an absurd escape
