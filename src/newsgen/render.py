"""The render stage: Jinja templates into HTML pages, with relative links throughout."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date
from jinja2 import Environment

from . import urls
from .config import Config
from .index import SiteIndex
from .machine import write_machine_readable
from .body_html import article_body
from .charts import Bar, bar_chart, month_span
from .load.markdown import markdown_renderer
from .records import ENTITY_TYPES
from .theme import Theme, format_day, format_month, is_safe_url, make_environment


@dataclass
class Pagination:
    items: list
    number: int
    pages: int
    first_path: str

    def path(self, number: int) -> str:
        return urls.paged(self.first_path, number)

    @property
    def newer(self) -> str | None:
        return self.path(self.number - 1) if self.number > 1 else None

    @property
    def older(self) -> str | None:
        return self.path(self.number + 1) if self.number < self.pages else None


def paginate(items: list, per_page: int, first_path: str) -> list[Pagination]:
    pages = max(1, math.ceil(len(items) / per_page))
    return [Pagination(items[i * per_page:(i + 1) * per_page], i + 1, pages, first_path) for i in range(pages)]


class SiteWriter:
    """Renders templates to files under `out_dir` and remembers what it wrote."""

    def __init__(self, env: Environment, out_dir: Path, common: dict):
        self.env, self.out_dir, self.common = env, out_dir, common
        self.written: list[str] = []

    def page(self, template: str, path: str, **context) -> None:
        html = self.env.get_template(template).render(**self.common, **context, page_path=path)
        target = self.out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.written.append(path)

    def listing(self, template: str, first_path: str, items: list, per_page: int, **context) -> None:
        for pagination in paginate(items, per_page, first_path):
            self.page(template, pagination.path(pagination.number), pagination=pagination, **context)


def render_site(index: SiteIndex, config: Config, out_dir: Path, theme: Theme) -> list[str]:
    env = make_environment(theme, config.language)
    common = {"site": config, "index": index, "entity_types": ENTITY_TYPES, "display_date": _display_date(config)}
    writer = SiteWriter(env, out_dir, common)
    renderer = markdown_renderer(config.allow_html)
    # markdown-it's own check lets data:image/... through; article links and images
    # may only use what safe_url allows (raw HTML under allow_html is the CSP's job)
    renderer.validateLink = is_safe_url
    per_page = config.per_page
    writer.listing("home.html", urls.HOME, index.articles, per_page)
    for item in index.articles:
        body = article_body(item, index, renderer)
        writer.page("article.html", urls.article(item.article.slug), item=item, body=body)
    writer.page("topics.html", urls.TOPICS)
    for topic in index.tags.values():
        writer.listing("listing.html", urls.tag(topic.slug), topic.articles, per_page, heading=topic.name, kind="tag")
    _entity_pages(writer, index, config)
    _timeline_pages(writer, index, config)
    if index.undated:
        writer.listing("listing.html", urls.UNDATED, index.undated, per_page, heading=None, kind="undated")
    writer.page("404.html", urls.NOT_FOUND, absolute_links=True)
    writer.page("search.html", urls.SEARCH)
    writer.page("outlets.html", urls.OUTLETS)
    for topic in index.outlets.values():
        writer.listing("listing.html", urls.outlet(topic.slug), topic.articles, per_page, heading=topic.name, kind="outlet")
    copy_static(theme, out_dir)
    return writer.written + write_machine_readable(index, config, out_dir)


def copy_static(theme: Theme, out_dir: Path) -> None:
    for folder in theme.static_dirs:
        if folder.is_dir():
            shutil.copytree(folder, out_dir / "static", dirs_exist_ok=True)


def _display_date(config: Config):
    def display(article) -> str:
        return format_day(article.date, config.language, article.date_precision)

    return display


def _entity_pages(writer: SiteWriter, index: SiteIndex, config: Config) -> None:
    for entry in index.entities.values():
        page = urls.entity(entry.slug)
        chart = _months_chart(entry.mention_months, page, config.language, writer.env.globals["t"]("mentions"))
        writer.listing("entity.html", page, entry.articles, config.per_page, entry=entry, chart=chart)
    for entity_type in ENTITY_TYPES:
        writer.page("entity_type.html", urls.entity_type(entity_type), entity_type=entity_type, a_to_z=False)
        writer.page("entity_type.html", urls.entity_type(entity_type, True), entity_type=entity_type, a_to_z=True)


def _timeline_pages(writer: SiteWriter, index: SiteIndex, config: Config) -> None:
    per_page, language = config.per_page, config.language
    label = writer.env.globals["t"]("articles")
    counts = {month: len(items) for month, items in index.months.items()}
    writer.page("timeline.html", urls.TIMELINE, chart=_months_chart(counts, urls.TIMELINE, language, label))
    for year in index.years:
        in_year = {m: n for m, n in counts.items() if m[0] == year}
        full_year = {(year, m): in_year.get((year, m), 0) for m in range(1, 13)}
        chart = _months_chart(full_year, urls.year(year), language, label, link_empty=False)
        writer.page("year.html", urls.year(year), year=year, chart=chart)
    for (year, month), items in index.months.items():
        days = {d: v for d, v in index.days.items() if d[:2] == (year, month)}
        writer.listing("listing.html", urls.month(year, month), items, per_page, heading=(year, month), kind="month",
                       days=days)
    for (year, month, day), items in index.days.items():
        writer.listing("listing.html", urls.day(dt.date(year, month, day)), items, per_page,
                       heading=dt.date(year, month, day), kind="day")
    writer.page("events.html", urls.EVENTS)
    for year, dates in index.event_years.items():
        writer.page("events_year.html", urls.events_year(year), year=year, dates=dates)


def _months_chart(counts: dict, page: str, language: str, unit: str, link_empty: bool = True):
    """Bars per month from the first to the last month in `counts`, linked to the month pages."""
    if not counts:
        return None
    months = month_span(min(counts), max(counts))
    bars = []
    for year, month in months:
        value = counts.get((year, month), 0)
        title = f"{format_month((year, month), language)}: {value} {unit}"
        href = urls.relative(urls.month(year, month), page) if value or link_empty else None
        label = format_date(dt.date(year, month, 1), "MMM", locale=language) if len(months) <= 24 else ""
        bars.append(Bar(label, value, title, href if value else None))
    caption = f"{unit}: {format_month(months[0], language)} – {format_month(months[-1], language)}"
    return bar_chart(bars, caption)
