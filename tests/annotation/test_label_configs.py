"""Labeling configs are well-formed XML that Label Studio's own parser accepts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from label_studio_sdk.label_interface import LabelInterface

from annotation.config import AnnotationSpec
from annotation.label_configs import label_config

BASE = {"guideline_version": "2.0", "key_column": "k", "sample": {"size": 1}}


def _spec(**extra: object) -> AnnotationSpec:
    return AnnotationSpec.model_validate(BASE | extra)


def test_ner_config_lists_every_label_on_the_text() -> None:
    spec = _spec(kind="ner", labels=["症状", "DRUG", "A&B <x>"], text_column="text")
    root = ET.fromstring(label_config(spec))
    labels = root.find("Labels")
    assert labels is not None and labels.get("toName") == "text"
    assert [e.get("value") for e in labels.findall("Label")] == ["症状", "DRUG", "A&B <x>"]
    assert root.find("Text").get("granularity") == "symbol"
    assert root.find("Header").get("value") == "Guideline 2.0"
    assert LabelInterface(label_config(spec)).validate() is None


def test_classification_config_is_single_or_multiple_choice() -> None:
    for choice in ("single", "multiple"):
        spec = _spec(
            kind="classification", labels=["equipment", "operation"], text_column="t", choice=choice
        )
        root = ET.fromstring(label_config(spec))
        choices = root.find("Choices")
        assert choices.get("choice") == choice
        assert [c.get("value") for c in choices] == ["equipment", "operation"]
        assert LabelInterface(label_config(spec)).validate() is None


def test_timeseries_config_has_one_channel_per_column() -> None:
    spec = _spec(
        kind="timeseries",
        labels=["IDV(1)", "IDV(6)"],
        timeseries={"time_column": "time_h", "channels": ["xmeas_1", "xmeas_9"]},
        instructions="Mark the interval where the fault is visible",
    )
    root = ET.fromstring(label_config(spec))
    series = root.find("TimeSeries")
    assert series.get("timeColumn") == "time_h" and series.get("valueType") == "json"
    assert [c.get("column") for c in series.findall("Channel")] == ["xmeas_1", "xmeas_9"]
    assert root.find("TimeSeriesLabels").get("toName") == "ts"
    assert [h.get("value") for h in root.findall("Header")][1].startswith("Mark the interval")
    assert LabelInterface(label_config(spec)).validate() is None
