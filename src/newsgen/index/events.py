"""The event timeline: the dates the articles mention, merged across articles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..records import TaggedArticle
from .sentences import Quote, SentenceMap


@dataclass(slots=True)  # slots: one per dated mention and per entity in its sentence
class EventMention:
    article: TaggedArticle
    text: str
    quote: Quote  # prints as the sentence

    @property
    def paragraph(self) -> int:
        return self.quote.paragraph


@dataclass(slots=True)  # slots: one per date each entity is said with
class EventDate:
    value: str  # "2022-02-24", "2022-02" or "2022"
    mentions: list[EventMention] = field(default_factory=list)

    @property
    def precision(self) -> str:
        return {10: "day", 7: "month", 4: "year"}[len(self.value)]

    @property
    def year(self) -> int:
        return int(self.value[:4])

    @property
    def month(self) -> int | None:
        return int(self.value[5:7]) if len(self.value) >= 7 else None

    @property
    def article_count(self) -> int:
        return len({m.article.article.slug for m in self.mentions})


def add_event_dates(dates: dict[str, EventDate], item: TaggedArticle, sentences: SentenceMap) -> None:
    """Add the article's resolved date mentions to `dates` (the event timeline, by value)."""
    for mention in item.dates:
        if not mention.value:
            continue
        sentence = sentences.at(mention.start)
        if sentence is None:
            continue
        entry = dates.setdefault(mention.value, EventDate(mention.value))
        entry.mentions.append(EventMention(item, mention.text, sentences.quote(sentence)))


def by_year(dates: dict[str, EventDate]) -> dict[int, list[EventDate]]:
    years: dict[int, list[EventDate]] = defaultdict(list)
    for entry in dates.values():
        years[entry.year].append(entry)
    return dict(sorted(years.items(), reverse=True))
