"""One scorer for Chinese person names over rule and model evidence: the rule readings
(privacy.detect.zh.names: segmentation, surnames, cues, places), LAC's tags
(privacy.detect.zh.lac), the name CRF's marginals (privacy.detect.zh.names_crf) and the neural
tagger's probabilities (privacy.detect.zh.names_nn, which reads LAC's tags) are features of the
same logistic regression, not a union of answers.

Candidates are the rule hits, LAC's PER words and the CRF's and the tagger's likely runs.
Weights were fitted on the first 70% of CLUENER and Weibo NER (the "dev" split that every
Chinese name rule was tuned on and the models trained on, their outputs taken out of fold;
bench/pii_eval.py reports the last 30%) and rounded: with the tagger by bench/sweep_names_zh.py
--fit, before it by bench/fit_names_zh.py. Each set of evidence that can be missing (the CRF,
the tagger) has its own fitted weights and threshold (`fitted`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from privacy.detect.normalize import HAN
from privacy.detect.spans import join_overlapping
from privacy.detect.zh import names_gate
from privacy.detect.zh.lac import LacSpan
from privacy.detect.zh.medical_terms import medical_terms_zh
from privacy.detect.zh.names_crf import CrfMarks
from privacy.detect.zh.names_cues import cue_after, cue_before
from privacy.detect.zh.names_given import given_score
from privacy.detect.zh.names_shape import NameHit, surname_length
from privacy.detect.zh.segment import dictionary_tag, tokenize_cached, word_frequency

PER = "PER"
_NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-zÀ-ÿ0-9·•．]")
_LOWER = re.compile(r"[a-zß-ÿ]")
_NAME_CHAR_RUN = re.compile(r"[\u3400-\u9fffA-Za-zÀ-ÿ0-9·•．]+")
# A model run's parts of one script: a run glued to a document number (海员证S00012345) is cut
# where the script changes, and the code's part (digits, capitals) is no name.
_SCRIPT_PART = re.compile(r"[\u3400-\u9fff·•．]+|[A-Za-zÀ-ÿ]+|[0-9]+")
_CODE_PART = re.compile(r"^(?:[0-9]+|[A-Z]+)$")
PLACE_TAGS = frozenset({"LOC", "ORG", "nz", "nw", "ns", "s"})

# Fitted before the CRF existed: the scorer without it (python-crfsuite or the model missing).
WEIGHTS_NO_CRF: dict[str, float] = {
    "bias": -3.2,
    "rule_score": 2.5,  # the rule reading's own probability (privacy.detect.zh.names)
    "rule_overlap": 1.2,  # a rule reading overlaps with other boundaries
    "lac_per": 2.7,  # LAC tags exactly this span PER
    "lac_per_overlap": 2.2,  # LAC tags an overlapping span PER
    "lac_place": 0.0,  # LAC tags an overlapping span LOC / ORG / nz ...
    "lac_other_word": 0.2,  # LAC reads the span as one word of another kind
    "surname": 0.1,
    "latin": 0.3,
    "one_char": -2.3,
    "long": 0.2,
    "both": 0.2,  # rules and LAC agree on the exact span
    "cue": 1.0,  # a role or title cue before / after
    "given": 0.2,  # given-name character typicality
    "name_tag": -0.2,  # jieba's dictionary tags the span as a name
    "common_word": -0.1,  # log10 dictionary frequency of a non-name word
}
THRESHOLD_NO_CRF = 0.3  # chosen on the dev split: precision no lower than LAC alone there
WEIGHTS: dict[str, float] = {
    "bias": -2.8,
    "rule_score": 1.2,
    "rule_overlap": 0.2,
    "lac_per": 1.8,
    "lac_per_overlap": 1.4,
    "lac_place": -0.5,
    "lac_other_word": -0.2,
    "surname": -0.2,
    "latin": 0.2,
    "one_char": -2.3,
    "long": 0.0,
    "both": 0.2,
    "cue": 0.5,
    "given": 0.2,
    "name_tag": -0.2,
    "common_word": 0.0,
    "crf": 2.0,  # mean marginal that the span's characters are in a name (names_crf)
    "crf_edges": 1.1,  # the CRF begins a name at the span's start and ends it at its end
}
# Chosen on the dev split with the shipped recognizer path (gate included, out-of-fold CRF:
# bench/sweep_names_zh.py): at 0.23 CLUENER dev is P 0.685 / R 0.898 against LAC alone's
# 0.680 / 0.858 (at 0.2 precision falls just under LAC: 0.679 / 0.901); Weibo 0.519 / 0.802 with
# handles counted as names, 0.639 / 0.802 with handles over no gold name neutral (LAC 0.582 /
# 0.781). Before the gate read sentences beside certain names: 0.682 / 0.896 at 0.2.
THRESHOLD = 0.23
# With the neural tagger (privacy.detect.zh.names_nn): its runs of characters at least NN_LOW
# likely in a name are candidates, Latin-only runs included (castle, TomConlin: a fifth of the
# CLUENER dev names that no candidate reached were Latin). Weights fitted by
# bench/sweep_names_zh.py --fit on the recognizer's own path over the dev split, the CRF and the
# tagger both read out of fold (3 folds); thresholds chosen there (no test split read): texts
# with a social cue (SOCIAL_CUE: @, //, #topic#, [emoji], 哈哈 ...) take the lower one.
NN_LOW = 0.1
NN_LATIN = True
WEIGHTS_NN_CRF: dict[str, float] = {
    "bias": -2.7,
    "rule_score": 0.97,
    "rule_overlap": 0.49,
    "lac_per": 0.41,
    "lac_per_overlap": 0.41,
    "lac_place": -0.49,
    "lac_other_word": -0.68,
    "surname": -0.15,
    "latin": 0.24,
    "one_char": -1.32,
    "long": 0.05,
    "both": 0.31,
    "cue": 0.55,
    "given": 0.16,
    "name_tag": -0.03,
    "common_word": -0.01,
    "crf": 1.34,
    "crf_edges": 0.51,
    "nn": 2.67,  # mean probability that the span's characters are in a name (names_nn)
    "nn_edges": 0.41,  # the tagger begins a name at the span's start and ends it at its end
    "nn_min": -0.72,  # the least likely character of the span
}
# The lowest threshold at LAC alone's precision on CLUENER dev (0.11 falls under it), clinical
# texts without the tagger (see clinical): CLUENER dev (out of fold) P 0.687 / R 0.923 against
# LAC alone's 0.680 / 0.858; Weibo R 0.839 against 0.781 at handles-neutral P 0.630 (LAC 0.582;
# 0.477 with handles counted as names).
THRESHOLD_NN_CRF, SOCIAL_NN_CRF = 0.12, 0.06
# The tagger without the CRF (python-crfsuite or its model missing).
WEIGHTS_NN: dict[str, float] = {
    "bias": -2.83,
    "rule_score": 1.5,
    "rule_overlap": 1.01,
    "lac_per": 0.27,
    "lac_per_overlap": 0.48,
    "lac_place": -0.44,
    "lac_other_word": -0.65,
    "surname": 0.03,
    "latin": 0.27,
    "one_char": -1.2,
    "long": 0.25,
    "both": 0.32,
    "cue": 0.73,
    "given": 0.18,
    "name_tag": -0.03,
    "common_word": -0.07,
    "nn": 3.0,
    "nn_edges": 0.69,
    "nn_min": -0.34,
}
# Dev: CLUENER P 0.689 / R 0.912, Weibo R 0.831 at handles-neutral P 0.627.
THRESHOLD_NN, SOCIAL_NN = 0.12, 0.06
# Without LAC (zh_person.READ_LAC off): (CRF read, tagger read) -> weights (LAC's features at
# 0), threshold, social threshold, from bench/sweep_names_zh.py --no-lac --fit over the dev split
# with the tagger variant trained without LAC (train_names_nn --no-lac) read out of fold. Empty
# until fitted: the recognizer refuses to run without LAC, and LAC stays the default.
NOLAC: dict[tuple[bool, bool], tuple[dict[str, float], float, float]] = {}
# A text holding this many Chinese medical terms (THUOCL's list, privacy.detect.zh.medical_terms)
# is clinical: the tagger, trained on news and Weibo, is not read there (in medical text it
# proposes lab words and Latin drug / syndrome names: 血钠, 药敏, deprenyl, Miller). 4% of CLUENER
# and 7% of Weibo dev texts hold one; without the tagger there, dev recall moves by -0.001.
CLINICAL_TERMS = 1
# A text-level cue of social-media text (not the corpus name): on the dev split 45% of Weibo
# messages and 0.8% of CLUENER sentences hold one.
SOCIAL_CUE = re.compile(
    r"[@＠]|//|#[^#]{1,30}#|\[[^\[\]]{1,6}\]|[\U0001F300-\U0001FAFF\u2600-\u27BF\ufffd]|https?:|"
    r"[~～]|哈哈|[!！?？]{2}|微博|转发"
)


def candidates(
    text: str,
    rule_hits: Sequence[NameHit],
    lac: Sequence[LacSpan],
    crf: CrfMarks | None = None,
    nn: CrfMarks | None = None,
) -> list[tuple[int, int]]:
    """Every span proposed by the rules, tagged PER by LAC or run by the CRF or the neural
    tagger (each once)."""
    spans = {(h.start, h.end) for h in rule_hits}
    for w in lac:
        if w.tag == PER and (trimmed := _trim(text, w.start, w.end)) is not None:
            spans.add(trimmed)
    for start, end in crf.spans() if crf is not None else []:
        spans.update(_crf_runs(text, start, end))
    for start, end in nn.spans(NN_LOW) if nn is not None else []:
        spans.update(_crf_runs(text, start, end, NN_LATIN))
    return sorted(spans)


def _crf_runs(text: str, start: int, end: int, latin: bool = False) -> list[tuple[int, int]]:
    """A CRF run cut at characters no name holds (舍曲林（sertraline: two runs), keeping runs
    with a Han character: the CRF learned CLUENER's lower-cased Latin names after Chinese ones,
    which in medical text are drug and disease names in brackets. With `latin` (the neural
    tagger's runs), also Latin runs with a lower-case letter (castle, TomConlin; not acronyms:
    INH, ETH, PZA are drug abbreviations; dev recall -0.002 without them)."""
    return [
        run
        for m in _NAME_CHAR_RUN.finditer(text, start, end)
        for run in _without_codes(text, m.start(), m.end())
        if HAN.search(text, *run) or (latin and _LOWER.search(text, *run))
    ]


def _without_codes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The run, or when it holds digits its parts between digit and capital-letter codes
    (海员证S00012345 -> 海员证): a name holds no digit, and an identifier is no name."""
    if not any(c.isdigit() for c in text[start:end]):
        return [(start, end)]
    out: list[tuple[int, int]] = []
    for part in _SCRIPT_PART.finditer(text, start, end):
        if _CODE_PART.match(part.group()):
            continue
        if out and out[-1][1] == part.start():
            out[-1] = (out[-1][0], part.end())
        else:
            out.append(part.span())
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without edge characters no name holds (emoji, symbols, spaces LAC glued on)."""
    while start < end and not _NAME_CHAR.match(text[start]):
        start += 1
    while end > start and not _NAME_CHAR.match(text[end - 1]):
        end -= 1
    return (start, end) if end > start else None


def features(
    text: str,
    span: tuple[int, int],
    rule_hits: Sequence[NameHit],
    lac: Sequence[LacSpan],
    crf: CrfMarks | None = None,
    nn: CrfMarks | None = None,
) -> dict[str, float]:
    """Feature values of one candidate span."""
    start, end = span
    word = text[start:end]
    same = [h.score for h in rule_hits if (h.start, h.end) == span]
    near = [
        h.score for h in rule_hits if h.start < end and start < h.end and (h.start, h.end) != span
    ]
    lac_near = [w for w in lac if w.start < end and start < w.end]
    f = {
        "bias": 1.0,
        "rule_score": max(same, default=0.0),
        "rule_overlap": max(near, default=0.0),
        "lac_per": float(any((w.start, w.end) == span and w.tag == PER for w in lac_near)),
        "lac_per_overlap": float(any(w.tag == PER and (w.start, w.end) != span for w in lac_near)),
        "lac_place": float(any(w.tag in PLACE_TAGS for w in lac_near)),
        "lac_other_word": float(
            any((w.start, w.end) == span and w.tag not in PLACE_TAGS | {PER} for w in lac_near)
        ),
        "surname": float(surname_length(word) > 0),
        "latin": float(HAN.search(word) is None),
        "one_char": float(len(word) == 1),
        "long": float(len(word) >= 5),
    }
    f["both"] = float(f["rule_score"] > 0 and f["lac_per"] > 0)
    f["cue"] = float(cue_before(text, start) or cue_after(text, start, end))
    n = surname_length(word)
    f["given"] = given_score(word[n:]) if n and 2 <= len(word) <= 4 else 0.0
    tag = dictionary_tag(word)
    f["name_tag"] = float(tag in ("nr", "nrfg", "nrt"))
    freq = word_frequency(word)
    f["common_word"] = math.log10(freq + 1) if freq and not f["name_tag"] else 0.0
    if crf is not None:
        f["crf"] = crf.span_probability(start, end)
        f["crf_edges"] = crf.edges(start, end)
    if nn is not None:
        f["nn"] = nn.span_probability(start, end)
        f["nn_edges"] = nn.edges(start, end)
        f["nn_min"] = min(nn.inside[start:end], default=0.0)
    return f


def probability(f: dict[str, float], weights: dict[str, float] = WEIGHTS) -> float:
    """Logistic probability of the weighted feature sum."""
    total = sum(weights[k] * v for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-total))


def ensemble_names(
    text: str,
    rule_hits: Sequence[NameHit],
    lac: Sequence[LacSpan],
    crf: CrfMarks | None = None,
    nn: CrfMarks | None = None,
    lac_read: bool = True,
) -> list[NameHit]:
    """Candidates at or above the threshold, overlapping ones joined (recall first); a certain
    rule reading (names_gate.CERTAIN: 患者王芳) stays whatever the models say, as it does in the
    sentences LAC does not read. `lac_read` False: the recognizer runs without LAC (`lac` is
    empty) and the weights fitted without it apply."""
    if nn is not None and clinical(text):
        nn = None
    weights, threshold, social = fitted(crf is not None, nn is not None, lac_read)
    if SOCIAL_CUE.search(text):
        threshold = social
    kept = [h for h in rule_hits if h.score >= names_gate.CERTAIN]
    for span in candidates(text, rule_hits, lac, crf, nn):
        p = probability(features(text, span, rule_hits, lac, crf, nn), weights)
        if p >= threshold:
            kept.append(NameHit(span[0], span[1], round(min(p, 0.95), 4)))
    return join_overlapping(kept)


def fitted(crf: bool, nn: bool, lac: bool = True) -> tuple[dict[str, float], float, float]:
    """The weights, threshold and threshold of texts with a social cue fitted for the evidence
    present (the CRF, the neural tagger, LAC)."""
    if not lac:
        if (crf, nn) not in NOLAC:
            raise LookupError(
                "no name-scorer weights fitted without LAC for this evidence "
                f"(CRF {crf}, tagger {nn}): run bench/sweep_names_zh.py --no-lac --fit"
            )
        return NOLAC[(crf, nn)]
    if nn:
        return (
            (WEIGHTS_NN_CRF, THRESHOLD_NN_CRF, SOCIAL_NN_CRF)
            if crf
            else (WEIGHTS_NN, THRESHOLD_NN, SOCIAL_NN)
        )
    return (
        (WEIGHTS, THRESHOLD, THRESHOLD)
        if crf
        else (WEIGHTS_NO_CRF, THRESHOLD_NO_CRF, THRESHOLD_NO_CRF)
    )


def clinical(text: str) -> bool:
    """True when the text holds CLINICAL_TERMS Chinese medical terms (jieba words of 2+
    characters in the shipped THUOCL list): the neural tagger is not read there."""
    terms = medical_terms_zh()
    found = {t.word for t in tokenize_cached(text) if len(t.word) >= 2 and t.word in terms}
    return len(found) >= CLINICAL_TERMS
