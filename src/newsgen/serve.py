"""`newsgen serve`: build, serve on 127.0.0.1, rebuild when a source changes, reload open pages.

Three threads: the main one serves HTTP (so Ctrl-C lands there), watchdog's observer
reports file changes, and the debouncer's thread rebuilds. The HTTP side is in
serve_http.py, the watching in serve_watch.py.
"""

from __future__ import annotations

import errno
import os
import re
import threading
import traceback
from typing import Callable

import click
from jinja2 import TemplateError

from .build import BuildError, Progress, build_site
from .console import counted
from .config import Config, ConfigError
from .serve_http import SiteServer, make_server
from .serve_watch import Debouncer, Sources, SourceWatcher


class ServeError(Exception):
    """`newsgen serve` cannot start."""


class _Cancelled(Exception):
    pass


class _CancellableProgress(Progress):
    """Ends a rebuild at the next stage or article once the server stops, so Ctrl-C is not kept waiting."""

    def __init__(self, stopping: threading.Event) -> None:
        self._stopping = stopping

    def start(self, stage: str, total: int | None = None) -> None:
        self._check()

    def advance(self, count: int = 1) -> None:
        self._check()

    def _check(self) -> None:
        if self._stopping.is_set():
            raise _Cancelled  # the output is swapped in atomically: a build ended early leaves the last site


class LiveSite:
    """The site being served: rebuilt one build at a time, numbered so open pages know when to reload."""

    def __init__(self, config: Config, reload_config: Callable[[], Config], drafts: bool) -> None:
        self.config, self._reload_config, self._drafts = config, reload_config, drafts
        self.build_number = 0  # successful builds so far; what /__newsgen/version reports
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def rebuild(self, changed: list[str] | None = None) -> bool:
        """Build again (re-reading the config after a change); on failure the last good site stays."""
        with self._lock:
            if changed:
                click.echo(f"Changed: {', '.join(_shown(p) for p in changed[:3])}"
                           f"{f' and {len(changed) - 3} more' if len(changed) > 3 else ''}; rebuilding…")
            try:
                config = self._reload_config() if changed else self.config
                report = build_site(config, drafts=self._drafts, progress=_CancellableProgress(self.stopping))
            except _Cancelled:
                return False
            except Exception as exc:  # any mistake in the user's files must not stop the server
                _print_failure(exc)
                if changed:
                    click.echo("The build failed; still serving the last good site. Fix the problem and save again.",
                               err=True)
                return False
            self.config = config
            self.build_number += 1
            for problem in report.problems:
                click.echo(str(problem), err=True)
            click.echo(f"Built {counted(report.articles, 'article')} ({report.pages} pages) in {report.seconds:.1f} s"
                       f"{f'; {len(report.errors)} failed, listed above' if report.errors else ''}.")
            return True


# Mistakes in the user's files: one line saying where is enough. Anything else is a
# newsgen bug, and its traceback is what a bug report needs.
_USER_ERRORS = (BuildError, ConfigError, ValueError, OSError, TemplateError)


def _print_failure(exc: Exception) -> None:
    if not isinstance(exc, _USER_ERRORS):
        click.echo("".join(traceback.format_exception(exc)).rstrip(), err=True)
    for problem in getattr(exc, "problems", []):
        click.echo(str(problem), err=True)
    where = f"{exc.filename}:{exc.lineno}: " if getattr(exc, "filename", None) and getattr(exc, "lineno", None) else ""
    kind = "" if isinstance(exc, (BuildError, ConfigError, ValueError)) else f"{type(exc).__name__}: "
    click.echo(f"Error: {where}{kind}{exc}", err=True)


def _shown(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def normalize_base_path(value: str) -> str:
    """'/repo/', '/repo' or 'repo' -> '/repo/'; '' and '/' -> '/'."""
    segments = [s for s in value.strip().split("/") if s]
    for segment in segments:
        if segment in (".", "..") or not _SEGMENT.fullmatch(segment):
            raise ValueError(f"{value!r} is not a URL path such as /repo/ (letters, digits, '.', '_', '-', '~')")
    return "/" + "".join(s + "/" for s in segments)


def serve_site(config: Config, reload_config: Callable[[], Config], port: int = 8000, base_path: str = "/",
               drafts: bool = False) -> None:
    """Serve until Ctrl-C. Raises ServeError when it cannot start."""
    site = LiveSite(config, reload_config, drafts)
    server = _bind(port, site, base_path)

    def rebuild(changed: list[str]) -> None:
        site.rebuild(changed)
        watcher.follow(Sources.of(site.config))  # the config may have moved the content folder

    debouncer = Debouncer(rebuild)
    watcher = SourceWatcher(debouncer.poke)
    try:
        # watching starts before the first build, so an edit made during it is not missed
        watcher.follow(Sources.of(config))
        watcher.start()
        debouncer.start()
        if not site.rebuild():
            if not (config.output_dir / "index.html").is_file():
                raise ServeError(f"nothing to serve: the build failed and there is no earlier site in {config.output_dir}")
            click.echo(f"Serving the previous build in {config.output_dir}/ until the problem is fixed.", err=True)
        _print_serving(site.config, server, base_path)
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        click.echo("Stopping.")
    finally:
        site.stopping.set()
        debouncer.stop()  # first: a rebuild it is running ends early and may still call watcher.follow
        watcher.stop()
        server.server_close()


def _bind(port: int, site: LiveSite, base_path: str) -> SiteServer:
    try:
        return make_server(port, lambda: site.config.output_dir, lambda: site.build_number, base_path)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on 127.0.0.1 is already in use (another newsgen serve or web server?); "
                             f"choose another with --port, e.g. newsgen serve --port {port % 65535 + 1}") from exc
        raise ServeError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); choose another port with --port") from exc


def _print_serving(config: Config, server: SiteServer, base_path: str) -> None:
    host, port = server.server_address[:2]
    sources = Sources.of(config)
    watched = [_shown(str(p)) + "/" for p in sources.trees] + [_shown(str(p)) for p in sources.files]
    click.echo(f"Serving {_shown(str(config.output_dir))}/ at http://{host}:{port}{base_path}")
    click.echo(f"  rebuilding when these change: {', '.join(watched)}; open pages reload themselves.")
    click.echo("  Press Ctrl-C to stop.")
