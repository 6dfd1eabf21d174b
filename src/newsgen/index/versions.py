"""Versions: short hashes of what a page shows, so unchanged pages are not rendered again."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import fields
from operator import attrgetter

from ..records import Article, TaggedArticle, date_fields, entity_fields

# The article's long texts are hashed as they are; repr would first copy them, escaping each character.
_LONG_FIELDS = ("body", "markdown_source")
_SHORT_FIELDS = attrgetter(*(f.name for f in fields(Article) if f.name not in _LONG_FIELDS))


def article_versions(articles: list[TaggedArticle]) -> dict[str, str]:
    """A hash per article slug of everything the article's record holds after tagging."""
    return {item.article.slug: article_version(item) for item in articles}


def article_days(articles: list[TaggedArticle]) -> dict[str, dt.date | None]:
    """Each article's day by slug, for pages that ask for it per entity (~500,000 times at 10,000 articles):
    Article.day is a property that works it out each time."""
    return {item.article.slug: item.article.day for item in articles}


def article_version(item: TaggedArticle) -> str:
    article = item.article
    # repr, not pickle: pickle's bytes depend on which equal strings are one object;
    # plain tuples: a dataclass's generated repr is several times slower, and there are millions
    short = (_SHORT_FIELDS(article), list(map(entity_fields, item.entities)), list(map(date_fields, item.dates)))
    digest = hashlib.sha1(repr(short).encode())
    body = article.body.encode("utf-8", "surrogatepass")
    _add_framed(digest, body)  # repr never writes a NUL, so the framing after it is unambiguous
    if article.markdown_source is not None:
        _add_framed(digest, article.markdown_source)
    return digest.hexdigest()[:16]


def _add_framed(digest, data: bytes) -> None:
    digest.update(b"\0%d\0" % len(data))
    digest.update(data)
