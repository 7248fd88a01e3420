"""Source URIs resolve to raw files kept byte-for-byte: local paths, globs, samples and HTTP."""

from __future__ import annotations

import hashlib
import threading
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipelines.sources import SourceNotFound, expand_uri, fetch_raw
from schemas.spec import SourceSpec


def _source(uri: str, fmt: str = "ais_nmea") -> SourceSpec:
    return SourceSpec(format=fmt, uri=uri, license="test", provenance="test")


def test_expand_uri_fills_date_placeholders() -> None:
    day = date(2026, 11, 2)
    assert expand_uri("a/{date}.nmea", day) == "a/2026-11-02.nmea"
    assert expand_uri("AIS_{date:%Y_%m_%d}.csv", day) == "AIS_2026_11_02.csv"
    with pytest.raises(ValueError, match="not daily"):
        expand_uri("a/{date}.nmea", None)


def test_glob_copies_bytes_and_hashes(bohai_env: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("x_1.nmea", "x_2.nmea", "y.txt"):
        (src / name).write_bytes(f"!AIVDM {name}\r\n".encode())
    kept = fetch_raw(_source(str(src / "x_*.nmea")), None, tmp_path / "raw")
    assert [k.name for k in kept] == ["x_1.nmea", "x_2.nmea"]
    for k in kept:
        data = (tmp_path / "raw" / k.name).read_bytes()
        assert data == (src / k.name).read_bytes()
        assert k.sha256 == hashlib.sha256(data).hexdigest()
        assert k.bytes == len(data)


def test_no_match_is_a_clear_error(bohai_env: Path, tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound, match=r"no raw file matches .*nothing_\*"):
        fetch_raw(_source(str(tmp_path / "nothing_*")), None, tmp_path / "raw")


def test_sample_uri_generates_deterministic_file(bohai_env: Path, tmp_path: Path) -> None:
    uri = "sample://marine/ais_nmea/ais_{date}.nmea"
    first = fetch_raw(_source(uri), date(2026, 11, 1), tmp_path / "raw1")
    (bohai_env / "samples").rename(bohai_env / "samples_old")
    second = fetch_raw(_source(uri), date(2026, 11, 1), tmp_path / "raw2")
    assert first[0].sha256 == second[0].sha256
    assert first[0].name == "ais_2026-11-01.nmea"


def test_http_source_is_downloaded_from_a_local_server(bohai_env: Path, tmp_path: Path) -> None:
    served = tmp_path / "www"
    served.mkdir()
    payload = b"!AIVDM,1,1,,A,15B4FT5000JRP>PE6E68Nbkl0PS5,0*70\n"
    (served / "ais_2026-11-01.nmea").write_bytes(payload)
    handler = partial(SimpleHTTPRequestHandler, directory=str(served))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        uri = f"http://127.0.0.1:{server.server_port}/ais_{{date}}.nmea"
        kept = fetch_raw(_source(uri), date(2026, 11, 1), tmp_path / "raw")
    finally:
        server.shutdown()
        server.server_close()
    assert (tmp_path / "raw" / "ais_2026-11-01.nmea").read_bytes() == payload
    assert kept[0].sha256 == hashlib.sha256(payload).hexdigest()
