"""The inverted index: for each word, the documents that hold it, split into small shards.

A posting is (document id, weighted count): the word's count in the body plus
TITLE_WEIGHT times its count in the title, so the search page's BM25 ranks title
matches higher. Postings are kept in typed arrays (4 + 2 bytes each) and filled by
C-level map() calls: at 100,000 articles there are tens of millions of them.

Shards group words by a prefix, as long as needed to keep each under
SHARD_POSTINGS: a query loads the shard of each of its words, and a word being
typed loads the few shards of words that start with it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter, deque
from dataclasses import dataclass, field
from itertools import repeat
from typing import Iterable, Iterator

from .files import deltas
from .words import word_counts

TITLE_WEIGHT = 3  # a title word counts as much as three in the body
SHARD_POSTINGS = 6000  # about 30 kB of JSON: split a prefix's shard when it holds more
LONGEST_PREFIX = 12  # never split further (a single very common word is its own shard long before)
MAX_COUNT = 0xFFFF  # what one weighted count can hold


class _Arrays(dict):
    """word -> typed array, a new empty one for a word not seen yet (a plain class: it is pickled)."""

    def __init__(self, typecode: str):
        super().__init__()
        self.typecode = typecode

    def __missing__(self, word: bytes) -> array:
        made = self[word] = array(self.typecode)
        return made


@dataclass
class Postings:
    """Postings of every word (keyed by its UTF-8 bytes) and each document's length in words."""

    docs: _Arrays = field(default_factory=lambda: _Arrays("I"))  # ascending ids
    counts: _Arrays = field(default_factory=lambda: _Arrays("H"))  # the weighted count for each of them
    lengths: list[int] = field(default_factory=list)
    first: int = 0  # id of the first document (postings of a range of them, made apart)

    def add(self, title: str, body: str, stop: frozenset[bytes]) -> None:
        """Add the next document (its id follows the last one added)."""
        counts, length = weighted_counts(title, body, stop)
        doc = self.first + len(self.lengths)
        self.lengths.append(length)
        held = list(counts)
        # one append per posting, all in C: a Python loop here would be most of the search stage
        deque(map(array.append, map(self.docs.__getitem__, held), repeat(doc)), maxlen=0)
        deque(map(array.append, map(self.counts.__getitem__, held), counts.values()), maxlen=0)

    def extend(self, later: "Postings") -> None:
        """Append the postings of the documents that follow these (their ids are all higher)."""
        assert later.first == self.first + len(self.lengths)
        for word, docs in later.docs.items():
            self.docs[word].extend(docs)
            self.counts[word].extend(later.counts[word])
        self.lengths.extend(later.lengths)

    def replace(self, changed: dict[int, tuple[str, str]], stop: frozenset[bytes]) -> set[bytes]:
        """Index documents anew: `changed` maps their ids to (title, body). Returns the words whose postings changed."""
        before = self._remove(sorted(changed))
        touched = set()
        for doc, (title, body) in sorted(changed.items()):
            counts, self.lengths[doc] = weighted_counts(title, body, stop)
            for word, count in counts.items():
                docs = self.docs[word]
                at = bisect_left(docs, doc)
                docs.insert(at, doc)
                self.counts[word].insert(at, count)
            old = before[doc]
            touched.update(word for word in old.keys() | counts.keys() if old.get(word) != counts.get(word))
        for word in [w for w in touched if not self.docs.get(w)]:
            self.docs.pop(word, None), self.counts.pop(word, None)
        return touched

    def _remove(self, ids: list[int]) -> dict[int, dict[bytes, int]]:
        """Take documents out; returns each one's words with their counts."""
        # a document's words are not kept apart: look it up in every word's ids (bisect, in C)
        removed: dict[int, dict[bytes, int]] = {doc: {} for doc in ids}
        for word, docs in self.docs.items():
            for doc in ids:
                at = bisect_left(docs, doc)
                if at < len(docs) and docs[at] == doc:
                    del docs[at]
                    removed[doc][word] = self.counts[word].pop(at)
        return removed

    def encoded(self, term: bytes) -> list[list[int]]:
        """A word's postings as the shard files hold them: [document id deltas, weighted counts]."""
        return [deltas(self.docs[term]), self.counts[term].tolist()]


def weighted_counts(title: str, body: str, stop: frozenset[bytes]) -> tuple[dict[bytes, int], int]:
    """A document's words with their weighted counts (stop words left out), and its length in words."""
    counts = word_counts(body)
    for word, times in word_counts(title).items():
        counts[word] += TITLE_WEIGHT * times
    length = sum(counts.values())
    for word in stop & counts.keys():
        del counts[word]
    if counts and max(counts.values()) > MAX_COUNT:
        counts = Counter({word: min(count, MAX_COUNT) for word, count in counts.items()})
    return counts, length


def shards(postings: Postings) -> Iterator[tuple[str, list[bytes]]]:
    """(key, words) for every shard, by key; the words of a shard all start with its key."""
    sizes = {term: len(docs) for term, docs in postings.docs.items()}
    terms = sorted((term.decode("utf-8"), term) for term in sizes)  # by code point, as JSON keys sort
    yield from _split("", terms, sizes)


def _split(prefix: str, terms: list[tuple[str, bytes]], sizes: dict[bytes, int]) -> Iterator[tuple[str, list[bytes]]]:
    # `terms` all start with `prefix`, sorted; the one equal to `prefix` (if any) comes first
    if prefix and (sum(sizes[t] for _, t in terms) <= SHARD_POSTINGS or len(prefix) >= LONGEST_PREFIX):
        yield prefix, [t for _, t in terms]
        return
    if terms and terms[0][0] == prefix:
        yield prefix, [terms[0][1]]  # the word itself: every longer word goes to a longer key
        terms = terms[1:]
    for key, group in _by_next_letter(prefix, terms):
        yield from _split(key, group, sizes)


def _by_next_letter(prefix: str, terms: list[tuple[str, bytes]]) -> Iterable[tuple[str, list]]:
    groups: dict[str, list] = {}
    for text, term in terms:
        groups.setdefault(text[:len(prefix) + 1], []).append((text, term))
    return groups.items()


def shard_file_name(key: str) -> str:
    """A file name for a shard key: a-z and 0-9 as they are, any other character as -<hex>-.

    Not "_": Jekyll (GitHub Pages' default) drops files whose names start with it.
    static/search.js names shards the same way."""
    return "".join(c if "a" <= c <= "z" or "0" <= c <= "9" else f"-{ord(c):x}-" for c in key)
