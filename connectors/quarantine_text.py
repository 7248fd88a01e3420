"""How much of a quarantined line's text is kept: all of it, unless it is giant.

The raw file is kept byte for byte beside the run (raw/files), so a quarantine row needs enough
text to recognise the line, not a second copy of a 50 MB field: text over `RAW_KEEP`
characters is cut, and the cut says how long the line was and where the whole of it is.
"""

from __future__ import annotations

RAW_KEEP = 64 * 1024  # characters; real lines are far shorter, a giant field far longer
CUT_MARK = " … [cut: "


def capped(text: str, keep: int = RAW_KEEP) -> str:
    """`text` itself, or its first `keep` characters and a note of its full length."""
    if len(text) <= keep:
        return text
    return f"{text[:keep]}{CUT_MARK}{len(text)} characters in all; whole line in the raw file]"


def capped_bytes(body: bytes, start: int, end: int, keep: int = RAW_KEEP) -> str:
    """The giant UTF-8 line body[start:end] as its first `keep` characters and its length,
    copying and decoding no more than it keeps."""
    head = bytes(memoryview(body)[start : min(end, start + keep * 4)])
    text = head.decode("utf-8", errors="ignore")[:keep]
    return f"{text}{CUT_MARK}{end - start} bytes in all; whole line in the raw file]"
