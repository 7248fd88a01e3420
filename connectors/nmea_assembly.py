"""Reassemble multi-part AIS sentences, handing back fragments that never complete; spot repeats.

A partition's files are one stream in their given order (the raw report's, sorted by name: rotated
logs named by time sort in time order), so a message whose fragments straddle a log rotation (the
last line of one file, the first of the next) is joined. Fragments may continue only into the next
file: a group not continued there is handed back as orphans when the file after it starts.
"""

from __future__ import annotations

from dataclasses import dataclass

from connectors.dedupe import digest
from connectors.nmea_framing import Frame

# (1-based line number in its file, raw line text, framed sentence, source file name)
Part = tuple[int, str, Frame, str]


@dataclass(slots=True)
class _Group:
    """Fragments received so far for one multi-part message, in fragment order."""

    parts: list[Part]
    last_line: int  # the stream position (lines across all files) of the latest fragment
    file_index: int  # which file of the stream the latest fragment came from
    at: list[int]  # each fragment's stream position, to return orphans in stream order


def group_key(frame: Frame) -> tuple[str | int | None, ...]:
    """Fragments belong together by tag-block group, else by count/seq/channel/station."""
    if frame.group is not None:
        return ("g", frame.group, frame.frag_cnt)
    return (frame.talker, frame.frag_cnt, frame.seq_id, frame.channel, frame.station)


class FragmentAssembler:
    """Collects fragments of interleaved multi-part messages; complete groups come out in order.

    A group must start with fragment 1 and continue contiguously (as pyais, libais and gpsd do).
    A fragment that cannot continue a group, a group replaced by a new fragment 1 with the same
    key, and a group idle for more than `max_gap` lines are handed back as orphans, so that the
    caller can quarantine every one of their lines as `incomplete_multipart`. Gaps are measured
    in stream positions (lines counted across the files of a partition, as `add` is given them).
    """

    def __init__(self, max_gap: int = 1_000) -> None:
        self._pending: dict[tuple[str | int | None, ...], _Group] = {}
        self._max_gap = max_gap
        self._next_sweep = max_gap
        self._file_index = 0

    def next_file(self) -> list[Part]:
        """A new file starts: groups last continued before the file just ended become orphans."""
        self._file_index += 1
        stale = [k for k, g in self._pending.items() if g.file_index < self._file_index - 1]
        return _in_order([self._pending.pop(k) for k in stale])

    def add(self, part: Part, line_no: int) -> tuple[list[Part] | None, list[Part]]:
        """Add one fragment seen at stream position `line_no`; return (completed parts, orphans)."""
        frame = part[2]
        orphans = self._sweep(line_no) if line_no >= self._next_sweep else []
        if frame.frag_cnt == 1:
            return [part], orphans
        key = group_key(frame)
        group = self._pending.get(key)
        if group is not None and line_no - group.last_line > self._max_gap:
            orphans.extend(self._pending.pop(key).parts)
            group = None
        if frame.frag_num == 1:
            if group is not None:
                orphans.extend(group.parts)
            self._pending[key] = _Group([part], line_no, self._file_index, [line_no])
            return None, orphans
        if group is None or frame.frag_num != len(group.parts) + 1:
            orphans.append(part)
            return None, orphans
        group.parts.append(part)
        group.last_line = line_no
        group.file_index = self._file_index
        group.at.append(line_no)
        if len(group.parts) < frame.frag_cnt:
            return None, orphans
        del self._pending[key]
        return group.parts, orphans

    def flush(self) -> list[Part]:
        """End of the stream: every fragment still waiting is an orphan, in stream order."""
        groups = list(self._pending.values())
        self._pending.clear()
        return _in_order(groups)

    def _sweep(self, line_no: int) -> list[Part]:
        """Drop groups idle for more than max_gap lines, so memory stays bounded on long files."""
        self._next_sweep = line_no + self._max_gap
        stale = [k for k, g in self._pending.items() if line_no - g.last_line > self._max_gap]
        return [p for k in stale for p in self._pending.pop(k).parts]


def _in_order(groups: list[_Group]) -> list[Part]:
    """The parts of whole groups in stream order (groups may interleave)."""
    placed = sorted(
        (at, i, part)
        for g in groups
        for i, (at, part) in enumerate(zip(g.at, g.parts, strict=True))
    )
    return [part for _, _, part in placed]


class RecentDuplicates:
    """Exact repeats of a whole message (tag blocks included) among the last `window`+ messages.

    Receivers and merged feeds repeat a sentence within seconds, so a bounded window finds
    them while memory stays flat on logs of tens of millions of lines: 16-byte digests live in
    two generations of at most `window` entries each (about 19 MB per generation at 100k,
    i.e. a minute or two of a national feed).
    """

    def __init__(self, window: int = 100_000) -> None:
        self._window = window
        self._new: dict[bytes, tuple[str, int]] = {}
        self._old: dict[bytes, tuple[str, int]] = {}

    def seen(self, text: str, where: tuple[str, int]) -> str | None:
        """Quarantine detail naming the kept copy when this exact text came before; else None."""
        key = digest(text)
        first = self._new.get(key) or self._old.get(key)
        if first is not None:
            return f"exact copy of {first[0]} line {first[1]} (first copy kept)"
        self._new[key] = where
        if len(self._new) >= self._window:
            self._old, self._new = self._new, {}
        return None
