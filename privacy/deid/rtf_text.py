"""The plain text of a free-text value that is a whole RTF document (an EMR's note export).

RTF writes every non-ASCII character as an escape (`\\'d5\\'c5` is 张 in code page 936, `\\u24352?`
too), so the detection engine would see no name, phone or address in a Chinese note kept as RTF
and release it as it came. The text is decoded instead: `\\'hh` bytes in the document's code
page (`\\ansicpg936`, or GBK when a font declares `\\fcharset134`; Windows-1252 otherwise),
`\\uN` characters (skipping their `\\ucN` fallback), `\\par` / `\\line` as line breaks, `\\tab`
as a tab; font, colour and style tables, document info, pictures and `{\\*...}` groups are left
out, as are all other control words.

Why not `striprtf` (PyPI): on the same notes it reads alike, but it raises OverflowError on an
escape like `\\u99999999999` and drops the text after an unbalanced `}`, so one damaged note
would stop a partition or lose its words (measured with striprtf 0.0.35).
"""

from __future__ import annotations

import codecs
import re

_TOKEN = re.compile(
    r"\\'(?P<hex>[0-9a-fA-F]{2})"
    r"|\\(?P<word>[a-zA-Z]{1,32})(?P<arg>-?\d{1,10})? ?"
    r"|\\(?P<symbol>[^a-zA-Z])"
    r"|(?P<brace>[{}])"
    r"|(?P<text>[^\\{}\r\n]+)"
    r"|[\r\n]+"
)
# Destinations that hold no text of the document.
_SKIPPED = frozenset(
    {"fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "themedata", "datastore",
     "latentstyles", "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl",
     "header", "footer", "headerl", "headerr", "footerl", "footerr", "filetbl", "revtbl"}
)  # fmt: skip
_RTF_START = re.compile(r"\s*\{\\rtf")
_KINDS = ("hex", "word", "symbol", "brace", "text")
_BREAKS = {"par": "\n", "line": "\n", "tab": "\t", "emdash": "—", "endash": "–", "bullet": "•"}
_SYMBOLS = {"~": "\u00a0", "_": "-", "-": "", "\\": "\\", "{": "{", "}": "}"}


def is_rtf(text: str) -> bool:
    """Whether the value is an RTF document (starts with `{\\rtf`, leading spaces allowed)."""
    return _RTF_START.match(text) is not None  # no copy of a long note, as lstrip() made


def _codec(text: str) -> str:
    """The code page the document's `\\'hh` bytes are in."""
    found = re.search(r"\\ansicpg(\d+)", text)
    if found:
        name = f"cp{found.group(1)}"
        try:
            return codecs.lookup(name).name
        except LookupError:
            pass
    return "gb18030" if "\\fcharset134" in text else "cp1252"


def rtf_text(text: str) -> str:
    """The document's plain text (module docstring); a value that is no RTF comes back as is."""
    if not is_rtf(text):
        return text
    encoding = _codec(text)
    out: list[str] = []
    pending = bytearray()  # \'hh bytes of one multi-byte character may come in several escapes
    stack: list[tuple[bool, int]] = []
    skip, uc, fallback = False, 1, 0  # inside a skipped group; \ucN; fallback chars left to skip
    group_start = False  # the token before was '{' (so '\*' or a destination word opens it)

    def flush() -> None:
        if pending:
            if not skip:
                out.append(pending.decode(encoding, errors="backslashreplace"))  # never U+FFFD
            pending.clear()

    for m in _TOKEN.finditer(text):
        kind = next((k for k in _KINDS if m.group(k) is not None), None)
        if kind == "hex":
            if fallback:
                fallback -= 1
            else:
                pending.append(int(m.group("hex"), 16))
            group_start = False
            continue
        flush()
        if kind == "brace":
            if m.group("brace") == "{":
                stack.append((skip, uc))
                group_start = True
                continue
            skip, uc = stack.pop() if stack else (skip, uc)
            fallback = 0
        elif kind == "word":
            word, arg = m.group("word"), m.group("arg")
            if group_start and word in _SKIPPED:
                skip = True
            elif word == "uc" and arg is not None:
                uc = int(arg)
            elif word == "u" and arg is not None:
                if not skip:
                    out.append(chr(int(arg) % 65536))
                fallback = uc
            elif not skip and word in _BREAKS:
                out.append(_BREAKS[word])
        elif kind == "symbol":
            symbol = m.group("symbol")
            if symbol == "*" and group_start:
                skip = True
            elif not skip:
                out.append(_SYMBOLS.get(symbol, ""))
        elif kind == "text":
            chunk = m.group("text")
            if fallback:
                cut = min(fallback, len(chunk))
                chunk, fallback = chunk[cut:], fallback - cut
            if not skip:
                out.append(chunk)
        group_start = False
    flush()
    return "".join(out).strip()
