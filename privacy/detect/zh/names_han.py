"""Chinese-character names (surname + 1-2 given characters) scored from several weak signals.

Every position where a surname starts (a token start, or one character into a token the HMM
glued to a grammar word: 问孙楠, 而纪平) proposes a 2- and a 3-character reading (3-4 for a
compound surname). Each reading gets features, weighted and summed in log-odds-like units:
  segmentation   the reading is one token (HMM new word or dictionary name), or a surname
                 token plus its given token, or it cuts a token in two (bad);
  given name     how typical its characters are of given names (privacy.detect.zh.names_given);
  surname        strong (王, 欧阳) or also an everyday word (高, 方, 于);
  dictionary     an everyday dictionary word (范畴, 祝福) or a place name is not a name;
  context        a role or title before (局长, 记者), a verb of saying or a title after, a
                 place / club context (privacy.detect.zh.names_places), an item of a comma list.
The weights are those of a logistic regression over these features, fitted on the first 70% of
CLUENER and Weibo NER (never the rest) and rounded (listed_place set by hand): the score is a
probability. Twenty-odd weights over generic features carry no corpus vocabulary.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from privacy.detect.zh.gazetteer import is_gazetteer_place
from privacy.detect.zh.names_cues import cue_after, cue_before
from privacy.detect.zh.names_given import given_score
from privacy.detect.zh.names_places import place_context, team_context
from privacy.detect.zh.names_shape import (
    COMPOUND_SURNAMES,
    NOT_GIVEN,
    SURNAMES,
    SURNAMES_STRONG,
    NameHit,
    occurs_twice,
    surname_length,
)
from privacy.detect.zh.segment import Token, dictionary_tag, is_cjk, word_frequency

# Grammar characters the HMM glues in front of a name (问孙楠, 被范曾, 而纪平).
GLUE_BEFORE = frozenset(
    "而问但被和看他她一中向与给对让叫找是在据由从把将跟同及或也都就又才却还只请令派经称为以"
)
# Characters that never occur in a given name (particles); other grammar characters (中, 和,
# 来, 之 ...) do, so they only cost evidence.
NEVER_GIVEN = frozenset("的了是在着们吗呢吧啊么这那我你他她它个把被")
_NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})
# First characters of every surname: a cheap test before any reading is scored.
SURNAME_FIRST = SURNAMES | frozenset(s[0] for s in COMPOUND_SURNAMES)
_LIST_SEPARATORS = ",，、;；/"

WEIGHTS: dict[str, float] = {
    "bias": -1.5,
    "one_token_new": 1.3,  # the HMM made the reading one unknown word
    "one_token_name": 0.3,  # one word the dictionary tags as a person (nr, nrfg, nrt)
    "one_token_other": 1.1,  # one dictionary word of another kind
    "surname_split": 0.1,  # surname token + the given name's token(s)
    "other_split": -0.3,  # starts and ends on token boundaries some other way
    "cut_token": -3.5,  # the reading ends inside a token
    "glued_start": -0.5,  # starts one character into a token
    "weak_surname": -2.1,
    "compound_surname": -0.9,
    "given": 0.8,  # mean given-character log-ratio
    "grammar_chars": -0.3,  # given characters that are usually grammar words
    "log_freq": -1.3,  # log10 dictionary frequency of a word not tagged as a person
    "log_freq_nr": -0.4,  # the same for a two-character word tagged nr (谢谢, 祝福)
    "place": -1.3,
    "listed_place": -4.0,  # a place the gazetteer knows (莫斯科, 黄山)
    "team": -1.5,
    "two_chars": -0.8,  # surname + one character is more often a plain word
    "cue_before": 1.7,
    "cue_after": 2.0,
    "list_item": 1.2,  # a whole item of a comma-separated list
    "next_break": 0.2,  # punctuation, a digit, Latin or the end follows
    "next_function": 0.5,  # a verb, preposition, conjunction, particle, adverb follows
    "next_noun": -0.6,
    "repeated": 0.3,  # the same reading occurs again in the text
}
# A reading is kept when its probability sigmoid(sum) reaches this (recall first).
THRESHOLD = 0.2


def han_names(text: str, tokens: Sequence[Token]) -> list[NameHit]:
    """The best-scoring reading at every surname position, when it clears the threshold."""
    ends = {t.end for t in tokens}
    hits: list[NameHit] = []
    for k, tok in enumerate(tokens):
        word = tok.word
        starts = [tok.start] if word[0] in SURNAME_FIRST else []
        if len(word) >= 3 and word[0] in GLUE_BEFORE and word[1] in SURNAME_FIRST:
            starts.append(tok.start + 1)
        for start in starts:
            best = _best_reading(text, tokens, k, start, ends)
            if best is not None:
                hits.append(best)
    return hits


def _best_reading(
    text: str, tokens: Sequence[Token], k: int, start: int, ends: set[int]
) -> NameHit | None:
    """The highest-scoring reading starting at `start` (inside token k), if any passes."""
    n = surname_length(text[start : start + 2])
    if not n:
        return None
    best: NameHit | None = None
    for length in (n + 2, n + 1):
        end = start + length
        if end > len(text):
            continue
        features = reading_features(text, tokens, k, start, end, ends)
        if features is None:
            continue
        score = probability(features, WEIGHTS)
        if score >= THRESHOLD and (best is None or score > best.score):
            best = NameHit(start, end, score)
    return best


def probability(features: dict[str, float], weights: dict[str, float]) -> float:
    """Logistic probability of a weighted feature sum."""
    total = 0.0
    for name, value in features.items():
        total += weights[name] * value
    return 1.0 / (1.0 + math.exp(-total))


def reading_features(
    text: str, tokens: Sequence[Token], k: int, start: int, end: int, ends: set[int]
) -> dict[str, float] | None:
    """Feature values of the reading text[start:end]; None when it cannot be a name."""
    cand = text[start:end]
    n = surname_length(cand)
    given = cand[n:]
    if not is_cjk(cand) or not given or any(c in NEVER_GIVEN for c in given):
        return None
    f: dict[str, float] = {"bias": 1.0, _segmentation(tokens[k], start, end, n, ends): 1.0}
    if cand[:2] in COMPOUND_SURNAMES:
        f["compound_surname"] = 1.0
    elif cand[0] not in SURNAMES_STRONG:
        f["weak_surname"] = 1.0
    f["given"] = given_score(given)
    f["grammar_chars"] = sum(c in NOT_GIVEN for c in given)
    tag, freq = dictionary_tag(cand), word_frequency(cand)
    if freq and tag not in _NAME_TAGS:
        f["log_freq"] = math.log10(freq + 1)
    elif freq and tag == "nr" and len(cand) == 2:
        f["log_freq_nr"] = math.log10(freq + 1)
    f["place"] = float(tag == "ns" or place_context(text, start, end))
    f["listed_place"] = float(is_gazetteer_place(cand))
    f["team"] = float(team_context(text, start, end))
    f["two_chars"] = float(len(cand) == 2)
    f["cue_before"] = float(cue_before(text, start))
    f["cue_after"] = float(cue_after(text, start, end))
    nxt = _token_at(tokens, k, end)
    if nxt is None or not is_cjk(nxt.word[:1]):
        f["next_break"] = 1.0
    elif nxt.tag is not None and nxt.tag[:1] in "vpcudr":
        f["next_function"] = 1.0
    elif nxt.tag is not None and nxt.tag[:1] == "n":
        f["next_noun"] = 1.0
    f["repeated"] = float(occurs_twice(text, cand))
    f["list_item"] = float(
        (start == 0 or text[start - 1] in _LIST_SEPARATORS)
        and (end == len(text) or text[end] in _LIST_SEPARATORS)
    )
    return f


def _token_at(tokens: Sequence[Token], k: int, pos: int) -> Token | None:
    """The token starting at `pos`, searching forward from token k (None at a cut or the end)."""
    for tok in tokens[k : k + 4]:
        if tok.start == pos:
            return tok
    return None


def _segmentation(tok: Token, start: int, end: int, n: int, ends: set[int]) -> str:
    """The segmentation feature: how the reading lines up with jieba's tokens."""
    if start == tok.start and end == tok.end:
        if tok.tag is None:
            return "one_token_new"
        return "one_token_name" if tok.tag in _NAME_TAGS else "one_token_other"
    if end not in ends:
        return "cut_token"
    if start != tok.start:
        return "glued_start"
    return "surname_split" if tok.end == start + n else "other_split"
