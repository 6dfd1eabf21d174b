"""Related articles: the fast scoring gives exactly what the plain definition gives."""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import math
import random
from collections import defaultdict
from pathlib import Path

import pytest

from newsgen.index.related import NEIGHBOURS, RELATED_COUNT, TIME_SCALE_DAYS, related_articles
from newsgen.records import Article, TaggedArticle


def plain_related(articles: list[TaggedArticle], features: dict[str, set[str]]) -> dict[str, list[str]]:
    """The definition, written plainly: slugs and tuples, closeness computed per pair."""
    def ordinal(slug: str) -> int:
        day = by_slug[slug].article.day
        return day.toordinal() if day else 0

    def closeness(a: int, b: int) -> float:
        return 0.5 if not a or not b else 1 / (1 + abs(a - b) / TIME_SCALE_DAYS)

    by_slug = {item.article.slug: item for item in articles}
    postings = defaultdict(list)
    for slug, keys in features.items():
        for key in keys:
            postings[key].append((ordinal(slug), slug))
    for posting in postings.values():
        posting.sort()
    weight = {key: math.log(1 + max(len(articles), 1) / len(posting)) for key, posting in postings.items()}
    related = {}
    for slug, keys in features.items():
        scores = defaultdict(float)
        for key in sorted(keys):
            posting = postings[key]
            start = 0
            if len(posting) > NEIGHBOURS:
                middle = bisect.bisect_left(posting, (ordinal(slug), ""))
                start = max(0, min(middle - NEIGHBOURS // 2, len(posting) - NEIGHBOURS))
            for _, other in posting[start:start + NEIGHBOURS]:
                if other != slug:
                    scores[other] += weight[key]
        ranked = [(-score * closeness(ordinal(slug), ordinal(other)), other) for other, score in scores.items()]
        related[slug] = [other for _, other in heapq.nsmallest(RELATED_COUNT, ranked)]
    return related


def random_archive(seed: int, count: int) -> tuple[list[TaggedArticle], dict[str, set[str]]]:
    rng = random.Random(seed)
    articles, features = [], {}
    for n in range(count):
        slug = f"{rng.choice('abcxyz')}-{n:04d}"
        # few distinct days: many ties in time; some undated
        date = None if rng.random() < 0.1 else dt.date(2020, 1, 1) + dt.timedelta(days=rng.choice([0, 1, 2, 30, 400, 900]))
        articles.append(TaggedArticle(Article(slug, slug, "", Path(f"{slug}.md"), "md", date=date)))
        # a few common features (longer than NEIGHBOURS) and many rare ones
        features[slug] = {f"e:common{rng.randrange(3)}", *(f"e:rare{rng.randrange(60)}" for _ in range(rng.randrange(6)))}
    return articles, features


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_related_articles_are_those_of_the_plain_definition(seed):
    articles, features = random_archive(seed, 300)
    found, _ = related_articles(articles, features)
    assert list(found) == list(features)
    assert {slug: [item.article.slug for item in items] for slug, items in found.items()} == plain_related(articles, features)
    assert sum(len(items) == RELATED_COUNT for items in found.values()) > 250


def test_all_undated_and_empty():
    articles, features = random_archive(4, 20)
    for item in articles:
        item.article.date = None
    found, _ = related_articles(articles, features)
    assert {slug: [item.article.slug for item in items] for slug, items in found.items()} == plain_related(articles, features)
    assert related_articles([], {}) == ({}, {})
