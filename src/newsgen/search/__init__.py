"""Full-text search: a static index written with the pages, from the build's own records.

Nothing reads the finished HTML: the words come from each article's title and plain
body (words.py), the filters from its entities, outlet and day. Everything goes to
the site's search/ folder (paths in urls.py):

- index.json: the manifest (document count, shard keys, stop words, file patterns);
- terms/<key>.json: postings of the words starting with a key (postings.py);
- results/<n>.json: title, link, date, outlet, excerpt and entities of 50 documents;
- facets/<facet>.json: each filter value with its documents; documents.json: dates
  and lengths, to sort and rank (documents.py).

static/search.js does the rest in the browser. The whole index is computed on every
build (about a second at 10,000 articles); a file whose bytes are what the previous
build wrote keeps that build's file (page_writer.write_if_changed), so an edit
rewrites only the few files it changes and the result is byte for byte a clean build's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .. import urls
from ..config import Config
from ..index import SiteIndex
from ..page_writer import write_if_changed
from .documents import FACETS, RECORDS_PER_FILE, by_document_id, facets, record, table
from .files import json_bytes
from .postings import Postings, shard_file_name, shards
from .words import stop_words

FORMAT = 1  # of the files search.js reads; raise it when they change shape


def write_search_index(index: SiteIndex, config: Config, folder: Path, previous: Path | None = None) -> list[str]:
    """Write the index into the site being built in `folder`; `previous` is the last build's site, if any.

    Returns the output paths written."""
    written = []
    for path, data in index_files(index, config.language):
        write_if_changed(folder / path, data, previous / path if previous else None)
        written.append(path)
    return written


def index_files(index: SiteIndex, language: str) -> Iterator[tuple[str, bytes]]:
    """(output path, bytes) of every file of the index, made one at a time to keep memory low."""
    documents = by_document_id(index)
    stop = stop_words(language)
    postings = Postings()
    stop_bytes = frozenset(word.encode("utf-8") for word in stop)
    for item in documents:
        postings.add(item.article.full_title or item.article.title, item.article.body, stop_bytes)
    keys = []
    for key, terms in shards(postings):
        keys.append(key)
        yield urls.search_shard(shard_file_name(key)), json_bytes({t.decode("utf-8"): postings.encoded(t) for t in terms})
    lengths = postings.lengths
    del postings  # the largest thing here: gone before the rest is made
    for first in range(0, len(documents), RECORDS_PER_FILE):
        group = documents[first:first + RECORDS_PER_FILE]
        yield urls.search_records(first // RECORDS_PER_FILE), json_bytes([record(i, index, language) for i in group])
    for facet, values in facets(index, documents):
        yield urls.search_facet(facet), json_bytes(values)
    yield urls.SEARCH_TABLE, json_bytes(table(documents, lengths))
    yield urls.SEARCH_INDEX, json_bytes(manifest(len(documents), keys, stop, language))


def manifest(documents: int, keys: list[str], stop: frozenset[str], language: str) -> dict:
    def relative(path: str) -> str:
        return urls.relative(path, urls.SEARCH_INDEX)

    return {
        "format": FORMAT,
        "language": language,
        "documents": documents,
        "shards": keys,  # sorted; a word's shard is the longest key it starts with
        "stop_words": sorted(stop),
        "records_per_file": RECORDS_PER_FILE,
        "facets": list(FACETS),
        "files": {  # relative to this file; search.js fills in the {…}
            "shard": relative(urls.search_shard("{name}")),
            "records": relative(urls.search_records("{number}")),
            "facet": relative(urls.search_facet("{facet}")),
            "table": relative(urls.SEARCH_TABLE),
        },
    }
