"""Release refusals: empty, shrinking and mostly-quarantined releases need an explicit override."""

from __future__ import annotations

import pytest

from releases.guards import (
    DAY_SHRINK,
    EMPTY,
    MISSING,
    QUARANTINE_SHARE,
    SHRINK,
    ReleaseFacts,
    ReleaseOverride,
    ReleaseRefused,
    enforce,
    lost_units,
    override_from,
    override_from_env,
    refusals,
)

NONE = ReleaseOverride((), "", "")


def _facts(rows: int, previous: int | None = 1000, quarantined: int = 0) -> ReleaseFacts:
    return ReleaseFacts("marine/x", rows, quarantined, "1.0.0" if previous else None, previous)


def test_a_release_within_limits_passes() -> None:
    assert refusals(_facts(600, 1000, 100), 0.5, 0.5) == {}
    assert refusals(_facts(10, None, 0), 0.5, 0.5) == {}  # a first release has nothing to shrink
    assert enforce({}, NONE) is None


def test_empty_release_is_refused_even_with_an_override() -> None:
    refused = refusals(_facts(0, 998), 0.5, 0.5)
    assert set(refused) == {EMPTY}
    assert "0 rows and replace 1.0.0 (998 rows)" in refused[EMPTY]
    with pytest.raises(ReleaseRefused, match="0 rows"):
        enforce(refused, override_from("shrink,quarantine_share", "trust me", "ops"))
    with pytest.raises(ValueError, match="cannot allow"):
        override_from("empty", "please")


def test_shrink_beyond_the_limit_is_refused_with_one_sentence() -> None:
    refused = refusals(_facts(499, 1000), 0.5, 0.5)
    assert refused == {
        SHRINK: "marine/x: 499 rows is 50.1% fewer than the 1000 rows of 1.0.0 "
        "(release.max_shrink 50%)"
    }
    assert refusals(_facts(500, 1000), 0.5, 0.5) == {}  # exactly at the limit publishes
    with pytest.raises(ReleaseRefused, match="BOHAI_RELEASE_ALLOW=shrink"):
        enforce(refused, NONE)


def test_quarantine_share_above_the_limit_is_refused() -> None:
    refused = refusals(_facts(380, None, 620), 0.5, 0.5)  # patients.csv: 62% quarantined
    assert set(refused) == {QUARANTINE_SHARE} and "62.0%" in refused[QUARANTINE_SHARE]


def test_an_override_is_recorded_with_who_and_why() -> None:
    refused = refusals(_facts(100, 1000, 900), 0.5, 0.5)
    record = enforce(refused, override_from(["shrink", "quarantine_share"], "source cut", "li"))
    assert record == {
        "allowed": [QUARANTINE_SHARE, SHRINK],
        "reason": "source cut",
        "by": "li",
        "refusals": refused,
    }
    with pytest.raises(ReleaseRefused, match="quarantine"):
        enforce(refused, override_from("shrink", "only the shrink"))
    with pytest.raises(ValueError, match="reason is required"):
        override_from("shrink", "  ")


def test_override_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOHAI_RELEASE_ALLOW", raising=False)
    assert override_from_env().allowed == ()
    monkeypatch.setenv("BOHAI_RELEASE_ALLOW", "shrink")
    monkeypatch.setenv("BOHAI_RELEASE_OVERRIDE_REASON", "vendor resent a partial day")
    monkeypatch.setenv("BOHAI_RELEASE_OVERRIDE_BY", "wang")
    assert override_from_env() == ReleaseOverride(
        ("shrink",), "vendor resent a partial day", "wang"
    )


def test_exact_duplicates_are_not_lost_units() -> None:
    by_reason = {"ingest/duplicate_record": 700, "ingest/bad_checksum": 3, "quality/mmsi_valid": 2}
    assert lost_units(by_reason) == 5
    assert refusals(_facts(300, None, lost_units(by_reason)), 0.5, 0.5) == {}


def test_a_partition_of_the_latest_release_cannot_vanish_silently() -> None:
    """A day whose work folder is gone would drop out of the next release: refused, overridable."""
    facts = ReleaseFacts(
        "marine/x",
        900,
        0,
        "1.0.0",
        1000,
        ("2026-03-08", "2026-03-09"),
        ("2026-03-07", "2026-03-08"),
    )
    assert facts.missing == ["2026-03-07"]
    refused = refusals(facts, 0.5, 0.5)
    assert set(refused) == {MISSING}
    assert "1 partition(s) of 1.0.0 would be left out (2026-03-07)" in refused[MISSING]
    with pytest.raises(ReleaseRefused, match="BOHAI_RELEASE_ALLOW=missing_partitions"):
        enforce(refused, NONE)
    record = enforce(refused, override_from("missing_partitions", "day withdrawn", "ops"))
    assert record is not None and record["allowed"] == [MISSING]
    kept = ReleaseFacts("marine/x", 900, 0, "1.0.0", 1000, ("a", "b"), ("a",))
    assert refusals(kept, 0.5, 0.5) == {}, "a new day is no loss"


def test_a_day_cut_short_is_refused_though_the_whole_release_barely_shrinks() -> None:
    """30 days of 1,000 rows, one re-sent with 200: the release is 2.7% smaller, the day 80%."""
    days = tuple(f"2026-03-{d:02d}" for d in range(1, 31))
    before = tuple((d, 1000) for d in days)
    after = tuple((d, 200 if d == "2026-03-07" else 1000) for d in days)
    facts = ReleaseFacts(
        "marine/x", 29_200, 0, "1.0.0", 30_000, days, days, day_rows=after, previous_day_rows=before
    )
    assert facts.shrunk_days(0.5) == [("2026-03-07", 200, 1000)]
    refused = refusals(facts, 0.5, 0.5, 0.5)
    assert set(refused) == {DAY_SHRINK}
    assert (
        "1 day(s) hold far fewer rows than in 1.0.0: 2026-03-07 200 rows (was 1000)"
        in (refused[DAY_SHRINK])
    )
    with pytest.raises(ReleaseRefused, match="BOHAI_RELEASE_ALLOW=day_shrink"):
        enforce(refused, NONE)
    assert enforce(refused, override_from("day_shrink", "day re-sent short by the feed", "ops"))
    half = tuple((d, 500 if d == "2026-03-07" else 1000) for d in days)
    at_limit = ReleaseFacts(
        "marine/x", 29_500, 0, "1.0.0", 30_000, days, days, day_rows=half, previous_day_rows=before
    )
    assert refusals(at_limit, 0.5, 0.5, 0.5) == {}, "exactly at the limit publishes"
    assert refusals(facts, 0.5, 0.5) == {}, "the guard is off unless a limit is given"


def test_a_new_day_or_a_day_growing_is_no_loss() -> None:
    facts = ReleaseFacts(
        "marine/x",
        3000,
        0,
        "1.0.0",
        1000,
        ("a", "b"),
        ("a",),
        day_rows=(("a", 2000), ("b", 1000)),
        previous_day_rows=(("a", 1000),),
    )
    assert facts.shrunk_days(0.0) == [] and refusals(facts, 0.5, 0.5, 0.0) == {}


def test_one_partition_is_left_to_the_whole_release_guard() -> None:
    """An unpartitioned dataset's one day is the release: one refusal (shrink), not two."""
    facts = ReleaseFacts(
        "x", 100, 0, "1.0.0", 1000, ("all",), ("all",), (("all", 100),), (("all", 1000),)
    )
    assert facts.shrunk_days(0.5) == [] and set(refusals(facts, 0.5, 0.5, 0.5)) == {SHRINK}
