"""What the last build saw and wrote, kept in the cache folder for the next build.

A build whose inputs are all as they were does nothing; otherwise unchanged files
are not read again and unchanged pages are not rendered again (page_writer).
The state is kept in two files: a small summary (file stamps and the report),
which is all a build with nothing to do reads, and the full state (records, tag
results, page keys), which grows with the archive (≈ 7.5 KB an article: 75 MB at 10,000).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import code_digest
from .config import Config
from .index.memo import IndexMemo
from .kept_parts import load_kept, save_kept
from .records import Problem
from .theme import Theme

STATE_FILE = "build-state.pickle"
SUMMARY_FILE = "build-summary.pickle"
STATE_FORMAT = 6


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
    index_memo: IndexMemo | None = None  # the index's archive-wide answers, by their inputs

    def stamps(self) -> dict[str, tuple]:
        return {path: record[0] for path, record in self.files.items()}


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
    """The last build's state when it was made with the same settings, else None."""
    return _load(cache_dir / STATE_FILE, BuildState, settings)


def load_summary(cache_dir: Path, settings: str) -> BuildSummary | None:
    """The last build's summary when it was made with the same settings, else None."""
    return _load(cache_dir / SUMMARY_FILE, BuildSummary, settings)


def save_state(cache_dir: Path, state: BuildState) -> None:
    """Save the state; its summary follows (save_summary). Until then there is none: a
    summary that exists always describes the state beside it."""
    (cache_dir / SUMMARY_FILE).unlink(missing_ok=True)
    save_kept(cache_dir / STATE_FILE, state)


def save_summary(cache_dir: Path, summary: BuildSummary) -> None:
    save_kept(cache_dir / SUMMARY_FILE, summary)


def _load(path: Path, kind: type, settings: str):
    value = load_kept(path, settings)
    return value if isinstance(value, kind) else None
