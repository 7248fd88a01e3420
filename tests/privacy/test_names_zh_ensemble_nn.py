"""The scorer with the neural tagger: its runs are candidates (Latin ones too), clinical texts are
scored without it, and texts with a social cue take their own, lower threshold."""

from __future__ import annotations

from privacy.detect.zh import names_ensemble as ens
from privacy.detect.zh.names_crf import CrfMarks


def _marks(text: str, span: tuple[int, int], p: float) -> CrfMarks:
    """Marks with probability p inside `span` (a name beginning at its start), 0 elsewhere."""
    begin = [0.0] * len(text)
    inside = [0.0] * len(text)
    start, end = span
    begin[start] = p
    inside[start:end] = [p] * (end - start)
    return CrfMarks(begin, inside)


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def test_clinical_texts_are_told_by_their_medical_terms() -> None:
    assert ens.clinical("患者血钠偏低，药敏试验阴性。")
    assert not ens.clinical("昨天李明华和同学去了公园。")


def test_a_latin_run_of_the_tagger_is_a_name_outside_clinical_text_only() -> None:
    plain = "今天Miller和同学去了公园。"
    marks = _marks(plain, _span(plain, "Miller"), 0.95)
    assert _span(plain, "Miller") in ens.candidates(plain, [], [], None, marks)
    found = ens.ensemble_names(plain, [], [], None, marks)
    assert [plain[h.start : h.end] for h in found] == ["Miller"]
    medical = "患者血钠偏低，Miller综合征待排。"
    marks = _marks(medical, _span(medical, "Miller"), 0.95)
    assert ens.ensemble_names(medical, [], [], None, marks) == []


def test_texts_with_a_social_cue_take_the_lower_threshold() -> None:
    weights, threshold, social = ens.fitted(False, True)
    assert social < threshold
    plain = "今天王小二和同学去了公园。"
    cued = plain + "哈哈"
    span = _span(plain, "王小二")

    # A tagger probability (enough to make a run) whose score falls between the two thresholds.
    def score(text: str, p: float) -> float:
        return ens.probability(
            ens.features(text, span, [], [], None, _marks(text, span, p)), weights
        )

    between = [
        p / 100
        for p in range(int(ens.NN_LOW * 100), 100)
        if social <= min(score(plain, p / 100), score(cued, p / 100))
        and max(score(plain, p / 100), score(cued, p / 100)) < threshold
    ]
    assert between
    p = between[0]
    assert ens.ensemble_names(plain, [], [], None, _marks(plain, span, p)) == []
    kept = ens.ensemble_names(cued, [], [], None, _marks(cued, span, p))
    assert [(h.start, h.end) for h in kept] == [span]


def test_an_acronym_run_of_the_tagger_is_no_candidate() -> None:
    text = "甲类：INH、RFP；乙类：SM、PZA。"
    marks = _marks(text, _span(text, "INH"), 0.95)
    assert _span(text, "INH") not in ens.candidates(text, [], [], None, marks)
