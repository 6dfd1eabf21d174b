"""Sentences of a body with their offsets, to quote the sentence around a mention."""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from ..records import shared_int

# a sentence ends at . ! ? (and a closing quote) followed by space and a capital, digit or opening quote
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])")
QUOTE_MAX = 300


class Sentence(NamedTuple):  # a tuple: every sentence of every article is one
    start: int
    end: int
    paragraph: int  # 0-based paragraph number in the body


class SentenceMap:
    def __init__(self, body: str):
        self.body = body
        self.sentences: list[Sentence] = []
        offset = 0
        paragraph = 0
        for line in body.split("\n"):
            if line.strip():
                self._add_line(line, offset, paragraph)
                paragraph += 1
            offset += len(line) + 1
        self._starts = [s.start for s in self.sentences]
        self._quotes: dict[int, Quote] = {}  # one per sentence, however many entities and dates it quotes for

    def _add_line(self, line: str, offset: int, paragraph: int) -> None:
        start = 0
        for match in _BOUNDARY.finditer(line):
            self.sentences.append(Sentence(shared_int(offset + start), shared_int(offset + match.start()), paragraph))
            start = match.end()
        self.sentences.append(Sentence(shared_int(offset + start), shared_int(offset + len(line)), paragraph))

    def at(self, offset: int) -> Sentence | None:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.sentences[index] if index >= 0 else None

    def quote(self, sentence: Sentence) -> "Quote":
        quote = self._quotes.get(sentence.start)
        if quote is None:
            quote = self._quotes[sentence.start] = Quote(self.body, sentence.start, sentence.end, sentence.paragraph)
        return quote


class Quote:
    """A sentence quoted from a body, and its paragraph, made into text only when a page prints it.

    An archive has a quote per entity per article and per dated event: holding
    offsets into the body instead of copies of the sentences saves most of the
    index's memory.
    """

    __slots__ = ("body", "start", "end", "paragraph")

    def __init__(self, body: str, start: int, end: int, paragraph: int = 0):
        self.body, self.start, self.end, self.paragraph = body, start, end, paragraph

    def __str__(self) -> str:
        text = self.body[self.start:self.end].strip()
        return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1].rsplit(" ", 1)[0] + "…"

    def __repr__(self) -> str:
        return f"Quote({str(self)!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Quote) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))
