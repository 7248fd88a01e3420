"""The code location loads, and every spec becomes the same five-stage graph with its checks."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import yaml

from pipelines import check_names as cn
from pipelines.factory import build_definitions

REPO = Path(__file__).resolve().parents[2]


def test_definitions_validate_loadable(bohai_env: Path) -> None:
    defs = build_definitions(REPO / "datasets")
    dg.Definitions.validate_loadable(defs)


def test_graph_shape_groups_and_blocking_checks(bohai_env: Path) -> None:
    defs = build_definitions(REPO / "datasets")
    graph = defs.resolve_asset_graph()
    key = dg.AssetKey(["marine", "ais_positions", "validated"])
    assert graph.get(key).group_name == "marine"
    assert graph.get(key).partitions_def is not None
    parents = graph.get(dg.AssetKey(["marine", "ais_positions", "scrubbed"])).parent_keys
    assert parents == {key}
    specs = {
        k.name: graph.get_check_spec(k)
        for k in graph.asset_check_keys
        if k.asset_key.path[1] == "ais_positions"
    }
    assert specs[cn.NO_RAW_IDENTIFIERS_REMAIN].blocking
    assert specs[cn.CONTRACT_HOLDS].blocking
    assert not specs[cn.WARN_EXPECTATIONS_PASS].blocking


def test_a_new_yaml_adds_a_dataset_without_code(bohai_env: Path, tmp_path: Path) -> None:
    specs = tmp_path / "specs" / "marine"
    specs.mkdir(parents=True)
    data = yaml.safe_load((REPO / "datasets/marine/ais_positions.yaml").read_text())
    data["id"] = "marine/ais_dalian_port"
    (specs / "dalian.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    defs = build_definitions(tmp_path / "specs")
    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert "marine/ais_dalian_port/release" in keys
    assert defs.resolve_job_def("marine__ais_dalian_port__ingest") is not None
