"""Dataset specs: the shipped specs load, and bad specs fail naming the file, key and problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from schemas.spec import SpecError, load_spec, load_spec_set, load_specs

REPO = Path(__file__).resolve().parents[2]
AIS_SPEC = REPO / "datasets" / "marine" / "ais_positions.yaml"


def _write(tmp_path: Path, data: dict, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _base() -> dict:
    return yaml.safe_load(AIS_SPEC.read_text(encoding="utf-8"))


def test_shipped_specs_load() -> None:
    specs = load_specs(REPO / "datasets")
    ids = {s.id for s in specs}
    assert {"marine/ais_positions", "marine/ais_marinecadastre"} <= ids
    ais = next(s for s in specs if s.id == "marine/ais_positions")
    assert ais.source.format == "ais_nmea"
    assert ais.privacy.columns["mmsi"].policy == "pseudonym"
    assert ais.partitioning.kind == "daily"


def test_datasets_folder_is_not_a_python_package() -> None:
    assert not (REPO / "datasets" / "__init__.py").exists()


@pytest.mark.parametrize(
    ("mutate", "key", "words"),
    [
        (lambda d: d.pop("release"), "release", "Field required"),
        (lambda d: d["source"].update(format="fax"), "source.format", "unknown format 'fax'"),
        (lambda d: d.update(id="../etc/passwd"), "id", "sector/name"),
        (lambda d: d.update(schema="no_such_table"), "schema", "unknown table schema"),
        (lambda d: d["release"].update(grade="secret"), "release.grade", "general"),
        (lambda d: d.update(colour="blue"), "colour", "Extra inputs are not permitted"),
        (lambda d: d["title"].pop("zh"), "title.zh", "Field required"),
        (lambda d: d["partitioning"].pop("start"), "partitioning", "needs a start date"),
        (lambda d: d["source"].update(encoding="utf-16"), "source.encoding", "gb18030"),
    ],
)
def test_bad_spec_names_file_key_and_problem(tmp_path: Path, mutate, key: str, words: str) -> None:
    data = _base()
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(SpecError) as info:
        load_spec(path)
    message = str(info.value)
    assert str(path) in message
    assert key in message
    assert words in message


def test_personal_column_without_policy_is_an_error(tmp_path: Path) -> None:
    data = _base()
    data["privacy"]["columns"]["call_sign"] = {"category": "identifier"}
    with pytest.raises(SpecError, match="call_sign: classified 'identifier' but has no policy"):
        load_spec(_write(tmp_path, data))


def test_keeping_personal_column_needs_reason(tmp_path: Path) -> None:
    data = _base()
    data["privacy"]["columns"]["call_sign"] = {"category": "identifier", "policy": "keep"}
    with pytest.raises(SpecError, match="needs a recorded 'reason'"):
        load_spec(_write(tmp_path, data))


def test_privacy_column_must_exist_in_schema(tmp_path: Path) -> None:
    data = _base()
    data["privacy"]["columns"]["owner_phone"] = {"category": "personal", "policy": "drop"}
    with pytest.raises(SpecError, match="owner_phone: not a column of schema ais_positions"):
        load_spec(_write(tmp_path, data))


def test_invalid_yaml_is_reported_with_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(SpecError, match="broken.yaml: not valid YAML"):
        load_spec(path)


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    data = _base()
    _write(tmp_path, data, "a.yaml")
    _write(tmp_path, data, "b.yaml")
    with pytest.raises(SpecError, match=r"b\.yaml: dataset id 'marine/ais_positions' already"):
        load_specs(tmp_path)


@pytest.mark.parametrize("declared", ["GB18030", "utf-8-sig", "latin-1", "gbk", "UTF_8"])
def test_source_encoding_accepts_the_declared_set(tmp_path: Path, declared: str) -> None:
    """source.encoding is normalised (case, underscore) and kept for the connector."""
    data = _base()
    data["source"]["encoding"] = declared
    spec = load_spec(_write(tmp_path, data))
    assert spec.source.encoding == declared.lower().replace("_", "-")


def test_one_broken_spec_is_set_aside_and_the_others_load(tmp_path: Path) -> None:
    """A typo in one spec names that file and key; every other spec still loads."""
    good = _base()
    _write(tmp_path, good, "good.yaml")
    bad = _base()
    bad["id"] = "marine/typo"
    bad["privacy"]["columns"]["mmsii"] = {"category": "identifier", "policy": "drop"}
    bad_path = _write(tmp_path, bad, "typo.yaml")
    found = load_spec_set(tmp_path)
    assert [s.id for s in found.specs] == ["marine/ais_positions"]
    assert list(found.broken) == [bad_path]
    assert "mmsii" in found.broken[bad_path] and "typo.yaml" in found.broken[bad_path]
    assert found.broken_for("marine/typo") == found.broken[bad_path]
    assert found.broken_for("marine/ais_positions") is None
    with pytest.raises(SpecError, match="mmsii"):
        load_specs(tmp_path)  # the strict loader still refuses the folder
