"""Atom feeds, sitemap.xml and robots.txt: the outputs that need absolute URLs (base_url).

Written with the standard library's xml.etree: Atom and the sitemap protocol are a
handful of elements each, ElementTree escapes text and attributes, and feedparser
checks the result in the tests. feedgen would add lxml and dateutil for no gain.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from . import urls
from .config import Config
from .index import SiteIndex
from .records import Article, TaggedArticle

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_SIZE = 50  # entries per feed, newest first
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (the protocol's limit)
SUMMARY_LENGTH = 300  # characters of the lede when an article has no summary
STATED = ("front_matter", "text")  # date sources that are facts, not estimates

# Characters XML 1.0 cannot carry at all, not even escaped (C0 controls but tab,
# newline, carriage return; lone surrogates; U+FFFE/U+FFFF). A clipping may hold them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def dated(items: list[TaggedArticle]) -> list[TaggedArticle]:
    """The articles a feed may hold: those with a date (stated or estimated), in the given order."""
    return [item for item in items if item.article.date is not None]


def timestamp(article: Article, config: Config) -> dt.datetime:
    """The article's date as an aware datetime: a bare day is midnight in the config's time zone."""
    value = article.date
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(), tzinfo=config.tz)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=config.tz)
    return value.replace(microsecond=0)


def rfc3339(value: dt.datetime) -> str:
    return value.isoformat()


def summary_of(article: Article, length: int = SUMMARY_LENGTH) -> str:
    """The front-matter summary, else the lede cut at a word to about `length` characters."""
    if article.summary:
        return article.summary
    lede = next(iter(article.paragraphs), "").strip()
    if len(lede) <= length:
        return lede
    cut = lede[:length].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


# ---------------------------------------------------------------- Atom


def write_feeds(index: SiteIndex, config: Config, out_dir: Path) -> None:
    """The site feed and one feed per tag and per entity."""
    base = config.base_url
    assert base, "feeds need base_url"
    # an empty feed still needs <updated>: the site's newest date keeps builds reproducible
    newest = dated(index.articles)
    fallback = timestamp(newest[0].article, config) if newest else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    feeds = [(urls.FEED, urls.HOME, config.title, index.articles)]
    feeds += [(urls.tag_feed(t.slug), urls.tag(t.slug), f"{t.name} · {config.title}", t.articles)
              for t in index.tags.values()]
    feeds += [(urls.entity_feed(e.slug), urls.entity(e.slug), f"{e.name} · {config.title}", e.articles)
              for e in index.entities.values()]
    entries: dict[str, ET.Element] = {}  # one element per article, shared by the feeds it is in
    for path, page, title, items in feeds:
        tree = atom_feed(index, config, path, page, title, dated(items)[:FEED_SIZE], fallback, entries)
        _write_xml(tree, out_dir / path, ATOM_NS)


def atom_feed(index: SiteIndex, config: Config, path: str, page: str, title: str,
              items: list[TaggedArticle], fallback: dt.datetime,
              entries: dict[str, ET.Element] | None = None) -> ET.Element:
    base = config.base_url
    feed = ET.Element("feed", {XML_LANG: config.language})
    _sub(feed, "id", urls.absolute(path, base))
    _sub(feed, "title", title)
    if config.description:
        _sub(feed, "subtitle", config.description)
    stamps = [timestamp(item.article, config) for item in items]
    _sub(feed, "updated", rfc3339(max(stamps, default=fallback)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=urls.absolute(path, base))
    _sub(feed, "link", rel="alternate", type="text/html", href=urls.absolute(page, base))
    author = _sub(feed, "author")  # entries without an author or outlet fall back to it
    _sub(author, "name", config.title)
    _sub(feed, "generator", "newsgen")
    entries = {} if entries is None else entries
    for item, stamp in zip(items, stamps):
        slug = item.article.slug
        if slug not in entries:
            entries[slug] = atom_entry(index, config, item, stamp)
        feed.append(entries[slug])
    return feed


def atom_entry(index: SiteIndex, config: Config, item: TaggedArticle, stamp: dt.datetime) -> ET.Element:
    base, article = config.base_url, item.article
    url = urls.absolute(urls.article(article.slug), base)
    entry = ET.Element("entry", {XML_LANG: article.language})
    _sub(entry, "id", url)  # slugs are stable (path or front matter), so the URL is a lasting id
    _sub(entry, "title", article.full_title or article.title)
    _sub(entry, "link", rel="alternate", type="text/html", href=url)
    _sub(entry, "updated", rfc3339(stamp))
    if article.date_source in STATED:
        _sub(entry, "published", rfc3339(stamp))  # an estimate is no publication date
    summary = summary_of(article)
    if summary:
        _sub(entry, "summary", summary)
    for name in (article.author, article.outlet):
        if name:
            _sub(_sub(entry, "author"), "name", name)
    for tag in article.tags:
        _sub(entry, "category", term=tag, scheme=urls.absolute(_folder(urls.tag("x")), base))
    for entity in index.article_entities(item):
        _sub(entry, "category", term=entity.name, label=f"{entity.name} ({entity.type})",
             scheme=urls.absolute(_folder(urls.entity(entity.slug)), base))
    return entry


def _folder(path: str) -> str:
    """The folder a kind of page lives in ("topics/"): the category scheme of tags and of entities."""
    return path.rsplit("/", 1)[0] + "/"


def _sub(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, name, {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _write_xml(root: ET.Element, target: Path, namespace: str) -> None:
    ET.indent(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    root.set("xmlns", namespace)  # children are unqualified: ElementTree's default_namespace rejects plain attributes
    ET.ElementTree(root).write(target, encoding="utf-8", xml_declaration=True)


# ---------------------------------------------------------------- sitemap and robots.txt


def html_pages(out_dir: Path) -> list[str]:
    """Every page of the built site, as output paths; 404.html and the theme's static files are no pages."""
    pages = []
    for path in out_dir.rglob("*.html"):
        relative = path.relative_to(out_dir).as_posix()
        if relative != urls.NOT_FOUND and not relative.startswith(urls.static("")):
            pages.append(relative)
    return sorted(pages)


def last_modified(index: SiteIndex) -> dict[str, dt.date]:
    """Output path -> the newest stated date of what the page shows, where there is one."""
    def newest(items: list[TaggedArticle]) -> dt.date | None:
        days = [i.article.day for i in items if i.article.day is not None and i.article.date_source in STATED]
        return max(days, default=None)

    pages: dict[str, list[TaggedArticle]] = {urls.HOME: index.articles}
    pages.update({urls.article(i.article.slug): [i] for i in index.articles})
    pages.update({urls.tag(t.slug): t.articles for t in index.tags.values()})
    pages.update({urls.outlet(t.slug): t.articles for t in index.outlets.values()})
    pages.update({urls.entity(e.slug): e.articles for e in index.entities.values()})
    pages.update({urls.month(y, m): items for (y, m), items in index.months.items()})
    found = {path: newest(items) for path, items in pages.items()}
    return {path: day for path, day in found.items() if day is not None}


def write_sitemap(index: SiteIndex, config: Config, out_dir: Path) -> None:
    """sitemap.xml listing every HTML page (a sitemap index over parts beyond 50,000 URLs) and robots.txt."""
    base = config.base_url
    assert base, "the sitemap needs base_url"
    lastmod = last_modified(index)
    pages = html_pages(out_dir)
    parts = [pages[i:i + SITEMAP_LIMIT] for i in range(0, len(pages), SITEMAP_LIMIT)] or [[]]
    if len(parts) == 1:
        _write_xml(_urlset(parts[0], lastmod, base), out_dir / urls.SITEMAP, SITEMAP_NS)
    else:
        root = ET.Element("sitemapindex")
        for number, part in enumerate(parts, 1):
            _write_xml(_urlset(part, lastmod, base), out_dir / urls.sitemap_part(number), SITEMAP_NS)
            ET.SubElement(ET.SubElement(root, "sitemap"), "loc").text = (
                urls.absolute(urls.sitemap_part(number), base))
        _write_xml(root, out_dir / urls.SITEMAP, SITEMAP_NS)
    (out_dir / urls.ROBOTS).write_text(
        f"User-agent: *\nDisallow:\n\nSitemap: {urls.absolute(urls.SITEMAP, base)}\n", encoding="utf-8")


def _urlset(pages: list[str], lastmod: dict[str, dt.date], base: str) -> ET.Element:
    root = ET.Element("urlset")
    for page in pages:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = urls.absolute(page, base)
        if page in lastmod:
            ET.SubElement(url, "lastmod").text = lastmod[page].isoformat()
    return root
