"""The entity index of the whole archive, kept between builds for a build whose months are all unchanged.

An edit that changes no face (a typo fixed, a sentence that names no one) leaves every month's
part as it was (month_parts), and merging those parts again, 61,000 entity-months at 10,000
articles, was the largest piece of such an edit's index. The merged result is kept instead,
under a digest of the months' digests, with articles and entities as positions: a build whose
months all have the last build's digests takes it as it is.

It is packed by the process that saves the index memo (build.py forks one), so a build that
could not reuse it does not wait for the next one's.
"""

from __future__ import annotations

import hashlib
import marshal
from array import array
from collections import Counter
from typing import NamedTuple

from ..records import TaggedArticle
from .entities import EntityEntry, month_key
from .month_parts import EntityKey


Runs = tuple[bytes, bytes]  # (numbers, where each run ends), arrays of "I" as bytes


class WholeEntities(NamedTuple):
    """The merged entity index: per entity in order of first mention, then per article (newest first).
    Lists of numbers are flat arrays ("I") with the end of each entity's or article's run: as tuples,
    loading those of 100,000 articles made six million int objects at once."""

    keys: tuple[EntityKey, ...]
    slugs: tuple[str, ...]
    mentions: tuple[int, ...]
    surfaces: tuple[tuple[tuple[str, int], ...], ...]  # (text, count), each in the order it first comes
    months: tuple[tuple[tuple[int, int], int], ...]  # ((year, month), mentions)
    digests: tuple[bytes, ...]  # EntityEntry.digest
    positions: Runs  # per entity, its articles, as positions in the index's articles
    order: Runs  # per article, its entities (positions in keys) in order of first mention
    ranked: Runs  # per article, the same, most mentioned first


def whole_key(months: list, digests: list[bytes]) -> bytes:
    """What the merged index follows from: the months, newest first, and their parts' digests."""
    return hashlib.sha1(repr(months).encode() + b"".join(digests)).digest()


def pack_whole(key: bytes, articles: list[TaggedArticle], by_key: dict[EntityKey, EntityEntry],
               in_order: dict[str, list[EntityEntry]], ranked: dict[str, list[EntityEntry]]) -> tuple[bytes, bytes]:
    """(key, the merged index marshalled), for IndexMemo.whole."""
    position = {id(item): n for n, item in enumerate(articles)}.__getitem__
    entries = list(by_key.values())
    number = {id(entry): n for n, entry in enumerate(entries)}.__getitem__
    slugs = [item.article.slug for item in articles]
    whole = WholeEntities(
        keys=tuple(by_key),
        slugs=tuple(entry.slug for entry in entries),
        mentions=tuple(entry.mentions for entry in entries),
        surfaces=tuple(tuple(entry.surfaces.items()) for entry in entries),
        months=tuple(tuple(entry.mention_months.items()) for entry in entries),
        digests=tuple(entry.digest for entry in entries),
        positions=_runs(map(position, map(id, entry.articles)) for entry in entries),
        order=_runs(map(number, map(id, in_order[slug])) for slug in slugs),
        ranked=_runs(map(number, map(id, ranked[slug])) for slug in slugs),
    )
    return key, marshal.dumps(tuple(whole))


def unpack_whole(blob: bytes, articles: list[TaggedArticle], by_key: dict, slugs: dict, in_order: dict,
                 ranked: dict) -> None:
    """Fill `by_key`, `slugs`, `in_order` and `ranked` (as index._entities makes them) from a packed index."""
    whole = WholeEntities._make(marshal.loads(blob))
    article_at = articles.__getitem__
    for key, slug, mentions, surfaces, months, digest, positions in zip(
            whole.keys, whole.slugs, whole.mentions, whole.surfaces, whole.months, whole.digests,
            _each_run(whole.positions)):
        slugs[key] = slug
        entry = by_key[key] = EntityEntry(slug, *key, mentions=mentions, surfaces=Counter(dict(surfaces)),
                                          mention_months=Counter({month_key(*m): n for m, n in months}))
        entry.articles = list(map(article_at, positions))
        entry.digest = digest
    entry_at = list(by_key.values()).__getitem__
    for item, order, most in zip(articles, _each_run(whole.order), _each_run(whole.ranked)):
        in_order[item.article.slug] = list(map(entry_at, order))
        ranked[item.article.slug] = list(map(entry_at, most))


def _runs(runs) -> Runs:
    numbers, ends = array("I"), array("I")
    for run in runs:
        numbers.extend(run)
        ends.append(len(numbers))
    return numbers.tobytes(), ends.tobytes()


def _each_run(runs: Runs):
    numbers, ends = array("I"), array("I")
    numbers.frombytes(runs[0])
    ends.frombytes(runs[1])
    start = 0
    for end in ends:
        yield numbers[start:end]
        start = end
