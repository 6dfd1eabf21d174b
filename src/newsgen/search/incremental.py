"""What the last build's index was made of, so an edit re-indexes only what it changed.

Splitting every article into words again is most of the search stage (about 2 s at
10,000 articles). The cache folder keeps the last index's postings and a fingerprint
of what each document gave it; when the next build has the same documents (the same
slugs: ids unchanged) and only a few differ, those few are re-indexed in the kept
postings, and only the shards holding their words and the results files holding
them are written anew: every other file of the index is the previous build's.
Added or removed articles move ids, so those builds index everything.

The state is trusted only beside the very site it was written with: it records the
identity (inode, size, mtime) of that site's build marker, a new file each build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..index import SiteIndex
from ..kept_parts import file_identity, load_kept, save_kept
from ..records import TaggedArticle
from .postings import Postings

STATE_FILE = "search-index.pickle"
MOST_CHANGED = 16  # more changed documents than this: index everything (each one costs a pass over every word)


@dataclass
class IndexState:
    settings: tuple  # format, language, stop words: what every file depends on
    slugs: list[str]  # by document id
    fingerprints: list[str]  # by document id: the article's version (index.versions)
    postings: Postings
    manifest: tuple = ()  # identity of the build marker of the site written with this state
    facets_key: str = ""  # documents.facets_key of the facets written


def fingerprints(documents: list[TaggedArticle], index: SiteIndex) -> list[str]:
    """Per document, its version: a hash of its whole record after tagging, which holds everything
    the index takes from it (words, record, facets, table). Hashing those again was a quarter of
    the search stage of an edit at 10,000 articles."""
    return list(map(index.versions.__getitem__, (item.article.slug for item in documents)))


def usable_state(cache_dir: Path, settings: tuple, slugs: list[str], previous_marker: Path | None) -> IndexState | None:
    """The last build's state, when it describes the previous site and the same documents."""
    if previous_marker is None:
        return None
    state = load_kept(cache_dir / STATE_FILE, settings)
    if not isinstance(state, IndexState) or state.slugs != slugs:
        return None
    if not state.manifest or state.manifest != file_identity(previous_marker):
        return None
    return state


def changed_documents(state: IndexState | None, prints: list[str]) -> list[int] | None:
    """Ids of the documents that differ from the state's; None when there are too many to patch."""
    if state is None:
        return None
    changed = [doc for doc, (old, new) in enumerate(zip(state.fingerprints, prints)) if old != new]
    return changed if len(changed) <= MOST_CHANGED else None


def save_state(cache_dir: Path, state: IndexState) -> None:
    save_kept(cache_dir / STATE_FILE, state)


