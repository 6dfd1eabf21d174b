"""Offset-keeping tokenizer and sentence splitter for the entity tagger.

Tokens keep internal hyphens and apostrophes ("Bangsa-Bangsa", "China-Rusia",
"O'Brien") like the training corpus does; the hyphen-clitic of Indonesian
("NATO-nya", "itulah" is left alone) is split off so the name stays clean.
Offsets are Python str indices into the original text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A word: letters/digits with inner hyphen, apostrophe or dot-between-digits;
# dotted abbreviations ("H.M.", "U.S."); any other single non-space char.
_TOKEN_RE = re.compile(
    r"(?:[^\W\d_](?:\.[^\W\d_])+\.?)"      # dotted abbreviations
    r"|(?:[^\W_]+(?:[-'’./,:][^\W_]+)*)"   # words, numbers, 29/10/2013, 1.500
    r"|\S",
)
# Hyphen clitics split off a word so "NATO-nya" -> "NATO", "-nya".
_CLITIC_RE = re.compile(r"^(.+?)(-(?:nya|lah|kah|pun|ku|mu))$", re.IGNORECASE)
QUOTES = frozenset("\"'“”‘’«»„‟`")
_SENT_END = frozenset(".!?")


class Token(NamedTuple):
    text: str
    start: int
    end: int


# Each token with the whitespace before it: findall gives both in one call,
# and the offsets follow from their lengths (no match object per token).
_SPACED_TOKEN_RE = re.compile(r"(\s*)(" + _TOKEN_RE.pattern + ")")
_new_token = tuple.__new__  # Token(...) without NamedTuple's Python-level __new__: a million calls per 2,000 articles


def _clitic_split(word: str, start: int, end: int) -> list[Token] | None:
    """ "NATO-nya" -> "NATO", "-nya"; None for a word without a hyphen clitic."""
    cm = _CLITIC_RE.match(word)
    if cm is None:
        return None
    head = cm.group(1)
    return [_new_token(Token, (head, start, start + len(head))), _new_token(Token, (cm.group(2), start + len(head), end))]


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    end = 0
    for space, word in _SPACED_TOKEN_RE.findall(text):
        start = end + len(space)
        end = start + len(word)
        # Trailing comma/colon/slash joins only digits ("1,5"); a word ending
        # in one cannot come out of the regex, so only clitics need a split.
        if "-" in word and (parts := _clitic_split(word, start, end)):
            out += parts
        else:
            out.append(_new_token(Token, (word, start, end)))
    return out


def sentences(text: str) -> list[list[Token]]:
    """Tokens grouped into sentences: a line break, or . ! ? before a capital,
    a quote or a digit ends one. Quote tokens are dropped because the
    training corpus has none."""
    result: list[list[Token]] = []
    current: list[Token] = []
    pairs = _SPACED_TOKEN_RE.findall(text)
    last = len(pairs) - 1
    end = 0
    for i, (space, word) in enumerate(pairs):
        start = end + len(space)
        end = start + len(word)
        if current and "\n" in space:  # only whitespace (and dropped quotes) lies between tokens
            result.append(current)
            current = []
        if word in QUOTES:
            continue
        if "-" in word and (parts := _clitic_split(word, start, end)):
            current += parts
            continue  # a clitic word ends no sentence
        current.append(_new_token(Token, (word, start, end)))
        if word in _SENT_END and i < last:
            nxt = pairs[i + 1][1]  # a clitic word's head begins like the word
            if nxt[0].isupper() or nxt in QUOTES or nxt[0].isdigit():
                result.append(current)
                current = []
    if current:
        result.append(current)
    return result
