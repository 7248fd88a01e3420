"""A failure's cause names its exception type once, however Dagster wrote it."""

from __future__ import annotations

from pipelines.failures import without_type


def test_a_qualified_type_prefix_is_dropped_like_a_bare_one() -> None:
    # trial11: "SourceNotFound: pipelines.sources.SourceNotFound: no raw file matches ..."
    said = "pipelines.sources.SourceNotFound: no raw file matches '/d/x_{date}.csv'"
    assert without_type(said, "SourceNotFound") == "no raw file matches '/d/x_{date}.csv'"
    assert without_type("ValueError: bad", "ValueError") == "bad"
    assert without_type("bad: ValueError: x", "ValueError") == "bad: ValueError: x"
    assert without_type("OtherError: x", "ValueError") == "OtherError: x"
