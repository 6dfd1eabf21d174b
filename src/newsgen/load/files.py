"""Finding article files without leaving the content folder, and reading them within limits."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..records import Problem
from .errors import ArticleError

ARTICLE_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md"}
# Far above any news article (a long feature is ~100 KB) yet small enough that tagging stays
# in seconds: larger files are dumps or mistakes. Tests lower it through this name.
MAX_ARTICLE_BYTES = 4 * 1024 * 1024


@dataclass
class Found:
    # the article files as strings: an archive of 10,000 is listed on every build, and Path objects
    # (made, sorted, turned back into strings) took a third of that
    paths: list[str] = field(default_factory=list)
    skipped: int = 0  # files that are not articles
    problems: list[Problem] = field(default_factory=list)  # links and folders that were not followed


def find_articles(content_dir: Path) -> Found:
    """Article files under `content_dir` in path order; symbolic links are never followed out of it."""
    found, root = Found(), content_dir.resolve()
    folders = [str(content_dir)]
    while folders:  # a loop, not recursion: deep trees must not hit the recursion limit
        folder = folders.pop()
        for entry in _entries(folder, found):
            _visit(entry, root, found, folders)
    found.paths.sort(key=_path_order)
    return found


def _path_order(path: str) -> list[str]:
    """Path order (as pathlib sorts): by folder and name, so "a/b.md" comes before "a-b.md"."""
    return path.split(os.sep)


def _entries(folder: str, found: Found) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return [e for e in entries if not e.name.startswith(".")]  # hidden files and folders are ignored
    except OSError as exc:
        found.problems.append(_warning(Path(folder), f"cannot open this folder ({exc.strerror}); the articles in it "
                                                     "are skipped — check its permissions", "read"))
        return []


def _visit(entry: os.DirEntry, root: Path, found: Found, folders: list[str]) -> None:
    path = entry.path
    is_article = os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES
    if entry.is_symlink():
        problem = _link_problem(Path(path), root)
        if problem:
            found.problems.append(problem)
        elif is_article:
            found.paths.append(path)
        else:
            found.skipped += 1
    elif entry.is_dir(follow_symlinks=False):
        folders.append(path)  # also a folder named like an article ("x.md/"): its files are what counts
    elif not is_article:
        found.skipped += 1
    elif entry.is_file(follow_symlinks=False):
        found.paths.append(path)
    else:
        found.problems.append(_warning(Path(path), "this is not a regular file (a named pipe, socket or device); "
                                                   "skipped — remove it from the content folder", "read"))


def _link_problem(link: Path, root: Path) -> Problem | None:
    """None when `link` is a link to a file inside the content folder; else why it is skipped."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11 reports link loops that way
        how = "loops back on itself" if _loops(link) else f"points to '{os.readlink(link)}', which does not exist"
        return _warning(link, f"symbolic link {how}; skipped — remove the link or point it at an article", "link")
    if target != root and root not in target.parents:
        return _warning(link, f"symbolic link points outside the content folder (to {target}); skipped so nothing "
                              "outside is read — copy the file into the folder if it belongs to the archive", "link")
    if target.is_dir():
        # Following links to folders invites loops; what it points to is read where it really is.
        return _warning(link, f"symbolic link to a folder is not followed; its articles are read from {target}", "link")
    return None


def _loops(link: Path) -> bool:
    try:
        os.stat(link)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _warning(path: Path, message: str, kind: str) -> Problem:
    return Problem(path, message, severity="warning", kind=kind)


def read_limited(path: Path, max_bytes: int | None = None) -> bytes:
    """The file's bytes; refuses non-regular files (a pipe would block forever) and oversized ones."""
    max_bytes = MAX_ARTICLE_BYTES if max_bytes is None else max_bytes
    # O_NONBLOCK: opening a named pipe must not wait for a writer; no effect on regular files.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError("this is not a regular file (a named pipe, socket or device); remove it")
        if info.st_size > max_bytes:
            raise _too_big(info.st_size, max_bytes)
        data = handle.read(max_bytes + 1)  # +1: a file that grew since fstat is still caught
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)
    return data


def _too_big(size: int, max_bytes: int) -> ArticleError:
    return ArticleError(
        f"the file is {_size(size)}, over the {_size(max_bytes)} limit for one article; "
        "it is skipped — split it into one file per article (or remove it if it is not an article)",
    )


def _size(count: int) -> str:
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"
