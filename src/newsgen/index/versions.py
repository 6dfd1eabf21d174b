"""Versions: short hashes of what a page shows, so unchanged pages are not rendered again.

Also the days of articles, which entity pages and the open data ask for per entity: worked out once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
from dataclasses import fields
from operator import attrgetter

from ..records import Article, TaggedArticle, date_fields, entity_fields

# The article's long texts are hashed as they are; repr would first copy them, escaping each character.
# The mentions (millions of short tuples) are marshalled: twice as fast as repr. Version 2, because
# later ones mark strings shared or interned, and equal mentions must give equal bytes.
_MARSHAL_VERSION = 2
_LONG_FIELDS = ("body", "markdown_source")
_SHORT_FIELDS = attrgetter(*(f.name for f in fields(Article) if f.name not in _LONG_FIELDS))
_ITEM_SLUG = attrgetter("article.slug")


def article_versions(articles: list[TaggedArticle]) -> dict[str, str]:
    """A hash per article slug of everything the article's record holds after tagging."""
    return {item.article.slug: article_version(item) for item in articles}


def article_days(articles: list[TaggedArticle]) -> dict[str, dt.date | None]:
    """Each article's day by slug, for pages that ask for it per entity (~500,000 times at 10,000 articles):
    Article.day is a property that works it out each time."""
    return {item.article.slug: item.article.day for item in articles}


def first_and_last_seen(articles: list[TaggedArticle], day_of: dict[str, dt.date | None]) -> tuple:
    """The first article in the list with the earliest day, and the first with the latest; (None, None) if none is dated.

    `day_of` is article_days(): each article's day by slug."""
    days = list(map(day_of.__getitem__, map(_ITEM_SLUG, articles)))  # map and list.index: in C, for ~250,000 articles
    dated = list(filter(None, days))  # a date is never false
    if not dated:
        return None, None
    return articles[days.index(min(dated))].article, articles[days.index(max(dated))].article


def article_version(item: TaggedArticle) -> str:
    article = item.article
    # repr, not pickle: pickle's bytes depend on which equal strings are one object
    digest = hashlib.sha1(repr(_SHORT_FIELDS(article)).encode())
    # what follows is framed by its length; repr never writes a NUL, so where it ends is unambiguous
    _add_framed(digest, article.body.encode("utf-8", "surrogatepass"))
    _add_framed(digest, marshal.dumps((list(map(entity_fields, item.entities)), list(map(date_fields, item.dates))),
                                      _MARSHAL_VERSION))
    if article.markdown_source is not None:
        _add_framed(digest, article.markdown_source)
    return digest.hexdigest()[:16]


def _add_framed(digest, data: bytes) -> None:
    digest.update(b"\0%d\0" % len(data))
    digest.update(data)
