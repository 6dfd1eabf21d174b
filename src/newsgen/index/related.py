"""Related articles: shared entities and topics, weighted by rarity and closeness in time."""

from __future__ import annotations

import bisect
import hashlib
import heapq
import math
from array import array
from collections import defaultdict

from ..records import TaggedArticle
from .memo import digests_digest

RELATED_COUNT = 5
TIME_SCALE_DAYS = 180  # a shared feature counts half as much at ~6 months apart
NEIGHBOURS = 40  # per shared feature, only this many articles nearest in time are candidates
UNDATED_CLOSENESS = 0.5  # an undated article counts as far from everything

# A feature's articles sorted by (day ordinal, id): the ordinals (to bisect) and the ids, side by side.
Posting = tuple[list[int], list[int]]


def related_articles(
    articles: list[TaggedArticle], features: dict[str, set[str]], known: dict[bytes, tuple[str, ...]] | None = None,
) -> tuple[dict[str, list[TaggedArticle]], dict[bytes, tuple[str, ...]]]:
    """For each article slug, the most related others; `features` maps slug -> entity/topic keys.

    A feature found in many articles ("Indonesia") would make this quadratic; looking
    only at the articles nearest in time along each feature keeps it linear.
    Also returns each answer by a digest of its inputs; answers in `known` (the last
    build's) are taken as they are.
    """
    by_slug = {item.article.slug: item for item in articles}
    related, answers = related_slugs(articles, features, known)
    return {slug: [by_slug[other] for other in found] for slug, found in related.items()}, answers


def related_slugs(
    articles: list[TaggedArticle], features: dict[str, set[str]], known: dict[bytes, tuple[str, ...]] | None = None,
) -> tuple[dict[str, tuple[str, ...]], dict[bytes, tuple[str, ...]]]:
    """related_articles, the related ones by slug: small to send from another process."""
    known = known or {}
    by_slug = {item.article.slug: item for item in articles}
    # articles are numbered in slug order: comparing ids breaks ties as comparing slugs would,
    # and ints are cheaper to hash, compare and keep (this loop runs ~10 million times at 10,000 articles)
    slugs = sorted(by_slug)
    id_of = {slug: n for n, slug in enumerate(slugs)}
    when = [_ordinal(by_slug[slug]) for slug in slugs]
    postings = _postings(features, id_of, when)
    total = max(len(articles), 1)
    weight = {key: math.log(1 + total / len(ids)) for key, (_, ids) in postings.items()}
    closeness = _closeness_by_distance(when)
    inputs = _posting_digests(postings, slugs, total)
    related, answers = {}, {}
    for slug, keys in features.items():
        me = id_of[slug]
        # what the answer depends on: the article's day and keys, and each key's articles and weight
        key = digests_digest(f"{slug}\0{when[me]}", map(inputs.__getitem__, sorted(keys)))
        found = known.get(key)
        if found is None:
            scores = _scores(me, when[me], keys, postings, weight)
            found = tuple(slugs[other] for other in _best(scores, when, when[me], closeness))
        answers[key] = related[slug] = found
    return related, answers


def _posting_digests(postings: dict[str, Posting], slugs: list[str], total: int) -> dict[str, bytes]:
    """Per feature: a digest of its name, its articles with their days, and the archive's size (its weight)."""
    found = {}
    for key, (ordinals, ids) in postings.items():
        digest = hashlib.sha1(b"%d\0%d\0" % (total, len(ids)))  # the days' bytes have one width: then the slugs
        digest.update(array("q", ordinals).tobytes())
        digest.update("\0".join([key, *map(slugs.__getitem__, ids)]).encode("utf-8", "surrogatepass"))
        found[key] = digest.digest()
    return found


def _postings(features: dict[str, set[str]], id_of: dict[str, int], when: list[int]) -> dict[str, Posting]:
    """Each feature's articles by (day, id): each article is added to its features' lists in that order,
    so no list needs sorting (a pair per article and feature, sorted per feature, took twice as long)."""
    found: dict[str, list[int]] = defaultdict(list)
    keys_of = [()] * len(when)
    for slug, keys in features.items():
        keys_of[id_of[slug]] = keys
    for me in sorted(range(len(when)), key=when.__getitem__):  # a stable sort: ids in order within a day
        for key in keys_of[me]:
            found[key].append(me)
    return {key: (list(map(when.__getitem__, ids)), ids) for key, ids in found.items()}


def _scores(me: int, ordinal: int, keys: set[str], postings: dict[str, Posting], weight: dict[str, float]) -> dict[int, float]:
    """Per candidate id, the summed weights of the features it shares with article `me`."""
    scores: dict[int, float] = {}
    get = scores.get
    for key in sorted(keys):  # a fixed order: float sums, and so ties, must not depend on hashing
        add = weight[key]
        for other in _nearest(postings[key], ordinal):
            scores[other] = get(other, 0.0) + add
    scores.pop(me, None)  # cheaper once here than a test per candidate
    return scores


def _best(scores: dict[int, float], when: list[int], ordinal: int, closeness: list[float]) -> list[int]:
    """The highest scores once weighted by closeness in time; ties by slug (id)."""
    if ordinal:
        ranked = [(-score * (closeness[abs(ordinal - when[other])] if when[other] else UNDATED_CLOSENESS), other)
                  for other, score in scores.items()]
    else:
        ranked = [(-score * UNDATED_CLOSENESS, other) for other, score in scores.items()]
    return [other for _, other in heapq.nsmallest(RELATED_COUNT, ranked)]


def _ordinal(item: TaggedArticle) -> int:
    day = item.article.day
    return day.toordinal() if day else 0  # undated sort first


def _nearest(posting: Posting, ordinal: int) -> list[int]:
    ordinals, ids = posting
    if len(ids) <= NEIGHBOURS:
        return ids
    middle = bisect.bisect_left(ordinals, ordinal)
    start = max(0, min(middle - NEIGHBOURS // 2, len(ids) - NEIGHBOURS))
    return ids[start:start + NEIGHBOURS]


def _closeness_by_distance(when: list[int]) -> list[float]:
    """How close two dated articles are, by their distance in days: looked up, not computed per pair."""
    dated = [ordinal for ordinal in when if ordinal]
    span = max(dated) - min(dated) if dated else -1
    return [1 / (1 + distance / TIME_SCALE_DAYS) for distance in range(span + 1)]
