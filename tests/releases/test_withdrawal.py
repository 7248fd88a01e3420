"""A withdrawn release stays on record but no consumer path hands it out again."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from release_helpers import fixes
from typer.testing import CliRunner

from pipelines.commands.releases import register
from releases.consume import open_release
from releases.listing import build_listing
from releases.pull import pull
from releases.refs import DatasetRef
from releases.signing import SigningKey
from releases.store import ReleaseStore
from releases.withdrawal import (
    ReleaseWithdrawn,
    available,
    require_available,
    withdraw,
    withdrawal,
)

DS = "medical/injuries"


def _cli() -> Callable[..., tuple[int, str]]:
    """The release commands on a wide terminal: (exit code, output on one line)."""
    app = typer.Typer()
    register(app)
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
        return result.exit_code, " ".join(result.output.split())

    return run


def _parts(folder: Path, frames: dict[str, dict[str, object]]) -> dict[str, Path]:
    """Each frame of table `fixes` written under `folder`, keyed by its release path."""
    files = {}
    for part, frame in frames["fixes"].items():
        path = folder / f"{part}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.write_parquet(path)  # type: ignore[attr-defined]
        files[f"data/fixes/{part}.parquet"] = path
    return files


@pytest.fixture
def two(store: ReleaseStore, publish_frames: Callable) -> ReleaseStore:
    publish_frames(store, DS, {"fixes": {"d1": fixes(20)}})
    publish_frames(store, DS, {"fixes": {"d1": fixes(20), "d2": fixes(6, start=20)}})
    return store


def test_a_withdrawn_version_is_refused_everywhere_and_latest_skips_it(
    two: ReleaseStore, signing_key: SigningKey, tmp_path: Path
) -> None:
    notice = withdraw(two, DatasetRef(DS, "1.1.0"), "operator names in clear", signing_key, "qa")
    assert notice.signed_by == signing_key.key_id and notice.by == "qa"
    assert two.versions(DS) == ["1.0.0", "1.1.0"], "kept on record"
    assert available(two, DS) == ["1.0.0"]
    assert require_available(two, DatasetRef(DS, "latest")) == DatasetRef(DS, "1.0.0")
    with pytest.raises(ReleaseWithdrawn, match="operator names in clear.*available: 1.0.0"):
        pull(two, DatasetRef(DS, "1.1.0"), tmp_path / "pulled")
    with pytest.raises(ReleaseWithdrawn):
        open_release(f"{DS}@1.1.0", two)
    with pytest.raises(ReleaseWithdrawn):
        build_listing(two, DatasetRef(DS, "1.1.0"), tmp_path / "listings", signing_key)
    target, _ = pull(two, DatasetRef(DS, "latest"), tmp_path / "pulled")
    assert target.name == "1.0.0"
    again = withdraw(two, DatasetRef(DS, "1.1.0"), "another reason", signing_key)
    assert again.reason == "operator names in clear", "the first notice stands"


def test_withdraw_needs_an_exact_published_version_and_a_reason(
    two: ReleaseStore, signing_key: SigningKey
) -> None:
    from releases.store import ReleaseNotFound

    with pytest.raises(ValueError, match="exact version"):
        withdraw(two, DatasetRef(DS, "latest"), "x", signing_key)
    with pytest.raises(ValueError, match="reason"):
        withdraw(two, DatasetRef(DS, "1.0.0"), "  ", signing_key)
    with pytest.raises(ReleaseNotFound):
        withdraw(two, DatasetRef(DS, "9.9.9"), "x", signing_key)
    assert withdrawal(two, DS, "1.0.0") is None


def test_a_tampered_notice_still_withdraws_but_reads_unsigned(
    two: ReleaseStore, signing_key: SigningKey
) -> None:
    withdraw(two, DatasetRef(DS, "1.0.0"), "names", signing_key)
    notice = Path(str(two.dataset_dir(DS))) / "_withdrawn" / "1.0.0.json"
    doc = json.loads(notice.read_text())
    notice.write_text(json.dumps(doc | {"reason": "nothing wrong"}))
    found = withdrawal(two, DS, "1.0.0")
    assert found is not None and found.signed_by is None
    with pytest.raises(ReleaseWithdrawn, match="every release|nothing wrong"):
        require_available(two, DatasetRef(DS, "1.0.0"))


def test_the_cli_withdraws_and_marks_the_version(bohai_env: Path, publish_frames: Callable) -> None:
    store = ReleaseStore(bohai_env / "releases")
    publish_frames(store, DS, {"fixes": {"d1": fixes(20)}})
    run = _cli()

    code, out = run("withdraw", f"{DS}@1.0.0", "--reason", "casualty names in clear")
    assert code == 0 and "withdrawn" in out and "casualty names in clear" in out, out
    code, out = run("releases", DS)
    assert code == 0 and "WITHDRAWN: casualty names in clear" in out, out
    code, out = run("show", f"{DS}@1.0.0")
    assert code == 0 and "WITHDRAWN" in out
    code, out = run("pull", f"{DS}@1.0.0", "--to", str(bohai_env / "pulled"))
    assert code == 1 and "was withdrawn" in out
    code, out = run("pull", f"{DS}@latest", "--to", str(bohai_env / "pulled"))
    assert code == 1 and "every release of" in out
    code, out = run("withdraw", f"{DS}@1.0.0")
    assert code != 0, "a reason is required"


def test_the_catalog_lists_withdrawals_and_serves_no_withdrawn_rows(
    two: ReleaseStore, signing_key: SigningKey
) -> None:
    from releases.catalog import query

    withdraw(two, DatasetRef(DS, "1.1.0"), "names in clear", signing_key, "qa")
    _, rows = query(two, "select dataset, version, reason, withdrawn_by from withdrawals")
    assert rows == [(DS, "1.1.0", "names in clear", "qa")]
    _, latest = query(two, "select version from latest_releases")
    assert latest == [("1.0.0",)]
    _, versions = query(two, "select distinct _version from data_medical__injuries__fixes")
    assert versions == [("1.0.0",)]


def test_a_later_version_holding_a_withdrawn_file_is_named(
    two: ReleaseStore, signing_key: SigningKey
) -> None:
    from releases.withdrawal import carried_forward, withdrawn_copies

    first = {f["path"]: f["sha256"] for f in two.manifest(DatasetRef(DS, "1.0.0"))["files"]}
    second = {f["path"]: f["sha256"] for f in two.manifest(DatasetRef(DS, "1.1.0"))["files"]}
    same = sorted(p for p in first if p.startswith("data/") and second.get(p) == first[p])
    assert same, "the second release keeps the first day's file as it is"
    assert carried_forward(two, DatasetRef(DS, "1.0.0")) == {"1.1.0": same}
    assert carried_forward(two, DatasetRef(DS, "1.1.0")) == {}, "nothing published after it"
    assert withdrawn_copies(two, DatasetRef(DS, "1.1.0")) == {}, "nothing withdrawn yet"
    withdraw(two, DatasetRef(DS, "1.0.0"), "names in clear", signing_key)
    assert withdrawn_copies(two, DatasetRef(DS, "1.1.0")) == {"1.0.0": same}
    withdraw(two, DatasetRef(DS, "1.1.0"), "names in clear", signing_key)
    assert carried_forward(two, DatasetRef(DS, "1.0.0")) == {}, "a withdrawn copy serves nobody"


def test_the_cli_warns_when_latest_still_carries_the_withdrawn_rows(
    bohai_env: Path, publish_frames: Callable
) -> None:
    store = ReleaseStore(bohai_env / "releases")
    publish_frames(store, DS, {"fixes": {"d1": fixes(20)}})
    publish_frames(store, DS, {"fixes": {"d1": fixes(20), "d2": fixes(6, start=20)}})
    run = _cli()

    code, out = run("withdraw", f"{DS}@1.0.0", "--reason", "casualty names in clear")
    assert code == 0 and f"{DS}@1.1.0 still carries data/fixes/" in out, out
    assert f"bohai withdraw {DS}@1.1.0" in out, out
    code, out = run("pull", f"{DS}@latest", "--to", str(bohai_env / "pulled"))
    assert code == 0 and "warning:" in out and "casualty names in clear" in out, out
    code, out = run("withdraw", f"{DS}@1.1.0", "--reason", "same names")
    assert code == 0 and "still carries" not in out, out


def test_a_withdrawn_data_file_is_not_published_again_without_the_override(
    two: ReleaseStore, signing_key: SigningKey, tmp_path: Path
) -> None:
    # trial10: after 2.1.0 of hand-made notes was withdrawn, the next annotation pull published
    # 3.0.0 with the withdrawn notes file unchanged, served as latest
    from release_helpers import base_fields, schema_of

    from releases.guards import ReleaseRefused
    from releases.publish import publish

    withdraw(two, DatasetRef(DS, "1.1.0"), "operator names in clear", signing_key)
    frames = {"fixes": {"d1": fixes(20), "d2": fixes(6, start=20), "d3": fixes(4, start=26)}}
    files = _parts(tmp_path / "again", frames)

    def again(**kwargs: bool) -> object:
        return publish(
            two, DS, files, base_fields(), schema_of(frames), signing_key=signing_key, **kwargs
        )

    with pytest.raises(
        ReleaseRefused,
        match=r"d1.parquet, data/fixes/d2.parquet would be published again unchanged from a "
        r"withdrawn release; .*=withdrawn_data .*1\.1\.0 was withdrawn .*: operator names",
    ):
        again()
    assert two.versions(DS) == ["1.0.0", "1.1.0"], "nothing published"
    result = again(allow_withdrawn=True)
    assert result.version == "1.2.0"
    said = two.manifest(DatasetRef(DS, "1.2.0"))["withdrawn_data_republished"]
    assert set(said) == {"data/fixes/d1.parquet", "data/fixes/d2.parquet"}
    assert "operator names in clear" in said["data/fixes/d2.parquet"]


def test_a_withdrawal_naming_its_table_lets_later_releases_carry_the_others(
    store: ReleaseStore, publish_frames: Callable, signing_key: SigningKey
) -> None:
    # trial10: 3.0.0 of the notes was withdrawn for its notes table; the next release, with the
    # notes fixed, was refused for the annotation tables it carried unchanged
    publish_frames(store, DS, {"fixes": {"d1": fixes(20)}, "labels": {"all": fixes(3)}})
    publish_frames(store, DS, {"fixes": {"d1": fixes(21)}, "labels": {"all": fixes(3)}})
    with pytest.raises(ValueError, match="no table nope"):
        withdraw(store, DatasetRef(DS, "1.0.0"), "names", signing_key, tables=("nope",))
    notice = withdraw(store, DatasetRef(DS, "1.0.0"), "names", signing_key, tables=("fixes",))
    assert notice.tables == ("fixes",) and "(tables fixes)" in notice.sentence()
    found = withdrawal(store, DS, "1.0.0")
    assert found is not None and found.tables == ("fixes",) and found.signed_by is not None
    from releases.withdrawal import carried_forward, withdrawn_data

    assert carried_forward(store, DatasetRef(DS, "1.0.0")) == {}, "labels are not the leak"
    assert [p for _, p in withdrawn_data(store, DS).values()] == ["data/fixes/d1.parquet"]


def test_the_same_data_as_a_withdrawn_latest_is_republished_as_a_new_version(
    two: ReleaseStore, signing_key: SigningKey, tmp_path: Path
) -> None:
    """trial10 #14: with the override, identical data came back as '1.1.0 (unchanged)', a
    version that pull refuses; it is now a PATCH that can be pulled."""
    from release_helpers import base_fields, schema_of

    from releases.publish import publish

    withdraw(two, DatasetRef(DS, "1.1.0"), "wrong column policy, since reviewed", signing_key)
    frames = {"fixes": {"d1": fixes(20), "d2": fixes(6, start=20)}}
    files = _parts(tmp_path / "same", frames)
    result = publish(
        two, DS, files, base_fields(), schema_of(frames), signing_key=signing_key,
        allow_withdrawn=True,
    )  # fmt: skip
    assert (result.version, result.created, result.change.kind) == ("1.1.1", True, "PATCH")
    assert "after 1.1.0 was withdrawn" in result.change.summary
    assert available(two, DS)[-1] == "1.1.1"
