"""jieba's default cut of one Chinese block (dictionary DAG, best route, HMM for unknown runs),
giving the same words as `jieba.dt.cut(block, HMM=True)` with less Python per character.

jieba recomputes `log(freq) - log(total)` for every candidate word of every position and runs
its HMM on every unknown run again; here word log-probabilities are kept once computed, the
route is two flat lists instead of a dict of tuples, and HMM cuts are memoized per run. The
arithmetic and tie-breaking are jieba's own, so routes and words are identical. Bohai never
adds words to jieba's dictionary at run time; code that did would have to empty these memos
(and segment.block_words) too.
"""

from __future__ import annotations

from functools import lru_cache
from math import log
from typing import Any

from jieba import finalseg


class BlockCutter:
    """Cuts blocks of `jieba.re_han_default` the way jieba's `__cut_DAG` does."""

    def __init__(self, tokenizer: Any) -> None:
        self._freq: dict[str, int] = tokenizer.FREQ
        self._logtotal = log(tokenizer.total)
        self._logp: dict[str, float] = {}

    def cut(self, block: str) -> list[str]:
        """Words of `block` (one `re_han_default` match)."""
        ends = self._route(block)
        freq = self._freq
        words: list[str] = []
        buf = ""
        x, n = 0, len(block)
        while x < n:
            y = ends[x] + 1
            if y - x == 1:
                buf += block[x]
            else:
                if buf:
                    words.extend(self._unknown_run(buf, freq))
                    buf = ""
                words.append(block[x:y])
            x = y
        if buf:
            words.extend(self._unknown_run(buf, freq))
        return words

    @staticmethod
    def _unknown_run(buf: str, freq: dict[str, int]) -> tuple[str, ...]:
        """A run of single characters: itself when one character, its characters when the run
        is a dictionary word, else the HMM's words (jieba's rule)."""
        if len(buf) == 1:
            return (buf,)
        if freq.get(buf):
            return tuple(buf)
        return hmm_cut(buf)

    def _route(self, block: str) -> list[int]:
        """Per position, the end (inclusive) of the word on the best route (jieba's calc over
        jieba's DAG row: the dictionary words starting there, or the lone character)."""
        freq = self._freq
        logp = self._logp
        logtotal = self._logtotal
        n = len(block)
        score = [0.0] * (n + 1)
        best_end = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best = 0.0
            chosen = -1
            i = k
            frag = block[k]
            while i < n and frag in freq:  # prefixes of words are in FREQ with count 0
                if freq[frag]:
                    p = logp.get(frag)
                    if p is None:
                        p = logp[frag] = log(freq[frag]) - logtotal
                    s = p + score[i + 1]
                    if chosen < 0 or s > best:  # ends rise, so ties keep jieba's larger end
                        best, chosen = s, i
                    elif s == best:
                        chosen = i
                i += 1
                frag = block[k : i + 1]
            if chosen < 0:  # no dictionary word starts here: the character alone
                word = block[k]
                p = logp.get(word)
                if p is None:
                    p = logp[word] = log(freq.get(word) or 1) - logtotal
                best, chosen = p + score[k + 1], k
            score[k] = best
            best_end[k] = chosen
        return best_end


@lru_cache(maxsize=65536)
def hmm_cut(run: str) -> tuple[str, ...]:
    """jieba's HMM words for a run of characters the dictionary does not join (finalseg.cut:
    Han blocks by the HMM, the rest split at Latin / digit runs)."""
    words: list[str] = []
    for block in finalseg.re_han.split(run):
        if finalseg.re_han.match(block):
            for word in _hmm_words(block):
                if word in finalseg.Force_Split_Words:
                    words.extend(word)
                else:
                    words.append(word)
        else:
            words.extend(x for x in finalseg.re_skip.split(block) if x)
    return tuple(words)


# The HMM's states and, per state, its possible previous states with the transition
# log-probability (finalseg.PrevStatus / trans_P; MIN_FLOAT where jieba's table has none).
_STATES = "BMES"
_PREV = {
    y: tuple((y0, finalseg.trans_P[y0].get(y, finalseg.MIN_FLOAT)) for y0 in finalseg.PrevStatus[y])
    for y in _STATES
}


def _hmm_words(block: str) -> list[str]:
    """finalseg.__cut of one Han block: the same Viterbi sums in the same order and the same
    ties (jieba takes max over (score, state) tuples: the later state letter wins), with back
    pointers instead of copying every state's whole path at every character."""
    emit, start, low = finalseg.emit_P, finalseg.start_P, finalseg.MIN_FLOAT
    emit_b, emit_m, emit_e, emit_s = emit["B"], emit["M"], emit["E"], emit["S"]
    c = block[0]
    v = {
        "B": start["B"] + emit_b.get(c, low),
        "M": start["M"] + emit_m.get(c, low),
        "E": start["E"] + emit_e.get(c, low),
        "S": start["S"] + emit_s.get(c, low),
    }
    back: list[dict[str, str]] = []
    prev_of = _PREV
    for c in block[1:]:
        em = {"B": emit_b.get(c, low), "M": emit_m.get(c, low), "E": emit_e.get(c, low)}
        em["S"] = emit_s.get(c, low)
        nv: dict[str, float] = {}
        ptr: dict[str, str] = {}
        for y in _STATES:
            e = em[y]
            (a, ta), (b, tb) = prev_of[y]
            pa, pb = v[a] + ta + e, v[b] + tb + e
            if pa > pb or (pa == pb and a > b):
                nv[y], ptr[y] = pa, a
            else:
                nv[y], ptr[y] = pb, b
        v = nv
        back.append(ptr)
    state = "S" if v["S"] >= v["E"] else "E"
    states = [state]
    for ptr in reversed(back):
        state = ptr[state]
        states.append(state)
    states.reverse()
    words: list[str] = []
    begin = nexti = 0
    for i, pos in enumerate(states):
        if pos == "B":
            begin = i
        elif pos == "E":
            words.append(block[begin : i + 1])
            nexti = i + 1
        elif pos == "S":
            words.append(block[i])
            nexti = i + 1
    if nexti < len(block):
        words.append(block[nexti:])
    return words
