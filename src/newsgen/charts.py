"""Bar charts as inline SVG, made at build time: no JavaScript, styled by the theme's CSS classes."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT, GAP, LABEL_SPACE, MAX_SLOT = 640, 120, 2, 18, 44
VALUE_SPACE = 14  # above the bars, for the counts


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar (may be empty)
    value: int
    title: str  # tooltip and accessible name
    href: str | None = None


def bar_chart(bars: list[Bar], caption: str) -> Markup:
    if not bars:
        return Markup("")
    top = max(b.value for b in bars) or 1
    slot = min(WIDTH / len(bars), MAX_SLOT)  # few bars stay slim, left-aligned
    parts = [
        Markup('<svg class="chart" viewBox="0 0 {w} {h}" role="group" aria-label="{c}">')
        .format(w=WIDTH, h=VALUE_SPACE + HEIGHT + LABEL_SPACE, c=caption),
        Markup("<title>{}</title>").format(caption),
    ]
    for i, bar in enumerate(bars):
        height = round(HEIGHT * bar.value / top, 1)
        bar_top = round(VALUE_SPACE + HEIGHT - height, 1)
        middle = round(i * slot + slot / 2, 1)
        rect = Markup('<rect x="{x}" y="{y}" width="{w}" height="{h}"><title>{t}</title></rect>').format(
            x=round(i * slot + GAP / 2, 1), y=bar_top, w=round(max(slot - GAP, 1), 1), h=height, t=bar.title,
        )
        if bar.href:
            rect = Markup('<a href="{}">{}</a>').format(bar.href, rect)
        parts.append(rect)
        if bar.value and bar.label:  # labelled charts are few bars wide: there is room for the count
            parts.append(Markup('<text class="value" x="{x}" y="{y}" text-anchor="middle">{v}</text>').format(
                x=middle, y=round(bar_top - 3, 1), v=bar.value))
        if bar.label:
            parts.append(Markup('<text x="{x}" y="{y}" text-anchor="middle">{t}</text>').format(
                x=middle, y=VALUE_SPACE + HEIGHT + LABEL_SPACE - 4, t=escape(bar.label)))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def month_span(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (year, month) from first to last inclusive, so empty months show as gaps."""
    months, (year, month) = [], first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
