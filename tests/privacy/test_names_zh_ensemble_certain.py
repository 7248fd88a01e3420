"""A certain rule reading survives the ensemble, as it does where LAC does not read; an unsure
one with no model support does not."""

from __future__ import annotations

from privacy.detect.zh.names_crf import CrfMarks
from privacy.detect.zh.names_ensemble import ensemble_names
from privacy.detect.zh.names_gate import CERTAIN
from privacy.detect.zh.names_shape import NameHit

TEXT = "郭庆祥收藏的吴冠中作品。"
NO_CRF = CrfMarks([0.0] * len(TEXT), [0.0] * len(TEXT))


def test_a_certain_rule_reading_stays_without_model_support() -> None:
    hits = ensemble_names(TEXT, [NameHit(0, 3, CERTAIN)], [], NO_CRF)
    assert [(h.start, h.end) for h in hits] == [(0, 3)]


def test_an_unsure_rule_reading_without_model_support_goes() -> None:
    assert ensemble_names(TEXT, [NameHit(0, 3, 0.3)], [], NO_CRF) == []
