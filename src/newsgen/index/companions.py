"""Each entity's most frequent companions: the entities its articles also mention.

Counted one entity at a time and only the top kept: the full pair counts of a large
archive would take more memory than everything else in the index. An entity whose
articles are unchanged keeps the last build's answer (by its digest). A name said in
most articles of an archive changes with every edit, and counting its companions again
means counting every entity of every article; for these large entities the full counts
are kept, and an edit subtracts what its changed months gave them and adds what they give now.
"""

from __future__ import annotations

import heapq
import marshal
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

from .entities import EntityEntry
from .memo import CompanionCounts
from .month_parts import EntityKey, MonthPart

CO_MENTIONS_KEPT = 12  # an entity page lists this many companions
LARGE_ENTITY = 500  # articles: from this many, an entity's full counts are kept for the next build
_SLUG = attrgetter("slug")


@dataclass
class MonthChanges:
    """The months whose articles changed since the last build: each one's part then and now."""

    parts: list[tuple[MonthPart | None, MonthPart | None]]
    slugs_then: dict[EntityKey, str]
    slugs_now: dict[EntityKey, str]


def count_co_mentions(entries: dict[EntityKey, EntityEntry], in_order: dict[str, list[EntityEntry]],
                      known: dict[bytes, list[tuple[str, int]]] | None = None,
                      counted: CompanionCounts | None = None, changes: MonthChanges | None = None,
                      ) -> tuple[dict[bytes, list[tuple[str, int]]], dict[EntityKey, bytes]]:
    """Set each entry's co_mentions; return the answers by entity digest, and large entities' full counts.

    `known`, `counted`: the last build's answers and counts, to be used only if it gave every
    entity it had the slug it has now; `changes`: how its months differ from this build's.
    `in_order` holds each article's entities, by article slug.
    """
    known, counted = known or {}, counted or CompanionCounts()
    slugs_of: dict[str, tuple[str, ...]] = {}  # made only for the articles of entities counted again

    def slugs(item) -> tuple[str, ...]:
        """The slugs of the entities the article mentions (each once)."""
        found = slugs_of.get(item.article.slug)
        if found is None:
            found = slugs_of[item.article.slug] = tuple(map(_SLUG, in_order[item.article.slug]))
        return found

    answers, full_counts = {}, {}
    for key, entry in entries.items():
        found = known.get(entry.digest)
        large = len(entry.articles) >= LARGE_ENTITY
        if large and found is not None and key in counted.counts:
            full_counts[key] = counted.counts[key]  # unchanged: kept as it is
        elif found is None or large:
            if large and key in counted.counts and changes is not None:
                counts = _updated(Counter(marshal.loads(counted.counts[key])), key, changes)
            else:
                # one Counter over all the slugs, chained in C: a large entity's articles name millions
                counts = Counter(chain.from_iterable(map(slugs, entry.articles)))
            if large:
                full_counts[key] = marshal.dumps(dict(counts))
            if found is None:
                found = _most_frequent(counts, entry.slug)
        entry.co_mentions = answers[entry.digest] = found
    return answers, full_counts


def _most_frequent(counts: Counter, own_slug: str) -> list[tuple[str, int]]:
    companions = ((slug, n) for slug, n in counts.items() if slug != own_slug)
    return heapq.nsmallest(CO_MENTIONS_KEPT, companions, key=lambda kv: (-kv[1], kv[0]))


def _updated(counts: Counter, key: EntityKey, changes: MonthChanges) -> Counter:
    """Full counts of the last build, less what the changed months gave then, plus what they give now."""
    for then, now in changes.parts:
        if then is not None:
            counts.subtract(_given(then, key, changes.slugs_then))
        if now is not None:
            counts.update(_given(now, key, changes.slugs_now))
    return +counts  # without the companions no article names any more


def _given(part: MonthPart, key: EntityKey, slug_of: dict[EntityKey, str]) -> Counter:
    """What one month's articles of the entity give its counts."""
    try:
        n = part.keys.index(key)
    except ValueError:
        return Counter()
    keys = part.keys
    return Counter(slug_of[keys[k]] for position in part.positions[n] for k in part.order[position])
