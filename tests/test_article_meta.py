"""Open Graph tags and JSON-LD NewsArticle on article pages; hostile values stay inside the JSON."""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsgen.theme import json_for_script, og_locale

from .test_feeds import BASE, build, seeds_and_tagged

SCHEMA_TYPES = {"person": "Person", "organization": "Organization", "place": "Place", "event": "Event"}
HOSTILE = "</script><script>alert(1)</script>"
HOSTILE_MD = f"""---
title: "Judul {HOSTILE} <!-- &amp; akhir"
date: 2022-03-04
outlet: "{HOSTILE}"
author: "</SCRIPT ><script>alert(2)</script>"
tags: ["{HOSTILE}"]
summary: "<!--<script>alert(3)</script>"
---
Presiden Joko Widodo bertemu Vladimir Putin di Moskow.
"""


class Head(HTMLParser):
    """The <meta property> tags and the text of each <script> of a page, as a browser parses them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "property" in attrs:
            self.meta.append((attrs["property"], attrs["content"]))
        if tag == "script":
            self._script = attrs
            self.scripts.append((attrs, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def og(self, name: str) -> list[str]:
        return [content for prop, content in self.meta if prop == name]

    def json_ld(self) -> dict:
        [(attrs, text)] = self.scripts
        assert attrs == {"type": "application/ld+json"}
        return json.loads(text)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("meta")
    content = seeds_and_tagged(root)
    (content / "hostile.md").write_text(HOSTILE_MD, encoding="utf-8")
    return build(root, content)


def head(site: Path, slug: str) -> Head:
    return Head((site / "articles" / f"{slug}.html").read_text(encoding="utf-8"))


def records(site: Path) -> dict[str, dict]:
    lines = (site / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["slug"]: r for r in map(json.loads, lines)}


def test_every_article_has_news_article_json_ld_naming_its_entities(site):
    with (site / "data" / "mentions.csv").open(encoding="utf-8", newline="") as f:
        mentions = list(csv.DictReader(f))
    for slug, record in records(site).items():
        data = head(site, slug).json_ld()
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        assert data["headline"] == record["title"]
        assert data["url"] == f"{BASE}articles/{slug}.html"
        assert data["inLanguage"] == record["language"]
        rows = [m for m in mentions if m["article"] == slug]
        counts = Counter((m["canonical"], m["type"]) for m in rows)
        expected = {(name, SCHEMA_TYPES[kind]) for name, kind in counts}
        assert {(e["name"], e["@type"]) for e in data.get("mentions", [])} == expected, slug
        for thing in data.get("mentions", []):
            assert thing["url"].startswith(f"{BASE}entities/") and (site / thing["url"][len(BASE):]).is_file()
        kinds = {schema: kind for kind, schema in SCHEMA_TYPES.items()}
        ordered = [counts[(e["name"], kinds[e["@type"]])] for e in data.get("mentions", [])]
        assert ordered == sorted(ordered, reverse=True)  # most mentioned first
        assert data.get("about", []) == data.get("mentions", [])[:3]
        if record["outlet"]:
            assert data["publisher"] == {"@type": "Organization", "name": record["outlet"]}
        if record["dateline_place"]:
            assert data["dateline"] == record["dateline_place"]
        # only a stated date is a publication date; estimates and undated articles have none
        if record["date_source"] in ("front_matter", "text"):
            assert data["datePublished"] == record["date"]
        else:
            assert "datePublished" not in data


def test_json_ld_of_a_known_article(site):
    data = head(site, "003-899dac26f7ecad5b").json_ld()
    assert data["datePublished"] == "2022-06-15" and data["dateline"] == "Jakarta"
    assert data["publisher"]["name"] == "DISWAY.ID"
    mentions = {(e["name"], e["@type"]) for e in data["mentions"]}
    assert {("Xi Jinping", "Person"), ("Vladimir Putin", "Person"), ("Rusia", "Place")} <= mentions
    banjir = head(site, "banjir").json_ld()
    assert banjir["author"] == {"@type": "Person", "name": "Sari"}
    assert banjir["datePublished"] == "2022-07-02T10:30:00+07:00"
    assert banjir["keywords"] == ["Banjir", "Jakarta"]


def test_open_graph_tags(site):
    page = head(site, "banjir")
    assert page.og("og:type") == ["article"]
    assert page.og("og:title") == ["Banjir Rendam Tiga Kecamatan di Jakarta"]
    assert page.og("og:description") == ["Banjir merendam tiga kecamatan."]
    assert page.og("og:url") == [f"{BASE}articles/banjir.html"]
    assert page.og("og:site_name") == ["Arsip Berita"]
    assert page.og("og:locale") == ["id_ID"]
    assert page.og("article:published_time") == ["2022-07-02T10:30:00+07:00"]
    assert page.og("article:tag") == ["Banjir", "Jakarta"]
    undated = head(site, "tanpa-tanggal")
    assert undated.og("article:published_time") == [] and undated.og("og:title") == ["Catatan Tanpa Tanggal"]
    assert head(site, "tanpa-tanggal").og("og:description") == ["Tulisan ini tidak menyebut tanggal apa pun."]


def test_without_base_url_no_urls_but_the_rest(tmp_path):
    site = build(tmp_path, seeds_and_tagged(tmp_path), base_url=None)
    page = head(site, "banjir")
    assert page.og("og:url") == [] and page.og("og:title")
    data = page.json_ld()
    assert "url" not in data and all("url" not in e for e in data["mentions"])


def test_hostile_values_stay_inside_the_json(site):
    html = (site / "articles" / "hostile.html").read_text(encoding="utf-8")
    page = Head(html)
    assert len(page.scripts) == 1  # no value opened a second <script>
    data = page.json_ld()
    assert data["headline"] == f"Judul {HOSTILE} <!-- &amp; akhir"
    assert data["publisher"]["name"] == HOSTILE
    assert data["author"]["name"] == "</SCRIPT ><script>alert(2)</script>"
    assert data["description"] == "<!--<script>alert(3)</script>"
    assert data["keywords"] == [HOSTILE]
    opening = '<script type="application/ld+json">'
    inside = html[html.index(opening) + len(opening):]
    inside = inside[:inside.index("</script>")]
    assert not set("<>&") & set(inside)
    assert page.og("og:title") == [f"Judul {HOSTILE} <!-- &amp; akhir"]  # attribute-escaped by Jinja


def test_json_for_script_escapes_what_could_end_the_element():
    text = str(json_for_script({"a": "</script><!--x-->&\u2028\\<", "gone": None, "empty": []}))
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text) == {"a": "</script><!--x-->&\u2028\\<"}
    assert og_locale("id") == "id_ID" and og_locale("en") == "en_US" and og_locale("en-GB") == "en_GB"


# ----------------------------------------------------------------- in Chromium, under the page's CSP

CHROMIUM = Path(os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium"))


def test_json_ld_trips_no_csp_and_runs_nothing_in_chromium(site):
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.skip(f"no chromium at {CHROMIUM}")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            console, dialogs, errors = [], [], []
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))
            for slug in ("hostile", "003-899dac26f7ecad5b"):
                page.goto((site / "articles" / f"{slug}.html").as_uri(), wait_until="load")
                page.wait_for_timeout(50)
                found = page.evaluate("""() => [...document.scripts].map(s => [s.type, s.textContent])""")
                assert [kind for kind, _ in found] == ["application/ld+json"]
                assert json.loads(found[0][1])["@type"] == "NewsArticle"
                if slug == "hostile":
                    assert json.loads(found[0][1])["publisher"]["name"] == HOSTILE
            assert [m for m in console if "Content Security Policy" in m or m.startswith("error")] == []
            assert dialogs == [] and errors == []
        finally:
            browser.close()
