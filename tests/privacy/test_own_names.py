"""A row's own Chinese name is masked in that row's text, however short; other rows untouched."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy.audit.distinct import distinct_values
from privacy.deid.own_names import mask_own_names, name_columns
from privacy.deid.policy import ColumnPolicy

POLICIES = {
    "姓名": ColumnPolicy(category="identifier", policy="pseudonym"),
    "主诉": ColumnPolicy(category="personal", policy="scan"),
    "科室": ColumnPolicy(category="none"),
}


def test_a_two_character_name_is_masked_in_its_own_row_only() -> None:
    frame = pl.LazyFrame(
        {
            "姓名": ["赖娟", "王芳", None, "Li", "张力"],
            "主诉": ["患者赖娟签字同意", "王芳来诊，王芳述头痛", "无", "Li came", "赖娟的邻居"],
            "科室": ["内科", "外科", "儿科", "急诊", "内科"],
        }
    )
    out = mask_own_names(frame, POLICIES).collect()
    assert out["主诉"].to_list() == [
        "患者<姓名>签字同意",
        "<姓名>来诊，<姓名>述头痛",
        "无",
        "Li came",  # a Latin value is left to the table-wide search (6+ characters)
        "赖娟的邻居",  # another row's name: left to the scanner and the table-wide search
    ]
    assert out["姓名"].to_list() == ["赖娟", "王芳", None, "Li", "张力"], "the key is untouched"


def test_only_removed_string_identifiers_are_names() -> None:
    frame = pl.LazyFrame({"姓名": ["王芳"], "主诉": ["王芳"], "床号": [12]})
    kept = {"姓名": ColumnPolicy(category="identifier", policy="keep", reason="public figure")}
    assert name_columns(frame, POLICIES) == ["姓名"]
    assert name_columns(frame, kept) == []
    assert mask_own_names(frame, kept).collect()["主诉"].to_list() == ["王芳"]


@settings(max_examples=100, deadline=None)
@given(
    name=st.text(alphabet="王芳赖娟张力李", min_size=2, max_size=3),
    before=st.text(alphabet="患者来诊，签字王芳", max_size=8),
    after=st.text(alphabet="患者来诊，签字王芳", max_size=8),
)
def test_no_copy_of_the_own_name_is_left(name: str, before: str, after: str) -> None:
    text = f"{before}{name}{after}"
    out = mask_own_names(pl.LazyFrame({"姓名": [name], "主诉": [text]}), POLICIES).collect()
    assert name not in out["主诉"][0] and "<姓名>" in out["主诉"][0]


def test_a_table_without_chinese_names_is_returned_as_is() -> None:
    """UUID keys and Latin names: the plan is not touched (no per-row work on big tables)."""
    frame = pl.LazyFrame({"姓名": ["0f9c-11", "Smith"], "主诉": ["0f9c-11 seen", "Smith"]})
    assert mask_own_names(frame, POLICIES) is frame


def test_many_name_columns_mask_each_own_name() -> None:
    """Eight name columns over three text columns: every own name masked, in a plan that
    stays small (nested replacements grew 3x a column: 3^8 nodes a text column)."""
    names = [f"n{k}" for k in range(8)]
    policies = {n: ColumnPolicy(category="identifier", policy="pseudonym") for n in names}
    values = ["王芳", "李娜", "赵敏", "孙丽", "周杰", "吴刚", "郑爽", "冯巩"]
    row = {n: [v] for n, v in zip(names, values, strict=True)}
    text = "、".join(values)
    frame = pl.LazyFrame({**row, "a": [text], "b": [text], "c": [text]})
    out = mask_own_names(frame, policies)
    assert len(out.explain()) < 50_000
    masked = "、".join(f"<{n.upper()}>" for n in names)
    assert out.collect().select("a", "b", "c").row(0) == (masked, masked, masked)


def _unreadable(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The same plan, but reading its rows fails: proves a call did not read them."""

    def fail(column: pl.Series) -> pl.Series:
        raise AssertionError("the table was read")

    return frame.with_columns(pl.col("姓名").map_batches(fail, return_dtype=pl.String))


def test_known_distinct_names_spare_the_read() -> None:
    frame = pl.LazyFrame({"姓名": ["Li", " 赖娟 "], "主诉": ["Li came", "患者赖娟签字"]})
    values = distinct_values(frame, ["姓名"])
    plan = _unreadable(frame)
    assert mask_own_names(plan, POLICIES, values) is not plan  # masked, and nothing read
    assert mask_own_names(plan, POLICIES, {"姓名": pl.Series(["Li", "Smith"])}) is plan


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.none() | st.sampled_from(["赖娟", " 王芳", "Li", "张", "0f9c-11"]),
            st.text(alphabet="患者赖娟王芳Li张 ", max_size=8),
        ),
        max_size=8,
    )
)
def test_masking_from_known_values_equals_masking_after_a_read(
    rows: list[tuple[str | None, str]],
) -> None:
    frame = pl.LazyFrame(
        {"姓名": [n for n, _ in rows], "主诉": [t for _, t in rows]},
        schema={"姓名": pl.String, "主诉": pl.String},
    )
    values = distinct_values(frame, ["姓名"])
    read = mask_own_names(frame, POLICIES).collect()
    assert mask_own_names(frame, POLICIES, values).collect().equals(read)
