"""The render stage: Jinja templates into HTML pages, with relative links throughout."""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup, escape

from . import urls
from .config import Config
from .index import SiteIndex
from .machine import write_machine_readable
from .load.markdown import linked_html, markdown_renderer
from .records import ENTITY_TYPES, EntityMention, TaggedArticle
from .theme import Theme, format_day, is_safe_url, make_environment


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
        body = _article_body(item, index, renderer)
        writer.page("article.html", urls.article(item.article.slug), item=item, body=body)
    writer.page("topics.html", urls.TOPICS)
    for topic in index.tags.values():
        writer.listing("listing.html", urls.tag(topic.slug), topic.articles, per_page, heading=topic.name, kind="tag")
    for entry in index.entities.values():
        writer.listing("entity.html", urls.entity(entry.slug), entry.articles, per_page, entry=entry)
    writer.page("timeline.html", urls.TIMELINE)
    for (year, month), items in index.months.items():
        writer.listing("listing.html", urls.month(year, month), items, per_page, heading=(year, month), kind="month")
    if index.undated:
        writer.listing("listing.html", urls.UNDATED, index.undated, per_page, heading=None, kind="undated")
    writer.page("404.html", urls.NOT_FOUND, absolute_links=True)
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


def _article_body(item: TaggedArticle, index: SiteIndex, renderer) -> Markup:
    """The body with the first mention of each entity linked to its page."""
    article = item.article
    page = urls.article(article.slug)
    to_link = _first_mentions(item.entities)

    def link_text(text: str, offset: int) -> Markup:
        inside = [m for m in to_link if offset <= m.start and m.end <= offset + len(text)]
        return _linked(text, offset, inside, index, page)

    if article.body_markdown is not None:
        return Markup(linked_html(article.body_markdown, renderer, link_text))
    paragraphs, start = [], 0
    for text in article.body.split("\n"):
        if text.strip():
            paragraphs.append(Markup("<p>{}</p>").format(link_text(text, start)))
        start += len(text) + 1
    return Markup("\n").join(paragraphs)


def _first_mentions(mentions: list[EntityMention]) -> list[EntityMention]:
    # linking every "Rusia" makes a paragraph look busy; the first one is enough
    seen, first = set(), []
    for mention in sorted(mentions, key=lambda m: m.start):
        if (mention.canonical, mention.type) not in seen:
            seen.add((mention.canonical, mention.type))
            first.append(mention)
    return first


def _linked(text: str, offset: int, mentions: list[EntityMention], index: SiteIndex, page: str) -> Markup:
    parts, cursor = [], 0
    for mention in mentions:
        begin, finish = mention.start - offset, mention.end - offset
        if begin < cursor:
            continue  # overlapping spans are not expected; keep the first
        href = urls.relative(urls.entity(index.entity_link_slug(mention.canonical, mention.type)), page)
        parts.append(escape(text[cursor:begin]))
        parts.append(
            Markup('<a class="entity entity-{}" href="{}">{}</a>').format(mention.type, href, text[begin:finish])
        )
        cursor = finish
    parts.append(escape(text[cursor:]))
    return Markup("").join(parts)
