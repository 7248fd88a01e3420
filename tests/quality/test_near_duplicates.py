"""Exact and near-duplicate texts: right matches, honest estimates, agreement with datasketch."""

from __future__ import annotations

import random

import pytest

from quality.near_duplicates import (
    DedupConfig,
    content_hash,
    find_duplicates,
    jaccard,
    lsh_params,
    normalize,
    signatures,
)

NOTE_ZH = "患者男性，65岁，因胸闷气短三天入院。既往高血压病史十年，规律服用氨氯地平，血压控制可。"
NOTE_EN = "The patient is a 65 year old man admitted with chest tightness and shortness of breath."
SYLLABLES = (
    "患者主诉胸闷气短入院既往高血压糖尿病查体心率双肺腹软给予口服复查船舶锚地航速渤海巡检压力"
)


def _random_note(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(60, 160)))


def _edited(text: str, edits: int, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(edits):
        chars[rng.randrange(len(chars))] = rng.choice("的了是在有和人这中大为上")
    return "".join(chars)


def _corpus(n: int, seed: int) -> tuple[list[str], list[int]]:
    """Random notes, exact copies and lightly / heavily edited copies, with family ids."""
    rng = random.Random(seed)
    texts: list[str] = []
    family: list[int] = []
    bases: list[str] = []
    while len(texts) < n:
        roll = rng.random()
        if roll < 0.6 or not bases:
            bases.append(_random_note(rng))
            texts.append(bases[-1])
            family.append(len(bases) - 1)
            continue
        fam = rng.randrange(len(bases))
        base = bases[fam]
        if roll < 0.7:
            texts.append(f"  {base} ")
        elif roll < 0.9:
            texts.append(_edited(base, rng.randint(1, 3), rng))
        else:
            texts.append(_edited(base, len(base) // 3, rng))
        family.append(fam)
    return texts, family


def _truth(texts: list[str], family: list[int], config: DedupConfig) -> set[int]:
    """Texts with an earlier text of the same family at exact Jaccard >= threshold."""
    return {
        i
        for i in range(len(texts))
        if any(
            family[j] == family[i] and jaccard(texts[i], texts[j], config.ngram) >= config.threshold
            for j in range(i)
        )
    }


def test_exact_copies_after_normalization_name_the_first() -> None:
    texts = [NOTE_ZH, NOTE_EN, f"  {NOTE_ZH}\n", NOTE_EN.upper(), "患者男性，６５岁" + NOTE_ZH[8:]]
    matches = find_duplicates(texts)
    assert [(m.index, m.of, m.kind) for m in matches] == [
        (2, 0, "exact"),
        (3, 1, "exact"),
        (4, 0, "exact"),
    ]
    assert content_hash(texts[0]) == content_hash(texts[2]) != content_hash(texts[1])


def test_near_copy_in_chinese_is_found_and_unrelated_text_is_not() -> None:
    near = NOTE_ZH.replace("三天", "3天")
    assert jaccard(NOTE_ZH, near, 3) >= 0.8
    matches = find_duplicates(
        [NOTE_ZH, "船舶在大连港锚地等待引航，航速零节，航向不定，值班正常。", near]
    )
    assert [(m.index, m.of, m.kind) for m in matches] == [(2, 0, "near")]
    assert abs(matches[0].similarity - jaccard(NOTE_ZH, near, 3)) < 0.12


def test_short_and_missing_texts_are_never_matched() -> None:
    config = DedupConfig(min_chars=5)
    assert find_duplicates(["无", "无", None, None, "正常", "正常"], config) == []


def test_signature_agreement_estimates_jaccard() -> None:
    rng = random.Random(3)
    config = DedupConfig()
    for _ in range(20):
        a = _random_note(rng)
        b = _edited(a, rng.randint(1, 40), rng)
        sigs = signatures([normalize(a), normalize(b)], config)
        estimate = float((sigs[0] == sigs[1]).mean())
        assert abs(estimate - jaccard(a, b, config.ngram)) < 0.15


def test_lsh_bands_match_datasketch() -> None:
    lsh = pytest.importorskip("datasketch.lsh")
    for threshold in (0.5, 0.8, 0.9):
        assert lsh_params(threshold, 128) == lsh._optimal_param(threshold, 128, 0.5, 0.5)


def test_agrees_with_datasketch_and_the_exact_answer() -> None:
    datasketch = pytest.importorskip("datasketch")
    config = DedupConfig()
    texts, family = _corpus(400, seed=11)
    truth = _truth(texts, family, config)
    ours = {m.index for m in find_duplicates(texts, config)}

    norms = [normalize(t) for t in texts]
    seen: dict[str, int] = {}
    lsh = datasketch.MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
    theirs, hashes = set(), {}
    for i, text in enumerate(norms):
        if text in seen:
            theirs.add(i)
            continue
        seen[text] = i
        shingles = {text[k : k + config.ngram].encode() for k in range(len(text) - 2)}
        mh = datasketch.MinHash(num_perm=config.num_perm, seed=1)
        mh.update_batch(list(shingles))
        if any(hashes[c].jaccard(mh) >= config.threshold for c in lsh.query(mh)):
            theirs.add(i)
        lsh.insert(i, mh)
        hashes[i] = mh

    assert len(truth) > 80  # the corpus really plants duplicates
    for found in (ours, theirs):
        assert len(found & truth) / len(found) >= 0.97  # precision
        assert len(found & truth) / len(truth) >= 0.9  # recall
    assert len(ours & theirs) / len(ours | theirs) >= 0.9
