"""The generic delimited-table connector under the fuzz suite's feed defects, via a drafted spec.

The spec is what `bohai init` drafts for a generated patient list (Chinese and English people);
every defect of fuzz_mutations, once each and then in random stacks drawn by hypothesis, goes
through the real raw and parse stages, and the suite's properties must hold: no exception,
the ledger reconciles with the physical lines, no U+FFFD, a planted identifier never in a table.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fuzz_mutations import MUTATIONS, physical_lines
from fuzz_run import Outcome, _non_finite, _strings, problems
from fuzz_seeds import REPO, Seed
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pipelines.stages import run_parse, run_raw
from samples.people_table import people_table
from schemas.draft import draft_spec
from schemas.spec import DatasetSpec, load_spec

pytestmark = pytest.mark.fuzz
SEED = Seed("delimited_table", "", lambda _: {}, csv=True)
NAME = "clinic_patients.csv"


@pytest.fixture(scope="module", autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Stages write only under a temporary home."""
    home = tmp_path_factory.mktemp("fuzz_home")
    with pytest.MonkeyPatch.context() as mp:
        folders = {"BOHAI_HOME": "home", "BOHAI_WORK_DIR": "work", "DAGSTER_HOME": "home"}
        for var, sub in {**folders, "BOHAI_RELEASE_STORE": "releases"}.items():
            mp.setenv(var, str(home / sub))
        mp.setenv("BOHAI_DATASETS", str(REPO / "datasets"))
        mp.setenv("BOHAI_PSEUDONYM_KEY", "fuzz-key-0123456789abcdef")
        yield


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, dict]:
    """The clean file's bytes and the spec `bohai init` drafts for it."""
    folder = tmp_path_factory.mktemp("draft")
    data = people_table(rows=40, messy=False).text.encode("utf-8")
    (folder / NAME).write_bytes(data)
    draft = draft_spec(folder / NAME, "medical/clinic_patients", None, "CC0-1.0", "team")
    return data, yaml.safe_load(draft.text)


def _parse(raw: dict, data: bytes, work: Path) -> Outcome:
    folder = work / "in"
    folder.mkdir(parents=True)
    (folder / NAME).write_bytes(data)
    raw = {**raw, "source": {**raw["source"], "uri": str(folder / "*")}}
    (work / "spec.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
    spec: DatasetSpec = load_spec(work / "spec.yaml")
    partition = work / "partition"
    run_raw(spec, partition, "all")
    report = run_parse(spec, partition, "all")
    return Outcome(
        report, physical_lines(data), _strings(partition, report), _non_finite(partition, report)
    )


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_every_defect(kind: str, drafted: tuple[bytes, dict], tmp_path: Path) -> None:
    data, raw = drafted
    mutated, planted = MUTATIONS[kind](data, random.Random(f"delimited/{kind}"), True)
    outcome = _parse(raw, mutated, tmp_path)
    assert problems(SEED, outcome, planted) == []


@settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), rng=st.randoms(use_true_random=False))
def test_random_defect_stacks(
    data: st.DataObject,
    rng: random.Random,
    drafted: tuple[bytes, dict],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    kinds = data.draw(st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=3))
    content, raw = drafted
    planted = None
    for kind in kinds:
        content, planted = MUTATIONS[kind](content, rng, True)
    outcome = _parse(raw, content, tmp_path_factory.mktemp("stack"))
    assert problems(SEED, outcome, planted) == [], kinds
