"""What an entity page shows: quotes, co-mentions, mentions per month, its own dated events."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ..records import TaggedArticle
from .events import EventDate, EventMention
from .sentences import Quote, SentenceMap

CO_MENTIONS_KEPT = 12  # an entity page lists this many companions


@dataclass
class EntityEntry:
    slug: str
    name: str
    type: str
    articles: list[TaggedArticle] = field(default_factory=list)  # newest first
    mentions: int = 0
    surfaces: Counter = field(default_factory=Counter)
    quotes: dict[str, Quote] = field(default_factory=dict)  # article slug -> a sentence mentioning it
    mention_months: Counter = field(default_factory=Counter)  # (year, month) -> mentions
    co_mentions: list[tuple[str, int]] = field(default_factory=list)  # (entity slug, articles mentioning both), most first
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


def enrich_entities(entries: dict[tuple[str, str], EntityEntry], item: TaggedArticle, sentences: SentenceMap) -> None:
    """Add one article's quotes, months and dated events to its entities."""
    _quotes_and_months(entries, item, sentences)
    _entity_events(entries, item, sentences)


def count_co_mentions(entries: dict[tuple[str, str], EntityEntry], articles: list[TaggedArticle]) -> None:
    """Each entity's most frequent companions: the entities its articles also mention.

    Counted one entity at a time and only the top kept: the full pair counts of a
    large archive would take more memory than everything else in the index.
    """
    slugs_of = {item.article.slug: {entries[(m.canonical, m.type)].slug for m in item.entities} for item in articles}
    for entry in entries.values():
        counts: Counter = Counter()
        for item in entry.articles:
            counts.update(slugs_of[item.article.slug])
        del counts[entry.slug]
        entry.co_mentions = heapq.nsmallest(CO_MENTIONS_KEPT, counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _quotes_and_months(entries, item: TaggedArticle, sentences: SentenceMap) -> None:
    day = item.article.day
    month = month_key(day.year, day.month) if day is not None else None
    for mention in item.entities:
        entry = entries[(mention.canonical, mention.type)]
        if month is not None:
            entry.mention_months[month] += 1
        if item.article.slug not in entry.quotes and (sentence := sentences.at(mention.start)):
            entry.quotes[item.article.slug] = sentences.quote(sentence)


@lru_cache(maxsize=None)
def month_key(year: int, month: int) -> tuple[int, int]:
    """(year, month), one tuple for each month: every entity counts its mentions by month."""
    return year, month


def _entity_events(entries, item: TaggedArticle, sentences: SentenceMap) -> None:
    """A date and an entity in one sentence: the entity's own timeline."""
    by_sentence: dict[int, set] = {}
    for mention in item.entities:
        sentence = sentences.at(mention.start)
        if sentence:
            by_sentence.setdefault(sentence.start, set()).add((mention.canonical, mention.type))
    for date in item.dates:
        sentence = sentences.at(date.start)
        if not date.value or sentence is None or sentence.start not in by_sentence:
            continue
        mention = EventMention(item, date.text, sentences.quote(sentence))  # one, shared by the sentence's entities
        for key in sorted(by_sentence[sentence.start]):
            events = entries[key].events
            if date.value not in events:
                events[date.value] = EventDate(date.value)
            events[date.value].mentions.append(mention)
