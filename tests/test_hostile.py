"""Hostile article content comes out of the build escaped or dropped, never as markup.

The browser test (test_browser_hostile.py) proves nothing runs; these tests read the
generated HTML with a parser, so they run everywhere and name the exact page and payload.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsgen.load.markdown import markdown_renderer
from newsgen.theme import default_theme_dir, is_safe_url, safe_url

from .hostile import ESCAPED, RAW_HTML, build_site, pages

CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"
# search.html alone runs the site's own scripts (static/search.js): tests/test_browser.py
# checks that hostile articles shown in its results run nothing
SEARCH_CSP = CSP + "; script-src 'self'; connect-src 'self'"  # search.js, fetching the index from the site
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "data", "poster", "background"}


class Page(HTMLParser):
    """What a browser would build from the HTML: elements with attributes, and text by element."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag):]

    def handle_data(self, data):
        for tag in set(self._open):
            self.text[tag] = self.text.get(tag, "") + data

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name == tag]


def scheme_of(url: str) -> str | None:
    # independent of newsgen.theme on purpose: this checks its output
    match = re.match(r"\s*([a-z][a-z0-9+.-]*):", re.sub(r"[\t\n\r]", "", url), re.I)
    return match.group(1).lower() if match else None


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(ESCAPED, tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def raw_site(tmp_path_factory) -> Path:
    return build_site(RAW_HTML, tmp_path_factory.mktemp("raw-html"), allow_html=True)


def read(site: Path, path: str) -> Page:
    return Page((site / path).read_text(encoding="utf-8"))


def test_no_page_carries_script_handlers_or_unsafe_urls(site):
    problems = []
    for path in pages(site):
        for tag, attrs in Page(path.read_text(encoding="utf-8")).elements:
            where = f"{path.relative_to(site)}: <{tag}>"
            ours = (tag == "svg" and attrs.get("class") in ("chart", "chart chart-slim")  # the theme's own charts
                    or tag == "script" and attrs == {"type": "application/ld+json"}  # JSON-LD: data, never run
                    or path == site / "search.html" and tag == "script"  # the search page's own script
                    and attrs.get("src") == "static/search.js")
            if tag in {"script", "iframe", "object", "embed", "svg", "base", "form"} and not ours:
                problems.append(where)
            problems += [f"{where} {name}=" for name in attrs if name.startswith("on")]
            problems += [
                f"{where} {name}={value!r}" for name, value in attrs.items()
                if name in URL_ATTRIBUTES and scheme_of(value) not in (None, "http", "https", "mailto")
            ]
    assert problems == []


def test_front_matter_html_is_shown_as_text(site):
    page = read(site, "articles/front-matter.html")
    assert "<script>window.__pwned='title'" in page.text["h1"]
    assert "<script>window.__pwned='title'" in page.text["title"]
    footer = page.text["footer"]
    assert "<svg onload=\"window.__pwned='author'\"></svg>Sari" in footer
    assert "<script>window.__pwned='tag'</script>" in footer
    assert "<img src=x onerror=\"window.__pwned='outlet'\">Harian" in page.text["header"]
    description = next(m["content"] for m in page.all("meta") if m.get("name") == "description")
    assert description.startswith("\"><script>window.__pwned='summary'")  # still inside the attribute


@pytest.mark.parametrize("path, literal", [
    ("articles/front-matter.html", "Judul {{ 7*7 }} {% if true %}EVAL{% endif %}"),
    ("articles/front-matter.html", "Sari {{ 6*7 }}"),
    ("articles/front-matter.html", "Harian {{ site.title }}"),
    ("articles/front-matter.html", "{% raw %}{{ 8*8 }}"),
    ("index.html", "Judul {{ 7*7 }} {% if true %}EVAL{% endif %}"),
    ("index.html", "Harian {{ site.title }}"),
    ("index.html", "<!-- {{ 9*9 }}"),
    ("topics/index.html", "{% raw %}{{ 8*8 }}"),
    ("topics/raw-8-8.html", "{% raw %}{{ 8*8 }}"),
    ("outlets/index.html", "Harian {{ site.title }}"),
])
def test_template_syntax_in_front_matter_is_never_evaluated(site, path, literal):
    assert literal in read(site, path).text["main"]


def test_template_syntax_in_bodies_is_never_evaluated(site):
    body = read(site, "articles/body.html").text["main"]
    assert "{{ 7*7 }} dan {% for x in range(3) %}LOOP{% endfor %} serta {{ config }}" in body
    assert "LOOPLOOP" not in body
    clipping = read(site, "articles/clipping.html").text["main"]
    assert "Banjir {{ 7*7 }} merendam" in clipping and "{% if true %}EVAL{% endif %}" in clipping


def test_clipping_html_is_shown_as_text(site):
    page = read(site, "articles/clipping.html")
    assert "<script>window.__pwned='clipping_title'</script> Banjir" in page.text["h1"]
    assert "Warga <img src=x onerror=\"window.__pwned='clipping_body'\"> mengungsi" in page.text["main"]


def test_markdown_body_html_is_shown_as_text(site):
    body = read(site, "articles/body.html").text["main"]
    assert "<script>window.__pwned='body_script'; alert('body_script')</script>" in body
    assert "<img src=x onerror=\"window.__pwned='body_onerror'\">" in body


def test_markdown_links_and_images_keep_only_safe_urls(site):
    page = read(site, "articles/body.html")
    hrefs = [a["href"] for a in page.all("a")]
    assert {"https://example.org/berita", "mailto:redaksi@example.org", "../index.html"} <= set(hrefs)
    assert page.all("img") == []  # data:image/png and data:image/svg+xml are not images
    body = page.text["main"]
    for dropped in ("[klik javascript](javascript:", "[klik data](data:text/html", "![gambar data](data:image/png",
                    "![gambar svg](data:image/svg+xml", "<javascript:alert('autolink')>"):
        assert dropped in body  # left as the text the author wrote


@pytest.mark.parametrize("path", ["articles/front-matter.html", "articles/source-url-tab.html", "articles/source-url-data.html"])
def test_unsafe_source_url_is_not_linked(site, path):
    page = read(site, path)
    assert "Baca artikel asli" not in page.text["main"]
    assert all(scheme_of(a["href"]) is None for a in page.all("a"))


def test_safe_source_url_is_linked(site):
    links = read(site, "articles/body.html").all("a")
    assert {"href": "https://example.org/aman", "rel": "noopener"} in links


@pytest.mark.parametrize("url", [
    "https://example.org/a?b=c#d", "http://example.org", "HTTPS://EXAMPLE.ORG", "mailto:redaksi@example.org",
    "../articles/x.html", "x.html", "/root", "#anchor", "?q=1", "//example.org/path", "path/with:colon",
    "\u00a0javascript:alert(1)",  # not a scheme to a browser: a relative path
])
def test_safe_url_keeps_web_and_relative_urls(url):
    assert is_safe_url(url)
    assert safe_url(url) == url


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\x01javascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "jav\r\nascript:alert(1)", "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>", "data:image/png;base64,AAAA", "file:///etc/passwd",
    "blob:https://example.org/x", "filesystem:x",
])
def test_safe_url_drops_script_data_and_local_urls(url):
    assert not is_safe_url(url)
    assert safe_url(url) == ""


def test_safe_url_returns_what_it_checked():
    # a broader strip would make "\xa0javascript:" a javascript: URL after the check
    assert safe_url("\u00a0javascript:x") == "\u00a0javascript:x"
    assert safe_url("  https://example.org/\n") == "https://example.org/"
    assert safe_url(None) == "" and safe_url(42) == ""


def test_every_page_sets_the_csp_before_anything_it_loads(site, raw_site):
    for path in pages(site) + pages(raw_site):
        elements = Page(path.read_text(encoding="utf-8")).elements
        tags = [tag for tag, _ in elements]
        csp = [(i, attrs) for i, (tag, attrs) in enumerate(elements)
               if tag == "meta" and attrs.get("http-equiv", "").lower() == "content-security-policy"]
        assert len(csp) == 1, path
        position, attrs = csp[0]
        assert attrs["content"] == (SEARCH_CSP if path.name == "search.html" and path.parent.name == "site" else CSP)
        assert position < tags.index("title") < tags.index("link"), path


def test_raw_html_reaches_the_page_only_when_allowed(raw_site):
    # the user's choice: the CSP (and the browser test) must cope with all of it
    page = read(raw_site, "articles/raw.html")
    tags = [tag for tag, _ in page.elements]
    scripts = [tag for tag, attrs in page.elements if tag == "script" and attrs.get("type") != "application/ld+json"]
    assert len(scripts) == 3 and "iframe" in tags and "base" in tags
    assert any(a.get("href", "").startswith("javascript:") for a in page.all("a"))


def test_table_alignment_survives_the_csp():
    # the CSP does not apply style attributes, so style.css selects on the ones markdown-it writes
    html = markdown_renderer(False).render("| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |\n")
    styles = set(re.findall(r'style="([^"]*)"', html))
    css = (default_theme_dir() / "static" / "style.css").read_text(encoding="utf-8")
    assert styles == {"text-align:left", "text-align:center", "text-align:right"}
    for style in styles:
        assert f'.body [style="{style}"] {{ {style.replace(":", ": ")}; }}' in css
