"""Chinese written with its characters spaced out (女儿 王 芳 陪同): names are read as if the
spaces were not there, then mapped back onto the text as written."""

from __future__ import annotations

import re

from privacy.detect.normalize import HAN_RANGE

# Spaces between two Han characters where one side is a lone character ("王 芳", "张  伟"):
# "张三 李四" keeps its space, since two words with a space between are two words. A lone 男 / 女
# after a space is the sex field of a record line (陈伟 男 45岁), never the end of the name.
_SEX = f"(?![男女](?![{HAN_RANGE}]))"
_SPACE = re.compile(
    f"(?<=(?<![{HAN_RANGE}])[{HAN_RANGE}]) +{_SEX}(?=[{HAN_RANGE}])"
    f"|(?<=[{HAN_RANGE}]) +{_SEX}(?=[{HAN_RANGE}](?![{HAN_RANGE}]))"
)


def despaced(text: str) -> tuple[str, list[int] | None]:
    """The text without spaces inside spaced-out Han, and each kept character's position in
    `text` (None when nothing was removed)."""
    if " " not in text or _SPACE.search(text) is None:
        return text, None
    gone = {i for m in _SPACE.finditer(text) for i in range(*m.span())}
    keep = [i for i in range(len(text)) if i not in gone]
    return "".join(text[i] for i in keep), keep


def to_written(positions: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """A despaced [start, end) as the span of the text as written."""
    if positions is None:
        return start, end
    return positions[start], positions[end - 1] + 1
