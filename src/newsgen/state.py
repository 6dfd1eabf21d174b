"""What the last build saw and wrote, kept in the cache folder for the next build.

A build whose inputs are all as they were does nothing; otherwise unchanged files
are not read again and unchanged pages are not rendered again (page_writer).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .config import Config
from .records import Problem
from .theme import Theme

STATE_FILE = "build-state.pickle"
STATE_FORMAT = 1


@dataclass
class BuildState:
    settings: str  # hash of everything but the articles: newsgen, config, flags, theme, entities.yaml
    files: dict[str, tuple] = field(default_factory=dict)  # path -> (stamp, Article | None, problems)
    page_keys: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # reported again when nothing changed
    tagged: dict[str, dict] = field(default_factory=dict)  # tag cache entries this build used
    tagger: str = ""  # the fingerprint those entries were made with
    articles: int = 0
    pages: int = 0

    def stamps(self) -> dict[str, tuple]:
        return {path: record[0] for path, record in self.files.items()}


def settings_key(config: Config, theme: Theme, drafts: bool) -> str:
    digest = hashlib.sha1(f"{__version__}:{STATE_FORMAT}:{drafts}".encode())
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
    try:
        with open(cache_dir / STATE_FILE, "rb") as handle:
            state = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return state if isinstance(state, BuildState) and state.settings == settings else None


def save_state(cache_dir: Path, state: BuildState) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / f"{STATE_FILE}.{os.getpid()}.tmp"
    with open(temporary, "wb") as handle:
        pickle.dump(state, handle, protocol=5)
    temporary.replace(cache_dir / STATE_FILE)  # atomic: a killed build leaves the old state or the new
