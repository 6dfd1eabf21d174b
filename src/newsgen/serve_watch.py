"""`newsgen serve`: which file changes call for a rebuild, watched with watchdog, debounced."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from watchdog.events import (EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED,
                             FileSystemEvent, FileSystemEventHandler)
from watchdog.observers import Observer

from .config import Config
from .load.files import ARTICLE_SUFFIXES

# watchdog also reports files being opened and closed: the build itself reads every
# source, so reacting to those would rebuild forever.
_CHANGES = {EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED}


@dataclass(frozen=True)
class Sources:
    """What a build reads: folders of articles and theme overrides, and single files."""

    trees: tuple[Path, ...]  # the content folder first (its articles count), then theme folders (every file)
    files: tuple[Path, ...]  # entities.yaml, the config file
    output: Path  # written by the build itself; never a reason to rebuild

    @classmethod
    def of(cls, config: Config) -> "Sources":
        root = config.root.resolve()
        files = [config.entities_file.resolve()] + ([config.source.resolve()] if config.source else [])
        return cls((config.content_dir.resolve(), root / "templates", root / "static"), tuple(files),
                   config.output_dir.resolve())

    def matters(self, path: str, folder: bool = False) -> bool:
        changed = Path(path)
        if self._written_by_build(changed):
            return False
        if changed in self.files:
            return True
        content = self.trees[0]
        if not folder and content in changed.parents and changed.suffix.lower() not in ARTICLE_SUFFIXES:
            return False  # the build reads no other file there: an editor's or sed's temporary file
        return any(_inside_visible(changed, tree) for tree in self.trees)

    def _written_by_build(self, path: Path) -> bool:
        # the output folder, and beside it the build's lock file and staging folders (.site.lock, .site.staging-…)
        out = self.output
        return any(p == out or (p.parent == out.parent and p.name.startswith(f".{out.name}."))
                   for p in (path, *path.parents))

    def folders_to_watch(self) -> dict[Path, bool]:
        """Folder -> recursive. Parents are watched too, to see a folder or file appear or be replaced."""
        watched: dict[Path, bool] = {}
        for tree in self.trees:
            if tree.is_dir():
                watched[tree] = True
        for path in (*self.trees, *self.files):
            if path.parent.is_dir():
                watched.setdefault(path.parent, False)
        return watched


def _inside_visible(path: Path, tree: Path) -> bool:
    # the loader skips hidden files and folders, and editors keep their swap files hidden
    if path == tree:
        return True
    return tree in path.parents and not any(part.startswith(".") for part in path.relative_to(tree).parts)


class SourceWatcher(FileSystemEventHandler):
    """Calls on_change(path) for each change to a source of the site."""

    def __init__(self, on_change: Callable[[str], None]) -> None:
        self._on_change = on_change
        self._sources: Sources | None = None
        self._watches: dict[tuple[Path, bool], object] = {}
        self._observer = Observer()
        self._observer.daemon = True

    def follow(self, sources: Sources) -> None:
        """Watch what `sources` needs (after a config change the content folder may have moved)."""
        self._sources = sources
        wanted = set(sources.folders_to_watch().items())
        for key in set(self._watches) - wanted:
            self._observer.unschedule(self._watches.pop(key))
        for folder, recursive in wanted - set(self._watches):
            self._watches[(folder, recursive)] = self._observer.schedule(self, str(folder), recursive=recursive)

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        # watchdog 7 logs "queue_events() called when the thread is inactive" when an inotify
        # read races its own shutdown; harmless, but it reads like a crash on the way out
        logging.getLogger("watchdog.observers.inotify").setLevel(logging.CRITICAL)
        self._observer.stop()
        self._observer.join(timeout=5)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES or (event.is_directory and event.event_type == EVENT_TYPE_MODIFIED):
            return  # a folder's "modified" only echoes a change to one of its files
        sources = self._sources
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path and sources and sources.matters(str(path), event.is_directory):
                self._on_change(str(path))
                return


class Debouncer:
    """Runs action(changed paths) once changes stop for `quiet` seconds; one run at a time, in its own thread.

    Saving a file is often several events (write, chmod, rename over the old one) and a
    `git checkout` is hundreds: one rebuild after the burst is what the user wants.
    """

    def __init__(self, action: Callable[[list[str]], None], quiet: float = 0.3) -> None:
        self._action, self._quiet = action, quiet
        self._changed: list[str] = []
        self._last = 0.0
        self._lock = threading.Lock()
        self._pending, self._stopping = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsgen-rebuild", daemon=True)

    def poke(self, path: str) -> None:
        with self._lock:
            self._last = time.monotonic()
            if path not in self._changed:
                self._changed.append(path)
        self._pending.set()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._pending.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while self._pending.wait() and not self._stopping.is_set():
            while (left := self._last + self._quiet - time.monotonic()) > 0:
                if self._stopping.wait(left):
                    return
            with self._lock:
                # cleared before the build reads anything: a change during the build runs another
                self._pending.clear()
                changed, self._changed = self._changed, []
            self._action(changed)
