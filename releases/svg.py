"""Tiny inline SVG charts, so the quality report needs no plotting library and no CDN."""

from __future__ import annotations

from html import escape

BAR_COLOR = "#2f6f9f"
WARN_COLOR = "#c0392b"


def bar_chart(
    items: list[tuple[str, float]],
    title: str,
    width: int = 640,
    bar_height: int = 18,
    value_format: str = "{:,.0f}",
    highlight: set[str] | None = None,
) -> str:
    """Horizontal bar chart as an <svg> element (labels left, values right)."""
    if not items:
        return f'<p class="empty">{escape(title)}: nothing to show</p>'
    label_w, value_w, gap = 220, 80, 4
    plot_w = width - label_w - value_w
    top = 24
    height = top + len(items) * (bar_height + gap) + 4
    peak = max(v for _, v in items) or 1.0
    rows = []
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_height + gap)
        w = max(1.0, plot_w * value / peak) if value else 0.0
        color = WARN_COLOR if highlight and label in highlight else BAR_COLOR
        rows.append(
            f'<text x="{label_w - 6}" y="{y + bar_height - 5}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{color}">'
            f"<title>{escape(label)}: {escape(value_format.format(value))}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar_height - 5}">'
            f"{escape(value_format.format(value))}</text>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" font-family="sans-serif" font-size="12">'
        f'<text x="0" y="14" font-weight="bold">{escape(title)}</text>' + "".join(rows) + "</svg>"
    )


def share_bar(share: float, width: int = 120, height: int = 10) -> str:
    """A small inline bar for a share between 0 and 1 (e.g. null share of a column)."""
    share = min(1.0, max(0.0, share))
    color = WARN_COLOR if share > 0.05 else BAR_COLOR
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f'<rect width="{width}" height="{height}" fill="#e5e5e5"/>'
        f'<rect width="{width * share:.1f}" height="{height}" fill="{color}"/></svg>'
    )
