"""Large files made of one part per article: an edit makes its part again, the rest is copied.

The open data files hold every article (130 MB at 10,000), and making all of them
again costs seconds when an edit changed one line. Each part has a key, a hash of
everything its bytes are made from. The cache folder keeps, per file, where each
key's bytes are in the file the last build wrote, and that file's identity (inode,
size, mtime): beside that very file, a part whose key is kept is copied from it
(in the kernel, copy_file_range) instead of being made again.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .page_writer import link_previous

COPY_FALLBACK_CHUNK = 1 << 20  # bytes read at a time where copy_file_range cannot be used


@dataclass
class FileParts:
    """Where each part of a written file is (key -> (offset, size)), and which file that was."""

    identity: tuple = ()
    parts: dict[bytes, tuple[int, int]] = field(default_factory=dict)


@dataclass
class KeptParts:
    """What the cache folder keeps for the next build: FileParts by output path."""

    settings: tuple  # what every part depends on besides its key: kept parts made with others are not used
    files: dict[str, FileParts] = field(default_factory=dict)


# a part: its key (None: always made again, e.g. a header) and how to make its bytes
Part = tuple[bytes | None, Callable[[], bytes]]


def file_identity(path: Path) -> tuple:
    """(inode, size, mtime) of a file, () when it is missing: a kept description is trusted only for this file."""
    try:
        stat = path.stat()
    except OSError:
        return ()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def load_kept(path: Path, settings):
    """The pickled value at `path` when its `settings` are these, else None (also for the build
    state and the search index: every file the cache folder keeps between builds)."""
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes millions of objects and no cycles: the collector would walk them for nothing
    try:
        with open(path, "rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    finally:
        # Out of the collector's reach from now on (they are still freed when no longer used): the
        # next collection would walk them all, once per file loaded (0.07 s of a 10,000-article edit).
        gc.freeze()
        if collecting:
            gc.enable()
    return value if getattr(value, "settings", None) == settings else None


def save_kept(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        pickle.dump(value, handle, protocol=5)
    temporary.replace(path)  # atomic: a killed build leaves the old file or the new


def usable_parts(kept: KeptParts | None, name: str, previous: Path | None) -> FileParts | None:
    """The kept description of the previous build's file `previous`, when it is still that file."""
    if kept is None or previous is None or name not in kept.files:
        return None
    found = kept.files[name]
    return found if found.identity and found.identity == file_identity(previous) else None


def write_parts(target: Path, parts: Sequence[Part], old: FileParts | None, previous: Path | None) -> FileParts:
    """Write the parts in order into `target`, copying from `previous` those `old` holds; describe what was written."""
    if old is None or previous is None:
        return _write(target, parts, FileParts(), None)
    if _same_as_before(parts, old) and link_previous(previous, target):
        return FileParts(file_identity(target), {key: old.parts[key] for key, _ in parts})  # the file stays as it was
    try:
        return _write(target, parts, old, previous)
    except _PreviousChanged:
        return _write(target, parts, FileParts(), None)


def _same_as_before(parts: Sequence[Part], old: FileParts) -> bool:
    """True when the previous file holds exactly these parts, in this order."""
    position = 0
    for key, _ in parts:
        where = old.parts.get(key) if key is not None else None
        if where is None or where[0] != position:
            return False
        position += where[1]
    return position == old.identity[1]  # its size: nothing after the last part


class _PreviousChanged(Exception):
    """The previous file is shorter than its description says: it was changed behind the build's back."""


def _write(target: Path, parts: Sequence[Part], old: FileParts, previous: Path | None) -> FileParts:
    written = FileParts()
    with open(target, "wb", buffering=0) as out, _open_or_none(previous) as source:
        assembler = _Assembler(out.fileno(), source.fileno() if source else -1)
        for key, make in parts:
            where = old.parts.get(key) if key is not None else None
            start = assembler.position
            if where is not None:
                assembler.copy(*where)
            else:
                assembler.add(make())
            if key is not None:
                written.parts[key] = (start, assembler.position - start)
        assembler.flush()
    written.identity = file_identity(target)
    return written


class _open_or_none:
    def __init__(self, path: Path | None):
        self.handle = open(path, "rb", buffering=0) if path is not None else None

    def __enter__(self):
        return self.handle

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            self.handle.close()


class _Assembler:
    """Appends made bytes and ranges of the source file to the target, merging what is adjacent."""

    def __init__(self, target: int, source: int):
        self.target, self.source = target, source
        self.position = 0  # bytes of the target so far, flushed or not
        self.pending: list[bytes] = []
        self.pending_size = 0
        self.run: list[int] | None = None  # [offset, size] of a source range not copied yet

    def add(self, data: bytes) -> None:
        self._copy_run()
        self.pending.append(data)
        self.pending_size += len(data)
        self.position += len(data)
        if self.pending_size >= COPY_FALLBACK_CHUNK:
            self._write_pending()

    def copy(self, offset: int, size: int) -> None:
        self._write_pending()
        if self.run is not None and self.run[0] + self.run[1] == offset:
            self.run[1] += size  # parts that were neighbours stay one copy
        else:
            self._copy_run()
            self.run = [offset, size]
        self.position += size

    def flush(self) -> None:
        self._write_pending()
        self._copy_run()

    def _write_pending(self) -> None:
        if self.pending:
            _write_all(self.target, b"".join(self.pending))
            self.pending, self.pending_size = [], 0

    def _copy_run(self) -> None:
        if self.run is not None:
            _copy_range(self.source, self.target, *self.run)
            self.run = None


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]


def _copy_range(source: int, target: int, offset: int, size: int) -> None:
    """Append source[offset:offset + size] to the target."""
    while size > 0:
        try:
            copied = os.copy_file_range(source, target, size, offset)
        except (OSError, AttributeError):  # not on this system or across file systems: through user space
            copied = _copy_chunk(source, target, min(size, COPY_FALLBACK_CHUNK), offset)
        if copied == 0:
            raise _PreviousChanged()
        offset, size = offset + copied, size - copied


def _copy_chunk(source: int, target: int, size: int, offset: int) -> int:
    data = os.pread(source, size, offset)
    _write_all(target, data)
    return len(data)
