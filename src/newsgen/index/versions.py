"""Versions: short hashes of what a page shows, so unchanged pages are not rendered again."""

from __future__ import annotations

import hashlib

from ..records import TaggedArticle, date_fields, entity_fields


def article_versions(articles: list[TaggedArticle]) -> dict[str, str]:
    """A hash per article slug of everything the article's record holds after tagging."""
    # repr, not pickle: pickle's bytes depend on which equal strings are one object
    return {item.article.slug: hashlib.sha1(repr(_contents(item)).encode()).hexdigest()[:16] for item in articles}


def _contents(item: TaggedArticle) -> tuple:
    # plain tuples: a dataclass's generated repr is several times slower, and there are millions
    return item.article, list(map(entity_fields, item.entities)), list(map(date_fields, item.dates))
