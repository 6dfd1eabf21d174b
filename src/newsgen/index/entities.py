"""What an entity page shows: quotes, co-mentions, mentions per month, its own dated events."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from ..records import TaggedArticle
from .events import EventDate, EventMention
from .sentences import SentenceMap


@dataclass
class EntityEntry:
    slug: str
    name: str
    type: str
    articles: list[TaggedArticle] = field(default_factory=list)  # newest first
    mentions: int = 0
    surfaces: Counter = field(default_factory=Counter)
    quotes: dict[str, tuple[str, int]] = field(default_factory=dict)  # article slug -> (sentence, paragraph)
    mention_months: Counter = field(default_factory=Counter)  # (year, month) -> mentions
    co_mentions: Counter = field(default_factory=Counter)  # entity slug -> articles mentioning both
    events: dict[str, EventDate] = field(default_factory=dict)  # dates said in its sentences

    @property
    def aliases(self) -> list[str]:
        return [s for s, _ in self.surfaces.most_common() if s != self.name]

    @cached_property
    def first_seen(self) -> dt.date | None:
        return min(self._dated_articles, default=None)

    @cached_property
    def last_seen(self) -> dt.date | None:
        return max(self._dated_articles, default=None)

    @property
    def _dated_articles(self) -> list[dt.date]:
        return [item.article.day for item in self.articles if item.article.day is not None]


def enrich_entities(
    entries: dict[tuple[str, str], EntityEntry], articles: list[TaggedArticle], sentence_maps: dict[str, SentenceMap]
) -> None:
    for item in articles:
        sentences = sentence_maps[item.article.slug]
        keys = sorted({(m.canonical, m.type) for m in item.entities})  # sorted: sets iterate in a random order
        for key in keys:
            others = Counter({entries[k].slug: 1 for k in keys if k != key})
            entries[key].co_mentions.update(others)
        _quotes_and_months(entries, item, sentences)
        _entity_events(entries, item, sentences)


def _quotes_and_months(entries, item: TaggedArticle, sentences: SentenceMap) -> None:
    day = item.article.day
    for mention in item.entities:
        entry = entries[(mention.canonical, mention.type)]
        if day is not None:
            entry.mention_months[(day.year, day.month)] += 1
        if item.article.slug not in entry.quotes and (sentence := sentences.at(mention.start)):
            entry.quotes[item.article.slug] = (sentences.quote(sentence), sentence.paragraph)


def _entity_events(entries, item: TaggedArticle, sentences: SentenceMap) -> None:
    """A date and an entity in one sentence: the entity's own timeline."""
    by_sentence: dict[int, set] = {}
    for mention in item.entities:
        sentence = sentences.at(mention.start)
        if sentence:
            by_sentence.setdefault(sentence.start, set()).add((mention.canonical, mention.type))
    for date in item.dates:
        sentence = sentences.at(date.start)
        if not date.value or sentence is None:
            continue
        for key in sorted(by_sentence.get(sentence.start, ())):
            event = entries[key].events.setdefault(date.value, EventDate(date.value))
            event.mentions.append(EventMention(item, date.text, sentences.quote(sentence), sentence.paragraph))
