"""The index stage: topics, entities, outlets and the publication timeline."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .load.text import make_slug
from .records import ENTITY_TYPES, TaggedArticle


@dataclass
class EntityEntry:
    slug: str
    name: str
    type: str
    articles: list[TaggedArticle] = field(default_factory=list)
    mentions: int = 0
    surfaces: Counter = field(default_factory=Counter)

    @property
    def aliases(self) -> list[str]:
        return [s for s, _ in self.surfaces.most_common() if s != self.name]


@dataclass
class Topic:
    """A front-matter tag or an outlet: a name with its articles."""

    slug: str
    name: str
    articles: list[TaggedArticle] = field(default_factory=list)


@dataclass
class SiteIndex:
    articles: list[TaggedArticle]  # newest first; undated last
    entities: dict[str, EntityEntry]  # by slug
    tags: dict[str, Topic]
    outlets: dict[str, Topic]
    months: dict[tuple[int, int], list[TaggedArticle]]  # newest month first
    undated: list[TaggedArticle]
    entity_slug: dict[tuple[str, str], str]  # (canonical, type) -> slug

    def entities_of_type(self, entity_type: str) -> list[EntityEntry]:
        entries = [e for e in self.entities.values() if e.type == entity_type]
        return sorted(entries, key=lambda e: (-len(e.articles), e.name.casefold()))

    def entity_link_slug(self, canonical: str, entity_type: str) -> str:
        return self.entity_slug[(canonical, entity_type)]

    def article_entities(self, item: TaggedArticle) -> list[EntityEntry]:
        """The article's entities, most mentioned first."""
        counts = Counter((m.canonical, m.type) for m in item.entities)
        return [self.entities[self.entity_slug[key]] for key, _ in counts.most_common()]


def newest_first_key(item: TaggedArticle):
    day = item.article.day
    # undated last, then newest first, then by slug so the order is stable
    return (day is None, -(day or dt.date.min).toordinal(), item.article.slug)


def build_index(tagged: list[TaggedArticle]) -> SiteIndex:
    articles = sorted(tagged, key=newest_first_key)
    entities, entity_slug = _entities(articles)
    months: dict[tuple[int, int], list[TaggedArticle]] = defaultdict(list)
    for item in articles:
        if item.article.day is not None:
            months[(item.article.day.year, item.article.day.month)].append(item)
    return SiteIndex(
        articles=articles,
        entities=entities,
        tags=_topics(articles, lambda a: a.tags),
        outlets=_topics(articles, lambda a: [a.outlet] if a.outlet else []),
        months=dict(sorted(months.items(), reverse=True)),
        undated=[item for item in articles if item.article.day is None],
        entity_slug=entity_slug,
    )


def _entities(articles: list[TaggedArticle]) -> tuple[dict[str, EntityEntry], dict[tuple[str, str], str]]:
    by_key: dict[tuple[str, str], EntityEntry] = {}
    slugs: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for item in articles:
        seen_here: set[tuple[str, str]] = set()
        for mention in item.entities:
            key = (mention.canonical, mention.type)
            if key not in by_key:
                slugs[key] = _free_slug(make_slug(mention.canonical), mention.type, used)
                by_key[key] = EntityEntry(slugs[key], mention.canonical, mention.type)
            entry = by_key[key]
            entry.mentions += 1
            entry.surfaces[mention.text] += 1
            if key not in seen_here:
                entry.articles.append(item)
                seen_here.add(key)
    return {e.slug: e for e in by_key.values()}, slugs


def _free_slug(slug: str, entity_type: str, used: set[str]) -> str:
    # "Georgia" the place and "Georgia" the person must not share a page
    candidate = slug if slug not in used else f"{slug}-{entity_type}"
    n = 2
    while candidate in used:
        candidate, n = f"{slug}-{entity_type}-{n}", n + 1
    used.add(candidate)
    return candidate


def _topics(articles: list[TaggedArticle], names_of) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for item in articles:
        for name in names_of(item.article):
            slug = make_slug(name)
            topics.setdefault(slug, Topic(slug, name)).articles.append(item)
    return dict(sorted(topics.items(), key=lambda kv: (-len(kv[1].articles), kv[1].name.casefold())))


__all__ = ["ENTITY_TYPES", "EntityEntry", "SiteIndex", "Topic", "build_index"]
