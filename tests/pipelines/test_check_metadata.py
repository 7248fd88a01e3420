"""Every asset check of every shipped spec has a real description in the Dagster UI."""

from pathlib import Path

import pytest

from pipelines import check_names as cn
from pipelines.check_metadata import check_description
from pipelines.dataset_assets import CHECKS_BY_STAGE
from schemas.spec import load_specs

DATASETS = Path(__file__).resolve().parents[2] / "datasets"
STAGE_CHECKS = {n for names in CHECKS_BY_STAGE.values() for n in names}
ALL_CHECKS = sorted(STAGE_CHECKS | {cn.RELEASE_VERIFIES})


@pytest.mark.parametrize("name", ALL_CHECKS)
def test_every_check_has_a_written_description(name: str) -> None:
    for spec in load_specs(DATASETS):
        text = check_description(spec, name)
        generic = name.replace("_", " ").capitalize() + "."
        assert text != generic and len(text) > 20, (spec.id, name, text)
