"""Exact and near-duplicate texts: content hashes, then MinHash LSH over character n-grams.

Character n-grams need no word segmentation, so the same code finds near-duplicate Chinese,
English and mixed notes. Every text is matched only against earlier texts, so the first of a
group is kept and each later copy names the record it repeats.

All hashing is integer numpy arithmetic over the whole batch (no per-shingle Python objects):
code points -> rolling n-gram hash -> 32-bit shingle hash -> `num_perm` random affine
permutations mod 2^32, minimised per text. Results are deterministic across runs and machines.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import polars as pl

_SPACE = re.compile(r"\s+")
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_CHUNK_SHINGLES = 1 << 16  # shingles per hashing block: x 128 permutations x 4 B = 32 MiB


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """How near is near: Jaccard threshold on character n-gram sets, and MinHash size."""

    threshold: float = 0.8
    ngram: int = 3
    num_perm: int = 128
    seed: int = 1
    min_chars: int = 1
    max_candidates: int = 8  # earlier bucket-mates checked per band (bounds templated notes)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.ngram < 1 or self.num_perm < 2 or self.max_candidates < 1:
            raise ValueError("ngram >= 1, num_perm >= 2 and max_candidates >= 1 are required")


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """Text `index` repeats the earlier text `of`; similarity is 1.0 for exact copies."""

    index: int
    of: int
    kind: str  # "exact" or "near"
    similarity: float


def normalize(text: str) -> str:
    """NFKC (full-width -> ASCII), lower case, whitespace runs to one space, trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def content_hash(text: str) -> str:
    """sha256 of the normalized text: equal hashes are exact duplicates."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def shingles(text: str, ngram: int) -> set[str]:
    """Character n-grams of the normalized text (a short text is its own single shingle)."""
    norm = normalize(text)
    if len(norm) <= ngram:
        return {norm} if norm else set()
    return {norm[i : i + ngram] for i in range(len(norm) - ngram + 1)}


def jaccard(a: str, b: str, ngram: int) -> float:
    """Exact Jaccard similarity of two texts' n-gram sets (the quantity MinHash estimates)."""
    sa, sb = shingles(a, ngram), shingles(b, ngram)
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads rolling-hash bits over the whole word."""
    x = x ^ (x >> np.uint64(30))
    x *= _MIX1
    x ^= x >> np.uint64(27)
    x *= _MIX2
    return x ^ (x >> np.uint64(31))


def _shingle_hashes(texts: Sequence[str], ngram: int) -> tuple[np.ndarray, np.ndarray]:
    """32-bit hashes of every n-gram of every text, and where each text's hashes start."""
    padded = [t if len(t) >= ngram else t.ljust(ngram, "\0") for t in texts]  # short: 1 shingle
    lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    points = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    counts = lengths - ngram + 1
    with np.errstate(over="ignore"):
        rolled = np.zeros(points.size, dtype=np.uint64)
        for j in range(ngram):  # h(i) = sum_j cp[i + j] * G^(j + 1), wrapping mod 2^64
            rolled[: points.size - j] += points[j:] * np.uint64(pow(int(_GOLDEN), j + 1, 1 << 64))
        # keep each text's own n-grams (the first counts[k] positions), none across a boundary
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        offsets = np.concatenate([[0], np.cumsum(counts)])
        index = np.repeat(starts - offsets[:-1], counts) + np.arange(offsets[-1])
        hashed = (_mix(rolled[index]) >> np.uint64(32)).astype(np.uint32)
    return hashed, offsets


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 32, size=num_perm, dtype=np.uint32) | np.uint32(1)  # odd: bijective
    b = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint32)
    return a, b


def signatures(texts: Sequence[str], config: DedupConfig = DedupConfig()) -> np.ndarray:
    """MinHash signatures (len(texts) x num_perm, uint32) of already normalized texts."""
    out = np.empty((len(texts), config.num_perm), dtype=np.uint32)
    a, b = _permutations(config.num_perm, config.seed)
    a, b = a[:, None], b[:, None]
    # One buffer reused for every block: fresh large arrays cost a page fault per 4 KiB.
    buffer = np.empty((config.num_perm, _CHUNK_SHINGLES), dtype=np.uint32)
    sizes = np.fromiter((max(len(t), config.ngram) for t in texts), np.int64, len(texts))
    ends = np.cumsum(sizes - config.ngram + 1)
    first = 0
    while first < len(texts):  # blocks of whole texts of about _CHUNK_SHINGLES shingles
        base = ends[first - 1] if first else 0
        last = max(int(np.searchsorted(ends, base + _CHUNK_SHINGLES, side="right")), first + 1)
        hashes, offsets = _shingle_hashes(texts[first:last], config.ngram)
        if hashes.size > buffer.shape[1]:  # a single text longer than a block
            buffer = np.empty((config.num_perm, hashes.size), dtype=np.uint32)
        block = buffer[:, : hashes.size]
        with np.errstate(over="ignore"):  # (a x + b) mod 2^32, a odd: a permutation of x
            np.multiply(a, hashes[None, :], out=block)
            block += b
        out[first:last] = np.minimum.reduceat(block, offsets[:-1], axis=1).T
        first = last
    return out


def _integral(fn: np.ndarray, grid: np.ndarray) -> float:
    return float(np.sum((fn[1:] + fn[:-1]) * np.diff(grid)) / 2)


@lru_cache(maxsize=32)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows minimising false positives + false negatives around the threshold."""
    low, high = np.linspace(0.0, threshold, 201), np.linspace(threshold, 1.0, 201)
    best, choice = float("inf"), (1, num_perm)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = _integral(1 - (1 - low**rows) ** bands, low)
            fn = _integral((1 - high**rows) ** bands, high)
            if fp + fn < best:
                best, choice = fp + fn, (bands, rows)
    return choice


def _band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per (text, band): equal keys mean equal signature slices."""
    keys = np.zeros((sigs.shape[0], bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            keys = _mix(keys ^ sigs[:, r::rows][:, :bands].astype(np.uint64))
    return keys


def _candidates(keys: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """(text, earlier text) pairs sharing a band bucket: the first member and `limit` latest."""
    n, bands = keys.shape
    doc = np.repeat(np.arange(n, dtype=np.int64), bands)
    band = np.tile(np.arange(bands, dtype=np.int64), n)
    key = keys.reshape(-1)
    order = np.lexsort((doc, key, band))  # by band, then bucket key, then text order
    doc, band, key = doc[order], band[order], key[order]
    starts = np.ones(doc.size, dtype=bool)
    starts[1:] = (band[1:] != band[:-1]) | (key[1:] != key[:-1])
    first = doc[np.maximum.accumulate(np.where(starts, np.arange(doc.size), 0))]
    later, earlier = [doc], [first]
    for k in range(1, limit + 1):
        same = (band[k:] == band[:-k]) & (key[k:] == key[:-k])
        later.append(doc[k:][same])
        earlier.append(doc[:-k][same])
    pair = np.unique(np.concatenate(later) * n + np.concatenate(earlier))
    pair = pair[pair // n != pair % n]
    return pair // n, pair % n


def find_duplicates(
    texts: Sequence[str | None], config: DedupConfig = DedupConfig()
) -> list[DuplicateMatch]:
    """Each text that repeats an earlier one, exactly or at estimated Jaccard >= threshold.

    Texts that are null or shorter than `min_chars` after normalization are never matched.
    A near-duplicate names the earliest earlier text it matches.
    """
    norms = [normalize(t) if t is not None else "" for t in texts]
    usable = [i for i, t in enumerate(norms) if len(t) >= max(config.min_chars, 1)]
    matches: dict[int, DuplicateMatch] = {}
    first_by_hash: dict[bytes, int] = {}
    distinct: list[int] = []
    for i in usable:
        first = first_by_hash.setdefault(hashlib.sha256(norms[i].encode("utf-8")).digest(), i)
        if first != i:
            matches[i] = DuplicateMatch(i, first, "exact", 1.0)
        else:
            distinct.append(i)
    if len(distinct) > 1:
        sigs = signatures([norms[i] for i in distinct], config)
        bands, rows = lsh_params(config.threshold, config.num_perm)
        doc, of = _candidates(_band_keys(sigs, bands, rows), config.max_candidates)
        sim = np.empty(doc.size, dtype=np.float64)
        step = 1 << 16
        for s in range(0, doc.size, step):
            same = sigs[doc[s : s + step]] == sigs[of[s : s + step]]
            sim[s : s + step] = same.mean(axis=1)
        hits = (
            pl.DataFrame({"doc": doc, "of": of, "sim": sim})
            .filter(pl.col("sim") >= config.threshold)
            .sort("doc", "of")
            .group_by("doc", maintain_order=True)
            .first()
        )
        for d, o, s in hits.iter_rows():
            i = distinct[d]
            matches[i] = DuplicateMatch(i, distinct[o], "near", round(float(s), 4))
    return [matches[i] for i in sorted(matches)]
