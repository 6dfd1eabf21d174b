"""Writing pages: skip the ones whose inputs did not change, render the rest, in parallel.

Every page is planned as a PageJob with a key: a hash of the site-wide settings and
of its deps, what it shows (article versions, counts, names). A page whose key
matches the previous build's is hard-linked from the previous output instead of
being rendered, so its bytes (and file) stay as they were. When the build stages
in the spare (output.py), a page the spare holds with the same key is left as it is.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from .parallel import collecting_cycles, fork_map

# Up to this many pages are rendered by the build's own process: forking workers of a large
# build's process costs more than rendering a few hundred pages (an edit renders ~60).
SERIAL_PAGES = 300


@dataclass(slots=True)
class PageJob:
    template: str
    path: str
    context: dict | Callable[[], dict]  # a callable makes it when the page is rendered (most never are)
    key: str  # page_key: made when the page is planned, so its deps need not be kept

    def render_context(self) -> dict:
        return self.context if isinstance(self.context, dict) else self.context()


@dataclass
class PreviousSite:
    """What the last build wrote: its output folder and each page's key."""

    folder: Path
    keys: dict[str, str] = field(default_factory=dict)
    # the pages the staging folder holds already, with their keys: it is the spare (the site before the last)
    staged: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)  # its listings' group keys (render.SitePlan.listing)


@dataclass
class WriteResult:
    keys: dict[str, str] = field(default_factory=dict)  # the pages, by path
    groups: dict[str, str] = field(default_factory=dict)  # for the next build's PreviousSite
    rendered: int = 0  # pages rendered this time (the rest were unchanged)


def page_key(site_digest, template: str, path: str, deps: tuple | str) -> str:
    """The page's key: `site_digest` (a sha1 of the site key, copied, not made again per page) and its deps:
    a tuple, or a string that stands for them unambiguously (made faster than a tuple's repr)."""
    digest = site_digest.copy()
    if isinstance(deps, str):
        digest.update(f"{template}\0{path}\0{deps}".encode("utf-8", "surrogatepass"))
    else:
        digest.update(repr((template, path, deps)).encode())  # repr: stable for equal values
    return digest.hexdigest()


def deps_digest(deps: tuple) -> str:
    """A short stand-in for deps that several pages share: repr'd and hashed once, not once per page."""
    return hashlib.sha1(repr(deps).encode()).hexdigest()


def write_pages(
    jobs: list[PageJob], env: Environment, common: dict, out_dir: Path,
    previous: PreviousSite | None = None, processes: int = 1,
) -> WriteResult:
    result = WriteResult()
    to_render = []
    linker = PreviousLinker(previous.folder, out_dir) if previous else None
    staged = previous.staged if previous else {}
    result.keys = {job.path: job.key for job in jobs}
    if staged:
        remove_stale(out_dir, staged, result.keys)
    for job in jobs:
        if staged.get(job.path) == job.key:
            continue
        if linker and previous.keys.get(job.path) == job.key and linker.link(job.path):
            continue
        to_render.append(job)
    result.rendered = len(to_render)
    _render_all(to_render, env, common, out_dir, previous, processes)
    return result


def remove_stale(out_dir: Path, staged: dict[str, str], keys: dict[str, str]) -> None:
    """Remove the staged pages whose key is not the one planned (changed, or no longer a page), and
    their folders when that leaves them empty: the page is linked or rendered into a new file."""
    root, folders = str(out_dir), set()
    for path, key in staged.items():
        if keys.get(path) != key:
            target = os.path.join(out_dir, path)
            try:
                os.unlink(target)
            except FileNotFoundError:
                pass
            folders.add(os.path.dirname(target))
    folders.discard(root)
    for folder in sorted(folders, key=len, reverse=True):  # the deepest first
        try:
            os.rmdir(folder)
        except OSError:
            pass  # not empty: other pages stay in it


class PreviousLinker:
    """link_previous for many pages: plain string paths, and each folder made once (0.5 s -> 0.2 s for 30,000)."""

    def __init__(self, previous: Path, out_dir: Path):
        self.previous, self.out_dir = str(previous), str(out_dir)
        self.folders: set[str] = set()  # made in out_dir already

    def link(self, path: str) -> bool:
        """Hard-link the previous build's `path` (relative, with /) into the site; False when it cannot be."""
        folder = os.path.dirname(path)
        try:
            if folder not in self.folders:
                os.makedirs(os.path.join(self.out_dir, folder), exist_ok=True)
                self.folders.add(folder)
            os.link(os.path.join(self.previous, path), os.path.join(self.out_dir, path))
            return True
        except OSError:
            return False  # missing or on another file system: render it instead


def link_previous(source: Path, target: Path) -> bool:
    """Hard-link the previous build's file into the site being built; False when it cannot be."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
        return True
    except OSError:
        return False  # missing or on another file system: render it instead


def _render_all(jobs: list[PageJob], env, common, out_dir: Path, previous: PreviousSite | None, processes: int) -> None:
    folders: set[Path] = set()  # made already, by this process

    def render_range(bounds: tuple[int, int]) -> None:
        for job in jobs[bounds[0]:bounds[1]]:
            html = env.get_template(job.template).render(**common, **job.render_context(), page_path=job.path)
            write_if_changed(out_dir / job.path, html.encode("utf-8"), previous.folder / job.path if previous else None,
                             folders)

    # ranges, not pages, cross to the workers: the jobs themselves are inherited by forking
    with collecting_cycles():  # rendering makes a few reference cycles a page (Jinja's), here as in workers
        fork_map(render_range, _ranges(len(jobs), max(1, processes) * 4), processes if len(jobs) > SERIAL_PAGES else 1,
                 min_items=1)


def _ranges(total: int, parts: int) -> list[tuple[int, int]]:
    size = max(1, -(-total // parts))
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def write_if_changed(target: Path, data: bytes, old: Path | None, folders: set[Path] | None = None) -> None:
    """Write `data`, or link the previous file when it holds exactly these bytes (its file stays as it was).

    `folders`: the folders made already, by this process (a set the caller keeps), to skip their mkdir."""
    if folders is None or target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        if folders is not None:
            folders.add(target.parent)
    if old is not None:
        try:
            if old.stat().st_size == len(data) and old.read_bytes() == data:
                os.link(old, target)
                return
        except OSError:
            pass
    target.write_bytes(data)
