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


# A resolved date said in a sentence: (value, text, sentence start, end, paragraph, the
# (canonical, type) of each entity said in that sentence, sorted). An article's rows are a
# function of the article alone, kept between builds by its version (see memo).
EventRow = tuple


def event_rows(item: TaggedArticle) -> tuple[EventRow, ...]:
    if not any(date.value for date in item.dates):
        return ()
    sentences = SentenceMap(item.article.body)
    dated = [(date, sentence) for date in item.dates if date.value and (sentence := sentences.at(date.start)) is not None]
    dated_lines = {sentences.line_of(sentence.start) for _, sentence in dated}
    by_sentence: dict[int, set] = {}
    for mention in item.entities:
        if sentences.line_of(mention.start) in dated_lines and (sentence := sentences.at(mention.start)):
            by_sentence.setdefault(sentence.start, set()).add((mention.canonical, mention.type))
    return tuple((date.value, date.text, sentence.start, sentence.end, sentence.paragraph,
                  tuple(sorted(by_sentence.get(sentence.start, ()))))
                 for date, sentence in dated)


def add_event_dates(dates: dict[str, EventDate], entity_events, item: TaggedArticle, rows: tuple[EventRow, ...]) -> None:
    """Add the article's dated sentences to the event timeline (`dates`, by value) and to the
    events of each entity said in the same sentence (`entity_events(key)`: that entity's dict)."""
    quotes: dict[int, Quote] = {}  # one per sentence, however many dates it says
    for value, text, start, end, paragraph, keys in rows:
        quote = quotes.get(start) or quotes.setdefault(start, Quote(item.article.body, start, end, paragraph))
        mention = EventMention(item, text, quote)  # one, shared by the timeline and the sentence's entities
        dates.setdefault(value, EventDate(value)).mentions.append(mention)
        for key in keys:
            events = entity_events(key)
            if value not in events:
                events[value] = EventDate(value)
            events[value].mentions.append(mention)


def by_year(dates: dict[str, EventDate]) -> dict[int, list[EventDate]]:
    years: dict[int, list[EventDate]] = defaultdict(list)
    for entry in dates.values():
        years[entry.year].append(entry)
    return dict(sorted(years.items(), reverse=True))
