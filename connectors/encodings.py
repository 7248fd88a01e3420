"""Which text encoding some bytes are in: UTF-8, GB18030 (GBK), Big5 or Latin-1, and why.

`bohai init` drafts `source.encoding` from it, and a connector that meets lines its declared
encoding cannot read asks it whether the file is in another one (a feed that changed encoding).
Real GBK/GB18030 Chinese is almost all GB2312 hanzi (both bytes 0xA1-0xFE); real Big5 is almost
all its common hanzi (lead byte 0xA4-0xC6). GB18030 also decodes most Latin-1 text (Müller's "ül"
becomes one rare hanzi) and much Big5, so a reading must look like its script's common text.
UTF-16 (a BOM, or NULs between ASCII letters) is named so the caller can refuse it clearly.
"""

from __future__ import annotations

import re

SHAPE_SHARE = 0.8  # share of non-ASCII characters that must look like the encoding's common text
_C1 = re.compile(rb"[\x80-\x9f]")  # C1 control bytes: no Latin-1 text holds them
UTF16_NULS = 0.25  # share of NULs at odd (LE) or even (BE) offsets: ASCII in UTF-16, no BOM
UTF16_BOMS = {b"\xff\xfe": "UTF-16 LE", b"\xfe\xff": "UTF-16 BE"}
CONVERT = "convert it first, e.g. `iconv -f UTF-16 -t UTF-8 {name} > {stem}.utf8.csv`"


def utf16(head: bytes) -> str | None:
    """The UTF-16 flavour the bytes start with (a BOM, or NUL-spaced ASCII), else None."""
    for bom, name in UTF16_BOMS.items():
        if head.startswith(bom):
            return f"{name} (BOM {bom.hex(' ')})"
    pairs = head[:512]
    if len(pairs) >= 8:
        odd_nul = pairs[1::2].count(0) / len(pairs[1::2])
        even_nul = pairs[0::2].count(0) / len(pairs[0::2])
        if odd_nul >= UTF16_NULS and even_nul <= 0.02:
            return "UTF-16 LE (no BOM: a NUL after every ASCII character)"
        if even_nul >= UTF16_NULS and odd_nul <= 0.02:
            return "UTF-16 BE (no BOM: a NUL before every ASCII character)"
    return None


def _shaped(text: str, codec: str, lead: tuple[int, int], trail: tuple[int, int]) -> float:
    """Share of non-ASCII characters whose two bytes in `codec` lie in the common ranges."""
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return 1.0
    ok = 0
    for ch in wide:
        b = ch.encode(codec, "replace")
        ok += len(b) == 2 and lead[0] <= b[0] <= lead[1] and trail[0] <= b[1] <= trail[1]
    return ok / len(wide)


_SCRIPTS = (  # (name, lead byte range, trail byte range, what the shape means)
    ("gb18030", (0xA1, 0xFE), (0xA1, 0xFE), "GB2312 hanzi"),
    ("big5", (0xA4, 0xC6), (0x40, 0xFE), "Big5 common hanzi"),
)


def _reading(data: bytes, name: str) -> tuple[float, int] | None:
    """(share of common-shaped characters, non-ASCII characters) of `data` read as `name`."""
    _, lead, trail, _ = next(s for s in _SCRIPTS if s[0] == name)
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    return _shaped(text, name, lead, trail), sum(1 for ch in text if ord(ch) > 127)


def chinese(data: bytes) -> tuple[str, str] | None:
    """(gb18030 or big5, why) when the bytes read as that encoding's common hanzi, else None."""
    for name, _, _, what in _SCRIPTS:
        read = _reading(data, name)
        if read is not None and read[1] and read[0] >= SHAPE_SHARE:
            label = "GB18030 (GBK's superset)" if name == "gb18030" else "Big5"
            return name, f"decodes as {label}, {read[0]:.0%} of its {read[1]:,} characters {what}"
    return None


def sniff_bytes(data: bytes) -> tuple[str, str]:
    """The encoding of `data` (utf-8, gb18030, big5, latin-1, or utf-16 to refuse) and why."""
    if (wide := utf16(data[:512])) is not None:
        return "utf-16", f"{wide} text"
    try:
        data.decode("utf-8")
        return "utf-8", "decodes as UTF-8"
    except UnicodeDecodeError as exc:
        not_utf8 = f"not UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start:,})"
    found = chinese(data)
    if found is not None:
        return found[0], f"{not_utf8}; the whole sample {found[1]}"
    gb = _reading(data, "gb18030")
    gb_why = "nor GB18030" if gb is None else (
        f"as GB18030 only {gb[0]:.0%} of its {gb[1]:,} characters are GB2312 hanzi (accented "
        "Latin-1 letters glued to the ASCII letter after them), nor Big5 text"
    )  # fmt: skip
    c1 = _C1.search(data)
    if c1 is None:
        return "latin-1", f"{not_utf8}, {gb_why}; Latin-1 reads it (no C1 control bytes)"
    return "utf-8", (
        f"{not_utf8}, {gb_why}, nor Latin-1 text (C1 control byte {data[c1.start()]:#04x} at "
        f"offset {c1.start():,}: binary data or another encoding): its undecodable lines will "
        "be quarantined"
    )


MIN_EVIDENCE = 8  # non-ASCII characters needed before a file is called another encoding's


def other_encoding(lines: list[bytes], declared: str) -> tuple[str, str] | None:
    """(encoding, why) when a file's non-ASCII lines are text in another encoding than declared.

    UTF-8 structure or mostly common hanzi (GB2312 or Big5) is evidence; Latin-1 reads every
    byte, so it never is. Fewer than MIN_EVIDENCE characters (an accented name in a damaged
    line) say nothing, and those lines stay quarantined one by one.
    """
    data = b"\n".join(lines)
    if declared != "utf-8":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            wide = sum(1 for ch in text if ord(ch) > 127)
            if wide >= MIN_EVIDENCE // 2:
                return "utf-8", f"they decode as UTF-8 ({wide:,} non-ASCII characters)"
    own = "gb18030" if declared == "gbk" else declared
    if own in dict.fromkeys(s[0] for s in _SCRIPTS):
        mine = _reading(data, own)
        if mine is not None and mine[0] >= SHAPE_SHARE:
            return None  # the declared reading is common text
    for name, _, _, what in _SCRIPTS:
        if name == own:
            continue
        read = _reading(data, name)
        if read is not None and read[1] >= MIN_EVIDENCE and read[0] >= SHAPE_SHARE:
            return name, (
                f"they read as {name.upper()}, {read[0]:.0%} of their {read[1]:,} non-ASCII "
                f"characters {what}"
            )
    return None
