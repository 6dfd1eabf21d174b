"""The entity index counted a month at a time, each month kept between builds by its articles' faces.

Counting every entity's mentions, aliases and articles over the whole archive was a third
of an edit's index stage at 10,000 articles. An edit changes one month: the other months'
counts are the last build's, and they are merged newest month first, so every order (an
entity's articles, its aliases' ties, the slugs given in order of first mention) is the
one a single pass over the articles gives.
"""

from __future__ import annotations

import marshal
from itertools import groupby
from typing import NamedTuple

from ..load.text import make_slug
from ..records import TaggedArticle, tally_counts, tally_of, tally_surfaces
from .memo import text_digest

EntityKey = tuple[str, str]  # (canonical, type)


class MonthPart(NamedTuple):
    """What one month's articles (newest first) give the entity index; positions index those articles."""

    keys: tuple[EntityKey, ...]  # its entities, in order of first mention
    slugs: tuple[str, ...]  # per entity, make_slug of its name (the slug it gets unless another has it)
    mentions: tuple[int, ...]  # per entity
    positions: tuple[tuple[int, ...], ...]  # per entity, its articles
    surfaces: tuple[tuple[tuple[str, int], ...], ...]  # per entity, (text, count) in the order each is first said
    digests: tuple[bytes, ...]  # per entity, a digest of its articles' faces, in order
    order: tuple[tuple[int, ...], ...]  # per article, its entities (indexes into keys) in order of first mention
    ranked: tuple[tuple[int, ...], ...]  # per article, the same, most mentioned first (ties in that order)


def month_runs(articles: list[TaggedArticle]):
    """(year, month) or None (undated) and that month's articles, for articles sorted newest first."""
    for month, items in groupby(articles, key=_month_of):
        yield month, list(items)


def _month_of(item: TaggedArticle) -> tuple[int, int] | None:
    day = item.article.day
    return (day.year, day.month) if day is not None else None


def month_digest(items: list[TaggedArticle], faces: dict[str, str]) -> bytes:
    """`faces`: by article slug, its face (faces.py: it holds all that is counted of it) or its version."""
    return text_digest([faces[item.article.slug] for item in items])


def kept_month_part(items: list[TaggedArticle], digest: bytes, faces: dict[str, str], known: dict[bytes, bytes],
                    kept: dict[bytes, bytes]) -> MonthPart:
    """The month's part (`digest`: its month_digest): the last build's (`known`) when its articles are
    unchanged, else counted. Put into `kept`, for the next build, marshalled: a state that holds them
    as tuples took 0.13 s more to load at 10,000 articles, and unchanged months would be pickled again
    each build."""
    kept[digest] = blob = known.get(digest) or marshal.dumps(tuple(month_part(items, faces)))
    return kept_part(blob)


def kept_part(blob: bytes) -> MonthPart:
    return MonthPart._make(marshal.loads(blob))


def month_part(items: list[TaggedArticle], faces: dict[str, str]) -> MonthPart:
    """Count the month's entities, in one pass over its articles' tallies."""
    index_of: dict[EntityKey, int] = {}
    keys: list[EntityKey] = []
    mentions: list[int] = []
    positions: list[list[int]] = []
    surfaces: list[dict[str, int]] = []
    order, ranked = [], []
    for position, item in enumerate(items):
        tally = tally_of(item)
        mine = []
        for key, count in tally_counts(tally):
            n = index_of.get(key)
            if n is None:
                n = index_of[key] = len(keys)
                keys.append(key)
                mentions.append(0)
                positions.append([])
                surfaces.append({})
            mentions[n] += count
            positions[n].append(position)
            mine.append((n, count))
        for (key, text), count in tally_surfaces(tally):
            said = surfaces[index_of[key]]
            said[text] = said.get(text, 0) + count
        order.append(tuple(n for n, _ in mine))
        ranked.append(tuple(n for n, _ in sorted(mine, key=_count, reverse=True)))  # sorted is stable
    article_faces = [faces[item.article.slug] for item in items]
    return MonthPart(
        keys=tuple(keys),
        slugs=tuple(make_slug(key[0]) for key in keys),
        mentions=tuple(mentions),
        positions=tuple(map(tuple, positions)),
        surfaces=tuple(tuple(said.items()) for said in surfaces),
        digests=tuple(text_digest([article_faces[p] for p in ps]) for ps in positions),
        order=tuple(order),
        ranked=tuple(ranked),
    )


def _count(pair: tuple[int, int]) -> int:
    return pair[1]
