"""What the search page shows and filters on, per document: result records, the
date/length table, and the facets (entities by type, outlet, year) with their documents.

A document is an article; its id is its place in the slug-sorted list of the build's
articles, so an edit keeps every id and only an added or removed article moves them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from .. import urls
from ..index import SiteIndex
from ..index.memo import text_digest
from ..records import ENTITY_TYPES, TaggedArticle
from ..theme import format_day
from .files import deltas

FACETS = (*ENTITY_TYPES, "outlet", "year")
EXCERPT_WORDS = 30
ENTITIES_PER_TYPE = 5  # the most mentioned: the facets hold them all
RECORDS_PER_FILE = 20  # a page of 20 results loads up to 20 of these files, each ~10 kB


def by_document_id(index: SiteIndex) -> list[TaggedArticle]:
    return sorted(index.articles, key=lambda item: item.article.slug)


def record(item: TaggedArticle, index: SiteIndex, language: str) -> dict:
    """What a search result shows of an article: only text, which search.js puts in text nodes."""
    article = item.article
    entities: dict[str, list[str]] = defaultdict(list)
    for entry in index.article_entities(item):  # most mentioned first, as on the article page
        if len(entities[entry.type]) < ENTITIES_PER_TYPE:
            entities[entry.type].append(entry.name)
    shown = {
        "title": article.title,
        # relative to the search page, which sits at the site's root like the index folder's parent
        "url": urls.relative(urls.article(article.slug), urls.SEARCH),
        "date": article.day.isoformat() if article.day else None,
        "shown_date": format_day(article.date, language, article.date_precision) or None,
        "estimated": article.date_source == "inferred" or None,
        "outlet": article.outlet,
        "excerpt": excerpt(article.summary or article.body),
        "entities": dict(entities) or None,
    }
    return {key: value for key, value in shown.items() if value is not None}


def excerpt(text: str) -> str:
    """The first EXCERPT_WORDS words of `text`, on one line."""
    found = text.split(maxsplit=EXCERPT_WORDS)
    return " ".join(found[:EXCERPT_WORDS]) + (" …" if len(found) > EXCERPT_WORDS else "")


def table(documents: list[TaggedArticle], lengths: list[int]) -> dict:
    """Per document id: its day as YYYYMMDD (0 when undated), for sorting; its length, for ranking."""
    days = [item.article.day for item in documents]
    return {"dates": [day.year * 10000 + day.month * 100 + day.day if day else 0 for day in days], "lengths": lengths}


def facet(facet: str, index: SiteIndex, documents: list[TaggedArticle]) -> dict[str, list[int]]:
    """{value: ids of its documents as deltas} of one facet."""
    id_of = {id(item): n for n, item in enumerate(documents)}  # the same objects as in the index's lists
    values: dict[str, set[int]] = defaultdict(set)
    for name, items in _facet_values(facet, index, documents):
        values[name].update(map(id_of.__getitem__, map(id, items)))  # in C: there are ~25 per article
    return {value: deltas(sorted(ids)) for value, ids in values.items()}


def facets_key(index: SiteIndex, documents: list[TaggedArticle]) -> str:
    """What the facets are made of: the documents in order and their faces (outlet, day, entities).
    Facets whose key is the last build's are not made again (0.1 s of an edit at 10,000 articles)."""
    return text_digest(list(map(index.faces.__getitem__, (item.article.slug for item in documents)))).hex()


def _facet_values(facet: str, index: SiteIndex, documents: list[TaggedArticle]) -> Iterator[tuple[str, list]]:
    if facet == "outlet":
        yield from ((outlet.name, outlet.articles) for outlet in index.outlets.values())
    elif facet == "year":
        yield from ((str(item.article.day.year), [item]) for item in documents if item.article.day)
    else:
        yield from ((entry.name, entry.articles) for entry in index.entities.values() if entry.type == facet)
