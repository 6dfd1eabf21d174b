"""Bar charts as inline SVG, made at build time: no JavaScript, styled by the theme's CSS classes."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT, GAP, MAX_SLOT = 640, 120, 2, 44
VALUE_SPACE, LABEL_SPACE = 14, 18  # above the bars for the counts, below them a line of labels
# slim bars (few months) keep their labels on a phone, where the stylesheet enlarges them: more room
SLIM_VALUE_SPACE, SLIM_LABEL_SPACE = 22, 26


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar (may be empty)
    value: int
    title: str  # tooltip and accessible name
    href: str | None = None
    sublabel: str = ""  # a second line under the label (the year, under a chart's first month and each January)


def bar_chart(bars: list[Bar], caption: str) -> Markup:
    # plain f-strings with explicit escaping: Markup.format costs ten times as much,
    # and an archive draws thousands of these
    if not bars:
        return Markup("")
    top = max(b.value for b in bars) or 1
    slot = min(WIDTH / len(bars), MAX_SLOT)  # few bars stay slim, left-aligned
    caption_html = escape(caption)
    if slot >= MAX_SLOT:
        kind, spaces = "chart chart-slim", (SLIM_VALUE_SPACE, SLIM_LABEL_SPACE)
    else:
        kind, spaces = "chart", (VALUE_SPACE, LABEL_SPACE)
    labels = spaces[1] * (2 if any(b.sublabel for b in bars) else 1)
    parts = [
        f'<svg class="{kind}" viewBox="0 0 {WIDTH} {spaces[0] + HEIGHT + labels}" role="group" '
        f'aria-label="{caption_html}"><title>{caption_html}</title>'
    ]
    for i, bar in enumerate(bars):
        parts.append(_bar(i, bar, slot, top, *spaces))
    parts.append("</svg>")
    return Markup("".join(parts))


def _bar(i: int, bar: Bar, slot: float, top: int, value_space: int, label_space: int) -> str:
    height = round(HEIGHT * bar.value / top, 1)
    bar_top = round(value_space + HEIGHT - height, 1)
    middle = round(i * slot + slot / 2, 1)
    html = (f'<rect x="{round(i * slot + GAP / 2, 1)}" y="{bar_top}" width="{round(max(slot - GAP, 1), 1)}" '
            f'height="{height}"><title>{escape(bar.title)}</title></rect>')
    if bar.href:
        html = f'<a href="{escape(bar.href)}">{html}</a>'
    if bar.value and bar.label:  # labelled charts are few bars wide: there is room for the count
        html += f'<text class="value" x="{middle}" y="{round(bar_top - 3, 1)}" text-anchor="middle">{bar.value}</text>'
    if bar.label:
        html += (f'<text x="{middle}" y="{value_space + HEIGHT + label_space - 4}" text-anchor="middle">'
                 f'{escape(bar.label)}</text>')
    if bar.sublabel:
        html += (f'<text x="{middle}" y="{value_space + HEIGHT + 2 * label_space - 6}" text-anchor="middle">'
                 f'{escape(bar.sublabel)}</text>')
    return html


def month_span(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (year, month) from first to last inclusive, so empty months show as gaps."""
    months, (year, month) = [], first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
