"""What an entity page shows: quotes, co-mentions, mentions per month, its own dated events."""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import itemgetter

from ..records import Article, TaggedArticle
from .events import EventDate, EventMention

_FIRST = itemgetter(0)


def _is_undated(item: TaggedArticle) -> bool:
    return item.article.day is None


def _minus_ordinal(item: TaggedArticle) -> int:
    """Minus the day's ordinal: increasing along a list of dated articles, newest first."""
    return -item.article.day.toordinal()


@dataclass
class EntityEntry:
    slug: str
    name: str
    type: str
    articles: list[TaggedArticle] = field(default_factory=list)  # newest first
    mentions: int = 0
    surfaces: Counter = field(default_factory=Counter)
    mention_months: Counter = field(default_factory=Counter)  # (year, month) -> mentions
    co_mentions: list[tuple[str, int]] = field(default_factory=list)  # (entity slug, articles mentioning both), most first
    # the dates said in its sentences, each with those mentions (EventDates made for the few a page shows)
    events: defaultdict[str, list[EventMention]] = field(default_factory=lambda: defaultdict(list))
    digest: bytes = b""  # a digest of its slug, name, type and its articles' faces (made by the index)

    @property
    def aliases(self) -> list[str]:
        """Its other spellings, most used first; a spelling that differs only in case ("SLEMAN" in a
        dateline) is no other name."""
        seen = {self.name.casefold()}
        return [s for s, _ in self.surfaces.most_common() if s.casefold() not in seen and not seen.add(s.casefold())]

    def latest_events(self, count: int) -> list[EventDate]:
        """The `count` latest of the dates said in its sentences, latest first."""
        return [EventDate(value, mentions) for value, mentions in heapq.nlargest(count, self.events.items(), key=_FIRST)]

    @property
    def last_seen_in(self) -> Article | None:
        """The first of its articles with the latest day: the first, unless none is dated (undated come last)."""
        first = self.articles[0].article if self.articles else None
        return first if first is not None and first.day is not None else None

    @cached_property
    def first_seen_in(self) -> Article | None:
        """The first of its articles with the earliest day. Read once the index is made."""
        # newest first, undated last: bisected, as a name said every day has thousands of articles
        dated = bisect.bisect_left(self.articles, True, key=_is_undated)
        if not dated:
            return None
        earliest = self.articles[dated - 1].article.day.toordinal()
        return self.articles[bisect.bisect_left(self.articles, -earliest, 0, dated, key=_minus_ordinal)].article

    @property
    def first_seen(self) -> dt.date | None:
        return self.first_seen_in.day if self.first_seen_in else None

    @property
    def last_seen(self) -> dt.date | None:
        return self.last_seen_in.day if self.last_seen_in else None


@lru_cache(maxsize=None)
def month_key(year: int, month: int) -> tuple[int, int]:
    """(year, month), one tuple for each month: every entity counts its mentions by month."""
    return year, month
