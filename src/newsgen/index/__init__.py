"""The index stage: entities, topics, outlets, related articles and the two timelines."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from ..load.text import make_slug
from ..parallel import alongside
from ..records import ENTITY_TYPES, Article, TaggedArticle, tally_of
from .companions import MonthChanges, count_co_mentions
from .entities import EntityEntry, month_key
from .faces import article_faces
from .events import EventDate, add_event_dates, by_month, by_year, event_rows
from .memo import CompanionCounts, IndexMemo, digests_digest
from .month_parts import MonthPart, kept_month_part, kept_part, month_digest, month_runs
from .whole import pack_whole, unpack_whole, whole_key
from .related import related_slugs
from .sentences import MentionQuotes, Quote
from .versions import article_versions
from .topics import Topic, salient_entities, topic_names, topics_by_slug

QUOTED_ARTICLES_KEPT = 4096  # articles whose sentences a rendering process keeps, to quote them on other pages


@dataclass
class SiteIndex:
    articles: list[TaggedArticle]  # newest first; undated last
    entities: dict[str, EntityEntry]  # by slug
    tags: dict[str, Topic]  # tags and configured topics, by slug
    outlets: dict[str, Topic]
    months: dict[tuple[int, int], list[TaggedArticle]]  # newest month first
    days: dict[tuple[int, int, int], list[TaggedArticle]]  # articles dated to the day, newest first
    undated: list[TaggedArticle]
    entity_slug: dict[tuple[str, str], str]  # (canonical, type) -> slug
    events: dict[str, EventDate]  # the event timeline: mentioned dates by value
    related: dict[str, list[TaggedArticle]]  # article slug -> related articles
    article_topics: dict[str, list[Topic]]  # article slug -> its topics
    versions: dict[str, str]  # article slug -> its version (see versions)
    faces: dict[str, str]  # article slug -> what other pages show of it (see faces), or its version
    first_starts: dict  # article slug -> faces.first_starts (an array, or None)
    entities_of: dict[str, list[EntityEntry]]  # article slug -> its entities, most mentioned first
    memo: IndexMemo = field(default_factory=IndexMemo)  # for the next build (see memo)
    _quoting: dict[int, MentionQuotes] = field(default_factory=dict, repr=False, compare=False)

    def quote(self, entry: EntityEntry, item: TaggedArticle) -> Quote | None:
        """The sentence of the article's first mention of the entity.

        Made when a page prints it: a listing shows a few of an entity's articles, and
        quoting every one of them in advance was a tenth of an edit's rebuild at 10,000 articles.
        """
        quotes = self._quoting.get(id(item))  # the articles live as long as the index: their ids are theirs
        if quotes is None:
            if len(self._quoting) >= QUOTED_ARTICLES_KEPT:
                del self._quoting[next(iter(self._quoting))]  # the oldest: pages come entity by entity
            starts = self.first_starts.get(item.article.slug)
            quotes = self._quoting[id(item)] = MentionQuotes(
                item, None if starts is None else dict(zip(tally_of(item)[0][0::2], starts)))
        return quotes.first(entry.name, entry.type)

    def entities_of_type(self, entity_type: str) -> list[EntityEntry]:
        entries = [e for e in self.entities.values() if e.type == entity_type]
        return sorted(entries, key=lambda e: (-len(e.articles), e.name.casefold()))

    def entities_a_to_z(self, entity_type: str) -> dict[str, list[EntityEntry]]:
        groups: dict[str, list[EntityEntry]] = defaultdict(list)
        for entry in sorted(self.entities_of_type(entity_type), key=lambda e: e.name.casefold()):
            initial = entry.name[:1].upper()
            groups[initial if initial.isalpha() else "#"].append(entry)
        return dict(groups)

    def entity_link_slug(self, canonical: str, entity_type: str) -> str:
        return self.entity_slug[(canonical, entity_type)]

    def article_entities(self, item: TaggedArticle) -> list[EntityEntry]:
        """The article's entities, most mentioned first."""
        return self.entities_of[item.article.slug]

    def salient(self, item: TaggedArticle) -> list[EntityEntry]:
        return [self.entities[self.entity_slug[key]] for key in salient_entities(item)]

    def co_mentioned(self, entry: EntityEntry) -> list[tuple[EntityEntry, int]]:
        """The entities most often in the same articles, with how many articles."""
        return [(self.entities[slug], n) for slug, n in entry.co_mentions]

    @property
    def years(self) -> dict[int, int]:
        counts: Counter = Counter()
        for (year, _), items in self.months.items():
            counts[year] += len(items)
        return dict(sorted(counts.items(), reverse=True))

    @property
    def event_years(self) -> dict[int, list[EventDate]]:
        return by_year(self.events)

    @property
    def event_months(self) -> dict[tuple[int, int], list[EventDate]]:
        return by_month(self.events)


def newest_first_key(item: TaggedArticle):
    day = item.article.day
    # undated last, then newest first, then by slug so the order is stable
    return (day is None, -(day or dt.date.min).toordinal(), item.article.slug)


def build_index(tagged: list[TaggedArticle], topic_rules: dict | None = None, memo: IndexMemo | None = None,
                processes: int = 1, related_found: Callable[[], tuple | None] | None = None,
                faces: bool = True) -> SiteIndex:
    """The index of these articles; `memo` is the last build's (SiteIndex.memo), answers it may reuse.

    With `processes` > 1, related articles are found by a forked process meanwhile. `related_found`:
    what find_related gives for these same articles, found elsewhere (None when it could not be).
    `faces`: whether pages may be keyed by what they show of an article (see faces); without, the
    faces are the versions."""
    memo = memo or IndexMemo()
    articles, names = _in_order(tagged, topic_rules)
    find = partial(_related, articles, names, memo.related)
    with alongside(find, processes if related_found is None else 1) as found_here:
        index = _index(articles, names, memo, faces)
        related, answers = (related_found and related_found()) or found_here()
    by_slug = {item.article.slug: item for item in articles}
    index.related = {slug: [by_slug[other] for other in found] for slug, found in related.items()}
    index.memo.related = answers
    return index


def find_related(tagged: list[TaggedArticle], topic_rules: dict | None = None,
                 memo: IndexMemo | None = None) -> tuple[dict, dict]:
    """The related articles of these articles, as build_index finds them: (slug -> related slugs, answers
    for the memo)."""
    return _related(*_in_order(tagged, topic_rules), (memo or IndexMemo()).related)


def _in_order(tagged: list[TaggedArticle], topic_rules: dict | None) -> tuple[list[TaggedArticle], dict[str, list[str]]]:
    """The articles newest first, and each one's topic names by slug."""
    articles = sorted(tagged, key=newest_first_key)
    return articles, {item.article.slug: topic_names(item, topic_rules or {}) for item in articles}


def _related(articles: list[TaggedArticle], names: dict[str, list[str]], known: dict) -> tuple[dict, dict]:
    """related_slugs of the articles, by the entities (their tallies) and topics they share."""
    feature_of = _EntityFeatures()  # one string per entity, not one per mention
    features = {}
    for item in articles:
        slug = item.article.slug
        features[slug] = {*map(feature_of.__getitem__, tally_of(item)[0][0::2]), *(f"t:{n}" for n in names[slug])}
    return related_slugs(articles, features, known)


class _EntityFeatures(dict):
    """An entity's feature for related articles, by its (canonical, type): made the first time it is asked for."""

    def __missing__(self, key: tuple[str, str]) -> str:
        feature = self[key] = f"e:{key[0]}|{key[1]}"
        return feature


def _index(articles: list[TaggedArticle], names: dict[str, list[str]], memo: IndexMemo, use_faces: bool) -> SiteIndex:
    """The index but its related articles."""
    versions = article_versions(articles)
    # what an entity's pages show follows from its articles' faces: its counts and digest are kept by them
    made = article_faces(articles, versions, memo.faces)
    faces = {slug: face for slug, (face, _) in made.items()} if use_faces else versions
    found = _entities(articles, faces, memo.months, memo.settled().whole)
    by_key, entity_slug = found.by_key, found.slugs
    events: dict[str, EventDate] = {}
    rows_of: dict[str, tuple] = {}  # article version -> its event rows, for the next build
    for item in articles:
        version = versions[item.article.slug]
        rows = memo.events.get(version)
        rows_of[version] = rows = event_rows(item) if rows is None else rows
        if rows:
            add_event_dates(events, [entry.events for entry in found.in_order[item.article.slug]], item, rows)
    # a companion is named by its slug: the last build's answers hold only if no entity's slug moved
    slugs_kept = all(memo.slugs.get(key, slug) == slug for key, slug in entity_slug.items())
    if slugs_kept:
        # the months' parts then and now are read only if there are kept counts to update
        changes = MonthChanges(_changed_months(memo, found), memo.slugs, entity_slug) if memo.companions.counts else None
        co_mentions, full_counts = count_co_mentions(by_key, found.in_order, memo.co_mentions, memo.companions, changes)
    else:
        co_mentions, full_counts = count_co_mentions(by_key, found.in_order)
    tags = topics_by_slug(articles, lambda item: names[item.article.slug])
    return SiteIndex(
        articles=articles,
        entities={e.slug: e for e in by_key.values()},
        tags=tags,
        outlets=topics_by_slug(articles, lambda item: [item.article.outlet] if item.article.outlet else []),
        months=_group(articles, _month_of),
        days=_group(articles, _day_of),
        undated=[item for item in articles if item.article.day is None],
        entity_slug=entity_slug,
        events=dict(sorted(events.items())),
        related={},
        article_topics={slug: [tags[make_slug(n)] for n in ns] for slug, ns in names.items()},
        versions=versions,
        faces=faces,
        first_starts={slug: starts for slug, (_, starts) in made.items()},
        entities_of=found.ranked,
        memo=IndexMemo({}, co_mentions, rows_of, entity_slug, found.parts, CompanionCounts(full_counts, found.months),
                       dict(zip(versions.values(), made.values())), found.whole),
    )


def _changed_months(memo: IndexMemo, found: _Entities) -> list[tuple[MonthPart | None, MonthPart | None]]:
    """The last build's part and this build's of each month whose articles changed since."""
    then, now = memo.companions.months, found.months
    return [(kept_part(memo.months[then[month]]) if month in then else None,
             kept_part(found.parts[now[month]]) if month in now else None)
            for month in {*then, *now} if then.get(month) != now.get(month)]


def _month_of(article: Article) -> tuple[int, int] | None:
    day = article.day  # a property: read once (the index reads it ~100,000 times at 10,000 articles)
    return (day.year, day.month) if day else None


def _day_of(article: Article) -> tuple[int, int, int] | None:
    day = article.day
    return (day.year, day.month, day.day) if day and article.date_precision in (None, "day") else None


def _group(articles: list[TaggedArticle], key_of) -> dict:
    groups: dict = defaultdict(list)
    for item in articles:
        key = key_of(item.article)
        if key is not None:
            groups[key].append(item)
    return dict(sorted(groups.items(), reverse=True))


@dataclass
class _Entities:
    by_key: dict[tuple[str, str], EntityEntry]  # by (canonical, type)
    slugs: dict[tuple[str, str], str]
    in_order: dict[str, list[EntityEntry]]  # article slug -> its entities in order of first mention
    ranked: dict[str, list[EntityEntry]]  # article slug -> its entities, most mentioned first
    parts: dict[bytes, bytes]  # marshalled MonthParts by month_digest, for the next build
    months: dict[tuple[int, int] | None, bytes]  # (year, month) or None (undated) -> its month_digest
    whole: tuple | Callable | None = None  # for the next build (IndexMemo.whole)


def _entities(articles: list[TaggedArticle], faces: dict[str, str], known: dict[bytes, bytes],
              whole: tuple[bytes, bytes] | None) -> _Entities:
    """The entities, their slugs and each article's entities: the last build's whole index (`whole`, see
    whole.py) when every month is unchanged, else month parts (the last build's, in `known`, where a
    month's articles are unchanged) merged newest month first."""
    found = _Entities({}, {}, {}, {}, {}, {})
    runs = [(month_key(*month) if month is not None else None, items) for month, items in month_runs(articles)]
    digests = [month_digest(items, faces) for _, items in runs]
    key = whole_key([month for month, _ in runs], digests)
    found.months = {month: digest for (month, _), digest in zip(runs, digests)}
    if whole and whole[0] == key and all(digest in known for digest in digests):
        found.parts = {digest: known[digest] for digest in digests}
        unpack_whole(whole[1], articles, found.by_key, found.slugs, found.in_order, found.ranked)
        found.whole = whole
        return found
    _merge_months(found, runs, digests, faces, known)
    found.whole = partial(pack_whole, key, articles, found.by_key, found.in_order, found.ranked)
    return found


def _merge_months(found: _Entities, runs: list, digests: list[bytes], faces: dict[str, str],
                  known: dict[bytes, bytes]) -> None:
    """Fill `found` from the months' parts (`runs`, their `digests`), newest month first."""
    used: set[str] = set()
    entity_digests: dict[tuple[str, str], list[bytes]] = {}
    by_key = found.by_key
    for (month, items), digest in zip(runs, digests):
        part = kept_month_part(items, digest, faces, known, found.parts)
        for key, slug in zip(part.keys, part.slugs):
            if key not in by_key:  # slugs are given in order of first mention
                found.slugs[key] = _free_slug(slug, key[1], used)
                by_key[key] = EntityEntry(found.slugs[key], *key)
                entity_digests[key] = []
        entries = list(map(by_key.__getitem__, part.keys))
        for key, entry, mentions, positions, surfaces, part_digest in zip(
                part.keys, entries, part.mentions, part.positions, part.surfaces, part.digests):
            entry.mentions += mentions
            entry.articles += map(items.__getitem__, positions)
            entity_digests[key].append(part_digest)
            if month is not None:
                entry.mention_months[month] = mentions
            said = entry.surfaces  # each in the order it first comes: an entity's aliases tie in that order
            for text, count in surfaces:
                said[text] = said.get(text, 0) + count
        for item, order, ranked in zip(items, part.order, part.ranked):
            found.in_order[item.article.slug] = list(map(entries.__getitem__, order))
            found.ranked[item.article.slug] = list(map(entries.__getitem__, ranked))
    for key, entry in by_key.items():
        # what its own listing shows but its companions is made from its articles alone: their faces
        entry.digest = digests_digest(f"{entry.slug}\0{entry.name}\0{entry.type}", entity_digests[key])


def _free_slug(slug: str, entity_type: str, used: set[str]) -> str:
    # "Georgia" the place and "Georgia" the person must not share a page
    candidate = slug if slug not in used else f"{slug}-{entity_type}"
    n = 2
    while candidate in used:
        candidate, n = f"{slug}-{entity_type}-{n}", n + 1
    used.add(candidate)
    return candidate


__all__ = ["ENTITY_TYPES", "EntityEntry", "EventDate", "SiteIndex", "Topic", "build_index", "find_related"]
