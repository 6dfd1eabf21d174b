"""Sentences of a body with their offsets, to quote the sentence around a mention."""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from ..records import TaggedArticle, shared_int

# a sentence ends at . ! ? (and a closing quote) followed by space and a capital, digit or opening quote:
# it ends after the match's first character, the next begins where the match ends (the stop is matched,
# not looked behind for: the regex then only starts at a stop, three times faster)
SENTENCE_BOUNDARY = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘'(]?[A-Z0-9])")
QUOTE_MAX = 300
NOT_QUOTED = 0xFFFFFFFF  # a first start (faces.first_starts) of an entity the headline alone says


class Sentence(NamedTuple):  # a tuple: every sentence of every article is one
    start: int
    end: int
    paragraph: int  # 0-based paragraph number in the body


def line_layout(body: str) -> tuple[list[int], list[int]]:
    """Per line of the body: where it starts, and its paragraph number (-1 when it is blank)."""
    starts: list[int] = []
    paragraphs: list[int] = []
    offset = paragraph = 0
    for line in body.split("\n"):
        starts.append(offset)
        if line.strip():
            paragraphs.append(paragraph)
            paragraph += 1
        else:
            paragraphs.append(-1)
        offset += len(line) + 1
    return starts, paragraphs


def headline_end(article) -> int:
    """Where in the body the words of a headline derived from it end (0 when the headline was given):
    an entity is quoted from after them, as a quote of the headline's sentence would say it again."""
    if not article.title_derived:
        return 0
    shown = article.title.removesuffix("…")
    at = article.body.find(shown, 0, len(shown) + 200)  # in the first line, after a dateline or a quote mark
    return at + len(shown) if shown and at >= 0 else 0


class SentenceMap:
    """The sentence around an offset. Only the lines asked about are split: most of an
    article's lines quote nothing, and splitting every line of every article was a
    tenth of an edit's rebuild at 10,000 articles."""

    def __init__(self, body: str):
        self.body = body
        self._line_starts, self._paragraphs = line_layout(body)
        self._split: dict[int, tuple[list[int], list[Sentence]]] = {}  # line number -> its sentences
        self._quotes: dict[int, Quote] = {}  # one per sentence, however many entities and dates it quotes for

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset) - 1

    def at(self, offset: int) -> Sentence | None:
        """The last sentence starting at or before `offset` (in a blank line: the one before it)."""
        line = self.line_of(offset)
        while line >= 0 and self._paragraphs[line] < 0:
            line, offset = line - 1, len(self.body)  # a blank line: the previous line's last sentence
        if line < 0:
            return None
        starts, sentences = self._sentences(line)
        return sentences[bisect.bisect_right(starts, offset) - 1]

    def _sentences(self, line: int) -> tuple[list[int], list[Sentence]]:
        found = self._split.get(line)
        if found is None:
            offset, paragraph = self._line_starts[line], self._paragraphs[line]
            end = self._line_starts[line + 1] - 1 if line + 1 < len(self._line_starts) else len(self.body)
            text = self.body[offset:end]
            sentences, start = [], 0
            for match in SENTENCE_BOUNDARY.finditer(text):
                sentences.append(Sentence(shared_int(offset + start), shared_int(offset + match.start() + 1), paragraph))
                start = match.end()
            sentences.append(Sentence(shared_int(offset + start), shared_int(offset + len(text)), paragraph))
            found = self._split[line] = ([s.start for s in sentences], sentences)
        return found

    def quote(self, sentence: Sentence) -> "Quote":
        quote = self._quotes.get(sentence.start)
        if quote is None:
            quote = self._quotes[sentence.start] = Quote(self.body, sentence.start, sentence.end, sentence.paragraph)
        return quote


class MentionQuotes:
    """The sentence of each entity's first mention in one article past a headline derived from it
    (headline_end): none when the headline is all that says it.

    An entity page quotes each of its articles: an article of 30 entities is quoted on
    30 pages. Its sentences are found and its mentions scanned once for all of them
    (this was an eighth of rendering a cold build's pages).
    """

    def __init__(self, item: TaggedArticle, first_starts: dict[tuple[str, str], int] | None = None):
        """`first_starts`: where each entity is first mentioned past the headline, when known
        (faces.first_starts): the mentions need not be made (a cold build quotes millions of
        articles, most of them again later)."""
        self.sentences = SentenceMap(item.article.body)
        self.starts: dict[tuple[str, str], list[int]] = {}  # (canonical, type) -> its mentions' starts, in order
        self.after = headline_end(item.article)
        if first_starts is not None:
            self.starts = {key: [start] for key, start in first_starts.items() if start != NOT_QUOTED}
            return
        for mention in item.mentions()[0]:  # not kept with the article: quoting reads every article
            if mention.start >= self.after:
                self.starts.setdefault((mention.canonical, mention.type), []).append(mention.start)

    def first(self, canonical: str, entity_type: str) -> "Quote | None":
        for start in self.starts.get((canonical, entity_type), ()):
            if sentence := self.sentences.at(start):
                if sentence.start < self.after:  # the headline's own sentence: quoted from where the headline stops
                    body = self.sentences.body
                    return Quote(body, _words_from(body, self.after, sentence.end), sentence.end, sentence.paragraph, "…")
                # a long sentence is cut after QUOTE_MAX characters: from there on, quote the words around it
                if sentence.end - sentence.start > QUOTE_MAX and start - sentence.start > QUOTE_MAX * 2 // 3:
                    return Quote.around(self.sentences.body, sentence, start)
                return self.sentences.quote(sentence)
        return None


def _words_from(body: str, at: int, end: int) -> int:
    """`at`, moved past the spaces and clause marks where a cut headline stops."""
    while at < end and body[at] in " ,;:–—":
        at += 1
    return at


class Quote:
    """A sentence quoted from a body, and its paragraph, made into text only when a page prints it.

    An archive has a quote per entity per article and per dated event: holding
    offsets into the body instead of copies of the sentences saves most of the
    index's memory.
    """

    __slots__ = ("body", "start", "end", "paragraph", "lead")

    def __init__(self, body: str, start: int, end: int, paragraph: int = 0, lead: str = ""):
        self.body, self.start, self.end, self.paragraph, self.lead = body, start, end, paragraph, lead

    @classmethod
    def around(cls, body: str, sentence: Sentence, offset: int) -> "Quote":
        """The part of a long sentence from half a quote before `offset` (a mention) on, after an ellipsis."""
        start = max(sentence.start, offset - QUOTE_MAX // 2)
        start = body.find(" ", start, offset) + 1 or start  # from a word's beginning
        return cls(body, start, sentence.end, sentence.paragraph, "…")

    def __str__(self) -> str:
        text = self.lead + self.body[self.start:self.end].strip()
        return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1].rsplit(" ", 1)[0] + "…"

    def __repr__(self) -> str:
        return f"Quote({str(self)!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Quote) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))
