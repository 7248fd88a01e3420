"""Chinese medical terms (THUOCL, MIT; privacy/data/medical_terms_zh.txt) shipped for run time.

Detection uses them to veto clinical words read as names or places; annotation uses them to
propose pre-annotations. Rebuild the shipped list from the original with
`python -m privacy.detect.zh.medical_terms ../shared/data/lexicon/THUOCL_medical.txt`.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

HEADER = (
    "# Derived from THUOCL_medical.txt (thunlp/THUOCL a30ce79, MIT): term<TAB>document frequency.\n"
    "# See THUOCL_NOTICE.md beside this file. "
    "Rebuild: python -m privacy.detect.zh.medical_terms PATH\n"
)


@lru_cache(maxsize=1)
def medical_terms_zh() -> dict[str, int]:
    """Term -> THUOCL document frequency, loaded once from the shipped list."""
    text = resources.files("privacy.data").joinpath("medical_terms_zh.txt").read_text("utf-8")
    terms: dict[str, int] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, freq = line.split("\t")
        terms[word] = int(freq)
    return terms


def build(source: Path, target: Path) -> int:
    """Write the shipped list from THUOCL's original file; returns the number of terms."""
    rows = [line.split("\t") for line in source.read_text("utf-8-sig").splitlines() if line]
    target.write_text(HEADER + "".join(f"{w.strip()}\t{int(f)}\n" for w, f in rows), "utf-8")
    return len(rows)


if __name__ == "__main__":
    out = Path(__file__).resolve().parents[2] / "data" / "medical_terms_zh.txt"
    build(Path(sys.argv[1]), out)
