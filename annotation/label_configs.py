"""Label Studio labeling configs (XML) for the three kinds of work Bohai sends to annotators."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from annotation.config import AnnotationSpec

CONTROL = "label"
TEXT = "text"
SERIES = "ts"
KEY_FIELD = "bohai_key"
PALETTE = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4",
    "#46f0f0", "#f032e6", "#bcf60c", "#fabebe", "#008080",
)  # fmt: skip
RESULT_TYPE = {"ner": "labels", "classification": "choices", "timeseries": "timeserieslabels"}


def object_name(spec: AnnotationSpec) -> str:
    """Name of the object tag the control labels (`text` or `ts`)."""
    return SERIES if spec.kind == "timeseries" else TEXT


def _header(view: ET.Element, spec: AnnotationSpec) -> None:
    ET.SubElement(view, "Header", value=f"Guideline {spec.guideline_version}")
    if spec.instructions:
        ET.SubElement(view, "Header", value=spec.instructions, size="6")


def _labels(parent: ET.Element, spec: AnnotationSpec) -> None:
    for i, value in enumerate(spec.labels):
        ET.SubElement(parent, "Label", value=value, background=PALETTE[i % len(PALETTE)])


def ner_config(spec: AnnotationSpec) -> str:
    """Span labeling over the text; characters, not words, so Chinese text works."""
    view = ET.Element("View")
    _header(view, spec)
    labels = ET.SubElement(view, "Labels", name=CONTROL, toName=TEXT)
    _labels(labels, spec)
    ET.SubElement(view, "Text", name=TEXT, value=f"${TEXT}", granularity="symbol")
    return ET.tostring(view, encoding="unicode")


def classification_config(spec: AnnotationSpec) -> str:
    """One choice (or several) per text, e.g. the cause of an incident."""
    view = ET.Element("View")
    _header(view, spec)
    ET.SubElement(view, "Text", name=TEXT, value=f"${TEXT}")
    choices = ET.SubElement(
        view, "Choices", name=CONTROL, toName=TEXT, choice=spec.choice, required="true"
    )
    for value in spec.labels:
        ET.SubElement(choices, "Choice", value=value)
    return ET.tostring(view, encoding="unicode")


def timeseries_config(spec: AnnotationSpec) -> str:
    """Segments over a multichannel time series, e.g. fault intervals in a process run."""
    assert spec.timeseries is not None
    view = ET.Element("View")
    _header(view, spec)
    labels = ET.SubElement(view, "TimeSeriesLabels", name=CONTROL, toName=SERIES)
    _labels(labels, spec)
    series = ET.SubElement(
        view,
        "TimeSeries",
        name=SERIES,
        value=f"${SERIES}",
        valueType="json",
        timeColumn=spec.timeseries.time_column,
    )
    for channel in spec.timeseries.channels:
        ET.SubElement(series, "Channel", column=channel, legend=channel)
    return ET.tostring(view, encoding="unicode")


def label_config(spec: AnnotationSpec) -> str:
    """The labeling config for the spec's kind."""
    builders = {"ner": ner_config, "classification": classification_config}
    return builders.get(spec.kind, timeseries_config)(spec)
