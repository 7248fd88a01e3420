"""Drop, redact, placeholder, mask and conditional drop on small frames, with exact outputs."""

from __future__ import annotations

import polars as pl
import pytest
from pydantic import ValidationError

from privacy.deid.operators import Secrets, build_operator, operator_names

SECRETS = Secrets(pseudonym_key=b"p" * 32, encryption_key=b"e" * 32)


def _apply(spec: str | dict, frame: pl.DataFrame, column: str = "v") -> pl.DataFrame:
    return build_operator(spec).apply(frame.lazy(), column, SECRETS).lf.collect()


def test_every_operator_is_registered_by_importing_the_package() -> None:
    assert set(operator_names()) >= {
        "drop", "redact", "placeholder", "mask", "pseudonym", "generalize", "date_shift",
        "encrypt", "drop_when", "scan",
    }  # fmt: skip


def test_drop_removes_the_column_and_declares_it() -> None:
    op = build_operator("drop")
    out = _apply("drop", pl.DataFrame({"v": ["a"], "w": [1]}))
    assert out.columns == ["w"]
    assert op.removes_column() and op.outcome() == "anonymized"
    assert op.replace(["张三"], "PERSON", SECRETS) == [""]


def test_redact_nulls_values_and_keeps_the_dtype() -> None:
    out = _apply("redact", pl.DataFrame({"v": [1, None, 3]}))
    assert out.get_column("v").to_list() == [None, None, None]
    assert out.schema["v"] == pl.Int64
    marker = build_operator({"operator": "redact", "replacement": "[已删除]"})
    assert marker.replace(["a", "b"], "PERSON", SECRETS) == ["[已删除]", "[已删除]"]


def test_placeholder_is_typed_by_label_column_or_entity() -> None:
    out = _apply("placeholder", pl.DataFrame({"v": ["x", None]}))
    assert out.get_column("v").to_list() == ["<V>", None]
    labelled = _apply({"operator": "placeholder", "label": "CN_RESIDENT_ID"}, out)
    assert labelled.get_column("v").to_list() == ["<CN_RESIDENT_ID>", None]
    spans = build_operator("placeholder").replace(["13812345678"], "CN_MOBILE", SECRETS)
    assert spans == ["<CN_MOBILE>"]


def test_mask_keeps_the_requested_ends_and_hides_short_values_fully() -> None:
    frame = pl.DataFrame({"v": ["13812345678", "1234", "ab", None]})
    out = _apply({"operator": "mask", "keep_first": 3, "keep_last": 4}, frame)
    assert out.get_column("v").to_list() == ["138****5678", "****", "**", None]
    hashes = _apply({"operator": "mask", "char": "#"}, frame)
    assert hashes.get_column("v").to_list() == ["###########", "####", "##", None]


def test_mask_reads_numbers_as_text() -> None:
    out = _apply({"operator": "mask", "keep_last": 2}, pl.DataFrame({"v": [412345678]}))
    assert out.get_column("v").to_list() == ["*******78"]


def test_mask_replaces_spans_with_the_same_rule() -> None:
    op = build_operator({"operator": "mask", "keep_last": 4})
    assert op.replace(["6222021234567890123"], "CN_BANK_CARD", SECRETS) == ["*" * 15 + "0123"]


def test_drop_when_nulls_only_matching_rows() -> None:
    frame = pl.DataFrame({"v": ["渤海之星", "私人游艇", None], "cls": ["A", "B", "B"]})
    op = build_operator({"operator": "drop_when", "when": {"column": "cls", "equals": ["B"]}})
    out = op.apply(frame.lazy(), "v", SECRETS).lf.collect()
    assert out.get_column("v").to_list() == ["渤海之星", None, None]
    assert op.reads() == {"cls"} and op.outcome() == "de-identified"


def test_drop_when_otherwise_scans_the_values_it_keeps() -> None:
    """An observation's value: the home-address answer (LOINC 56799-0) dropped, a free-text
    answer scanned (a plain drop_when released it in clear), numbers and codes untouched."""
    frame = pl.DataFrame(
        {
            "value": [
                "Lives with daughter Marguerite Whitfield at 88 Quincy Shore Drive, "
                "phone 617-555-0199",
                "72.5",
                "88 Quincy Shore Drive Boston MA 02171",
                "Never smoker",
                "家属张伟，电话13804117788",
            ],
            "code": ["11506-3", "8302-2", "56799-0", "72166-2", "11506-3"],
        }
    )
    op = build_operator(
        {
            "operator": "drop_when",
            "when": {"column": "code", "equals": ["56799-0"]},
            "otherwise": "scan",
        }
    )
    result = op.apply(frame.lazy(), "value", SECRETS)
    out = result.lf.collect().get_column("value").to_list()
    assert out[1:4] == ["72.5", None, "Never smoker"]
    for secret in ("Marguerite", "Whitfield", "Quincy", "617-555-0199", "张伟", "13804117788"):
        assert not any(secret in (v or "") for v in out), secret
    assert result.detail["otherwise"] == "scan"
    assert result.detail["spans_replaced_by_entity"]["PERSON"] == 2
    assert op.reads() == {"code"} and op.scans_text() and op.outcome() == "de-identified"


def test_drop_when_otherwise_refuses_operators_that_cannot_treat_the_rest() -> None:
    when = {"column": "code", "equals": ["56799-0"]}
    for other in ("drop", {"operator": "date_shift", "subject": "patient_id"}):
        with pytest.raises(ValidationError, match="otherwise"):
            build_operator({"operator": "drop_when", "when": when, "otherwise": other})
    plain = build_operator({"operator": "drop_when", "when": when})
    assert not plain.scans_text()


def test_unknown_operator_and_bad_params_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="unknown operator 'hash'"):
        build_operator("hash")
    with pytest.raises(ValidationError, match="keep_last"):
        build_operator({"operator": "mask", "keep_last": -1})
    with pytest.raises(ValidationError, match="Extra inputs"):
        build_operator({"operator": "placeholder", "lable": "X"})
