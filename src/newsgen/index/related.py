"""Related articles: shared entities and topics, weighted by rarity and closeness in time."""

from __future__ import annotations

import bisect
import heapq
import math
from collections import defaultdict

from ..records import TaggedArticle

RELATED_COUNT = 5
TIME_SCALE_DAYS = 180  # a shared feature counts half as much at ~6 months apart
NEIGHBOURS = 40  # per shared feature, only this many articles nearest in time are candidates


def related_articles(
    articles: list[TaggedArticle], features: dict[str, set[str]]
) -> dict[str, list[TaggedArticle]]:
    """For each article slug, the most related others; `features` maps slug -> entity/topic keys.

    A feature found in many articles ("Indonesia") would make this quadratic; looking
    only at the articles nearest in time along each feature keeps it linear.
    """
    by_slug = {item.article.slug: item for item in articles}
    when = {slug: _ordinal(item) for slug, item in by_slug.items()}
    postings: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for slug, keys in features.items():
        for key in keys:
            postings[key].append((when[slug], slug))
    for posting in postings.values():
        posting.sort()
    total = max(len(articles), 1)
    weight = {key: math.log(1 + total / len(posting)) for key, posting in postings.items()}
    related = {}
    for slug, keys in features.items():
        scores: dict[str, float] = defaultdict(float)
        for key in sorted(keys):  # a fixed order: float sums, and so ties, must not depend on hashing
            for other in _nearest(postings[key], when[slug]):
                if other != slug:
                    scores[other] += weight[key]
        related[slug] = [by_slug[other] for other in _best(scores, when, when[slug])]
    return related


def _best(scores: dict[str, float], when: dict[str, int], ordinal: int) -> list[str]:
    """The highest scores once weighted by closeness in time; ties by slug."""
    ranked = [(-score * _closeness(ordinal, when[other]), other) for other, score in scores.items()]
    return [other for _, other in heapq.nsmallest(RELATED_COUNT, ranked)]


def _ordinal(item: TaggedArticle) -> int:
    day = item.article.day
    return day.toordinal() if day else 0  # undated sort first and count as far from everything


def _nearest(posting: list[tuple[int, str]], ordinal: int) -> list[str]:
    if len(posting) <= NEIGHBOURS:
        return [slug for _, slug in posting]
    middle = bisect.bisect_left(posting, (ordinal, ""))
    start = max(0, min(middle - NEIGHBOURS // 2, len(posting) - NEIGHBOURS))
    return [slug for _, slug in posting[start:start + NEIGHBOURS]]


def _closeness(a: int, b: int) -> float:
    if not a or not b:
        return 0.5
    return 1 / (1 + abs(a - b) / TIME_SCALE_DAYS)
