"""The output folder: refuse dangerous targets, one build at a time, swap in atomically.

A build renders into a staging folder beside the output and exchanges the two
at the end (renameat2 RENAME_EXCHANGE on Linux: one atomic step), so a build
killed at any moment leaves the previous site complete.

The site the exchange retires is kept beside the output as the spare
(`.<output>.spare`), pruned to its pages: the next build stages in it, so the
pages that are the same in both need no new file (an edit of a 30,000-page site
links and later removes a few dozen files, not 30,000). A spare is used only
when it holds the token the last build's state names; a build changing it takes
the token out first, so a spare left half-changed is never used again.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

BUILD_MARKER = ".newsgen-build"  # marks a folder newsgen may replace
SPARE_TOKEN = ".newsgen-spare"  # in the spare: the token of the build state that describes it
_RENAME_EXCHANGE = 2
_HELD_LOCKS: list[int] = []  # descriptors of locks this process holds (forked workers inherit them)
_AT_FDCWD = -100


class OutputError(Exception):
    """The output folder cannot be used; nothing was changed."""


def check_output_folder(out_dir: Path, content_dir: Path, project_root: Path) -> None:
    output = out_dir.resolve()
    for name, protected in (("content folder", content_dir.resolve()), ("project folder", project_root.resolve())):
        if output == protected or output in protected.parents:
            raise OutputError(f"output folder '{out_dir}' would replace the {name} '{protected}'; choose another")
    if content_dir.resolve() in output.parents:
        raise OutputError(f"output folder '{out_dir}' is inside the content folder '{content_dir}'; choose another")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"output '{out_dir}' exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / BUILD_MARKER).exists():
        raise OutputError(
            f"output folder '{out_dir}' is not empty and was not made by newsgen; "
            "choose an empty or new folder with --output so nothing of yours is replaced"
        )


@contextmanager
def build_lock(out_dir: Path):
    """Hold an exclusive lock on the output folder for the whole build; a second build refuses."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out_dir.parent / f".{out_dir.name}.lock"
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            raise OutputError(
                f"another newsgen build (pid {handle.read().strip() or '?'}) is writing '{out_dir}'; "
                "wait for it to finish and run this build again"
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        _HELD_LOCKS.append(handle.fileno())
        _remove_leftovers(out_dir)  # we hold the lock: any staging folder is from a killed build
        try:
            yield
        finally:
            _HELD_LOCKS.remove(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


def close_inherited_locks() -> None:
    """In a forked worker: close the build lock's descriptor, so a killed build frees the lock at once."""
    for descriptor in _HELD_LOCKS:
        try:
            os.close(descriptor)
        except OSError:
            pass
    _HELD_LOCKS.clear()


def _leftovers(out_dir: Path) -> list[Path]:
    return [p for p in out_dir.parent.glob(f".{out_dir.name}.staging-*") if p.is_dir()]


def _remove_leftovers(out_dir: Path) -> None:
    for leftover in _leftovers(out_dir):
        remove_folder(leftover)


def spare_folder(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.spare"


def usable_spare(out_dir: Path, token: str) -> Path | None:
    """The spare folder when it holds `token` (the build state's); else it is removed and None."""
    spare = spare_folder(out_dir)
    try:
        if token and (spare / SPARE_TOKEN).read_text(encoding="utf-8") == token:
            return spare
    except OSError:
        pass
    remove_folder(spare)
    return None


def keep_as_spare(folder: Path, out_dir: Path, pages: dict[str, str], token: str) -> None:
    """Make `folder` (a retired site whose pages are `pages`, by relative path) the spare: every
    other file goes (the next build writes them again), then the token marks it usable."""
    spare = spare_folder(out_dir)
    if folder != spare:
        remove_folder(spare)
        folder.rename(spare)
    _prune(str(spare), "", pages)
    (spare / SPARE_TOKEN).write_text(token, encoding="utf-8")


def link_as_spare(out_dir: Path, pages: dict[str, str], token: str) -> None:
    """Make the spare of hard links to the site's `pages` (relative paths), when no retired site can be
    (a first build, or one whose previous pages are unknown). Without hard links there is no spare."""
    from .page_writer import PreviousLinker  # not at the top: page_writer imports parallel, which imports this

    spare = spare_folder(out_dir)
    remove_folder(spare)
    linker = PreviousLinker(out_dir, spare)
    if not all(map(linker.link, pages)):
        remove_folder(spare)
        return
    (spare / SPARE_TOKEN).write_text(token, encoding="utf-8")


def _prune(folder: str, prefix: str, keep: dict[str, str]) -> bool:
    """Remove the files under `folder` whose path (prefix + name) is not in `keep`, and folders left
    empty; True when `folder` is empty afterwards."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if _prune(entry.path, f"{prefix}{entry.name}/", keep):
                    os.rmdir(entry.path)
                else:
                    empty = False
            elif f"{prefix}{entry.name}" in keep:
                empty = False
            else:
                os.unlink(entry.path)
    return empty


def write_atomically(out_dir: Path, render, dispose=None, spare: Path | None = None):
    """Call render(staging_folder), then swap the staging folder in for `out_dir`.

    `spare`: the staging folder to use (see usable_spare), holding the pages of an earlier
    site; else a new empty one. After the swap the staging folder holds the previous site:
    it is removed, or given to dispose(folder) (a build keeps it as the next spare while it
    saves its state). A folder left behind is removed by the next build (build_lock)."""
    if spare is not None:
        staging = spare
        (spare / SPARE_TOKEN).unlink()  # from here on it is half-changed until swapped in
    else:
        staging = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
        remove_folder(staging)
        staging.mkdir(parents=True)
    try:
        # first: a new file each build, so its identity (inode, mtime) names this build's site to the
        # states kept beside it (the build state, the search index's)
        (staging / BUILD_MARKER).unlink(missing_ok=True)
        (staging / BUILD_MARKER).write_text("This folder is generated by newsgen build; it is replaced on each build.\n")
        written = render(staging)
        _swap_in(staging, out_dir)
    except BaseException:
        remove_folder(staging)
        raise
    (dispose or remove_folder)(staging)
    return written


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _swap_in(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        staging.mkdir()  # so the caller's cleanup has something to remove
        return
    if _exchange(staging, out_dir):
        return
    # No atomic exchange on this system: two renames, the window between them is tiny.
    retired = staging.with_name(staging.name + "-old")
    out_dir.rename(retired)
    staging.rename(out_dir)
    retired.rename(staging)


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))
