"""Small text helpers for the loader: decoding, headlines, summaries, slugs."""

from __future__ import annotations

import re
from functools import lru_cache

from slugify import slugify

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])")
_CLAUSE_BREAK = re.compile(r"[,;:–—]\s")
HEADLINE_MAX = 90
SUMMARY_MAX = 220
SLUG_MAX = 80
TITLE_MAX = 200  # longer titles are shortened for pages; Article.full_title keeps the whole
SLUG_FALLBACK = "artikel"
# Device names Windows refuses as file names whatever the extension ("con.html" too).
# names Windows reserves, and "index": a tag, outlet or entity page of that name would be its folder's index
RESERVED_SLUGS = frozenset({"con", "prn", "aux", "nul", "index", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))})
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def first_sentence(paragraph: str) -> str:
    return _SENTENCE_END.split(paragraph.strip(), maxsplit=1)[0]


def shorten(text: str, limit: int) -> str:
    """Cut at a clause break when one falls late enough, else at a word, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(head) if m.start() >= limit // 2]
    if breaks:
        return head[: breaks[-1]].rstrip() + "…"
    cut = head.rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut if cut.endswith((".", "!", "?")) else cut + "…"  # a whole sentence needs no ellipsis ("itu.…")


def derive_headline(body: str) -> str:
    paragraph = next((p for p in body.split("\n") if p.strip()), "")
    sentence = first_sentence(paragraph).strip().strip("\"“”'").rstrip(".")
    return shorten(sentence, HEADLINE_MAX) if sentence else ""


def derive_summary(body: str, headline: str | None = None) -> str:
    """The lede, shortened, without what the headline derived from it (derive_headline) already says:
    past its first sentence, or on from where a cut headline stops ("…" and the rest of that sentence)."""
    text = " ".join(body.split())
    if headline and headline.endswith("…"):
        said = headline[:-1]
        at = text.find(said, 0, len(said) + 2)  # the sentence may open with a quote mark
        rest = text[at + len(said):].lstrip(" ,;:–—") if at >= 0 else ""
        return "…" + shorten(rest, SUMMARY_MAX - 1) if rest else shorten(text, SUMMARY_MAX)
    if headline:
        text = text[len(first_sentence(text)):].strip() or text
    return shorten(text, SUMMARY_MAX)


@lru_cache(maxsize=1 << 16)  # an archive asks for the same few thousand topic and entity names again and again
def make_slug(text: str) -> str:
    """ASCII [a-z0-9-] only, so URLs survive every server and file system, and never a path:
    "../../x" becomes "x"; names Windows reserves ("con") and "index" get a suffix; nothing left → "artikel"."""
    slug = slugify(str(text), max_length=SLUG_MAX, word_boundary=True, lowercase=True)
    slug = re.sub(r"[^a-z0-9-]+", "", slug).strip("-")  # slugify's own rules, enforced here
    if slug in RESERVED_SLUGS:
        return f"{slug}-1"
    return slug or SLUG_FALLBACK


def clean_title(title: str) -> str:
    """One line of text: no newlines, tabs, control or bidi-override characters (which can
    make a title read backwards), runs of spaces collapsed."""
    return " ".join(_CONTROLS.sub(" ", title).split())


def unique_slugs(wanted: list[str]) -> list[str]:
    """Keep the first of each slug; later duplicates get -2, -3, … in input order."""
    used: set[str] = set()
    result = []
    for slug in wanted:
        candidate, n = slug, 2
        while candidate in used:
            candidate, n = f"{slug}-{n}", n + 1
        used.add(candidate)
        result.append(candidate)
    return result
