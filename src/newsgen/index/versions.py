"""Versions: short hashes of what a page shows, so unchanged pages are not rendered again."""

from __future__ import annotations

import hashlib

from ..records import TaggedArticle


def article_versions(articles: list[TaggedArticle]) -> dict[str, str]:
    """A hash per article slug of everything the article's record holds after tagging."""
    return {
        # repr, not pickle: pickle's bytes depend on which equal strings are one object
        item.article.slug: hashlib.sha1(repr((item.article, item.entities, item.dates)).encode()).hexdigest()[:16]
        for item in articles
    }
