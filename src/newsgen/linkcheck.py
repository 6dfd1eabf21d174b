"""Check that every internal link and asset reference in a built site resolves."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_REFERENCING = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src")}


@dataclass
class BrokenLink:
    page: str
    target: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.target}: {self.reason}"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if (tag, name) in _REFERENCING and value:
                self.references.append(value)


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def check_site(site: Path) -> list[BrokenLink]:
    """Broken internal references in every HTML page under `site` (external URLs are not fetched)."""
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    parsed = {name: _parse(path) for name, path in pages.items()}
    broken = []
    for name, collector in parsed.items():
        for reference in collector.references:
            problem = _check_reference(site, name, reference, parsed)
            if problem:
                broken.append(BrokenLink(name, reference, problem))
    return broken


def _check_reference(site: Path, page: str, reference: str, parsed: dict[str, _Collector]) -> str | None:
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        return None if parts.scheme in ("http", "https", "mailto") else f"unexpected scheme {parts.scheme!r}"
    if reference.startswith("/"):
        return "root-absolute link; breaks from disk and under a subpath"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) if parts.path else page
    if target.startswith(".."):
        return "points outside the site"
    if not (site / target).is_file():
        return "no such file" if not (site / target).is_dir() else "a folder (won't open from disk)"
    if parts.fragment and target in parsed and parts.fragment not in parsed[target].ids:
        return f"no element with id {parts.fragment!r}"
    return None
