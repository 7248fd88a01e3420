"""The release commands behave as a model team and the exchange desk use them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
import typer
from release_helpers import fixes
from typer.testing import CliRunner

from pipelines.commands.releases import register
from releases.refs import DatasetRef
from releases.store import ReleaseStore

DS = "marine/fixes"


@pytest.fixture
def cli(bohai_env: Path, publish_frames: Callable) -> tuple[Callable, Path]:
    """Two releases in the env's store and a runner over the registered commands."""
    store = ReleaseStore(bohai_env / "releases")
    publish_frames(store, DS, {"fixes": {"d1": fixes(20)}})
    publish_frames(store, DS, {"fixes": {"d1": fixes(20), "d2": fixes(6, start=20)}})
    app = typer.Typer()
    register(app)
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
        return result.exit_code, result.output

    return run, bohai_env


def test_list_show_and_diff(cli: tuple[Callable, Path]) -> None:
    run, _ = cli
    code, out = run("releases", DS)
    assert code == 0 and "1.0.0" in out and "MINOR: 6 rows added" in out
    code, out = run("show", f"{DS}@latest", "--verify")
    assert code == 0 and "marine/fixes@1.1.0" in out and "trusted key" in out
    code, out = run("show", f"{DS}@1.0.0", "--json")
    assert code == 0 and '"version": "1.0.0"' in out
    code, out = run("diff", f"{DS}@1.0.0", f"{DS}@1.1.0", "--rows")
    assert code == 0 and "MINOR" in out and "rows 20 → 26" in out


def test_verify_pull_and_refusals(cli: tuple[Callable, Path]) -> None:
    run, root = cli
    release = root / "releases" / DS / "1.1.0"
    code, out = run("pull", f"{DS}@1.1.0", "--to", str(root / "pulled"))
    assert code == 0 and "5 files verified" in out
    victim = release / "data" / "fixes" / "d2.parquet"
    data = bytearray(victim.read_bytes())
    data[40] ^= 0xFF
    victim.write_bytes(bytes(data))
    code, out = run("verify", str(release))
    assert code == 1 and "d2.parquet: sha256" in out
    code, out = run("pull", f"{DS}@1.1.0", "--to", str(root / "again"))
    assert code == 1 and "failed verification" in out
    code, out = run("pull", "../../etc@1.0.0", "--to", str(root / "x"))
    assert code == 1 and "invalid dataset id" in out
    code, out = run("show", f"{DS}@9.9.9")
    assert code == 1 and "not found" in out


def test_catalog_sql_and_listing(cli: tuple[Callable, Path]) -> None:
    run, root = cli
    code, out = run("catalog", "rebuild")
    assert code == 0 and "2 releases indexed" in out
    code, out = run("sql", "select version, rows from releases order by version")
    assert code == 0 and "1.1.0" in out and "26" in out
    code, out = run("sql", "select nope")
    assert code == 1 and "query failed" in out
    code, out = run("listing", f"{DS}@latest", "--to", str(root / "listings"))
    assert code == 0 and "marine__fixes-1.1.0-listing" in out
    assert (root / "listings" / "marine__fixes-1.1.0-listing" / "SHA256SUMS").is_file()


def test_releases_fit_80_columns_and_json_keeps_every_field(
    bohai_env: Path, publish_frames: Callable
) -> None:
    store = ReleaseStore(bohai_env / "releases")
    publish_frames(store, DS, {"fixes": {"d1": fixes(20)}})
    publish_frames(store, DS, {"fixes": {"d1": fixes(20), "d2": fixes(6, start=20)}})
    app = typer.Typer()
    register(app)
    out = CliRunner().invoke(app, ["releases", DS], env={"COLUMNS": "80"}).output
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    rows = [line for line in lines if line.startswith("│ 1.")]
    assert [r.split("│")[1].strip() for r in rows] == ["1.0.0", "1.1.0"], "versions are shown"
    assert all("20" in r.split("│")[3] or "26" in r.split("│")[3] for r in rows)
    cells = " ".join(line.split("│")[5].strip() for line in lines if line.count("│") == 6)
    summary = store.manifest(DatasetRef(DS, "1.1.0"))["change"]["summary"]
    assert f"MINOR: {summary}" in cells, "the change is wrapped whole, not cut"
    assert "--json or bohai show" in out
    wide = CliRunner().invoke(app, ["releases", DS], env={"COLUMNS": "200"}).output
    assert "release id" in wide and "signer" in wide
    listed = json.loads(CliRunner().invoke(app, ["releases", DS, "--json"]).output)
    assert [v["version"] for v in listed] == ["1.0.0", "1.1.0"]
    assert (
        listed[1]["rows"] == 26 and listed[1]["files"] == 2 and len(listed[1]["release_id"]) == 64
    )
    assert listed[1]["change"] == {"kind": "MINOR", "summary": summary}
    assert {"created_at", "grade", "signer"} <= set(listed[0])


def test_diff_without_rows_never_contradicts_the_published_change(
    cli: tuple[Callable, Path], bohai_env: Path, publish_frames: Callable
) -> None:
    """One changed row: publish says MAJOR; diff without --rows says so too, never PATCH."""
    run, _ = cli
    changed = fixes(20).with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(99.0).otherwise(pl.col("sog")).alias("sog")
    )
    store = ReleaseStore(bohai_env / "releases")
    publish_frames(store, DS, {"fixes": {"d1": changed, "d2": fixes(6, start=20)}})
    latest = store.latest(DS)
    code, out = run("diff", f"{DS}@1.1.0", f"{DS}@{latest}")
    out = " ".join(out.split())
    assert code == 0 and "(at publication)" in out, out
    assert latest == "2.0.0" and "MAJOR" in out and "PATCH" not in out
    code, out = run("diff", f"{DS}@1.0.0", f"{DS}@{latest}")
    out = " ".join(out.split())
    assert code == 0 and "UNKNOWN" in out and "rows not compared" in out


def test_keys_kept_beside_a_copy_are_not_trusted(cli: tuple[Callable, Path]) -> None:
    """A copy edited and re-signed with a key its editor put beside it fails verify."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from releases.fs import Location
    from releases.signing import SigningKey, publish_public_key

    run, root = cli
    code, _ = run("pull", f"{DS}@1.1.0", "--to", str(root / "copy"))
    assert code == 0
    copy = root / "copy" / DS / "1.1.0"
    intruder = SigningKey(Ed25519PrivateKey.generate(), "intruder")
    signed = intruder.sign_manifest((copy / "manifest.json").read_bytes())
    (copy / "manifest.sig").write_bytes(signed)
    publish_public_key(Location.of(root / "copy" / "_keys"), intruder)
    code, out = run("verify", str(copy))
    assert code == 1 and "not among the trusted keys" in " ".join(out.split())


def test_a_version_typed_after_a_space_is_accepted(cli: tuple[Callable, Path]) -> None:
    run, root = cli
    code, out = run("pull", DS, "latest", "--to", str(root / "spaced"))
    assert code == 0 and "pulled marine/fixes@latest" in out and "fixes/1.1.0 (5 files" in out
    code, out = run("pull", DS, "1.0.0", "--to", str(root / "older"))
    assert code == 0 and "pulled marine/fixes@1.0.0" in out, out
    code, out = run("show", DS, "1.0.0", "--json")
    assert code == 0 and '"version": "1.0.0"' in out
    code, out = run("pull", f"{DS}@1.0.0", "latest", "--to", str(root / "twice"))
    assert code == 1 and "two versions given" in out and not (root / "twice").exists()
    code, out = run("pull", DS, "v1", "--to", str(root / "bad"))
    assert code == 1 and "invalid version 'v1': expected MAJOR.MINOR.PATCH" in out


def test_sql_on_a_wide_table_shows_records_or_csv(cli: tuple[Callable, Path]) -> None:
    run, _ = cli
    wide = "select " + ", ".join(f"{i} as measurement_{i:02d}" for i in range(80))
    wide += " from range(3)"
    code, out = run("sql", wide)
    assert code == 0 and "3 row(s) of 80 columns, too many for 200 characters" in out
    assert [line.split() for line in out.splitlines() if "measurement_79" in line][0] == [
        "│", "measurement_79", "│", "79", "│"
    ]  # fmt: skip
    assert out.count("row 1") == 1 and "row 3" in out  # one record per block, every column
    lines = [line for line in out.splitlines() if "measurement_" in line]
    assert len(lines) == 3 * 80 and all(len(line) <= 200 for line in out.splitlines())
    code, out = run("sql", wide, "--limit", "1")
    assert code == 0 and "row 1" in out and "row 2" not in out
    code, out = run("sql", wide, "--csv")
    rows = out.splitlines()
    assert code == 0 and len(rows) == 4 and rows[0].split(",")[79] == "measurement_79"
    assert rows[1].split(",")[79] == "79"
    code, out = run("sql", "select 1 as a, 2 as b")
    assert code == 0 and "1 row(s)" in out and "row 1" not in out  # fits: one table as before
