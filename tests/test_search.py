"""Search: Pagefind indexes the article bodies of a build, with filters and a date sort;
without Pagefind, or when it fails, the build warns and the rest of the site is whole.

What the index holds is read from Pagefind's own output (its fragments: one gzip'd JSON
record per indexed page). The search page working in a browser is tests/test_browser.py.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen import search, urls
from newsgen.cli import main
from newsgen.config import Config
from newsgen.records import ENTITY_TYPES
from newsgen.search import index_site, pagefind_binary
from newsgen.theme import Theme, make_environment

from .conftest import SEEDS

STRICT_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"


def build(out: Path, *extra: str):
    return CliRunner().invoke(main, ["build", "--content", str(SEEDS), "--output", str(out), *extra])


def fragments(site: Path) -> list[dict]:
    """Every page record in the Pagefind bundle."""
    records = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        records.append(json.loads(data[len(b"pagefind_dcd"):]))
    return records


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("search") / "site"
    result = build(out)
    assert result.exit_code == 0, result.output
    assert "search" not in warning_kinds(result.output)  # Pagefind ran
    return out


def warning_kinds(output: str) -> str:
    """The build summary's "warnings: 1 search, 1 base-url" part."""
    return re.search(r"warnings: (.*?) ·", output)[1]


def csp(page: Path) -> str:
    return re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page.read_text(encoding="utf-8"))[1]


def test_pagefind_ships_with_newsgen():
    binary = pagefind_binary()
    assert binary is not None and binary.is_file()


def test_build_writes_the_pagefind_bundle_and_the_search_page(site):
    for name in search.REQUIRED:
        assert (site / "pagefind" / name).is_file(), name
    # one index, in the site's language (the search page's <html lang> picks it)
    assert list((site / "pagefind").glob("pagefind.id_*.pf_meta"))
    page = (site / "search.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in page and "<h1 id=\"search-heading\">Cari</h1>" in page
    assert 'data-ui="pagefind/pagefind-ui.js"' in page and 'src="static/search.js"' in page
    assert (site / "static" / "search.js").is_file()


def test_only_article_bodies_are_indexed(site):
    records = fragments(site)
    articles = sorted(p.relative_to(site).as_posix() for p in (site / "articles").glob("*.html"))
    assert len(articles) == 5
    assert sorted(r["url"].lstrip("/") for r in records) == articles
    bodies = {r["url"].lstrip("/"): r["content"] for r in records}
    putin = next(url for url, text in bodies.items() if "Kehangatan hubungan Rusia dan China" in text)
    # the body only: no navigation, entity lists or footer text
    for chrome in ("Beranda", "Linimasa", "Disebut dalam artikel ini", "Dibuat dengan newsgen"):
        assert chrome not in bodies[putin]
    record = next(r for r in records if r["url"].lstrip("/") == putin)
    assert record["meta"]["title"].startswith("Kehangatan hubungan Rusia dan China")


def article_parts(page: Path) -> tuple[str, str]:
    """The article's header (headline, date, outlet) and its "in this article" entity list."""
    html = page.read_text(encoding="utf-8")
    start = html.index('<article class="article"')
    header = html[start:html.index("</header>", start)]
    start = html.index('<footer class="article-footer">')
    footer = html[start:html.index("</footer>", start)]
    return header, footer


def test_entities_outlet_and_year_are_filters(site):
    records = {r["url"].lstrip("/"): r for r in fragments(site)}
    with_outlet = with_year = 0
    for url, record in records.items():
        header, footer = article_parts(site / url)
        filters = record["filters"]
        outlet = re.search(r'<a href="\.\./outlets/[^"]+">([^<]+)</a>', header)
        day = re.search(r'<time[^>]* datetime="(\d{4})-\d{2}-\d{2}"', header)
        assert filters.get("outlet") == ([html.unescape(outlet[1])] if outlet else None), url
        assert filters.get("year") == ([day[1]] if day else None), url
        with_outlet, with_year = with_outlet + bool(outlet), with_year + bool(day)
        # entities by type: exactly the article's own list of entities
        for entity_type in ("person", "organization", "place", "event"):
            shown = re.findall(rf'<a class="entity entity-{entity_type}" href="[^"]+">([^<]+)</a>', footer)
            assert sorted(filters.get(entity_type, [])) == sorted(html.unescape(n) for n in shown), (url, entity_type)
    assert with_outlet >= 3 and with_year >= 2  # the seeds: 4 with an outlet, 2 dated
    putin = next(r for r in records.values() if "Kehangatan hubungan Rusia dan China" in r["content"])
    assert "Vladimir Putin" in putin["filters"]["person"] and "Wang Yi" in putin["filters"]["person"]


def test_dated_articles_sort_by_date(site):
    dated = 0
    for page in (site / "articles").glob("*.html"):
        header, _ = article_parts(page)
        day = re.search(r'<time[^>]* datetime="(\d{4}-\d{2}-\d{2})"', header)
        sort = re.search(r'data-pagefind-sort="date:([^"]*)"', header)
        assert (day is None) == (sort is None), page.name
        if day:
            dated += 1
            assert sort[1] == day[1]
    assert dated >= 2


def test_search_page_alone_loosens_the_csp(site):
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 50
    loose = {p.relative_to(site).as_posix(): csp(p) for p in pages if csp(p) != STRICT_CSP}
    assert loose == {"search.html": STRICT_CSP.replace("img-src 'self'", "img-src 'self' data:")
                     + "; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'self'"}


def test_every_page_links_to_search(site):
    for page in ("index.html", "articles/000-687a31ec145f4aad.html", "timeline/2022-02.html", "404.html"):
        html = (site / page).read_text(encoding="utf-8")
        href = re.search(r'<a href="([^"]*search\.html)">Cari</a>', html)
        assert href, page
        assert (site / page).parent.joinpath(href[1]).resolve() == (site / "search.html").resolve()


def test_search_page_in_english(tmp_path):
    config = Config(root=tmp_path, language="en")
    env = make_environment(Theme.with_overrides(tmp_path), "en")
    page = env.get_template("search.html").render(site=config, entity_types=ENTITY_TYPES, page_path=urls.SEARCH)
    assert '<html lang="en">' in page and "<h1 id=\"search-heading\">Search</h1>" in page and "not opened from disk (file://)" in page
    assert '<a href="search.html">Search</a>' in page
    labels = json.loads(re.search(r"data-filter-labels='([^']*)'", page)[1])
    assert labels == {"person": "People", "organization": "Organizations", "place": "Places", "event": "Events",
                      "outlet": "Outlet", "year": "Year"}


def test_index_follows_the_configured_language(tmp_path):
    # Pagefind UI loads the index named after <html lang>, which is the config's language
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.html").write_text(
        '<!doctype html><html lang="en"><head><title>A</title></head><body><h1>Flood</h1>'
        '<div data-pagefind-body><p>The river flooded three districts.</p></div></body></html>', encoding="utf-8")
    assert index_site(tmp_path, Config(root=tmp_path, language="en")) == []
    assert list((tmp_path / "pagefind").glob("pagefind.en_*.pf_meta"))
    assert [r["url"] for r in fragments(tmp_path)] == ["/articles/a.html"]


def assert_built_without_search(out: Path, result, reason: str) -> None:
    assert result.exit_code == 0, result.output  # a warning, not a failure
    warning = [line for line in result.output.splitlines() if ": warning: " in line and "search" in line]
    assert len(warning) == 1 and reason in warning[0], result.output
    assert "1 search" in warning_kinds(result.output).split(", ")
    assert not (out / "pagefind").exists()
    # the rest of the site is whole
    assert len(list((out / "articles").glob("*.html"))) == 5
    for page in ("index.html", "topics/index.html", "timeline/index.html", "outlets/index.html", "404.html"):
        assert (out / page).is_file(), page
    page = (out / "search.html").read_text(encoding="utf-8")
    assert 'id="search-unavailable"' in page and "Pencarian tidak tersedia" in page


def fake_pagefind(tmp_path: Path, monkeypatch, script: str) -> None:
    """A stand-in Pagefind ($2 is the --site folder) that newsgen runs instead of the real one."""
    fake = tmp_path / "pagefind"
    fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))


def test_without_pagefind_the_build_warns(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "pagefind_binary", lambda: None)
    out = tmp_path / "site"
    assert_built_without_search(out, build(out), "Pagefind is not installed")


def test_a_failing_pagefind_is_a_warning(tmp_path, monkeypatch):
    fake_pagefind(tmp_path, monkeypatch, "mkdir -p \"$2/pagefind\"; echo 'Error: disk on fire' >&2; exit 3")
    out = tmp_path / "site"
    assert_built_without_search(out, build(out), "Pagefind failed (exit status 3): Error: disk on fire")


def test_a_pagefind_that_cannot_run_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "nowhere" / "pagefind"))
    out = tmp_path / "site"
    assert_built_without_search(out, build(out), "could not run")


def test_a_pagefind_that_writes_no_ui_is_a_warning(tmp_path, monkeypatch):
    fake_pagefind(tmp_path, monkeypatch, "mkdir -p \"$2/pagefind\"; touch \"$2/pagefind/pagefind.js\"")
    out = tmp_path / "site"
    assert_built_without_search(out, build(out), "wrote no pagefind-ui.js, pagefind-ui.css")


def test_a_rebuild_replaces_the_index(tmp_path, monkeypatch):
    out = tmp_path / "site"
    assert build(out).exit_code == 0
    assert (out / "pagefind" / "pagefind-ui.js").is_file()
    monkeypatch.setattr(search, "pagefind_binary", lambda: None)
    assert_built_without_search(out, build(out), "Pagefind is not installed")  # no stale index left behind
