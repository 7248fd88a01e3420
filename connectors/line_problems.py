"""One wording for why a physical line from `text_lines` could not be read, used in quarantine."""

from __future__ import annotations

from connectors.text_lines import BAD_ENCODING, NUL_BYTE, Line


def describe(line: Line, encoding: str) -> str:
    """Quarantine detail of an unreadable line: wrong encoding, NUL, or the reader's own words."""
    if line.detail:
        return line.detail
    if line.problem == BAD_ENCODING:
        return f"line is not {encoding} text"
    if line.problem == NUL_BYTE:
        return "line holds a NUL byte (binary or padded data)"
    return f"unreadable line ({line.problem})"
