"""Related articles: shared entities and topics, weighted by rarity and closeness in time."""

from __future__ import annotations

import math
from collections import defaultdict

from ..records import TaggedArticle

RELATED_COUNT = 5
TIME_SCALE_DAYS = 180  # a shared feature counts half as much at ~4 months apart
MAX_POSTING = 5000  # features in more articles than this say little and cost much


def related_articles(
    articles: list[TaggedArticle], features: dict[str, set[str]]
) -> dict[str, list[TaggedArticle]]:
    """For each article slug, the most related others; `features` maps slug -> entity/topic keys."""
    by_slug = {item.article.slug: item for item in articles}
    postings: dict[str, list[str]] = defaultdict(list)
    for slug, keys in features.items():
        for key in keys:
            postings[key].append(slug)
    total = max(len(articles), 1)
    weight = {key: math.log(1 + total / len(slugs)) for key, slugs in postings.items()}
    related = {}
    for slug, keys in features.items():
        scores: dict[str, float] = defaultdict(float)
        for key in keys:
            if len(postings[key]) > MAX_POSTING:
                continue
            for other in postings[key]:
                if other != slug:
                    scores[other] += weight[key]
        ranked = sorted(scores, key=lambda other: (-scores[other] * _closeness(by_slug[slug], by_slug[other]), other))
        related[slug] = [by_slug[other] for other in ranked[:RELATED_COUNT]]
    return related


def _closeness(a: TaggedArticle, b: TaggedArticle) -> float:
    if a.article.day is None or b.article.day is None:
        return 0.5
    days = abs((a.article.day - b.article.day).days)
    return 1 / (1 + days / TIME_SCALE_DAYS)
