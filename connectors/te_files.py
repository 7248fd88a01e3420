"""Finding Tennessee Eastman run files (`dNN.dat`, `dNN_te.dat`), bare or inside a zip archive."""

from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from connectors.base import SourceFormatError, source_name
from connectors.text_lines import Line, codec, decode_line, read_lines, split_lines
from schemas.te_variables import TE_FAULTS

log = logging.getLogger(__name__)

RUN_NAME = re.compile(r"^d(\d{2})(_te)?\.dat$")


@dataclass(frozen=True, slots=True)
class RunFile:
    """One run's physical lines, with the run id, fault and split its file name declares."""

    source: str  # the file's name, or `archive.zip!member` for archive members (source_name)
    run_id: str
    fault_id: int
    split: str  # train | test
    lines: list[Line]
    encoding: str = "utf-8"
    path: Path | None = None  # the file read (the archive for a member): errors name it

    @property
    def location(self) -> Path:
        """The input file a whole-file error is about (the stage then quarantines that file)."""
        return self.path if self.path is not None else Path(self.source)


def parse_run_name(path: Path, name: str) -> tuple[str, int, str]:
    """(run_id, fault_id, split) from a file name like d01_te.dat; other names are an error."""
    match = RUN_NAME.match(name)
    if match is None:
        raise SourceFormatError(path, f"{name!r} is not a TE run file name (dNN.dat, dNN_te.dat)")
    fault = int(match.group(1))
    if fault not in TE_FAULTS:
        raise SourceFormatError(path, f"{name!r}: no TE fault IDV({fault}); known 0-21")
    return name.removesuffix(".dat"), fault, "test" if match.group(2) else "train"


def member_lines(data: bytes, encoding: str) -> list[Line]:
    """Physical lines of an archive member, decoded like a file (BOM, CR, bad_encoding)."""
    name = codec(encoding)
    return [
        decode_line(n, raw, name) for n, raw in enumerate(split_lines(io.BytesIO(data)), start=1)
    ]


def _archive_members(path: Path, encoding: str) -> Iterator[RunFile | str]:
    """Run files of a zip archive in name order; other members are yielded by name only."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise SourceFormatError(path, f"not a readable zip archive: {exc}") from exc
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            name = info.filename.rsplit("/", 1)[-1]
            if not RUN_NAME.match(name):
                yield info.filename
                continue
            run_id, fault, split = parse_run_name(path, name)
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
                detail = f"damaged archive member {info.filename}: {exc}"
                raise SourceFormatError(path, detail) from exc
            lines = member_lines(data, encoding)
            member = source_name(path, info.filename)
            yield RunFile(member, run_id, fault, split, lines, encoding, path)


def iter_run_files(paths: list[Path], encoding: str = "utf-8") -> Iterator[RunFile | str]:
    """Every run in the inputs (`.dat` files and `.zip` archives of them), in the given order.

    Archive members that are not run files (a README, say) are yielded as their source name so
    the caller can count them; a run id seen twice is an error naming both sources.
    """
    seen: dict[str, str] = {}
    for path in map(Path, paths):
        if not path.is_file():
            raise FileNotFoundError(f"Tennessee Eastman input not found: {path}")
        if path.suffix.lower() == ".zip":
            items: Iterator[RunFile | str] = _archive_members(path, encoding)
        else:
            run_id, fault, split = parse_run_name(path, path.name)
            lines = read_lines(path, encoding)  # gzip by magic, BOM dropped, CR/LF/CRLF
            items = iter([RunFile(source_name(path), run_id, fault, split, lines, encoding, path)])
        for item in items:
            if isinstance(item, RunFile):
                if item.run_id in seen:
                    raise SourceFormatError(
                        path, f"run {item.run_id} given twice ({seen[item.run_id]}, {item.source})"
                    )
                seen[item.run_id] = item.source
            else:
                log.info("%s: archive member %s is not a TE run file; skipped", path, item)
                item = source_name(path, item)
            yield item
