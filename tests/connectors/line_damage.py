"""Damage to a delimited file's lines, for tests that read damaged copies two ways and compare:
stray quotes, quoted newlines, NULs, other encodings, BOMs, copies, blank lines, huge fields,
wrong field counts, absurd dates, bare CRs, a changed header."""

from __future__ import annotations

from hypothesis import strategies as st

BOM = b"\xef\xbb\xbf"
KINDS = (
    "stray_quote", "quoted_comma", "quoted_newline", "nul", "bad_utf8", "latin1", "fffd",
    "bom_in_line", "cut_last", "duplicate", "blank", "spaces", "huge", "extra_field",
    "missing_field", "absurd_date", "bare_cr", "chinese", "header", "empty_fields",
    "trailing_comma", "quoted_plain", "leading_blank",
)  # fmt: skip
# One damage to the lines of a file: (kind, which line, where in it), the last two as fractions.
DAMAGE = st.tuples(
    st.sampled_from(KINDS),
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.floats(min_value=0, max_value=1, allow_nan=False),
)  # fmt: skip


# Bytes one damage inserts at its place in a line.
_INSERTED = {
    "stray_quote": b'"', "nul": b"\x00", "bad_utf8": b"\xc3", "latin1": b"\xe9",
    "fffd": "\ufffd".encode(), "bare_cr": b"\r", "huge": b"x" * 20_000,
}  # fmt: skip
# What one damage wraps a field of a line in: (before, after).
_WRAPPED = {
    "quoted_comma": (b'"', b', and ""more"""'),
    "quoted_plain": (b'"', b'"'),
    "quoted_newline": (b'"', b'\nsecond line"'),
}


def damaged(lines: list[bytes], kind: str, where: float, at: float, chinese: str) -> None:
    """Apply one damage to a file's lines (line 0 is the header) in place."""
    k = 1 + int(where * (len(lines) - 2)) if len(lines) > 1 else 0
    line = lines[k]
    cut = int(at * len(line))
    if kind in _INSERTED or kind == "chinese":
        inserted = _INSERTED.get(kind) or "高血压病".encode(chinese)
        lines[k] = line[:cut] + inserted + line[cut:]
    elif kind in _WRAPPED:
        before, after = _WRAPPED[kind]
        fields = line.split(b",")
        i = int(at * (len(fields) - 1))
        fields[i] = before + fields[i] + after
        lines[k] = b",".join(fields)
    elif kind == "leading_blank":
        lines.insert(0, b"" if at < 0.5 else b"  ")
    elif kind == "bom_in_line":
        lines[k] = BOM + line
    elif kind == "cut_last":
        lines[-1] = lines[-1][: int(at * len(lines[-1]))]
    elif kind == "duplicate":
        lines.insert(1 + int(at * (len(lines) - 1)), line)
    elif kind in ("blank", "spaces"):
        lines.insert(k, b"" if kind == "blank" else b" \t ")
    elif kind == "extra_field":
        lines[k] = line + b",surplus"
    elif kind == "missing_field":
        lines[k] = line.replace(b",", b"", 1)
    elif kind == "absurd_date":
        lines[k] = (b"0001" if at < 0.5 else b"2999") + line[4:]
    elif kind == "header":
        lines[0] = lines[0].replace(b",", b",EXTRA,", 1) if at < 0.5 else lines[0] + b"\r"
    elif kind == "empty_fields":
        lines[k] = b"," * line.count(b",")
    elif kind == "trailing_comma":
        lines[k] = line + b","


def file_bytes(lines: list[bytes], crlf: bool, bom: bool, final_newline: bool) -> bytes:
    """A file's bytes from its lines: LF or CRLF line ends, a leading BOM, a last line end."""
    eol = b"\r\n" if crlf else b"\n"
    return (BOM if bom else b"") + eol.join(lines) + (eol if final_newline else b"")
