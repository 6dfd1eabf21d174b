"""Full-text search: a static index written with the pages, from the build's own records.

Nothing reads the finished HTML: the words come from each article's title and plain
body (words.py), the filters from its entities, outlet and day. Everything goes to
the site's search/ folder (paths in urls.py):

- index.json: the manifest (document count, shard keys, stop words, file patterns);
- terms/<key>.json: postings of the words starting with a key (postings.py);
- results/<n>.json: title, link, date, outlet, excerpt and main entities of 20 documents;
- facets/<facet>.json: each filter value with its documents; documents.json: dates
  and lengths, to sort and rank (documents.py).

static/search.js does the rest in the browser. Every file's bytes are deterministic,
so a clean build and an incremental one write the same. An edit is patched into the
last build's postings (incremental.py) and only the files it changes are written;
every other file keeps the previous build's (hard-linked), as unchanged pages do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

from .. import code_digest, urls
from ..config import Config
from ..index import SiteIndex
from ..kept_parts import file_identity
from ..output import BUILD_MARKER
from ..page_writer import PreviousLinker, write_if_changed
from ..records import TaggedArticle
from .documents import FACETS, RECORDS_PER_FILE, by_document_id, facet, facets_key, record, table
from .files import json_bytes
from .incremental import IndexState, changed_documents, fingerprints, save_state, usable_state
from .parallel import index_documents
from .postings import Postings, shard_file_name, shards
from .words import stop_words

FORMAT = 1  # of the files search.js reads; raise it when they or what goes into them change


@dataclass
class _Plan:
    """What this build's index is made from, and what it shares with the previous build's."""

    postings: Postings
    old_shards: dict[str, list[bytes]] | None = None  # the previous build's shards; None: nothing shared
    touched: frozenset[bytes] = frozenset()  # words whose postings changed since
    changed: frozenset[int] | None = None  # documents that changed since; None: all
    facets_key: str = ""  # documents.facets_key
    facets_kept: bool = False  # the previous build's facets are these


def write_search_index(index: SiteIndex, config: Config, folder: Path, previous: Path | None = None,
                       processes: int = 1) -> None:
    """Write the index into the site being built in `folder`; `previous` is the last build's site, if any."""
    documents = by_document_id(index)
    stop = stop_words(config.language)
    settings = _settings(config.language, stop)
    slugs = [item.article.slug for item in documents]
    prints = fingerprints(documents, index)
    state = usable_state(config.cache_dir, settings, slugs, previous / BUILD_MARKER if previous else None)
    plan = _plan(documents, stop, state, changed_documents(state, prints), processes)
    plan.facets_key = facets_key(index, documents)
    plan.facets_kept = state is not None and state.facets_key == plan.facets_key
    linker = PreviousLinker(previous, folder) if previous else None
    for path, unchanged, make in index_files(index, documents, plan, config.language, stop):
        if not (unchanged and linker and linker.link(path)):
            write_if_changed(folder / path, make(), previous / path if previous else None)
    save_state(config.cache_dir, IndexState(settings, slugs, prints, plan.postings,
                                            file_identity(folder / BUILD_MARKER), plan.facets_key))


def _settings(language: str, stop: frozenset[str]) -> tuple:
    """What every file of the index depends on besides the articles: a state made with others is not reused."""
    from . import documents, postings  # their constants shape the files

    return (code_digest(), FORMAT, language, tuple(sorted(stop)), postings.TITLE_WEIGHT, postings.SHARD_POSTINGS,
            postings.LONGEST_PREFIX, documents.EXCERPT_WORDS, documents.ENTITIES_PER_TYPE, documents.RECORDS_PER_FILE)


def _plan(documents: list[TaggedArticle], stop: frozenset[str], state: IndexState | None,
          changed: list[int] | None, processes: int) -> _Plan:
    stop_bytes = frozenset(word.encode("utf-8") for word in stop)
    if state is None or changed is None:
        texts = [(_title(item), item.article.body) for item in documents]
        return _Plan(index_documents(texts, stop_bytes, processes))
    old_shards = dict(shards(state.postings))  # before the postings change under it
    touched = state.postings.replace({doc: (_title(documents[doc]), documents[doc].article.body) for doc in changed},
                                     stop_bytes)
    return _Plan(state.postings, old_shards, frozenset(touched), frozenset(changed))


def _title(item: TaggedArticle) -> str:
    return item.article.full_title or item.article.title


def index_files(index: SiteIndex, documents: list[TaggedArticle], plan: _Plan, language: str,
                stop: frozenset[str]) -> Iterator[tuple[str, bool, Callable[[], bytes]]]:
    """(output path, unchanged since the previous build, how to make its bytes) of every index file."""
    keys = []
    for key, terms in shards(plan.postings):
        keys.append(key)
        unchanged = plan.old_shards is not None and plan.old_shards.get(key) == terms and plan.touched.isdisjoint(terms)
        yield urls.search_shard(shard_file_name(key)), unchanged, partial(_shard, plan.postings, terms)
    for first in range(0, len(documents), RECORDS_PER_FILE):
        ids = range(first, min(first + RECORDS_PER_FILE, len(documents)))
        unchanged = plan.changed is not None and plan.changed.isdisjoint(ids)
        yield urls.search_records(first // RECORDS_PER_FILE), unchanged, partial(_records, ids, documents, index, language)
    for name in FACETS:
        yield urls.search_facet(name), plan.facets_kept, lambda name=name: json_bytes(facet(name, index, documents))
    yield urls.SEARCH_TABLE, False, partial(json_bytes, table(documents, plan.postings.lengths))
    yield urls.SEARCH_INDEX, False, partial(json_bytes, manifest(len(documents), keys, stop, language))


def _shard(postings: Postings, terms: list[bytes]) -> bytes:
    return json_bytes({term.decode("utf-8"): postings.encoded(term) for term in terms})


def _records(ids: range, documents: list[TaggedArticle], index: SiteIndex, language: str) -> bytes:
    return json_bytes([record(documents[doc], index, language) for doc in ids])


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
