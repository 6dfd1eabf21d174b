"""The sample archive in headless Chromium, served under a subpath as on GitHub Pages.

A reader clicks from the home page to an article, an entity, a topic and both timelines,
and searches (static/search.js over the build's search/ index) for a word of a seed
article and opens the result; no page logs a
console error or fails a request. axe-core checks every page type, light and dark, and
finds nothing of serious or critical impact. The search page says why there is no search
when it is opened from disk or the build could not index the site.

Set NEWSGEN_SCREENSHOTS=/some/folder to also save each page type at phone (390 px) and
desktop (1280 px) widths there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import main

from .conftest import REPO, SEEDS
from .browser_support import CHROMIUM, chromium, serve_folder
from .hostile import ESCAPED, RAW_HTML, build_site

AXE = Path(os.environ.get("AXE_JS", REPO / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"))

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None
_missing = [what for what, gone in (("chromium", not CHROMIUM.is_file()), ("playwright", sync_playwright is None),
                                    ("axe-core", not AXE.is_file())) if gone]
if _missing and os.environ.get("CI"):
    raise RuntimeError(f"CI needs {' and '.join(_missing)} for the browser tests (chromium at {CHROMIUM}, "
                       f"axe-core at {AXE}): see .ci/run")
pytestmark = pytest.mark.skipif(bool(_missing), reason=(
    f"{' and '.join(_missing)} not installed: apt-get install chromium; "
    "npm install --prefix .ci/node axe-core (every browser test needs both)"))

SUBPATH = "arsip"  # served at http://127.0.0.1:PORT/arsip/, like a GitHub Pages project site
CONFIG = f"""\
content: {SEEDS}
output: {SUBPATH}
base_url: https://user.github.io/{SUBPATH}/
topics:
  Diplomasi: {{keywords: [diplomat, kunjungan, bertemu]}}
  NATO: {{entities: [NATO]}}
"""
SEARCH_WORD = "Guterres"  # in one seed article only (checked below)
TIMEOUT_MS = 20_000  # generous: other test runs may share the machine
if sync_playwright is not None:
    expect.set_options(timeout=TIMEOUT_MS)

# Every page type, as a path pattern in the built site (the first match is the one checked).
PAGE_TYPES = {
    "home": r"index\.html",
    "article": r"articles/001-[^/]+\.html",
    "entity": r"entities/vladimir-putin\.html",
    "entity type": r"types/person\.html",
    "entity type a-z": r"types/person-a-z\.html",
    "topics": r"topics/index\.html",
    "topic": r"topics/(?!index)[^/]+\.html",
    "timeline": r"timeline/index\.html",
    "year": r"timeline/\d{4}\.html",
    "month": r"timeline/\d{4}-\d{2}\.html",
    "day": r"timeline/\d{4}-\d{2}-\d{2}\.html",
    "undated": r"timeline/undated\.html",
    "events": r"events/index\.html",
    "events year": r"events/\d{4}\.html",
    "events month": r"events/\d{4}-\d{2}\.html",
    "outlets": r"outlets/index\.html",
    "outlet": r"outlets/(?!index)[^/]+\.html",
    "search": r"search\.html",
    "404": r"404\.html",
}
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
}"""





@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """The folder served at /: the sample archive is built into its arsip/."""
    root = tmp_path_factory.mktemp("served")
    (root / "newsgen.yaml").write_text(CONFIG, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--config", str(root / "newsgen.yaml")])
    assert result.exit_code == 0, result.output
    assert "search" not in re.search(r"warnings: (.*?) ·", result.output)[1], result.output
    assert (root / SUBPATH / "search" / "index.json").is_file()
    return root


@pytest.fixture(scope="module")
def site(root) -> Path:
    return root / SUBPATH


@pytest.fixture(scope="module")
def server(root):
    with serve_folder(root) as url:
        yield url


@pytest.fixture(scope="module")
def base(server) -> str:
    return f"{server}/{SUBPATH}/"


@pytest.fixture(scope="module")
def browser():
    with chromium(sync_playwright) as launched:
        yield launched


class Reader:
    """One tab with the page's CSP on, and everything that went wrong on each page it saw."""

    def __init__(self, context):
        self.page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.problems: dict[str, list[str]] = {}
        self.page.on("console", lambda m: m.type == "error" and self._note(f"console error: {m.text}"))
        self.page.on("pageerror", lambda error: self._note(f"page error: {error}"))
        self.page.on("requestfailed", lambda r: self._note(f"request failed: {r.url} {r.failure}"))
        self.page.on("response", lambda r: r.status >= 400 and self._note(f"HTTP {r.status}: {r.url}"))

    def _note(self, problem: str) -> None:
        self.problems.setdefault(self.page.url, []).append(problem)

    def click(self, locator) -> str:
        """Click a link like a reader and wait for the page it leads to; its text."""
        text = locator.inner_text().strip()
        with self.page.expect_navigation(wait_until="load"):
            locator.click()
        return text

    def heading(self) -> str:
        return self.page.locator("main h1").inner_text().strip()


@pytest.fixture
def reader(browser):
    context = browser.new_context()
    yield Reader(context)
    context.close()


def page_path(site: Path, page_type: str) -> str:
    pattern = re.compile(PAGE_TYPES[page_type])
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    matches = [p for p in found if pattern.fullmatch(p)]
    assert matches, f"no {page_type} page in the build"
    return matches[0]


def test_a_reader_clicks_through_the_archive(reader, base):
    page = reader.page
    page.goto(base, wait_until="load")
    assert reader.heading() == "Artikel terbaru"

    title = reader.click(page.locator(".article-list h2 a").first)
    assert re.fullmatch(rf"{re.escape(base)}articles/[a-z0-9-]+\.html", page.url)
    assert reader.heading() == title
    assert page.locator(".article .body p").count() >= 3

    name = reader.click(page.locator("section.entities a.entity").first)
    assert re.fullmatch(rf"{re.escape(base)}entities/[a-z0-9-]+\.html", page.url)
    assert reader.heading() == name
    assert page.locator(".article-list li").count() >= 1

    reader.click(page.get_by_role("navigation", name="Beranda").get_by_role("link", name="Topik & Tokoh"))
    assert page.url == f"{base}topics/index.html" and reader.heading() == "Topik"
    topic = reader.click(page.locator("section[aria-labelledby=tags] .chips a").first)
    assert re.fullmatch(rf"{re.escape(base)}topics/[a-z0-9-]+\.html", page.url)
    assert topic.startswith(reader.heading())  # the chip also shows the article count
    assert page.locator(".article-list li").count() >= 1

    reader.click(page.get_by_role("navigation", name="Beranda").get_by_role("link", name="Linimasa"))
    assert page.url == f"{base}timeline/index.html" and reader.heading() == "Linimasa terbit"
    assert page.locator(".chart").count() == 1

    reader.click(page.get_by_role("link", name="Linimasa peristiwa →"))
    assert page.url == f"{base}events/index.html" and reader.heading() == "Linimasa peristiwa"

    assert reader.problems == {}, reader.problems


def search_box(page):
    return page.get_by_role("search").get_by_label("Kata yang dicari")


def results(page):
    return page.locator("#search-results li h2 a")


def settled(page) -> None:
    """Wait until the page has shown the results of what was typed last."""
    expect(page.locator('#search-results[aria-busy="false"]')).to_have_count(1)


def test_a_reader_searches_and_opens_the_article(reader, base, site):
    holding = [p.name for p in sorted(SEEDS.glob("*.txt")) if SEARCH_WORD in p.read_text(encoding="utf-8")]
    assert len(holding) == 1
    page = reader.page
    page.goto(base, wait_until="load")
    reader.click(page.get_by_role("navigation", name="Beranda").get_by_role("link", name="Cari"))
    assert page.url == f"{base}search.html" and reader.heading() == "Cari"

    box = search_box(page)
    expect(box).to_be_visible()
    expect(page.locator("#search-count")).to_have_text("Ketik kata yang dicari, atau pilih saringan.")
    expect(page.locator("[data-search-state]:visible")).to_have_count(0)  # no "unavailable" line
    box.press_sequentially(SEARCH_WORD.lower(), delay=20)
    expect(results(page)).to_have_count(1)
    expect(page.locator("#search-count")).to_have_text("1 hasil")
    # the filters that have values among the results (this article has no outlet and no date), in Indonesian
    expect(page.locator(".search-facet:visible summary")).to_have_text(["Tokoh", "Organisasi", "Tempat", "Peristiwa"])
    box.press("Enter")  # nothing to submit: the page stays, with the query in its address
    assert page.url == f"{base}search.html?q={SEARCH_WORD.lower()}"

    title = reader.click(results(page))
    assert re.fullmatch(rf"{re.escape(base)}articles/001-[a-z0-9]+\.html", page.url), page.url
    assert title.rstrip("…") in reader.heading()
    expect(page.locator(".article .body")).to_contain_text(SEARCH_WORD)
    assert reader.problems == {}, reader.problems


def result_files(page) -> list[str]:
    return [href.split("/")[-1][:3] for href in results(page).evaluate_all("links => links.map(a => a.href)")]


def test_search_filters_and_sorting_work_in_the_browser(reader, base):
    page = reader.page
    page.goto(f"{base}search.html", wait_until="load")
    box = search_box(page)
    box.press_sequentially("putin", delay=10)
    expect(results(page)).to_have_count(5)
    expect(page.locator("#search-results li").first.locator("mark").first).to_have_text("Putin")  # as text, marked
    # a filter narrows the results: the outlet Kompas TV has one of them
    outlets = page.locator('[data-facet="outlet"]')
    outlets.locator("summary").click()
    expect(outlets.get_by_label("Kompas TV")).to_be_visible()
    outlets.get_by_label("Kompas TV").check()
    expect(results(page)).to_have_count(1)
    expect(results(page)).to_contain_text("Li Zhanshu")
    assert "outlet=Kompas+TV" in page.url  # the filtered search can be linked to
    outlets.get_by_label("Kompas TV").uncheck()
    expect(results(page)).to_have_count(5)
    # people must all be in the article: Putin and Antonio Guterres are together in one
    people = page.locator('[data-facet="person"]')
    people.locator("summary").click()
    expect(people.locator("label", has_text="Vladimir Putin")).to_have_text("Vladimir Putin 5")  # in all five
    people.get_by_label("Vladimir Putin").check()
    expect(results(page)).to_have_count(5)
    people.get_by_label("Antonio Guterres").check()
    expect(results(page)).to_have_count(1)
    page.get_by_role("button", name="Hapus semua saringan").click()
    expect(results(page)).to_have_count(5)
    # the two dated articles: 15 June 2022 (003) before 4 February 2022 (004), undated after
    page.get_by_label("Urutkan").select_option("newest")
    expect(results(page)).to_have_count(5)
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 5")
    assert result_files(page)[:2] == ["003", "004"]
    page.get_by_label("Urutkan").select_option("oldest")
    page.wait_for_function("document.querySelector('#search-results a').href.includes('/004-')")
    assert result_files(page)[:2] == ["004", "003"]
    # a year alone, without words, lists that year's articles
    box.fill("")
    years = page.locator('[data-facet="year"]')
    years.locator("summary").click()
    years.get_by_label("2022").check()
    expect(results(page)).to_have_count(2)
    assert reader.problems == {}, reader.problems


def test_search_takes_the_query_and_filters_from_its_address(reader, base):
    page = reader.page
    page.goto(f"{base}search.html?q={SEARCH_WORD.lower()}", wait_until="load")
    expect(search_box(page)).to_have_value(SEARCH_WORD.lower())
    expect(results(page)).to_have_count(1)
    page.goto(f"{base}search.html?q=putin&outlet=Kompas+TV&sort=newest", wait_until="load")
    expect(results(page)).to_have_count(1)
    expect(page.get_by_label("Urutkan")).to_have_value("newest")
    expect(page.locator('[data-facet="outlet"]').get_by_label("Kompas TV")).to_be_checked()
    assert reader.problems == {}, reader.problems


def test_search_words_match_while_typed_and_without_accents(reader, base):
    page = reader.page
    page.goto(f"{base}search.html", wait_until="load")
    box = search_box(page)
    box.press_sequentially("guter", delay=10)  # the word being typed: every word it starts
    expect(results(page)).to_have_count(1)
    box.fill("GÚTERRES ")  # case and accents do not matter; a finished word must match whole
    expect(results(page)).to_have_count(1)
    box.fill("guter ")
    expect(page.locator("#search-count")).to_have_text("Tidak ada artikel yang cocok.")
    box.fill("yang dan ")  # stop words alone
    expect(page.locator("#search-count")).to_contain_text("terlalu umum")
    box.fill("putin guterres")  # every word must be in the article
    expect(results(page)).to_have_count(1)
    assert reader.problems == {}, reader.problems


def test_search_page_opened_from_disk_says_it_needs_a_server(reader, site):
    page = reader.page
    page.goto((site / "search.html").as_uri(), wait_until="load")
    expect(page.locator("#search-file")).to_be_visible()
    expect(page.locator("#search-file")).to_contain_text("file://")
    expect(page.locator("[data-search-state]:visible")).to_have_count(1)
    assert page.get_by_role("search").count() == 0  # the search controls stay hidden
    assert reader.problems == {}, reader.problems


def test_search_page_without_an_index_says_search_is_unavailable(reader, root, server):
    out = root / "tanpa-cari"
    result = CliRunner().invoke(main, ["build", "--content", str(SEEDS), "--output", str(out), "--no-search"])
    assert result.exit_code == 0, result.output
    page = reader.page
    page.goto(f"{server}/tanpa-cari/search.html", wait_until="load")
    expect(page.locator("#search-unavailable")).to_be_visible()
    expect(page.locator("#search-unavailable")).to_contain_text("Pencarian tidak tersedia")
    expect(page.locator("[data-search-state]:visible")).to_have_count(1)
    # the one thing that went wrong is the missing index itself, nothing else
    problems = [p for ps in reader.problems.values() for p in ps]
    assert problems and all("search/index.json" in p or "404" in p for p in problems), problems
    page.goto(f"{server}/tanpa-cari/index.html", wait_until="load")  # the rest of the site is there
    assert page.locator(".article-list li").count() == 5


TRICKY_ARTICLE = """---
title: Café Größe İstanbul ＦＵＬＬ ﬁnance Москва ΟΔΟΣ
date: 2024-01-02
---
Naïve résumé dari São Paulo: ℌello e\u0301te\u0301 “kutipan”—garis.
"""


def test_the_page_splits_and_folds_words_as_the_build_does(browser, root, server):
    """search.js and newsgen.search.words must agree: each word of a tricky article, typed as the index holds it."""
    from newsgen.search.words import words

    content = root / "tricky" / "content"
    content.mkdir(parents=True)
    (content / "a.md").write_text(TRICKY_ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--output", str(root / "tricky" / "site")])
    assert result.exit_code == 0, result.output
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{server}/tricky/site/search.html", wait_until="load")
        typed = TRICKY_ARTICLE.split("---")[1].split("title:")[1].split("\n")[0] + " " + TRICKY_ARTICLE.split("---")[2]
        for word in sorted(set(words(typed)) - {"dari"}):
            search_box(page).fill(word + " ")
            expect(results(page)).to_have_count(1)
        search_box(page).fill("Москва ΟΔΟΣ ISTANBUL grösse cafe ")  # as a reader might type them
        expect(results(page)).to_have_count(0)  # ß is not ss: "grösse" is not "große"
        search_box(page).fill("Москва ΟΔΟΣ ISTANBUL große CAFÉ ")
        expect(results(page)).to_have_count(1)
    finally:
        context.close()


HOSTILE_ENTITIES = """\
aliases:
  "<img src=x onerror=\\"window.__pwned='entity'\\">Joko Widodo": [Joko Widodo, Presiden Joko Widodo]
"""


@pytest.mark.parametrize("csp", ["on", "off"])
@pytest.mark.parametrize("hostile", ["escaped", "raw"])
def test_search_results_of_hostile_articles_run_nothing(browser, root, server, hostile, csp):
    """Titles, outlets, entity names and excerpts of hostile articles (tests/hostile) show as text, even without the CSP."""
    folder = root / f"hostile-{hostile}"
    folder.mkdir(exist_ok=True)
    (folder / "entities.yaml").write_text(HOSTILE_ENTITIES, encoding="utf-8")  # an entity named with a payload
    site = build_site(ESCAPED if hostile == "escaped" else RAW_HTML, folder, allow_html=hostile == "raw")
    assert (site / "search" / "index.json").is_file()
    context = browser.new_context(bypass_csp=csp == "off")
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{server}/hostile-{hostile}/site/search.html", wait_until="load")
        shown, injected, names = 0, [], []
        for term in ("pwned", "script", "alert", "onerror", "javascript", "jakarta", "joko"):
            search_box(page).fill(term + " ")
            settled(page)
            for facet in page.locator(".search-facet:visible").all():  # every filter value on show
                if not facet.evaluate("details => details.open"):
                    facet.locator("summary").click()
            page.wait_for_timeout(200)  # let anything injected with the results fire
            shown += results(page).count()
            names += page.locator(".search-facet label").all_inner_texts()
            injected += page.evaluate("""() => [...document.querySelectorAll(
                '#search img, #search iframe, #search script, #search svg, #search [onerror], #search [onload]')]
                .map(e => e.outerHTML)""")
        traces = page.evaluate("() => ({pwned: window.__pwned === undefined ? null : String(window.__pwned),"
                               " title: document.title, titles: [...document.querySelectorAll('#search-results h2')]"
                               ".map(h => h.textContent)})")
    finally:
        context.close()
    assert shown >= 1 + 5 * (hostile == "escaped")  # the hostile articles were found and shown, with their filters
    assert (dialogs, errors, traces["pwned"], injected) == ([], [], None, [])
    assert traces["title"] != "PWNED"
    if hostile == "escaped":  # the payloads were on show, as text: an entity, an outlet, a title
        assert any(name.strip().startswith("<img src=x onerror=") and "Joko Widodo" in name for name in names), names
        assert any(name.strip().startswith("<img src=x onerror=") and "Harian" in name for name in names), names
        assert any(title.startswith("<script>window.__pwned='title'") for title in traces["titles"]), traces


@pytest.fixture(scope="module")
def axe_tab(browser):
    """A tab with the pages' CSP off, so axe-core can be injected (nothing else differs)."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def show_search_results(page) -> None:
    """On the search page: results and one filter open, for axe to see."""
    box = search_box(page)
    expect(box).to_be_visible()
    box.press_sequentially("putin", delay=10)
    expect(results(page)).to_have_count(5)
    page.locator(".search-facet summary").first.click()  # open one filter group


def is_chart_links(violation: dict) -> bool:
    """The month charts' known issue, tested apart below."""
    return violation["id"] == "nested-interactive" and violation["nodes"] == ["svg"]


@pytest.mark.parametrize("page_type", ["timeline", "year", "entity"])
def test_month_charts_do_not_hide_their_links(axe_tab, base, site, page_type):
    page = axe_tab
    page.goto(base + page_path(site, page_type), wait_until="load")
    assert page.locator("svg.chart a").count() >= 1
    if page.evaluate("typeof axe") == "undefined":
        page.add_script_tag(path=str(AXE))
    assert [v for v in page.evaluate(AXE_RUN) if is_chart_links(v)] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_no_serious_accessibility_violations(axe_tab, base, site, page_type, scheme):
    page = axe_tab
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": 1280, "height": 900})
    path = page_path(site, page_type)
    page.goto(base + path, wait_until="load")
    if page_type == "search":
        show_search_results(page)
    if page.evaluate("typeof axe") == "undefined":
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(AXE_RUN)
    serious = [v for v in violations if v["impact"] in ("serious", "critical") and not is_chart_links(v)]
    assert serious == [], f"{path} ({scheme}): {serious}"
    if os.environ.get("NEWSGEN_SCREENSHOTS") and scheme == "light":
        folder = Path(os.environ["NEWSGEN_SCREENSHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        name = page_type.replace(" ", "-")
        page.screenshot(path=str(folder / f"{name}-1280.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(100)
        page.screenshot(path=str(folder / f"{name}-390.png"), full_page=True)


def test_a_phone_reads_the_labels_of_a_few_months_chart(reader, base, site):
    """A year's twelve slim bars keep their month labels at a readable size on a phone
    (a chart too dense for them hides them there; each bar's title still names its month)."""
    page = reader.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + page_path(site, "year"), wait_until="load")
    label = page.locator("svg.chart-slim text:not(.value)").first
    expect(label).to_be_visible()
    assert label.bounding_box()["height"] >= 9  # CSS px on the phone's screen
    page.set_viewport_size({"width": 1280, "height": 900})
    assert label.bounding_box()["height"] <= 16  # the desktop size is unchanged
