"""An edit's head start: work a process forked before the build loads its state does for it.

That process loads and tags the changed files into the tag cache, where the build then
finds them (their tagging, ≈ 0.1 s at 10,000 articles, is off the build's path); then it
loads a state of its own and finds the related articles of the archive being built. The
build's process so shares no memory with another while it makes the index: with a
process forked then, every memory page the index writes to was copied (0.13 s of an
edit at 10,000 articles). Only a head start: whatever it cannot do, the build does itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from .config import Config
from .index import find_related
from .load import ArchiveScan, LoadResult, load_archive, load_files
from .parallel import alongside, can_fork
from .records import Article
from .state import BuildState, BuildSummary, load_state
from .tag import Tagger, tag_article, tag_articles
from .tag.archive import unify_person_names
from .tag.cache import TagCache

AHEAD_FILES = 4  # an edit of up to this many files gets a head start; more are tagged across processes


def changed_files(scan: ArchiveScan, summary: BuildSummary | None) -> list[Path] | None:
    """The article files that are new or changed since the last build; None when that is not known."""
    if summary is None:
        return None
    return [Path(path) for path in scan.found.paths if summary.stamps.get(path) != scan.stamps[path]]


def published(loaded: LoadResult, drafts: bool) -> list[Article]:
    return [a for a in loaded.articles if drafts or not a.draft]


def tag_archive(config: Config, articles: list[Article], state: BuildState | None, jobs: int,
                fresh: frozenset[str] = frozenset(), on_each: Callable[[], None] | None = None) -> tuple[list, TagCache]:
    """The articles tagged (from the cache where it can) with the archive's person names unified, and the cache.
    `fresh`: the tag cache keys tagged by this build's head start."""
    tagger = Tagger.load(config.language, config.entities_file)
    cache = TagCache(config.cache_dir, tagger.fingerprint, (state.tagger, state.tagged) if state else None, fresh)
    return unify_person_names(tag_articles(articles, tagger, cache, on_each=on_each, processes=jobs)), cache


class HeadStart:
    """What the head start's process sends, in order: the keys it tagged, then the related articles."""

    def __init__(self, next_value: Callable, changed: list[Path]):
        self._next, self._changed = next_value, changed

    def tagged(self) -> frozenset[str]:
        """The tag cache keys it tagged; none when its process died."""
        try:
            return self._next()
        except Exception:  # noqa: BLE001 - the build tags them itself
            return frozenset()

    def related(self, loaded: LoadResult) -> tuple | None:
        """find_related of the archive being built, when it read the changed files as this process
        did (`loaded`); else None."""
        try:
            found = self._next()
        except Exception:  # noqa: BLE001 - its process died: the build finds them itself
            return None
        return found[1] if found is not None and found[0] == _changed_keys(loaded, self._changed) else None


@contextmanager
def head_start(config: Config, settings: str, scan: ArchiveScan, drafts: bool, changed: list[Path] | None,
               jobs: int) -> Iterator[HeadStart | None]:
    """A HeadStart for the with-block, when the build is an edit of a few files and can fork; else None."""
    if jobs < 2 or not can_fork() or changed is None or len(changed) > AHEAD_FILES:
        yield None
        return
    with alongside(partial(_ahead, config, settings, scan, drafts, changed), jobs, steps=True) as next_value:
        yield HeadStart(next_value, changed)


def _ahead(config: Config, settings: str, scan: ArchiveScan, drafts: bool, changed: list[Path]):
    """The head start's process: yields the keys it tagged, then (the changed files' content keys,
    find_related of the archive) or None."""
    try:
        tagger = Tagger.load(config.language, config.entities_file)
        cache = TagCache(config.cache_dir, tagger.fingerprint)
        articles = [article for article in load_files(config, changed) if cache.get(article) is None]
        for article in articles:
            cache.put(tag_article(article, tagger), article)
        tagged_keys = frozenset(article.content_key for article in articles)
    except Exception:  # noqa: BLE001 - the build meets it again, and reports it
        tagged_keys = frozenset()
    yield tagged_keys
    try:
        state = load_state(config.cache_dir, settings)
        if state is None:  # every file is to be read again: the build's own process does that faster
            yield None
            return
        loaded = load_archive(config, reuse=state.files, scan=scan)
        tagged, _ = tag_archive(config, published(loaded, drafts), state, 1)
        yield _changed_keys(loaded, changed), find_related(tagged, config.topics, state.index_memo)
    except Exception:  # noqa: BLE001 - the build finds them itself
        yield None


def _changed_keys(loaded: LoadResult, changed: list[Path]) -> tuple:
    """The content keys of the changed files as loaded: both processes must have read the same."""
    records = (loaded.records.get(str(path)) for path in changed)
    return tuple(record[1].content_key if record and record[1] else None for record in records)
