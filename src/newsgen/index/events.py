"""The event timeline: the dates the articles mention, merged across articles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter

from ..records import TaggedArticle, shared_int
from .sentences import Quote, SentenceMap


_ARTICLE = attrgetter("article")


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
        return len(set(map(id, map(_ARTICLE, self.mentions))))  # one object per article: its id stands for it


def articles_mentioning(dates: list[EventDate]) -> int:
    """How many articles mention any of `dates`: an article that names two of them counts once."""
    return len({id(mention.article) for date in dates for mention in date.mentions})


# An article's resolved dates, each with its sentence, as one flat tuple (kept between
# builds by the article's version, see memo; flat, because a tuple per date took three
# times the memory): per date, ROW_FIELDS values, (value, text, sentence start, end,
# paragraph, n), then n numbers: the entities said in that sentence, as positions in the
# article's own entities (in the order of their first mention), sorted by entity.
ROW_FIELDS = 6


def event_rows(item: TaggedArticle) -> tuple:
    entities, dates = item.mentions()
    if not any(date.value for date in dates):
        return ()
    sentences = SentenceMap(item.article.body)
    dated = [(date, sentence) for date in dates if date.value and (sentence := sentences.at(date.start)) is not None]
    dated_lines = {sentences.line_of(sentence.start) for _, sentence in dated}
    position = {key: n for n, key in enumerate(dict.fromkeys((m.canonical, m.type) for m in entities))}
    by_sentence: dict[int, set] = {}
    for mention in entities:
        if sentences.line_of(mention.start) in dated_lines and (sentence := sentences.at(mention.start)):
            by_sentence.setdefault(sentence.start, set()).add((mention.canonical, mention.type))
    rows: list = []
    for date, sentence in dated:
        keys = sorted(by_sentence.get(sentence.start, ()))
        rows += (date.value, date.text, sentence.start, sentence.end, sentence.paragraph, len(keys))
        rows += (position[key] for key in keys)
    return tuple(rows)


def add_event_dates(dates: dict[str, EventDate], entity_events: list[defaultdict], item: TaggedArticle,
                    rows: tuple) -> None:
    """Add the article's dated sentences (`rows`, see event_rows) to the event timeline (`dates`,
    by value) and to the events of each entity said in the same sentence (`entity_events`: each of
    the article's entities' mentions by value, in the order of their first mention)."""
    quotes: dict[int, Quote] = {}  # one per sentence, however many dates it says
    at = 0
    while at < len(rows):
        value, text, start, end, paragraph, count = rows[at:at + ROW_FIELDS]
        at += ROW_FIELDS
        quote = quotes.get(start)
        if quote is None:
            quote = quotes[start] = Quote(item.article.body, shared_int(start), shared_int(end), paragraph)
        mention = EventMention(item, text, quote)  # one, shared by the timeline and the sentence's entities
        date = dates.get(value)
        if date is None:
            date = dates[value] = EventDate(value)
        date.mentions.append(mention)
        for events in map(entity_events.__getitem__, rows[at:at + count]):
            events[value].append(mention)
        at += count


def by_month(dates: dict[str, EventDate]) -> dict[tuple[int, int], list[EventDate]]:
    """The dates said to the month or the day, by (year, month), newest month first."""
    months: dict[tuple[int, int], list[EventDate]] = defaultdict(list)
    for entry in dates.values():
        if entry.month is not None:
            months[entry.year, entry.month].append(entry)
    return dict(sorted(months.items(), reverse=True))


def by_year(dates: dict[str, EventDate]) -> dict[int, list[EventDate]]:
    years: dict[int, list[EventDate]] = defaultdict(list)
    for entry in dates.values():
        years[entry.year].append(entry)
    return dict(sorted(years.items(), reverse=True))
