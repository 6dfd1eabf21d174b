"""What the last build saw and wrote, kept in the cache folder for the next build.

A build whose inputs are all as they were does nothing; otherwise unchanged files
are not read again and unchanged pages are not rendered again (page_writer).
The state is kept in files of three kinds: a small summary (file stamps and the
report), which is all a build with nothing to do reads; the state itself (page
keys, the index memo, problems); and the per-article records (loaded articles and
their tag results, ≈ 7 KB an article: 72 MB at 10,000) as a log of parts: a base
holding all of them and, after it, parts holding what each build changed. An edit
writes one small part, not every record again; when the parts after the base hold
more than a quarter as many entries as the base (or are 30), the build writes a new base.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import code_digest
from .config import Config
from .index.memo import IndexMemo
from .kept_parts import load_kept, save_kept
from .records import Problem
from .theme import Theme

STATE_FILE = "build-state.pickle"
SUMMARY_FILE = "build-summary.pickle"
MEMO_FILE = "index-memo.pickle"
RECORDS_PREFIX = "build-records-"  # + a token + ".pickle": the parts of the records log
STATE_FORMAT = 10
# a new base is written when the parts after it would hold this share of its entries, or be this many
COMPACT_SHARE, COMPACT_PARTS = 0.25, 30


@dataclass
class BuildState:
    settings: str  # hash of everything but the articles: newsgen, config, flags, theme, entities.yaml
    files: dict[str, tuple] = field(default_factory=dict)  # path -> (stamp, Article | None, problems)
    page_keys: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # reported again when nothing changed
    tagged: dict[str, tuple] = field(default_factory=dict)  # tag cache findings this build used
    tagger: str = ""  # the tag cache identity (format, tagger fingerprint) those entries were made with
    articles: int = 0
    pages: int = 0
    index_memo: IndexMemo | None = None  # the index's archive-wide answers, by their inputs (kept in MEMO_FILE)
    # the records log (files and tagged are kept there, not in the state's own file): (file name, entries)
    # of the base, then of each part after it
    records_log: tuple[tuple[str, int], ...] = ()
    site_marker: tuple = ()  # the output's build marker (inode, size, mtime): page_keys describe that site
    spare_keys: dict[str, str] = field(default_factory=dict)  # the pages of the spare (output.py) by path
    spare_token: str = ""  # the token the spare holds while it is what spare_keys say
    page_groups: dict[str, str] = field(default_factory=dict)  # the listing groups of page_keys (render.SitePlan)

    def stamps(self) -> dict[str, tuple]:
        return {path: record[0] for path, record in self.files.items()}


@dataclass
class RecordsPart:
    """One file of the records log: entries set, then paths and keys removed, on top of the parts before it."""

    settings: str
    files: dict[str, tuple]
    tagged: dict[str, tuple]
    files_removed: tuple[str, ...] = ()
    tagged_removed: tuple[str, ...] = ()

    @property
    def entries(self) -> int:
        return len(self.files) + len(self.tagged) + len(self.files_removed) + len(self.tagged_removed)


@dataclass
class KeptMemo:
    """The index memo of a build, in a file of its own: every answer in it is kept by a digest of
    its inputs, so it is right for any build with the same settings, whatever state is beside it."""

    settings: str
    memo: IndexMemo


@dataclass
class BuildSummary:
    """What a build with nothing to do needs: the inputs it saw and the report it gave."""

    settings: str
    stamps: dict[str, tuple] = field(default_factory=dict)  # article path -> (size, mtime_ns)
    problems: list[Problem] = field(default_factory=list)
    articles: int = 0
    pages: int = 0
    site_files: int = 0
    site_bytes: int = 0


def settings_key(config: Config, theme: Theme, drafts: bool) -> str:
    digest = hashlib.sha1(f"{code_digest()}:{STATE_FORMAT}:{drafts}".encode())
    digest.update(repr(sorted((k, repr(v)) for k, v in vars(config).items())).encode())
    if config.entities_file.is_file():  # the config's own values are in vars(config) above
        digest.update(config.entities_file.read_bytes())
    for path in [p for d in (*theme.template_dirs, *theme.static_dirs) if d.is_dir() for p in sorted(d.rglob("*"))]:
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def load_state(cache_dir: Path, settings: str) -> BuildState | None:
    """The last build's state when it was made with the same settings, else None (also when a part
    of its records log is missing or unreadable)."""
    state = _load(cache_dir / STATE_FILE, BuildState, settings)
    if state is None or not state.records_log:
        return None
    files: dict[str, tuple] = {}
    tagged: dict[str, tuple] = {}
    for name, _ in state.records_log:
        part = _load(cache_dir / name, RecordsPart, settings)
        if part is None:
            return None
        if not files and not tagged:  # the base: its dicts as they are
            files, tagged = part.files, part.tagged
        else:
            files.update(part.files)
            tagged.update(part.tagged)
        for path in part.files_removed:
            files.pop(path, None)
        for key in part.tagged_removed:
            tagged.pop(key, None)
    state.files, state.tagged = files, tagged
    kept_memo = _load(cache_dir / MEMO_FILE, KeptMemo, settings)
    state.index_memo = kept_memo.memo if kept_memo else None
    return state


def load_summary(cache_dir: Path, settings: str) -> BuildSummary | None:
    """The last build's summary when it was made with the same settings, else None."""
    return _load(cache_dir / SUMMARY_FILE, BuildSummary, settings)


def save_state(cache_dir: Path, state: BuildState, previous: BuildState | None = None) -> None:
    """Save the state; its summary follows (save_summary). Until then there is none: a
    summary that exists always describes the state beside it.

    `previous`: the state this build loaded. Its records log is kept, with one part more
    for what changed since, unless the parts after its base have grown too large."""
    (cache_dir / SUMMARY_FILE).unlink(missing_ok=True)
    log = _save_records(cache_dir, state, previous)
    save_kept(cache_dir / STATE_FILE, replace(state, files={}, tagged={}, records_log=log, index_memo=None))
    listed = {name for name, _ in log}
    for path in cache_dir.glob(f"{RECORDS_PREFIX}*"):  # parts of older logs; files of killed builds
        if path.name not in listed:
            path.unlink(missing_ok=True)


def _save_records(cache_dir: Path, state: BuildState, previous: BuildState | None) -> tuple[tuple[str, int], ...]:
    """The records log after this build: the previous one and a part of what changed, or a new base."""
    if previous is not None and previous.records_log and previous.settings == state.settings:
        files, files_removed = _changes(previous.files, state.files)
        tagged, tagged_removed = _changes(previous.tagged, state.tagged)
        part = RecordsPart(state.settings, files, tagged, files_removed, tagged_removed)
        (_, base_entries), *after = previous.records_log
        if (len(after) < COMPACT_PARTS
                and part.entries + sum(entries for _, entries in after) <= base_entries * COMPACT_SHARE):
            return (*previous.records_log, _save_part(cache_dir, part))
    return (_save_part(cache_dir, RecordsPart(state.settings, state.files, state.tagged)),)


def _changes(old: dict, new: dict) -> tuple[dict, tuple]:
    """What `new` sets that `old` does not hold (the very object: unchanged records are reused as they
    are, never changed in place), and the keys it dropped."""
    return {key: value for key, value in new.items() if old.get(key) is not value}, tuple(k for k in old if k not in new)


def _save_part(cache_dir: Path, part: RecordsPart) -> tuple[str, int]:
    name = f"{RECORDS_PREFIX}{time.time_ns():x}-{os.getpid()}.pickle"
    save_kept(cache_dir / name, part)
    return name, max(1, part.entries)


def save_index_memo(cache_dir: Path, settings: str, memo: IndexMemo) -> None:
    """Save the index memo (the state keeps none): a build's forked process can, while it renders."""
    save_kept(cache_dir / MEMO_FILE, KeptMemo(settings, memo.settled()))


def save_summary(cache_dir: Path, summary: BuildSummary) -> None:
    save_kept(cache_dir / SUMMARY_FILE, summary)


def _load(path: Path, kind: type, settings: str):
    value = load_kept(path, settings)
    return value if isinstance(value, kind) else None
