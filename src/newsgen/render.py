"""The render stage: Jinja templates into HTML pages, with relative links throughout."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from pathlib import Path

from jinja2 import Environment

from . import code_digest, urls
from .config import Config
from .index import SiteIndex
from .index.events import articles_mentioning
from .page_writer import PageJob, PreviousSite, WriteResult, deps_digest, page_key, write_if_changed, write_pages
from .machine import write_feeds_and_sitemap
from .article_links import ArticleFiles
from .body_html import article_body
from .charts import Bar, bar_chart, month_span
from .load.markdown import markdown_renderer
from .records import ENTITY_TYPES
from .theme import Theme, format_day, format_month, formatted_date, is_safe_url, make_environment


# An entity page shows its latest dates, a few sentences each, and links to the rest on the
# event timeline: listing all of them made pages of megabytes for names said every day.
ENTITY_EVENT_DATES, ENTITY_EVENT_QUOTES = 10, 3
TEMPLATE_CACHE = "templates"  # in the cache folder: the templates' compiled code (see make_environment)
_MENTION_ARTICLE = attrgetter("article")
_PARAGRAPH = attrgetter("paragraph")


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


def page_count(items: list, per_page: int) -> int:
    return max(1, math.ceil(len(items) / per_page))


def page_of(items: list, per_page: int, number: int, first_path: str) -> Pagination:
    """Page `number` (from 1) of `items`."""
    start = (number - 1) * per_page
    return Pagination(items[start:start + per_page], number, page_count(items, per_page), first_path)


def paginate(items: list, per_page: int, first_path: str) -> list[Pagination]:
    return [page_of(items, per_page, number, first_path) for number in range(1, page_count(items, per_page) + 1)]


class SitePlan:
    """Collects the pages to write, each with what it depends on (see page_writer)."""

    def __init__(self, articles: list, versions: dict[str, str], site_key: str, previous: PreviousSite | None = None,
                 faces: dict[str, str] | None = None):
        """`versions` key an article's own page, `faces` (index/faces.py; the versions when None) its
        place on every other page."""
        self.jobs: list[PageJob] = []
        self.paths: set[str] = set()
        self.versions = versions
        self.previous_keys = previous.keys if previous else {}
        self.previous_groups = previous.groups if previous else {}
        self.groups: dict[str, str] = {}  # first page path -> group key, of listings planned with a digest
        # each article's version by its object's id: every listing names the index's own article objects,
        # and an int key is found faster than a slug behind two attributes (0.3 s of planning at 10,000)
        shown = faces or versions
        self._version_of_object = {id(item): shown[item.article.slug] for item in articles}
        self.site_digest = hashlib.sha1(site_key.encode())
        self.site_hex = self.site_digest.hexdigest()

    def versions_of(self, items) -> tuple:
        """The faces of these articles (TaggedArticle objects of the index), in order: what a page other
        than their own shows of them."""
        # map, not a generator: this runs for every article of every listing, ~500,000 times
        return tuple(map(self._version_of_object.__getitem__, map(id, items)))

    def mentions_shown(self, mentions: list) -> tuple:
        """(article version, paragraph) of each EventMention: what a list of quoted dates shows of it."""
        return tuple(zip(self.versions_of(map(_MENTION_ARTICLE, mentions)), map(_PARAGRAPH, mentions)))

    def page(self, template: str, path: str, deps: tuple | str = (), **context) -> None:
        self._plan(template, path, deps, context)

    def _plan(self, template: str, path: str, deps: tuple | str, context) -> None:
        if path in self.paths:  # one page would overwrite the other, and links to it would show the wrong one
            raise ValueError(f"two pages planned at {path}: a URL rule in urls.py makes one path for two pages")
        self.paths.add(path)
        self.jobs.append(PageJob(template, path, context, page_key(self.site_digest, template, path, deps)))

    def listing(self, template: str, first_path: str, items: list, per_page: int, deps: tuple = (),
                first_page_deps: tuple = (), digest: bytes | None = None, make_context=None, **context) -> None:
        """Pages of `items`, `per_page` a page. `digest`, a digest of the items' faces in order
        (EntityEntry.digest), makes the listing a group: when its group key is the last build's, every
        page's key is too, and the pages are planned with those keys without being worked out again.
        A group's `deps` must follow from its digest, and may be a function that makes them: it is
        called only when the pages are planned anew. `make_context()`: the pages' context (then instead
        of `context`), made only for pages that are rendered."""
        if digest is not None:
            group = self.groups[first_path] = hashlib.sha1(
                f"{self.site_hex}\0{template}\0{first_path}\0{per_page}\0{digest.hex()}\0{first_page_deps!r}"
                .encode("utf-8", "surrogatepass")).hexdigest()
            if self.previous_groups.get(first_path) == group and self._reuse(template, first_path, items, per_page,
                                                                              make_context):
                return
        shared = deps_digest(deps() if callable(deps) else deps)  # entities' deps are long, and a listing may have many pages
        for pagination in paginate(items, per_page, first_path):
            shown = "".join(self.versions_of(pagination.items))  # versions have one width: joined, still unambiguous
            extra = first_page_deps if pagination.number == 1 else ()
            page_context = (partial(_listing_context, make_context, items, per_page, pagination.number, first_path)
                            if make_context else {**context, "pagination": pagination})
            self._plan(template, pagination.path(pagination.number),
                       (shared, extra, shown, pagination.number, pagination.pages), page_context)

    def _reuse(self, template: str, first_path: str, items: list, per_page: int, make_context) -> bool:
        """Plan an unchanged listing's pages with the last build's keys; False when one of them has none."""
        paths = [urls.paged(first_path, number) for number in range(1, page_count(items, per_page) + 1)]
        keys = list(map(self.previous_keys.get, paths))
        if None in keys or not self.paths.isdisjoint(paths):
            return False
        self.paths.update(paths)
        for number, (path, key) in enumerate(zip(paths, keys), start=1):
            self.jobs.append(PageJob(template, path, partial(_listing_context, make_context, items, per_page, number,
                                                             first_path), key))
        return True


def _listing_context(make_context, items: list, per_page: int, number: int, first_path: str) -> dict:
    """The context of page `number` of a listing given make_context (SitePlan.listing), when it is rendered."""
    return {**make_context(), "pagination": page_of(items, per_page, number, first_path)}


class Lazy:
    """HTML made only when a template prints it: unchanged pages never pay for it."""

    def __init__(self, make, *args):
        self.make, self.args = make, args

    def __html__(self) -> str:
        return str(self.make(*self.args) or "")

    def __bool__(self) -> bool:
        return True


def render_site(index: SiteIndex, config: Config, out_dir: Path, theme: Theme,
                previous: PreviousSite | None = None, processes: int = 1) -> WriteResult:
    env = make_environment(theme, config.language, config.cache_dir / TEMPLATE_CACHE)
    common = {"site": config, "index": index, "entity_types": ENTITY_TYPES, "display_date": _display_date(config)}
    renderer = markdown_renderer(config.allow_html)
    # markdown-it's own check lets data:image/... through; article links and images
    # may only use what safe_url allows (raw HTML under allow_html is the CSP's job)
    renderer.validateLink = is_safe_url
    plan = SitePlan(index.articles, index.versions, site_key(config, theme), previous, index.faces)
    _article_pages(plan, index, config, renderer)
    _topic_pages(plan, index, config)
    _entity_pages(plan, index, config, env)
    _timeline_pages(plan, index, config, env)
    plan.page("404.html", urls.NOT_FOUND, absolute_links=True)
    plan.page("search.html", urls.SEARCH)
    result = write_pages(plan.jobs, env, common, out_dir, previous, processes)
    result.groups = plan.groups
    copy_static(theme, out_dir, previous)
    write_feeds_and_sitemap(index, config, out_dir)
    return result


def site_key(config: Config, theme: Theme) -> str:
    """Everything every page depends on: newsgen, the config, the theme's files."""
    digest = hashlib.sha1(code_digest().encode())
    digest.update(repr(sorted((k, str(v)) for k, v in vars(config).items())).encode())
    for folder in theme.template_dirs:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _article_pages(plan: SitePlan, index: SiteIndex, config: Config, renderer) -> None:
    plan.listing("home.html", urls.HOME, index.articles, config.per_page)
    # each entity's and topic's link as one string, and an article's deps joined of them in C: tuples
    # were a third of planning the article pages (their repr); versions have one width
    link_of = {id(entry): f"{entry.slug}\0{entry.name}" for entry in index.entities.values()}
    link_of.update((id(topic), f"{topic.slug}\0{topic.name}") for topic in index.tags.values())
    files = ArticleFiles([item.article for item in index.articles])
    for item in index.articles:
        slug = item.article.slug
        deps = "\x1e".join((
            plan.versions[slug],
            "".join(plan.versions_of(index.related[slug])),
            "\x1f".join(map(link_of.__getitem__, map(id, index.article_entities(item)))),
            "\x1f".join(map(link_of.__getitem__, map(id, index.article_topics[slug]))),
            files.targets(item.article),
        ))
        plan.page("article.html", urls.article(slug), deps, item=item,
                  body=Lazy(article_body, item, index, renderer, files))


def _topic_pages(plan: SitePlan, index: SiteIndex, config: Config) -> None:
    counts = lambda topics: tuple((t.slug, t.name, len(t.articles)) for t in topics.values())  # noqa: E731
    entity_counts = tuple((e.slug, e.name, e.type, len(e.articles)) for e in index.entities.values())
    plan.page("topics.html", urls.TOPICS, (counts(index.tags), entity_counts))
    for topic in index.tags.values():
        plan.listing("listing.html", urls.tag(topic.slug), topic.articles, config.per_page, (topic.name,),
                     heading=topic.name, kind="tag")
    if index.undated:
        plan.listing("listing.html", urls.UNDATED, index.undated, config.per_page, heading=None, kind="undated")
    plan.page("outlets.html", urls.OUTLETS, (counts(index.outlets),))
    for topic in index.outlets.values():
        plan.listing("listing.html", urls.outlet(topic.slug), topic.articles, config.per_page, (topic.name,),
                     heading=topic.name, kind="outlet")


def copy_static(theme: Theme, out_dir: Path, previous: PreviousSite | None = None) -> None:
    """The theme's static files, then the user's over them; unchanged ones keep their previous file."""
    for folder in theme.static_dirs:
        for source in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if source.is_file():
                relative = Path("static") / source.relative_to(folder)
                target = out_dir / relative
                if target.exists():
                    target.unlink()  # a user's file replaces the theme's
                write_if_changed(target, source.read_bytes(), previous.folder / relative if previous else None)


def _display_date(config: Config):
    def display(article) -> str:
        return format_day(article.date, config.language, article.date_precision)

    return display


def _entity_pages(plan: SitePlan, index: SiteIndex, config: Config, env: Environment) -> None:
    unit = env.globals["t"]("mentions")
    link_of = {entry.slug: f"{entry.slug}\0{entry.name}" for entry in index.entities.values()}
    for entry in index.entities.values():
        page = urls.entity(entry.slug)
        # the first page adds what is made from all its articles (entry.digest: their faces): the chart
        # and the latest dates; and its companions, as one string (a tuple of theirs took longer to make and repr)
        companions = "\x1f".join([f"{link_of[slug]}\0{n}" for slug, n in entry.co_mentions])
        first_page_deps = (entry.digest, companions)
        plan.listing("entity.html", page, entry.articles, config.per_page, partial(_entity_deps, entry), first_page_deps,
                     entry.digest, partial(_entity_context, entry, page, config.language, unit))
    for entity_type in ENTITY_TYPES:
        deps = tuple((e.slug, e.name, len(e.articles), e.mentions) for e in index.entities_of_type(entity_type))
        plan.page("entity_type.html", urls.entity_type(entity_type), deps, entity_type=entity_type, a_to_z=False)
        plan.page("entity_type.html", urls.entity_type(entity_type, True), deps, entity_type=entity_type, a_to_z=True)


def _entity_deps(entry) -> tuple:
    """What every page of the entity shows (each page adds the faces of its own articles); all of it
    follows from its name, type and articles' faces (its digest)."""
    return (entry.name, entry.type, entry.mentions, len(entry.articles), tuple(entry.aliases),
            *(_date_shown(seen_in) for seen_in in (entry.first_seen_in, entry.last_seen_in)))


def _entity_context(entry, page: str, language: str, unit: str) -> dict:
    return {"entry": entry, "chart": Lazy(_months_chart, entry.mention_months, page, language, unit),
            "events": entry.latest_events(ENTITY_EVENT_DATES), "event_quotes": ENTITY_EVENT_QUOTES}


def _date_shown(article) -> tuple | None:
    """What a page shows of an article's date: the day, how precise it is, and whether it was estimated."""
    return (article.day, article.date_precision, article.date_source == "inferred") if article else None


def _timeline_pages(plan: SitePlan, index: SiteIndex, config: Config, env: Environment) -> None:
    per_page, language = config.per_page, config.language
    label = env.globals["t"]("articles")
    counts = {month: len(items) for month, items in index.months.items()}
    overview = (tuple(counts.items()), len(index.undated))
    plan.page("timeline.html", urls.TIMELINE, overview, chart=Lazy(_months_chart, counts, urls.TIMELINE, language, label))
    for year in index.years:
        full_year = {(year, m): counts.get((year, m), 0) for m in range(1, 13)}
        chart = Lazy(_months_chart, full_year, urls.year(year), language, label, False)
        plan.page("year.html", urls.year(year), tuple(full_year.items()), year=year, chart=chart)
    days_of: dict = {}
    for key, items in index.days.items():
        days_of.setdefault(key[:2], {})[key] = items
    for (year, month), items in index.months.items():
        days = days_of.get((year, month), {})
        plan.listing("listing.html", urls.month(year, month), items, per_page, (overview, tuple((d, len(v)) for d, v in days.items())),
                     heading=(year, month), kind="month", days=days)
    for (year, month, day), items in index.days.items():
        plan.listing("listing.html", urls.day(dt.date(year, month, day)), items, per_page,
                     heading=dt.date(year, month, day), kind="day")
    event_years, event_months = index.event_years, index.event_months
    plan.page("events.html", urls.EVENTS, tuple((y, len(d), articles_mentioning(d)) for y, d in event_years.items()))
    # a year's page lists its months and the dates said only to the year; the rest are on month pages,
    # where an edit re-renders a month (a busy year of an archive of 10,000 made a page of 4 MB)
    for year, dates in event_years.items():
        months = {key: month_dates for key, month_dates in event_months.items() if key[0] == year}
        whole_year = [d for d in dates if d.month is None]
        deps = (tuple((key, len(d), articles_mentioning(d)) for key, d in months.items()),
                tuple((d.value, plan.mentions_shown(d.mentions)) for d in whole_year))
        plan.page("events_year.html", urls.events_year(year), deps, year=year, dates=whole_year, months=months)
    for (year, month), dates in event_months.items():
        deps = tuple((d.value, plan.mentions_shown(d.mentions)) for d in dates)
        plan.page("events_month.html", urls.events_month(year, month), deps, year=year, month=month, dates=dates)


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
        label = formatted_date(dt.date(year, month, 1), "MMM", language) if len(months) <= 24 else ""
        # the year under the first month and each January, so a chart that spans a new year says which
        sublabel = str(year) if label and (month == 1 or (year, month) == months[0]) else ""
        bars.append(Bar(label, value, title, href if value else None, sublabel))
    caption = f"{unit}: {format_month(months[0], language)} – {format_month(months[-1], language)}"
    return bar_chart(bars, caption)
