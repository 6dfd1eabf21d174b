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


_new_token = tuple.__new__  # Token(...) without NamedTuple's Python-level __new__: a million calls per 2,000 articles


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    append = out.append
    for m in _TOKEN_RE.finditer(text):
        word, start = m.group(), m.start()
        # Trailing comma/colon/slash joins only digits ("1,5"); a word ending
        # in one cannot come out of the regex, so only clitics need a split.
        if "-" in word:
            cm = _CLITIC_RE.match(word)
            if cm:
                head = cm.group(1)
                append(_new_token(Token, (head, start, start + len(head))))
                append(_new_token(Token, (cm.group(2), start + len(head), m.end())))
                continue
        append(_new_token(Token, (word, start, m.end())))
    return out


def sentences(text: str) -> list[list[Token]]:
    """Tokens grouped into sentences: a line break, or . ! ? before a capital,
    a quote or a digit ends one. Quote tokens are dropped because the
    training corpus has none."""
    result: list[list[Token]] = []
    current: list[Token] = []
    tokens = tokenize(text)
    last = len(tokens) - 1
    find = text.find  # a bounded find: no slice of the text per token
    for i, tok in enumerate(tokens):
        word = tok.text
        if current and find("\n", current[-1].end, tok.start) >= 0:
            result.append(current)
            current = []
        if word in QUOTES:
            continue
        current.append(tok)
        if word in _SENT_END and i < last:
            nxt = tokens[i + 1].text
            if nxt[0].isupper() or nxt in QUOTES or nxt[0].isdigit():
                result.append(current)
                current = []
    if current:
        result.append(current)
    return result
