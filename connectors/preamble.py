"""Where a delimited export's header is when lines come before it (a DCS or LIMS export's title,
who exported it and when): the first line as wide as the table's rows. Excel's `sep=;` first line
names the delimiter and is itself a preamble line."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

from connectors.text_lines import TextLines

DELIMITERS = (",", "\t", ";", "|")
WINDOW = 30  # physical lines looked at: a preamble is a few lines, not a page
# Excel's delimiter hint (`sep=;`, also quoted or padded with empty cells when re-saved).
_EXCEL_SEP = re.compile(r'^"?sep=([,;\t|])"?\1*\s*$', re.IGNORECASE)


def excel_separator(first_line: str | None) -> str | None:
    """The delimiter a `sep=X` first line names (European Excel writes `sep=;`), else None."""
    found = _EXCEL_SEP.match(first_line or "")
    return found.group(1) if found else None


def first_line(path: Path, encoding: str) -> str | None:
    """The file's first physical line, decoded (None when it does not decode)."""
    for line in TextLines(path, encoding):
        return line.text
    return None


def _widths(texts: list[str], delimiter: str) -> list[int]:
    """Fields per line, each line read alone (a quote left open counts what it gave)."""
    return [len(next(csv.reader([t], delimiter=delimiter), [])) for t in texts]


def preamble_lines(path: Path, encoding: str, delimiter: str | None = None) -> int:
    """Lines before the header: 0 unless the first line is narrower than the commonest width of
    the lines after it (at least two fields, with the delimiter that gives the widest table),
    then the lines before the first one that wide."""
    texts: list[str] = []
    for line in TextLines(path, encoding):
        if len(texts) >= WINDOW:
            break
        texts.append(line.text or "")
    named = excel_separator(texts[0]) if texts else None
    if named:  # the hint line is preamble, however wide re-saving made it
        texts, delimiter = texts[1:], delimiter or named
    if len(texts) < 3:
        return int(named is not None)
    best: tuple[int, bool, int] = (0, True, 0)  # (table width, no preamble, lines before header)
    for d in (delimiter,) if delimiter else DELIMITERS:
        widths = _widths(texts, d)
        filled = [w for w, t in zip(widths, texts, strict=True) if t.strip()]
        width = Counter(filled[1:]).most_common(1)[0][0] if len(filled) > 1 else 0
        # the widest table wins; at a tie (`;` fields holding decimal commas) no preamble does
        best = max(best, (width, widths[0] >= width, widths.index(width) if width else 0))
    width, plain, before = best
    return int(named is not None) + (0 if width < 2 or plain else before)
