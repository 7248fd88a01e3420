"""Label colours generated for any number of labels, so no two labels share a colour."""

from __future__ import annotations

import colorsys
import math
from itertools import combinations

NEUTRAL = "#c8c8c8"  # the neutral label (e.g. "normal") stays grey instead of painting a chart
# Alternating lightness levels keep neighbouring hues apart; past 22 labels, three levels.
LIGHTNESS = {2: (0.42, 0.62), 3: (0.35, 0.55, 0.72)}
SATURATION = 0.8


def palette(n: int) -> list[str]:
    """n colours on evenly spaced hues with alternating lightness, as #rrggbb."""
    out = []
    levels = LIGHTNESS[2 if n <= 22 else 3]
    for i in range(n):
        r, g, b = colorsys.hls_to_rgb(i / max(n, 1), levels[i % len(levels)], SATURATION)
        out.append(f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}")
    return out


def label_colors(labels: list[str], neutral: str | None = None) -> dict[str, str]:
    """Label -> colour: the neutral label grey, the others from a palette of their own size."""
    others = [label for label in labels if label != neutral]
    colors = dict(zip(others, palette(len(others)), strict=True))
    if neutral in labels:
        colors[neutral] = NEUTRAL
    return {label: colors[label] for label in labels}


def _lab(color: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB #rrggbb colour."""
    rgb = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(v: float) -> float:
        return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: str, b: str) -> float:
    """CIE76 colour difference: about 2.3 is just noticeable, above 10 clearly different."""
    return math.dist(_lab(a), _lab(b))


def closest_pair(colors: list[str]) -> tuple[str, str, float]:
    """The two colours that look most alike, and how far apart they are."""
    return min(((a, b, delta_e(a, b)) for a, b in combinations(colors, 2)), key=lambda t: t[2])
