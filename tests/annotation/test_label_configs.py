"""Labeling configs are well-formed XML that Label Studio's own parser accepts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import yaml
from label_studio_sdk.label_interface import LabelInterface

from annotation.config import AnnotationSpec
from annotation.label_configs import expert_instruction, label_config
from annotation.palette import NEUTRAL, closest_pair, palette

MIN_DELTA_E = 15.0  # CIE76: 2.3 is just noticeable; 15 is plainly another colour
CLEARLY_DIFFERENT = 10.0

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


def test_classification_config_is_radio_buttons_or_checkboxes() -> None:
    for choice, drawn in (("single", "single-radio"), ("multiple", "multiple")):
        spec = _spec(
            kind="classification", labels=["equipment", "operation"], text_column="t", choice=choice
        )
        root = ET.fromstring(label_config(spec))
        choices = root.find("Choices")
        assert choices.get("choice") == drawn
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
    assert [h.get("value") for h in root.findall("Header")][2].startswith("Mark the interval")
    assert LabelInterface(label_config(spec)).validate() is None


def test_chinese_display_names_keep_stable_ids_as_aliases() -> None:
    spec = _spec(
        kind="classification",
        labels=["equipment_failure", "other"],
        label_names={"equipment_failure": "设备故障", "other": "其他"},
        label_hints={"equipment_failure": "泵、阀、管线等设备失效"},
        text_column="t",
    )
    choices = ET.fromstring(label_config(spec)).find("Choices")
    assert [(c.get("value"), c.get("alias")) for c in choices] == [
        ("设备故障", "equipment_failure"),
        ("其他", "other"),
    ]
    assert choices[0].get("hint") == "泵、阀、管线等设备失效"
    assert LabelInterface(label_config(spec)).validate() is None


def test_folded_chinese_guideline_text_has_no_stray_spaces() -> None:
    folded = yaml.safe_load("t: >-\n  Mark symptoms. 标注症状、诊断、\n  药物与检验结果。\n")["t"]
    assert "、 药" in folded  # what folded YAML does to Chinese lines
    spec = _spec(kind="ner", labels=["SYMPTOM"], text_column="x", instructions=folded)
    assert spec.instructions == "Mark symptoms. 标注症状、诊断、药物与检验结果。"


def test_every_label_of_a_22_label_config_has_its_own_colour() -> None:
    labels = ["normal"] + [f"IDV({i})" for i in range(1, 22)]
    spec = _spec(
        kind="timeseries",
        labels=labels,
        neutral_label="normal",
        timeseries={"time_column": "t", "channels": ["a"]},
    )
    root = ET.fromstring(label_config(spec))
    colors = [e.get("background") for e in root.find("TimeSeriesLabels")]
    assert len(colors) == 22 and len(set(colors)) == 22
    a, b, distance = closest_pair(colors)
    assert distance >= MIN_DELTA_E, f"{a} and {b} look alike (delta E {distance:.1f})"
    assert colors[0] == NEUTRAL  # "normal" is grey, not red


def test_generated_palettes_stay_distinct_for_any_label_count() -> None:
    for n in range(2, 31):
        assert closest_pair(palette(n))[2] >= CLEARLY_DIFFERENT, n


def test_instructions_page_explains_labels_and_channel_units() -> None:
    spec = _spec(
        kind="timeseries",
        labels=["normal", "IDV(6)"],
        label_hints={"IDV(6)": "A feed loss (stream 1), step · A进料损失"},
        timeseries={
            "time_column": "elapsed_h",
            "channels": ["reactor_pressure"],
            "units": {"reactor_pressure": "kPa gauge"},
            "channel_names": {"reactor_pressure": "反应器压力"},
        },
    )
    page = expert_instruction(spec)
    assert "A feed loss (stream 1), step" in page and "kPa gauge" in page and "反应器压力" in page
    channel = ET.fromstring(label_config(spec)).find("TimeSeries/Channel")
    assert channel.get("legend") == "反应器压力 (kPa gauge)" and channel.get("units") == "kPa gauge"
