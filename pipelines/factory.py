"""Assembles Definitions from every dataset spec; adding a dataset needs only a YAML file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.annotation_assets import build_annotation_assets, label_studio_resource
from pipelines.dataset_assets import build_dataset_assets, build_dataset_jobs
from pipelines.executors import executor_from_env
from pipelines.file_sensors import build_file_sensor
from pipelines.home import configure_environment
from pipelines.resources import default_resources
from pipelines.spec_loading import usable_specs


def build_definitions(specs_root: Path | None = None) -> dg.Definitions:
    """Definitions for all specs under specs_root (default: the project's datasets/ folder)."""
    configure_environment()
    specs = usable_specs(specs_root).specs  # a broken spec is logged and left out
    assets: list[dg.AssetsDefinition] = []
    jobs: list[Any] = []
    sensors: list[dg.SensorDefinition] = []
    for spec in specs:
        assets.extend(build_dataset_assets(spec))
        jobs.extend(build_dataset_jobs(spec))
        sensor = build_file_sensor(spec)  # None unless the spec sets automation.on_new_files
        if sensor is not None:
            sensors.append(sensor)
        for item in build_annotation_assets(spec):  # nothing when the spec has no annotation
            (sensors if isinstance(item, dg.SensorDefinition) else assets).append(item)
    resources = default_resources() | {"label_studio": label_studio_resource()}
    return dg.Definitions(
        assets=assets,
        jobs=jobs,
        sensors=sensors,
        resources=resources,
        executor=executor_from_env(),  # BOHAI_EXECUTOR=celery|k8s for launched runs
    )
