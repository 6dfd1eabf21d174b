"""Plain records exchanged between the pipeline stages (load → tag → index → render)."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field, fields
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
    removed_lines: list[str] = field(default_factory=list)  # boilerplate taken out
    extra: dict[str, Any] = field(default_factory=dict)  # unknown front matter, kept for templates
    full_title: str | None = None  # the whole title when `title` was shortened for pages (very long titles)

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


@dataclass
class PublicationEstimate:
    """Publication date inferred from the text's own evidence."""

    value: dt.date
    precision: str  # day | month | year
    confidence: float
    earliest: dt.date | None = None
    latest: dt.date | None = None
    basis: str = ""


@dataclass
class TaggedArticle:
    article: Article
    entities: list[EntityMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)


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
