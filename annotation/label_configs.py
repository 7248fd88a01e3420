"""Label Studio labeling configs (XML) for the three kinds of work Bohai sends to annotators."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from annotation.config import AnnotationSpec
from annotation.palette import label_colors

CONTROL = "label"
TEXT = "text"
SERIES = "ts"
KEY_FIELD = "bohai_key"
SUMMARY_FIELD = "summary"  # a readable line per time-series task for the task list
RESULT_TYPE = {"ner": "labels", "classification": "choices", "timeseries": "timeserieslabels"}
KIND_TITLE = {
    "ner": "Mark spans · 标注文本片段",
    "classification": "Choose one label · 选择一个类别",
    "timeseries": "Mark time segments · 标注时间区间",
}
HOW_TO = {
    "ner": (
        "Select a label, then drag over the characters it covers; click a span to remove it. "
        "先选择标签，再用鼠标划选对应文字；点击已标注片段可删除。"
    ),
    "classification": (
        "Read the text and pick the one label that fits best, then Submit. "
        "阅读全文，选择最符合的一个类别后提交。"
    ),
    "timeseries": (
        "Select a label, then drag across the chart from where the state begins to where it "
        "ends; zoom with the overview strip below. 先选择标签，再在曲线上从状态开始处拖到结束处；"
        "可用下方概览条缩放。"
    ),
}


def object_name(spec: AnnotationSpec) -> str:
    """Name of the object tag the control labels (`text` or `ts`)."""
    return SERIES if spec.kind == "timeseries" else TEXT


def _header(view: ET.Element, spec: AnnotationSpec) -> None:
    ET.SubElement(view, "Header", value=f"Guideline {spec.guideline_version}")
    ET.SubElement(view, "Header", value=KIND_TITLE[spec.kind], size="5")
    if spec.instructions:
        ET.SubElement(view, "Header", value=spec.instructions, size="6")


def _label_attrs(spec: AnnotationSpec, label: str) -> dict[str, str]:
    """Display name as value, stable id as alias (what results store), hint when given."""
    attrs = {"value": spec.display_name(label)}
    if spec.display_name(label) != label:
        attrs["alias"] = label
    if label in spec.label_hints:
        attrs["hint"] = spec.label_hints[label]
    return attrs


def _labels(parent: ET.Element, spec: AnnotationSpec) -> None:
    colors = label_colors(spec.labels, spec.neutral_label)
    for label in spec.labels:
        ET.SubElement(parent, "Label", **_label_attrs(spec, label), background=colors[label])


def ner_config(spec: AnnotationSpec) -> str:
    """Span labeling over the text; characters, not words, so Chinese text works."""
    view = ET.Element("View")
    _header(view, spec)
    labels = ET.SubElement(view, "Labels", name=CONTROL, toName=TEXT, showInline="true")
    _labels(labels, spec)
    ET.SubElement(view, "Text", name=TEXT, value=f"${TEXT}", granularity="symbol")
    return ET.tostring(view, encoding="unicode")


def classification_config(spec: AnnotationSpec) -> str:
    """One choice as radio buttons (or several as checkboxes) per text."""
    view = ET.Element("View")
    _header(view, spec)
    ET.SubElement(view, "Text", name=TEXT, value=f"${TEXT}")
    choice = "single-radio" if spec.choice == "single" else "multiple"
    choices = ET.SubElement(
        view, "Choices", name=CONTROL, toName=TEXT, choice=choice, required="true"
    )
    for label in spec.labels:
        ET.SubElement(choices, "Choice", **_label_attrs(spec, label))
    return ET.tostring(view, encoding="unicode")


def channel_legend(spec: AnnotationSpec, channel: str) -> str:
    """A channel's legend: display name and unit, e.g. "reactor_pressure 反应器压力 (kPa gauge)"."""
    assert spec.timeseries is not None
    name = spec.timeseries.channel_names.get(channel, channel)
    unit = spec.timeseries.units.get(channel)
    return f"{name} ({unit})" if unit else name


def timeseries_config(spec: AnnotationSpec) -> str:
    """Segments over a multichannel time series, e.g. fault intervals in a process run."""
    ts = spec.timeseries
    assert ts is not None
    view = ET.Element("View")
    _header(view, spec)
    ET.SubElement(view, "Text", name=SUMMARY_FIELD, value=f"${SUMMARY_FIELD}")
    labels = ET.SubElement(view, "TimeSeriesLabels", name=CONTROL, toName=SERIES)
    _labels(labels, spec)
    series = ET.SubElement(
        view,
        "TimeSeries",
        name=SERIES,
        value=f"${SERIES}",
        valueType="json",
        timeColumn=ts.time_column,
        overviewChannels=ts.channels[0],
    )
    for channel in ts.channels:
        attrs = {"column": channel, "legend": channel_legend(spec, channel)}
        if channel in ts.units:
            attrs["units"] = ts.units[channel]
        ET.SubElement(series, "Channel", **attrs)
    return ET.tostring(view, encoding="unicode")


def label_config(spec: AnnotationSpec) -> str:
    """The labeling config for the spec's kind."""
    builders = {"ner": ner_config, "classification": classification_config}
    return builders.get(spec.kind, timeseries_config)(spec)


def expert_instruction(spec: AnnotationSpec) -> str:
    """The project's instructions page (HTML): how to work, every label, every channel's unit."""
    e = html.escape
    parts = [f"<h3>Guideline {e(spec.guideline_version)} · {e(KIND_TITLE[spec.kind])}</h3>"]
    parts.append(f"<p>{e(HOW_TO[spec.kind])}</p>")
    if spec.instructions:
        parts.append(f"<p>{e(spec.instructions)}</p>")
    rows = "".join(
        f"<tr><td>{e(spec.display_name(label))}</td><td><code>{e(label)}</code></td>"
        f"<td>{e(spec.label_hints.get(label, ''))}</td></tr>"
        for label in spec.labels
    )
    parts.append(
        "<table><tr><th>Label 标签</th><th>id</th><th>Meaning 含义</th></tr>" + rows + "</table>"
    )
    if spec.timeseries is not None:
        ts = spec.timeseries
        channels = "".join(
            f"<tr><td><code>{e(c)}</code></td><td>{e(ts.channel_names.get(c, ''))}</td>"
            f"<td>{e(ts.units.get(c, ''))}</td></tr>"
            for c in ts.channels
        )
        parts.append(
            f"<p>Time axis 时间轴: <code>{e(ts.time_column)}</code> ({e(ts.time_unit)})</p>"
            "<table><tr><th>Channel 通道</th><th>Name 名称</th><th>Unit 单位</th></tr>"
            + channels
            + "</table>"
        )
    return "".join(parts)
