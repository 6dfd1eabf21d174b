"""Versions: short hashes of what a page shows, so unchanged pages are not rendered again."""

from __future__ import annotations

import hashlib
import pickle

from ..records import TaggedArticle


def article_versions(articles: list[TaggedArticle]) -> dict[str, str]:
    """A hash per article slug of everything the article's record holds after tagging."""
    return {
        item.article.slug: hashlib.sha1(
            pickle.dumps((item.article, item.entities, item.dates), protocol=5)
        ).hexdigest()[:16]
        for item in articles
    }
