"""Plain records exchanged between the pipeline stages (load → tag → index → render)."""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import partial
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal

DateSource = Literal["front_matter", "text", "inferred", "none"]
EntityType = Literal["person", "organization", "place", "event"]
ENTITY_TYPES: tuple[str, ...] = ("person", "organization", "place", "event")


@dataclass
class Article:
    """One article file, as the loader understood it."""

    slug: str
    title: str
    body: str  # clean plain text, paragraphs separated by "\n"; tag offsets index into it
    source_path: Path
    format: Literal["txt", "md"]
    date: dt.datetime | dt.date | None = None
    date_source: DateSource = "none"
    date_precision: str | None = None  # day | month | year (estimates may be coarse)
    date_confidence: float | None = None  # for inferred dates
    outlet: str | None = None
    dateline_place: str | None = None
    sources: list[str] = field(default_factory=list)  # credited media / agencies
    language: str = "id"
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    author: str | None = None
    source_url: str | None = None
    draft: bool = False
    title_derived: bool = False  # True when the headline was derived from the text
    markdown_source: bytes | None = None  # Markdown articles: the source, compressed (see body_markdown)
    linked_files: tuple[str, ...] = ()  # hrefs of the body's links to article files ("banjir.md")
    removed_lines: list[str] = field(default_factory=list)  # boilerplate taken out
    extra: dict[str, Any] = field(default_factory=dict)  # unknown front matter, kept for templates
    full_title: str | None = None  # the whole title when `title` was shortened for pages (very long titles)
    # the tag cache's key of what tagging reads (tag.cache.article_key), made when the file is loaded:
    # kept with the record, an unchanged article's body is not hashed again by each build
    content_key: str | None = field(default=None, compare=False, repr=False)
    # record_key(self), made when the file is loaded: an unchanged record's fields are not hashed again
    # by each build's versions. Later stages may only change LATER_FIELDS of a loaded record.
    record_key: str | None = field(default=None, compare=False, repr=False)

    @property
    def day(self) -> dt.date | None:
        """The calendar day of `date`, whatever its type."""
        return self.date.date() if isinstance(self.date, dt.datetime) else self.date

    @property
    def body_markdown(self) -> str | None:
        """Markdown articles: the source, to render the page with entity links.

        Kept zlib-compressed: it is read once, for the article's own page, and an
        archive of 100,000 articles would otherwise hold every body twice.
        """
        return None if self.markdown_source is None else zlib.decompress(self.markdown_source).decode("utf-8")

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n") if p.strip()]


# What stages after the loader set on a record (a unique slug; an estimated date): not in its record_key
LATER_FIELDS = ("slug", "date", "date_source", "date_precision", "date_confidence")
# a record's fields but its body and Markdown source, split in two: those set when it is loaded, and the rest
record_fields = attrgetter(*(f.name for f in fields(Article)
                             if f.compare and f.name not in (*LATER_FIELDS, "body", "markdown_source")))
later_fields = attrgetter(*LATER_FIELDS)


def record_key(article: Article) -> str:
    """A digest of the record as loaded but its body and LATER_FIELDS: its other fields (repr: stable
    for equal values, whatever strings are shared) and its Markdown source."""
    digest = hashlib.sha1(repr(record_fields(article)).encode("utf-8", "surrogatepass"))
    if article.markdown_source is not None:
        digest.update(b"\0%d\0" % len(article.markdown_source))
        digest.update(article.markdown_source)
    return digest.hexdigest()


@dataclass(slots=True)  # slots: an archive holds millions of mentions
class EntityMention:
    text: str
    type: str  # one of ENTITY_TYPES
    start: int
    end: int
    canonical: str


@dataclass(slots=True)
class DateMention:
    text: str
    start: int
    end: int
    value: str | None  # ISO date "2022-06-15", month "2022-06" or year "2022"; None when vague
    kind: str  # absolute | partial | weekday | relative
    precision: str | None = None  # day | month | year | range
    range: tuple[str, str] | None = None  # ISO start/end for periods (e.g. "pekan lalu")


# Offsets below 65,536 can be these shared int objects: Python makes every int above 256 an
# object of its own, and an archive holds millions of offsets (two per mention, quote, sentence).
SHARED_INTS = tuple(range(1 << 16))


def shared_int(value: int) -> int:
    return SHARED_INTS[value] if 0 <= value < len(SHARED_INTS) else value


# A mention's fields as a tuple, in declaration order: EntityMention(*entity_fields(m)) == m.
entity_fields = attrgetter(*(f.name for f in fields(EntityMention)))
date_fields = attrgetter(*(f.name for f in fields(DateMention)))
_CANONICAL, _TYPE, _TEXT = attrgetter("canonical"), attrgetter("type"), attrgetter("text")


@dataclass
class PublicationEstimate:
    """Publication date inferred from the text's own evidence."""

    value: dt.date
    precision: str  # day | month | year
    confidence: float
    earliest: dt.date | None = None
    latest: dt.date | None = None
    basis: str = ""


# What the index reads of an article's entity mentions, as two flat tuples: (key, count, ...),
# each entity's (canonical, type) and its mentions, in the order of first mention; and
# ((key, text), count, ...), each text said of an entity, in the order each first comes.
# Kept between builds: an edit's index never reads the mentions. Flat, with one key
# object per entity (see TagCache), it pickles as fast as the mentions' rows.
Tally = tuple[tuple, tuple]


@dataclass
class TaggedArticle:
    article: Article
    entities: list[EntityMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    tally: Tally | None = field(default=None, compare=False, repr=False)  # of `entities`; see tally_of
    # the tag cache's key for what tagging found (and names unified since): versions hash it, not the mentions
    findings_key: str | None = field(default=None, compare=False, repr=False)

    @classmethod
    def stored(cls, article: Article, make: Callable[[], tuple[list, list]], tally: Tally,
               findings_key: str | None) -> "TaggedArticle":
        """An article whose mentions, (entities, dates), `make` returns when they are first read.

        An edit of a large archive renders a few pages: the mentions of most articles
        (1.5 million at 10,000) are never read, and are not made.
        """
        item = cls.__new__(cls)
        item.article, item.tally, item.findings_key, item._make = article, tally, findings_key, make
        return item

    def __getattr__(self, name: str):  # only for attributes not set: the mentions of a stored article
        make = self.__dict__.get("_make") if name in ("entities", "dates") else None
        if make is None:
            raise AttributeError(name)
        self.entities, self.dates = make()
        del self._make
        return getattr(self, name)

    def mentions(self) -> tuple[list[EntityMention], list[DateMention]]:
        """(entities, dates), made again on each call for a stored article rather than kept with it:
        what reads every article (the index, the open data, pages quoting them) would otherwise
        hold all their mentions (≈ 9 million objects at 100,000 articles) by its end."""
        make = self.__dict__.get("_make")
        return make() if make is not None else (self.entities, self.dates)

    def with_entities(self, change: Callable[[list[EntityMention]], list[EntityMention]], tally: Tally,
                      findings_key: str | None) -> "TaggedArticle":
        """The article with change(entities) as its entities: now, or when a stored article's are first read."""
        make = self.__dict__.get("_make")
        if make is None:
            return TaggedArticle(self.article, change(self.entities), self.dates, tally, findings_key)
        return TaggedArticle.stored(self.article, partial(_changed_entities, make, change), tally, findings_key)


def _changed_entities(make, change) -> tuple[list, list]:
    entities, dates = make()
    return change(entities), dates


def tally_mentions(entities: list[EntityMention], shared: dict | None = None) -> Tally:
    """The mentions' tally; `shared` gives one object for equal keys and pairs (and learns new ones)."""
    shared = {} if shared is None else shared
    keys = [shared.setdefault(key, key) for key in zip(map(_CANONICAL, entities), map(_TYPE, entities))]
    counts = Counter(keys)
    surfaces = Counter(shared.setdefault(pair, pair) for pair in zip(keys, map(_TEXT, entities)))
    return tuple(chain.from_iterable(counts.items())), tuple(chain.from_iterable(surfaces.items()))


def tally_of(item: TaggedArticle) -> Tally:
    """The article's tally: the one tagging kept, or made from its mentions."""
    return item.tally if item.tally is not None else tally_mentions(item.entities)


def tally_counts(tally: Tally):
    """(key, count) of each entity, in the order of first mention."""
    return zip(tally[0][0::2], tally[0][1::2])


def tally_surfaces(tally: Tally):
    """((key, text), count) of each text said of an entity, in the order each first comes."""
    return zip(tally[1][0::2], tally[1][1::2])


@dataclass
class Problem:
    """A message about one input file: `path:line: message`."""

    path: Path
    message: str
    line: int | None = None
    severity: Literal["error", "warning"] = "error"
    kind: str = "load"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.severity}: {self.message}"
