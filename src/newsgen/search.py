"""Full-text search: Pagefind indexes the built site as the last step of a build.

Pagefind (PyPI `pagefind[bin]`, which ships the binary) reads the finished pages:
only the article body region (`data-pagefind-body` in article.html) is indexed, with
entities by type, outlet and year as filters and the date as a sort. It writes its
bundle (index, WebAssembly, the default UI) to `pagefind/` in the site, which the
search page (search.html, static/search.js) loads. Search is an extra: when Pagefind
is missing or fails, the build says so in a warning and the rest of the site is whole;
the search page then tells the reader that search is unavailable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from . import urls
from .config import Config
from .records import Problem

BUNDLE = "pagefind"  # the bundle's folder in the site; static/search.js loads it from there
TIMEOUT_SECONDS = 600
# What the search page needs from the bundle: without them, search is unavailable.
REQUIRED = ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css")


def pagefind_binary() -> Path | None:
    """The Pagefind executable: $PAGEFIND_BINARY_PATH, the one pagefind[bin] ships, or one on PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:  # the wrapper is a dependency, but a bare binary on PATH still works
        found = shutil.which("pagefind_extended") or shutil.which("pagefind")
        return Path(found) if found else None
    try:
        return get_executable()
    except (FileNotFoundError, OSError):  # pagefind_bin installed without its binary
        return None


def index_site(site: Path, config: Config) -> list[Problem]:
    """Run Pagefind over `site` (the staging folder); problems are warnings, never fatal."""
    bundle = site / BUNDLE
    if not config.search:
        return []  # switched off in the config (search: false) or with --no-search
    binary = pagefind_binary()
    if binary is None:
        return [_warning(config, "Pagefind is not installed (pip install 'pagefind[bin]'): "
                                 "the site is built without search")]
    # only article pages carry data-pagefind-body: reading just them roughly halves Pagefind's time and memory
    articles_glob = urls.article("*")
    command = [str(binary), "--site", str(site), "--output-subdir", BUNDLE, "--glob", articles_glob,
               "--force-language", config.language, "--quiet"]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                             stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return _failed(bundle, config, f"Pagefind did not finish in {TIMEOUT_SECONDS} s")
    except OSError as exc:
        return _failed(bundle, config, f"Pagefind ({binary}) could not run: {exc.strerror or exc}")
    if run.returncode != 0:
        said = _last_line(run.stderr) or _last_line(run.stdout) or "no message"
        return _failed(bundle, config, f"Pagefind failed (exit status {run.returncode}): {said}")
    missing = [name for name in REQUIRED if not (bundle / name).is_file()]
    if missing:
        return _failed(bundle, config, f"Pagefind wrote no {', '.join(missing)} in {BUNDLE}/")
    return []


def _failed(bundle: Path, config: Config, why: str) -> list[Problem]:
    # a half-written bundle would make the search page try and fail; without one it says
    # plainly that search is unavailable
    shutil.rmtree(bundle, ignore_errors=True)
    return [_warning(config, f"{why}; the site is built without search")]


def _warning(config: Config, message: str) -> Problem:
    return Problem(config.output_dir, message, severity="warning", kind="search")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def reuse_bundle(previous: Path, site: Path) -> bool:
    """Hard-link the previous build's bundle into `site`; True when there was one to reuse.

    Pagefind reads only the article pages and re-indexes the whole site each run,
    so when none of those pages changed, the last bundle is still exact.
    """
    bundle = previous / BUNDLE
    if not (bundle / "pagefind-entry.json").is_file():
        return False
    for source in bundle.rglob("*"):
        target = site / BUNDLE / source.relative_to(bundle)
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source, target)
    return True
