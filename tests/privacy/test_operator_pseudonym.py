"""Keyed pseudonyms: stable across calls and datasets, different under another key."""

from __future__ import annotations

import polars as pl
import pytest

from privacy.deid.operators import Secrets, build_operator
from privacy.deid.operators.pseudonym import canonical
from privacy.deid.pseudonym import MissingKeyError, pseudonym

KEY = b"k" * 32
OTHER = b"o" * 32


def _tokens(values: list[str | None], key: bytes, domain: str = "patient") -> list[str | None]:
    op = build_operator({"operator": "pseudonym", "domain": domain})
    lf = pl.LazyFrame({"pid": values, "row": range(len(values))})
    return op.apply(lf, "pid", Secrets(pseudonym_key=key)).lf.collect().get_column("pid").to_list()


def test_same_value_same_token_within_and_across_datasets() -> None:
    admissions = _tokens(["P001", "P002", "P001", None], KEY)
    labs = _tokens(["P002", "P003", "P001"], KEY)
    assert admissions[0] == admissions[2] == labs[2]
    assert admissions[1] == labs[0]
    assert admissions[3] is None
    assert admissions[0] == pseudonym(KEY, "patient", "P001")
    assert len(admissions[0] or "") == 20


def test_two_calls_give_identical_output() -> None:
    assert _tokens(["a", "b", "c"], KEY) == _tokens(["a", "b", "c"], KEY)


def test_another_key_or_domain_gives_other_tokens() -> None:
    base = _tokens(["P001", "P002"], KEY)
    assert set(base).isdisjoint(_tokens(["P001", "P002"], OTHER))
    assert set(base).isdisjoint(_tokens(["P001", "P002"], KEY, domain="imo"))


def test_row_order_and_count_survive_the_join() -> None:
    values = [f"id{i % 7}" for i in range(50)]
    out = _tokens(values, KEY)
    assert len(out) == 50
    assert out == [pseudonym(KEY, "patient", v) for v in values]


def test_span_tokens_use_a_canonical_form() -> None:
    op = build_operator({"operator": "pseudonym", "domain": "phone"})
    secrets = Secrets(pseudonym_key=KEY)
    tokens = op.replace(["138 1234 5678", "+86-138-1234-5678", "13812345678"], "CN_MOBILE", secrets)
    assert len(set(tokens)) == 1
    assert tokens[0] == f"<CN_MOBILE:{pseudonym(KEY, 'phone', '13812345678')}>"
    assert canonical("CN_RESIDENT_ID", "11010119900307451x") == "11010119900307451X"
    assert canonical("EMAIL_ADDRESS", " Li.Ming@Example.COM ") == "li.ming@example.com"


def test_missing_key_is_an_error_not_an_unkeyed_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOHAI_PSEUDONYM_KEY", raising=False)
    op = build_operator("pseudonym")
    with pytest.raises(MissingKeyError, match="BOHAI_PSEUDONYM_KEY"):
        op.apply(pl.LazyFrame({"v": ["a"]}), "v", Secrets())


def test_distinct_values_read_before_give_the_same_tokens() -> None:
    """apply_policies with the source's distinct values (a superset, any order) skips no row."""
    from privacy.deid.policy import ColumnPolicy, apply_policies

    lf = pl.LazyFrame({"mmsi": [412000001, None, 412000002, 412000001], "n": [1, 2, 3, 4]})
    policies = {"mmsi": ColumnPolicy(category="identifier", policy="pseudonym", domain="mmsi")}
    read = apply_policies(lf, policies, KEY)[0].collect()
    known = {"mmsi": pl.Series([412000002, 999, 412000001])}
    given = apply_policies(lf, policies, KEY, distinct=known)[0].collect()
    assert given.equals(read)
    assert given["mmsi"][0] == pseudonym(KEY, "mmsi", "412000001")
    assert given["mmsi"][1] is None
