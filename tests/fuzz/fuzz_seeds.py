"""Seed inputs of the connector fuzz suite: small slices of the real files, or generated samples.

Each seed names the dataset spec whose connector reads it, builds its input files into a
folder (the first file is the one the mutations edit), and says whether its ledger counts
physical lines. Real files come from ../shared/data (a seed whose file is absent is skipped);
formats with no real file (historian, incident reports, clinical notes) use the project's own
sample generators.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()
DAY = date(2026, 11, 1)

Files = dict[str, bytes]


class MissingSeed(Exception):
    """A real seed file is not beside the checkout."""


def _shared(relative: str) -> bytes:
    path = SHARED_DATA / relative
    if not path.is_file():
        raise MissingSeed(f"shared sample {relative} not found at {path}")
    return path.read_bytes()


def _head(data: bytes, lines: int) -> bytes:
    """The first physical lines of a file, each kept with its own line end."""
    return b"".join(data.splitlines(keepends=True)[:lines])


def _nmea() -> Files:
    return {"ais_feed.aivdm": _head(_shared("marine/ais_nmea_libais_test.aivdm"), 120)}


def _marinecadastre() -> Files:
    data = _shared("marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv")
    return {"AIS_2023_01_11.csv": _head(data, 60)}


def _synthea() -> Files:
    base = "medical/synthea/"
    return {
        "conditions.csv": _head(_shared(base + "conditions.csv"), 40),
        "patients.csv": _shared(base + "patients.csv"),
    }


def _epa_rmp() -> Files:
    return {
        "rmp_accident_detailed.csv": _head(
            _shared("petrochemical/epa_rmp_accident_detailed.csv"), 40
        )
    }


def _te_rows() -> Files:
    return {"d01.dat": _head(_shared("petrochemical/tennessee_eastman/d01.dat"), 40)}


def _te_transposed() -> Files:
    return {"d00.dat": _shared("petrochemical/tennessee_eastman/d00.dat")}


def _fhir() -> Files:
    paths = sorted((SHARED_DATA / "medical" / "fhir").glob("*.json"))
    if not paths:
        raise MissingSeed(f"no FHIR bundle under {SHARED_DATA / 'medical' / 'fhir'}")
    bundle = json.loads(paths[0].read_text(encoding="utf-8"))
    bundle["entry"] = bundle["entry"][:40]
    return {"bundle.json": json.dumps(bundle, indent=2, ensure_ascii=False).encode("utf-8")}


def _fhir_ndjson() -> Files:
    bundle = json.loads(_fhir()["bundle.json"])
    lines = [json.dumps(e["resource"], ensure_ascii=False) for e in bundle["entry"]]
    return {"export.ndjson": ("\n".join(lines) + "\n").encode("utf-8")}


def _te_zip() -> Files:
    """A zip of two real runs' first lines and a README, as the shipped TE spec reads."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", "Braatz TE runs, first 40 samples each\n")
        for name in ("d01.dat", "d01_te.dat"):
            archive.writestr(name, _head(_shared(f"petrochemical/tennessee_eastman/{name}"), 40))
    return {"te_runs.zip": buffer.getvalue()}


def _historian(work: Path) -> Files:
    from samples.petrochemical_historian import write_historian_csv

    target = work / "cdu1.csv"
    write_historian_csv(target, DAY)
    return {"cdu1.csv": _head(target.read_bytes(), 60)}


def _incident_reports(work: Path) -> Files:
    from samples.petrochemical_reports import write_reports_jsonl

    target = work / "reports.jsonl"
    write_reports_jsonl(target, DAY)
    return {"reports.jsonl": _head(target.read_bytes(), 30)}


def _clinical_notes(work: Path) -> Files:
    from samples.medical_notes import note_lines

    lines, _ = note_lines(20, 7)
    return {"notes.jsonl": ("\n".join(lines) + "\n").encode("utf-8")}


def _outpatient(work: Path) -> Files:
    """A hand-made outpatient export (the generic delimited_table connector): names, phones,
    record numbers and home addresses a leak would show."""
    rng = random.Random(3)
    names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄磊"]
    lines = ["病历号,姓名,性别,出生日期,联系电话,住址,就诊时间,科室,诊断,费用"]
    for i in range(40):
        born = f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        room = f"{rng.randint(1, 20)}栋{rng.randint(101, 2504)}室"
        home = f"辽宁省大连市中山区人民路{rng.randint(1, 99)}号{room}"
        seen = f"2026-11-01 0{rng.randint(8, 9)}:{rng.randint(10, 59)}:00"
        fields = [f"MR{100000 + i}", rng.choice(names), rng.choice("男女"), born,
                  f"13{rng.randint(100000000, 999999999)}", home, seen,
                  rng.choice(["内科", "外科", "儿科"]), rng.choice(["肺炎", "高血压", "糖尿病"]),
                  f"{rng.randint(20, 900)}.{rng.randint(10, 99)}"]  # fmt: skip
        lines.append(",".join(fields))
    return {"门诊_20261101.csv": ("\n".join(lines) + "\n").encode("utf-8")}


@dataclass(frozen=True, slots=True)
class Seed:
    """One connector's fuzz seed: its spec, how to build its files, how it counts units."""

    name: str
    spec: str  # datasets/<domain>/<name>.yaml, or a test spec under tests/
    build: Callable[[Path], Files]
    csv: bool  # comma-separated text: a legal quoted newline is a quoted field
    line_units: bool = True  # input_units equals the physical lines of the files

    def files(self, work: Path) -> Files:
        """The seed's files, built (or sliced from the real files) into `work`."""
        return self.build(work)


SEEDS = (
    Seed("ais_nmea", "marine/ais_positions.yaml", lambda _: _nmea(), csv=False),
    Seed("marinecadastre", "marine/ais_marinecadastre.yaml", lambda _: _marinecadastre(), csv=True),
    Seed("synthea_csv", "medical/synthea_ehr.yaml", lambda _: _synthea(), csv=True),
    Seed("epa_rmp", "petrochemical/epa_rmp_accidents.yaml", lambda _: _epa_rmp(), csv=True),
    Seed("te_rows", "petrochemical/tennessee_eastman.yaml", lambda _: _te_rows(), csv=False),
    Seed(
        "te_transposed",
        "petrochemical/tennessee_eastman.yaml",
        lambda _: _te_transposed(),
        csv=False,
    ),
    Seed("fhir_bundle", "medical/fhir_ehr.yaml", lambda _: _fhir(), csv=False, line_units=False),
    Seed("fhir_ndjson", "medical/fhir_ehr.yaml", lambda _: _fhir_ndjson(), csv=False),
    # The shipped TE spec reads a zip of runs (a binary container: bytes are not lines).
    Seed(
        "te_zip",
        "petrochemical/tennessee_eastman.yaml",
        lambda _: _te_zip(),
        csv=False,
        line_units=False,
    ),
    Seed("historian", "petrochemical/historian.yaml", _historian, csv=True),
    Seed("incident_reports", "petrochemical/incident_reports.yaml", _incident_reports, csv=False),
    Seed("clinical_notes", "medical/clinical_notes.yaml", _clinical_notes, csv=False),
    Seed("delimited_table", "tests/fuzz/specs/outpatient.yaml", _outpatient, csv=True),
)
SEED_NAMES = tuple(s.name for s in SEEDS)
