"""Atom feeds, sitemap.xml and robots.txt: built with base_url, skipped with a warning without it."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from newsgen.cli import main
from newsgen.config import Config, load_config
from newsgen.machine import missing_base_url_warnings

from .conftest import SEEDS

BASE = "https://example.org/arsip/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

TAGGED = {
    "banjir.md": """---
title: Banjir Rendam Tiga Kecamatan di Jakarta
date: 2022-07-02T10:30:00+07:00
outlet: Harian Contoh
author: Sari
tags: [Banjir, Jakarta]
summary: Banjir merendam tiga kecamatan.
---
Banjir merendam tiga kecamatan di Jakarta pada Sabtu. Gubernur Anies Baswedan meninjau lokasi.
""",
    "gempa.md": """---
title: Gempa Guncang Cianjur
date: 2022-07-01
outlet: Harian Contoh
tags: [Bencana]
---
Gempa mengguncang Cianjur, Jawa Barat. BNPB mencatat kerusakan rumah warga.
""",
    "tanpa-tanggal.md": """---
title: Catatan Tanpa Tanggal
tags: [Banjir]
---
Tulisan ini tidak menyebut tanggal apa pun.
""",
}


def build(root: Path, content: Path, base_url: str | None = BASE) -> Path:
    """Build `content` through the CLI with a config file in `root`; return the site folder."""
    lines = [f"content: {json.dumps(str(content))}", "output: site"]
    if base_url:
        lines.append(f"base_url: {base_url}")
    (root / "newsgen.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--config", str(root / "newsgen.yaml")])
    assert result.exit_code == 0, result.output
    return root / "site"


def seeds_and_tagged(folder: Path) -> Path:
    content = folder / "content"
    shutil.copytree(SEEDS, content)
    for name, text in TAGGED.items():
        (content / name).write_text(text, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("feeds")
    return build(root, seeds_and_tagged(root))


def articles(site: Path) -> list[dict]:
    lines = (site / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def entity_names(site: Path) -> dict[str, str]:
    with (site / "data" / "entities.csv").open(encoding="utf-8", newline="") as f:
        return {row["slug"]: row["name"] for row in csv.DictReader(f)}


def local(url: str) -> str:
    """The output path an absolute URL of the site stands for."""
    assert url.startswith(BASE), url
    return url[len(BASE):]


def parse(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}


def test_site_feed_holds_the_dated_articles_newest_first_with_absolute_links(site):
    feed = parse(site / "feed.xml")
    assert feed.feed.title == "Arsip Berita"
    assert feed.feed.id == BASE + "feed.xml"
    assert {link.rel: link.href for link in feed.feed.links}["self"] == BASE + "feed.xml"
    # the index order is newest first with undated articles last; feeds leave the undated out
    expected = [a["slug"] for a in articles(site) if a["date"] is not None]
    assert "tanpa-tanggal" not in expected and len(expected) >= 4
    assert [local(e.link) for e in feed.entries] == [f"articles/{slug}.html" for slug in expected]
    for entry in feed.entries:
        assert entry.id == entry.link
        assert (site / local(entry.link)).is_file()
    updated = [dt.datetime.fromisoformat(e.updated) for e in feed.entries]
    assert updated == sorted(updated, reverse=True)
    assert dt.datetime.fromisoformat(feed.feed.updated) == updated[0]


def test_entry_carries_dates_summary_author_outlet_and_categories(site):
    feed = parse(site / "feed.xml")
    by_slug = {local(e.link): e for e in feed.entries}
    banjir = by_slug["articles/banjir.html"]
    assert banjir.title == "Banjir Rendam Tiga Kecamatan di Jakarta"
    assert banjir.published == banjir.updated == "2022-07-02T10:30:00+07:00"
    assert banjir.summary == "Banjir merendam tiga kecamatan."
    assert [a.name for a in banjir.authors] == ["Sari", "Harian Contoh"]
    names = entity_names(site)
    entities = [names[e["slug"]] for e in {a["slug"]: a for a in articles(site)}["banjir"]["entities"]]
    assert entities  # the tagger finds someone or somewhere in it
    assert [t.term for t in banjir.tags] == ["Banjir", "Jakarta", *entities]
    # a bare day is midnight in the config's time zone (Asia/Jakarta)
    assert by_slug["articles/gempa.html"].updated == "2022-07-01T00:00:00+07:00"
    records = {a["slug"]: a for a in articles(site)}
    for path, entry in by_slug.items():
        record = records[path.removeprefix("articles/").removesuffix(".html")]
        # an estimated date orders the entry (updated) but is no publication date
        assert ("published" in entry) == (record["date_source"] in ("front_matter", "text")), path
        assert entry.summary


def test_tag_and_entity_feeds_hold_their_articles(site):
    banjir = parse(site / "topics" / "banjir.xml")
    assert {local(e.link) for e in banjir.entries} == {"articles/banjir.html"}  # the undated one is left out
    assert {link.rel: link.href for link in banjir.feed.links}["alternate"] == BASE + "topics/banjir.html"
    assert (site / "topics" / "banjir.html").is_file()
    mentions: dict[str, set[str]] = {}
    dated = {a["slug"] for a in articles(site) if a["date"]}
    for record in articles(site):
        for entity in record["entities"]:
            mentions.setdefault(entity["slug"], set()).add(record["slug"])
    assert len(mentions) > 20
    for slug, in_articles in mentions.items():
        feed = parse(site / "entities" / f"{slug}.xml")
        assert {local(e.link) for e in feed.entries} == {f"articles/{s}.html" for s in in_articles & dated}, slug


def test_at_most_fifty_newest_in_a_feed(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    start = dt.date(2023, 1, 1)
    for n in range(55):
        (content / f"a{n:02d}.md").write_text(
            f"---\ntitle: Artikel {n}\ndate: {(start + dt.timedelta(days=n)).isoformat()}\ntags: [Uji]\n---\nIsi {n}.\n",
            encoding="utf-8")
    site = build(tmp_path, content)
    for path in ("feed.xml", "topics/uji.xml"):
        feed = parse(site / path)
        assert [local(e.link) for e in feed.entries] == [f"articles/a{n:02d}.html" for n in range(54, 4, -1)]


def test_feed_survives_characters_xml_cannot_carry(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "kontrol.md").write_text(
        "---\ntitle: \"Judul \\x01 <b>&amp; ]]> \\uFFFE\"\ndate: 2022-01-02\ntags: [\"a<b&c\"]\n---\nIsi \x0b artikel.\n",
        encoding="utf-8")
    site = build(tmp_path, content)
    entry = parse(site / "feed.xml").entries[0]
    assert "<b>&amp; ]]>" in entry.title and "\x01" not in entry.title
    assert "Isi" in entry.summary
    assert [t.term for t in entry.tags] == ["a<b&c"]


def test_sitemap_lists_every_html_page_with_absolute_urls(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP_NS}urlset"
    urls = [u.findtext(f"{SITEMAP_NS}loc") for u in root.findall(f"{SITEMAP_NS}url")]
    assert len(urls) == len(set(urls))
    assert {local(u) for u in urls} == html_pages(site)
    assert all((site / local(u)).is_file() for u in urls)
    lastmod = {local(u.findtext(f"{SITEMAP_NS}loc")): u.findtext(f"{SITEMAP_NS}lastmod")
               for u in root.findall(f"{SITEMAP_NS}url")}
    assert lastmod["articles/banjir.html"] == "2022-07-02"
    assert lastmod["index.html"] == "2022-07-02"
    assert lastmod["articles/tanpa-tanggal.html"] is None
    for value in filter(None, lastmod.values()):
        dt.date.fromisoformat(value)


def test_a_sitemap_too_large_for_one_file_becomes_an_index(tmp_path, monkeypatch):
    monkeypatch.setattr("newsgen.feeds.SITEMAP_LIMIT", 10)
    site = build(tmp_path, SEEDS)
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP_NS}sitemapindex"
    parts = [local(s.findtext(f"{SITEMAP_NS}loc")) for s in root.findall(f"{SITEMAP_NS}sitemap")]
    assert parts == [f"sitemap-{n}.xml" for n in range(1, len(parts) + 1)] and len(parts) > 2
    listed = []
    for part in parts:
        urlset = ET.parse(site / part).getroot()
        assert urlset.tag == f"{SITEMAP_NS}urlset" and len(urlset) <= 10
        listed += [local(u.findtext(f"{SITEMAP_NS}loc")) for u in urlset]
    assert sorted(listed) == sorted(html_pages(site))


def test_robots_names_the_sitemap(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


def test_pages_point_at_the_site_feed(site):
    for page in ("index.html", "articles/banjir.html", "topics/banjir.html"):
        html = (site / page).read_text(encoding="utf-8")
        href = "feed.xml" if "/" not in page else "../feed.xml"
        assert f'<link rel="alternate" type="application/atom+xml" title="Arsip Berita" href="{href}">' in html


def test_without_base_url_no_feeds_sitemap_or_robots_and_a_warning(tmp_path):
    site = build(tmp_path, SEEDS, base_url=None)
    assert not (site / "feed.xml").exists()
    assert not (site / "sitemap.xml").exists()
    assert not (site / "robots.txt").exists()
    assert list(site.rglob("*.xml")) == []
    assert "application/atom+xml" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "data" / "articles.jsonl").is_file()  # open data needs no base_url
    config = load_config(tmp_path / "newsgen.yaml")
    [warning] = missing_base_url_warnings(config)
    assert warning.severity == "warning" and warning.kind == "base-url"
    assert warning.path == config.source  # the config file, where base_url goes
    assert "base_url" in warning.message and "feed" in warning.message
    assert missing_base_url_warnings(Config(base_url=BASE)) == []
