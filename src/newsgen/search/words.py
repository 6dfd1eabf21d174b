"""The words search knows: what a text is split into, and how each word is normalised.

A word is a run of letters and digits of the text once it is lower-cased and
accent-folded (NFKD, nonspacing marks removed): "JOKOWI", "Jókowi" and
"Jokowi's" all give "jokowi" (and "s"). static/search.js
does exactly the same to the query (tests/test_browser.py checks both agree).

`words` is that definition, letter by letter. `word_counts` gives the same words
for a whole article at C speed: it splits the UTF-8 bytes at ASCII punctuation and
spaces, lowers ASCII letters with a byte table and sends only the few tokens that
hold other characters through `words` (tests/test_search_words.py checks they agree).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources

from ..data_files import read_yaml

_WORD = re.compile(r"[^\W_]+")  # letters and digits: \w without the underscore
# ASCII letters and digits as lower case; every other ASCII byte splits words; bytes of
# other characters (>= 0x80) stay in the token, which then goes through `words`
_SPLIT_TABLE = bytes(
    c if c >= 0x80 else ord(chr(c).lower()) if chr(c).isalnum() else 0x20 for c in range(256)
)

# Punctuation news text is full of (curly quotes, dashes, no-break space, …), as UTF-8:
# General Punctuation U+2000–U+206F, « » · and U+00A0. None of it is a letter, a digit
# or a mark, nor decomposes into one, so splitting there changes no word, and far fewer
# tokens take the slow road through `words`.
_PUNCTUATION = re.compile(rb"\xe2\x80[\x80-\xbf]|\xe2\x81[\x80-\xaf]|\xc2[\xa0\xab\xb7\xbb]")


def words(text: str) -> list[str]:
    """The normalised words of `text`, in order."""
    return _WORD.findall(text.lower() if text.isascii() else _fold(text))


def _fold(text: str) -> str:
    # NFKD before lower(): "ℌ" or "Ａ" only become letters lower() knows once decomposed;
    # NFKD again after it, as lower() may compose ("İ" -> "i̇"); then accents (nonspacing
    # marks) go, and the final sigma becomes an ordinary one: lower() picks it by context
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").replace("ς", "σ")


def word_counts(text: str) -> Counter:
    """How often each normalised word occurs in `text`, keyed by its UTF-8 bytes."""
    data = _PUNCTUATION.sub(b" ", text.encode("utf-8"))
    counts = Counter(data.translate(_SPLIT_TABLE).split())
    if data.isascii():
        return counts
    for token in [t for t in counts if not t.isascii()]:
        times = counts.pop(token)
        for word in words(token.decode("utf-8")):
            counts[word.encode("utf-8")] += times
    return counts


@lru_cache(maxsize=8)
def stop_words(language: str) -> frozenset[str]:
    """Words too common to search for, from data/lang/<language>/search.yaml (none when it has no list)."""
    path = resources.files("newsgen") / "data" / "lang" / language / "search.yaml"
    if not path.is_file():
        return frozenset()
    listed = read_yaml(path.read_text(encoding="utf-8")).get("stop_words") or []
    # normalised like every other word, so a list written with capitals or accents still matches
    return frozenset(w for entry in listed for w in words(str(entry)))
