"""Chinese person names: Chinese-character names, transliterated and Latin foreign names, and
names after role cues, merged and spread to their other mentions in the same text.

No model download: evidence comes from jieba's bundled dictionary (tags, frequencies, and the
given-name characters of the people it lists), its HMM new-word discovery, surname lists,
the transliteration character table, and context cues (患者 X, 局长 X, X 先生, X 说 ...).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

from privacy.detect.spans import join_overlapping
from privacy.detect.zh.names_cues import CUES_AFTER, cue_hit, cued_names, familiar_names
from privacy.detect.zh.names_demographic import demographic_names
from privacy.detect.zh.names_foreign import foreign_names, latin_names
from privacy.detect.zh.names_han import SURNAME_FIRST, han_names
from privacy.detect.zh.names_shape import NameHit
from privacy.detect.zh.names_whole import whole_names
from privacy.detect.zh.segment import Token

# Scored candidates carry a probability; no single rule is ever sure.
MAX_CONFIDENCE = 0.95
# Book, film and game titles: a name inside 《...》 names a work, not a person to protect.
_TITLE = re.compile(r"《[^《》]{0,40}》")
# Every position where a title after a name (先生, 医生, ...) begins.
_TITLE_AT = re.compile("(?=" + "|".join(map(re.escape, CUES_AFTER)) + ")")


def find_names(text: str, tokens: Sequence[Token]) -> list[NameHit]:
    """Name spans in `text` (the segmented string)."""
    evidence = [*han_names(text, tokens), *foreign_names(text, tokens)]
    scored = [NameHit(h.start, h.end, min(h.score, MAX_CONFIDENCE)) for h in evidence]
    cued = [
        *cued_names(text),
        *_title_cued(text, tokens),
        *familiar_names(text),
        *demographic_names(text),
    ]
    # A cue-led name's boundaries come from a closer reading of the characters after the cue
    # (患者张伟来诊: the segmenter's 张伟来 is wrong), so it replaces scored readings it overlaps.
    scored = _not_overlapping(scored, cued)
    hits = whole_names(text, join_overlapping([*cued, *scored]))
    hits = join_overlapping([*hits, *latin_names(text, hits)])
    hits = join_overlapping([*hits, *_repeats(text, hits)])
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
    return [h for h in hits if not any(s < h.start and h.end < e for s, e in titles)]


def _not_overlapping(hits: Sequence[NameHit], others: Sequence[NameHit]) -> list[NameHit]:
    """The hits that overlap none of `others` (by sorted starts and the furthest end reached so
    far: a 1 MB field has ~10^4 cued names, and testing each pair was quadratic)."""
    ordered = sorted((o.start, o.end) for o in others)
    starts = [start for start, _ in ordered]
    reach = list(itertools.accumulate((end for _, end in ordered), max))
    out = []
    for hit in hits:
        k = bisect.bisect_left(starts, hit.end)  # ordered[:k] start before the hit ends
        if k == 0 or reach[k - 1] <= hit.start:
            out.append(hit)
    return out


def _title_cued(text: str, tokens: Sequence[Token]) -> list[NameHit]:
    """Surname-led runs right before a title (王建国医生, 司马相如先生)."""
    # Speed only: cue_hit reads a name of 2-4 characters ending where a title begins, so only
    # tokens 2-4 characters before one are tried.
    titles = {m.start() for m in _TITLE_AT.finditer(text)}
    if not titles:
        return []
    return [
        hit
        for i, tok in enumerate(tokens)
        if tok.word[:1] in SURNAME_FIRST
        and not titles.isdisjoint((tok.start + 2, tok.start + 3, tok.start + 4))
        and (hit := cue_hit(text, tokens, i)) is not None
    ]


def _repeats(text: str, hits: Sequence[NameHit]) -> list[NameHit]:
    """Other mentions of a found name (2+ characters) in the same text, at a lower score."""
    out: list[NameHit] = []
    for name in {text[h.start : h.end] for h in hits if h.end - h.start >= 2}:
        score = max(h.score for h in hits if text[h.start : h.end] == name) - 0.05
        pos = text.find(name)
        while pos >= 0:
            out.append(NameHit(pos, pos + len(name), score))
            pos = text.find(name, pos + len(name))
    return out
