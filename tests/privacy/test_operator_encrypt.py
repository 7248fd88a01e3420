"""Reversible encryption: round trips, deterministic SIV, randomized GCM, bound to its domain."""

from __future__ import annotations

import polars as pl
import pytest

from privacy.deid.crypto import DecryptionError, decrypt, decrypt_values, encrypt_values
from privacy.deid.operators import Secrets, build_operator
from privacy.deid.pseudonym import MissingKeyError

SECRET = b"s" * 32
SECRETS = Secrets(encryption_key=SECRET)


def _encrypt(values: list[str | None], **params: object) -> list[str | None]:
    op = build_operator({"operator": "encrypt", **params})
    lf = pl.LazyFrame({"name": values})
    return op.apply(lf, "name", SECRETS).lf.collect().get_column("name").to_list()


@pytest.mark.parametrize("mode", ["siv", "gcm"])
def test_column_round_trips(mode: str) -> None:
    values = ["张三", "李四", "张三", None, "O'Brien"]
    tokens = _encrypt(values, mode=mode)
    assert all(t is None or t.startswith(f"enc1:{mode}:") for t in tokens)
    assert "张三" not in str(tokens)
    assert decrypt_values(tokens, SECRET, "name") == values


def test_siv_is_deterministic_across_runs_so_joins_survive() -> None:
    first, second = _encrypt(["张三", "李四"]), _encrypt(["李四", "张三"])
    assert first == list(reversed(second))


def test_gcm_tokens_change_between_runs() -> None:
    assert encrypt_values(["张三"], SECRET, "d", "gcm") != encrypt_values(
        ["张三"], SECRET, "d", "gcm"
    )


def test_wrong_key_or_domain_or_tampering_fails() -> None:
    token = encrypt_values(["13812345678"], SECRET, "phone", "siv")[0]
    assert decrypt(token, SECRET, "phone") == "13812345678"
    with pytest.raises(DecryptionError):
        decrypt(token, b"t" * 32, "phone")
    with pytest.raises(DecryptionError):
        decrypt(token, SECRET, "name")
    with pytest.raises(DecryptionError):
        decrypt(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1], SECRET, "phone")
    with pytest.raises(DecryptionError, match="not a Bohai encryption token"):
        decrypt("hello", SECRET, "phone")


def test_spans_decrypt_with_the_entity_type_as_domain() -> None:
    op = build_operator("encrypt")
    (wrapped,) = op.replace(["张三"], "PERSON", SECRETS)
    assert wrapped.startswith("<PERSON:enc1:siv:") and wrapped.endswith(">")
    assert decrypt(wrapped[len("<PERSON:") : -1], SECRET, "PERSON") == "张三"


def test_short_or_missing_secret_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOHAI_ENCRYPTION_KEY", "too-short")
    with pytest.raises(MissingKeyError, match="BOHAI_ENCRYPTION_KEY"):
        build_operator("encrypt").apply(pl.LazyFrame({"v": ["a"]}), "v", Secrets())
    monkeypatch.setenv("BOHAI_ENCRYPTION_KEY", "x" * 40)
    out = build_operator("encrypt").apply(pl.LazyFrame({"v": ["a"]}), "v", Secrets())
    assert decrypt(out.lf.collect()["v"][0], b"x" * 40, "v") == "a"
