"""Search: the index `newsgen build` writes to search/ from its own records.

What the index holds is read back from its files and compared with the articles
themselves (their words, entities, outlet and date as the built pages show them).
The search page working in a browser is tests/test_browser.py.
"""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen import search, urls
from newsgen.cli import main
from newsgen.config import Config
from newsgen.load import load_archive
from newsgen.records import ENTITY_TYPES
from newsgen.search import postings as postings_module
from newsgen.search.postings import Postings, shard_file_name, shards
from newsgen.search.words import stop_words, word_counts, words
from newsgen.theme import Theme, make_environment

from .conftest import SEEDS

STRICT_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"


def build(out: Path, *extra: str):
    return CliRunner().invoke(main, ["build", "--content", str(SEEDS), "--output", str(out), *extra])


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("search") / "site"
    result = build(out)
    assert result.exit_code == 0, result.output
    return out


def read(site: Path, path: str):
    return json.loads((site / path).read_text(encoding="utf-8"))


class Index:
    """The written index, read back: postings by word, records and facets by document id."""

    def __init__(self, site: Path):
        self.manifest = read(site, urls.SEARCH_INDEX)
        self.postings: dict[str, dict[int, int]] = {}
        for key in self.manifest["shards"]:
            for word, (deltas, counts) in read(site, urls.search_shard(shard_file_name(key))).items():
                assert word.startswith(key)
                assert word not in self.postings, f"{word} in two shards"
                self.postings[word] = dict(zip(undelta(deltas), counts))
        per_file = self.manifest["records_per_file"]
        count = self.manifest["documents"]
        self.records = [r for n in range(0, count, per_file) for r in read(site, urls.search_records(n // per_file))]
        self.facets = {f: {v: undelta(d) for v, d in read(site, urls.search_facet(f)).items()} for f in self.manifest["facets"]}
        self.table = read(site, urls.SEARCH_TABLE)


def undelta(deltas: list[int]) -> list[int]:
    ids, total = [], 0
    for step in deltas:
        total += step
        ids.append(total)
    return ids


@pytest.fixture(scope="module")
def index(site) -> Index:
    return Index(site)


@pytest.fixture(scope="module")
def articles():
    """The seed articles in document-id order (by slug), as the loader reads them."""
    loaded = load_archive(Config(root=SEEDS.parent, content=Path(SEEDS.name)))
    return sorted(loaded.articles, key=lambda a: a.slug)


# ---------------------------------------------------------------- words


@pytest.mark.parametrize("text, expected", [
    ("Presiden JOKO Widodo", ["presiden", "joko", "widodo"]),
    ("Jókowi's café, São Paulo", ["jokowi", "s", "cafe", "sao", "paulo"]),
    ("“Putin”—Xi–Biden…NATO", ["putin", "xi", "biden", "nato"]),
    ("ＦＵＬＬ ﬁnance ℌello", ["full", "finance", "hello"]),  # compatibility forms
    ("İstanbul ΟΔΟΣ Москва", ["istanbul", "οδοσ", "москва"]),  # dotted I, final sigma
    ("e\u0301te\u0301 x\u0303y", ["ete", "xy"]),  # decomposed accents stay inside the word
    ("snake_case 2022-06-15 COVID-19", ["snake", "case", "2022", "06", "15", "covid", "19"]),
    ("", []),
])
def test_words_are_lower_case_accent_free_runs_of_letters_and_digits(text, expected):
    assert words(text) == expected


TRICKY = st.sampled_from(list("aZé\u0301İıΣσςßﬁＡ½²٣—“”'’_-. \n\txyzКд中\u200d\u00a0Ω"))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(TRICKY, st.characters(blacklist_categories=("Cs",))), max_size=40).map("".join))  # text as decoded from files: no lone surrogates
def test_fast_word_counts_agree_with_words(text):
    assert word_counts(text) == Counter(w.encode("utf-8") for w in words(text))


def test_stop_words_are_language_data():
    assert {"yang", "dan", "di"} <= stop_words("id") and "banjir" not in stop_words("id")
    assert {"the", "and"} <= stop_words("en")
    assert stop_words("xx") == frozenset()  # a language without a list: every word is searched


# ---------------------------------------------------------------- shards


def test_shards_split_until_small_and_a_word_is_in_the_shard_of_the_longest_key_it_starts_with(monkeypatch):
    monkeypatch.setattr(postings_module, "SHARD_POSTINGS", 3)
    postings = Postings()
    texts = ["mem memakan memasak", "meja mem", "makan", "mem memakan", "zebra", "mem"]
    for text in texts:
        postings.add("", text, frozenset())
    found = list(shards(postings))
    keys = [key for key, _ in found]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert "mem" in keys and "z" in keys  # "mem" alone is in 4 documents: its own shard
    every = [term.decode() for _, terms in found for term in terms]
    assert sorted(every) == sorted({w for t in texts for w in words(t)})  # each word once
    for key, terms in found:
        for term in terms:
            word = term.decode()
            assert max((k for k in keys if word.startswith(k)), key=len) == key


def test_shard_file_names_are_plain_and_distinct():
    assert shard_file_name("me") == "me" and shard_file_name("2022") == "2022"
    assert shard_file_name("мо") == "-43c--43e-"
    assert shard_file_name("é") != shard_file_name("e")


# ---------------------------------------------------------------- the written index


def test_build_writes_the_index_and_the_search_page(site, index):
    assert index.manifest["format"] == search.FORMAT and index.manifest["language"] == "id"
    assert index.manifest["documents"] == 5 and len(index.records) == 5
    assert set(index.manifest["stop_words"]) == stop_words("id")
    page = (site / "search.html").read_text(encoding="utf-8")
    assert '<html lang="id">' in page and '<h1 id="search-heading">Cari</h1>' in page
    assert 'data-index="search/index.json"' in page and 'src="static/search.js"' in page
    assert (site / "static" / "search.js").is_file()


def test_a_word_finds_exactly_the_articles_that_contain_it(index, articles):
    stop = stop_words("id")
    expected: dict[str, dict[int, int]] = {}
    for doc, article in enumerate(articles):
        counts = Counter(words(article.body))
        for word in words(article.full_title or article.title):
            counts[word] += postings_module.TITLE_WEIGHT
        for word, count in counts.items():
            if word not in stop:
                expected.setdefault(word, {})[doc] = count
    assert index.postings == expected
    # and a few by hand: a name in one seed, words in all five, a stop word
    guterres = [doc for doc, a in enumerate(articles) if "Guterres" in a.body]
    assert list(index.postings["guterres"]) == guterres and len(guterres) == 1
    assert len(index.postings["putin"]) == 5
    assert "yang" not in index.postings


def test_document_lengths_and_dates(index, articles):
    assert index.table["lengths"] == [
        len(words(a.body)) + postings_module.TITLE_WEIGHT * len(words(a.full_title or a.title)) for a in articles]
    # the day the pages show, estimated ones included (the tagger infers those: 004 has one)
    assert index.table["dates"] == [int(r["date"].replace("-", "")) if "date" in r else 0 for r in index.records]
    assert sum(1 for day in index.table["dates"] if day) == 2


def page_parts(page: Path) -> tuple[str, str, str]:
    """The article page's headline, its header (date, outlet) and its "in this article" list."""
    text = page.read_text(encoding="utf-8")
    start = text.index('<article class="article"')
    header = text[start:text.index("</header>", start)]
    footer = text[text.index('<footer class="article-footer">'):]
    footer = footer[:footer.index("</footer>")]
    return html.unescape(re.search(r"<h1>(.*?)</h1>", header, re.S)[1]), header, footer


def test_records_show_what_the_article_pages_show(site, index):
    for record in index.records:
        page = site / record["url"]
        assert page.is_file() and record["url"].startswith("articles/")
        headline, header, footer = page_parts(page)
        assert record["title"] == headline
        outlet = re.search(r'<a href="\.\./outlets/[^"]+">([^<]+)</a>', header)
        assert record.get("outlet") == (html.unescape(outlet[1]) if outlet else None)
        day = re.search(r'<time[^>]* datetime="(\d{4}-\d{2}-\d{2})"', header)
        assert record.get("date") == (day[1] if day else None)
        for entity_type in ENTITY_TYPES:
            shown = re.findall(rf'<a class="entity entity-{entity_type}" href="[^"]+">([^<]+)</a>', footer)
            # the most mentioned first, as the page lists them
            assert record.get("entities", {}).get(entity_type, []) == [html.unescape(n) for n in shown][:5]
        assert 0 < len(record["excerpt"].split()) <= 31


def test_facets_list_each_value_with_its_articles(site, index):
    for facet in ENTITY_TYPES:
        expected: dict[str, list[int]] = {}
        for doc, record in enumerate(index.records):
            _, _, footer = page_parts(site / record["url"])
            for name in re.findall(rf'<a class="entity entity-{facet}" href="[^"]+">([^<]+)</a>', footer):
                expected.setdefault(html.unescape(name), []).append(doc)
        assert index.facets[facet] == expected, facet
    outlets = {r["outlet"]: [d] for d, r in enumerate(index.records) if "outlet" in r}
    assert index.facets["outlet"] == outlets and "Kompas TV" in outlets  # the seeds: one article each
    assert index.facets["year"] == {"2022": [d for d, r in enumerate(index.records) if "date" in r]}
    assert len(index.facets["person"]["Vladimir Putin"]) == 5


def search_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / "search").rglob("*")) if p.is_file()}


def test_two_clean_builds_write_the_same_bytes(site, tmp_path):
    again = tmp_path / "again"
    assert build(again, "--jobs", "1").exit_code == 0
    assert search_files(again) == search_files(site)


def test_search_page_alone_allows_its_script_and_fetching_from_the_site(site):
    def csp(page: Path) -> str:
        return re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page.read_text(encoding="utf-8"))[1]

    pages = list(site.rglob("*.html"))
    assert len(pages) > 50
    loose = {p.relative_to(site).as_posix(): csp(p) for p in pages if csp(p) != STRICT_CSP}
    assert loose == {"search.html": STRICT_CSP + "; script-src 'self'; connect-src 'self'"}


def test_every_page_links_to_search(site):
    for page in ("index.html", "articles/000-687a31ec145f4aad.html", "timeline/2022-02.html", "404.html"):
        text = (site / page).read_text(encoding="utf-8")
        href = re.search(r'<a href="([^"]*search\.html)">Cari</a>', text)
        assert href, page
        assert (site / page).parent.joinpath(href[1]).resolve() == (site / "search.html").resolve()


def test_search_page_in_english(tmp_path):
    config = Config(root=tmp_path, language="en")
    env = make_environment(Theme.with_overrides(tmp_path), "en")
    page = env.get_template("search.html").render(site=config, entity_types=ENTITY_TYPES, page_path=urls.SEARCH)
    assert '<html lang="en">' in page and '<h1 id="search-heading">Search</h1>' in page
    assert "not opened from disk (file://)" in page and '<a href="search.html">Search</a>' in page
    strings = json.loads(html.unescape(re.search(r"data-strings='([^']*)'", page)[1]))
    assert strings["facets"] == {"person": "People", "organization": "Organizations", "place": "Places",
                                 "event": "Events", "outlet": "Outlet", "year": "Year"}
    assert strings["results"] == "{n} results" and strings["result"] == "1 result"


def test_every_search_string_is_in_both_languages():
    from newsgen.theme import ui_strings

    indonesian, english = ui_strings("id"), ui_strings("en")
    assert {k for k in indonesian if k.startswith("search")} == {k for k in english if k.startswith("search")}


def test_index_follows_the_configured_language(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("---\ntitle: The flood\n---\nThe river flooded three districts.\n", encoding="utf-8")
    (tmp_path / "newsgen.yaml").write_text("content: content\noutput: site\nlanguage: en\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--config", str(tmp_path / "newsgen.yaml")])
    assert result.exit_code == 0, result.output
    built = Index(tmp_path / "site")
    assert built.manifest["language"] == "en" and "the" in built.manifest["stop_words"]
    assert "the" not in built.postings and set(built.postings["flood"]) == {0}


def test_without_search_no_index_is_written(tmp_path):
    out = tmp_path / "site"
    result = build(out, "--no-search")
    assert result.exit_code == 0, result.output
    assert not (out / "search").exists()
    assert len(list((out / "articles").glob("*.html"))) == 5
    page = (out / "search.html").read_text(encoding="utf-8")
    assert 'id="search-unavailable"' in page and "Pencarian tidak tersedia" in page


def test_a_rebuild_without_search_leaves_no_old_index(tmp_path):
    out = tmp_path / "site"
    assert build(out).exit_code == 0 and (out / urls.SEARCH_INDEX).is_file()
    assert build(out, "--no-search").exit_code == 0
    assert not (out / "search").exists()


def test_normalisation_is_nfkd_based():
    # the definition search.js repeats: NFKD, lower case, NFKD, nonspacing marks out
    for text in ("Ḱ", "ǅ", "ﬀ", "Å"):
        folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).lower())
        assert words(text) == ["".join(c for c in folded if unicodedata.category(c) != "Mn")]


def test_indexing_on_several_processes_gives_the_same_postings(monkeypatch):
    from newsgen.search import parallel

    texts = [(f"Judul {n}", f"banjir {n} di kota {n % 7} jakarta " * (n % 5 + 1)) for n in range(50)]
    stop = frozenset({b"di"})
    alone = parallel.index_documents(texts, stop, 1)
    monkeypatch.setattr(parallel, "LEAST_PER_PROCESS", 4)
    made_by = []  # which process indexed each range: its postings come back with the pid
    index_range = parallel._index_range
    monkeypatch.setattr(parallel, "_index_range", lambda texts, stop, start, end: (
        postings := index_range(texts, stop, start, end), setattr(postings, "pid", os.getpid()))[0])
    merge = parallel.Postings.extend
    monkeypatch.setattr(parallel.Postings, "extend", lambda self, other: (made_by.append(other.pid), merge(self, other)))
    spread = parallel.index_documents(texts, stop, 3)  # three ranges, indexed by forked workers
    assert len(made_by) == 2 and os.getpid() not in [spread.pid, *made_by]
    assert spread.first == 0 and spread.lengths == alone.lengths
    assert dict(spread.docs) == dict(alone.docs) and dict(spread.counts) == dict(alone.counts)
    assert list(spread.docs[b"banjir"]) == list(range(50))
