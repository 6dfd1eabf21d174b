"""Open data (data/articles.jsonl, entities.csv, mentions.csv): parse, and agree with the pages."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from newsgen.records import ENTITY_TYPES

from .test_feeds import build, seeds_and_tagged


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("opendata")
    return build(root, seeds_and_tagged(root), base_url=None)  # open data needs no base_url


@pytest.fixture(scope="module")
def records(site) -> dict[str, dict]:
    lines = (site / "data" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    parsed = [json.loads(line) for line in lines]
    assert len(parsed) == len({r["slug"] for r in parsed})
    return {r["slug"]: r for r in parsed}


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def entities(site) -> dict[str, dict]:
    rows = read_csv(site / "data" / "entities.csv")
    assert list(rows[0]) == ["slug", "name", "type", "articles", "mentions", "aliases", "first_seen", "last_seen"]
    return {row["slug"]: row for row in rows}


@pytest.fixture(scope="module")
def mentions(site) -> list[dict]:
    rows = read_csv(site / "data" / "mentions.csv")
    assert list(rows[0]) == ["article", "entity", "canonical", "type", "text", "start", "end"]
    return rows


def test_one_record_per_article_page(site, records):
    pages = {p.stem for p in (site / "articles").glob("*.html")}
    assert set(records) == pages and len(pages) == 8
    for slug, record in records.items():
        assert record["path"] == f"articles/{slug}.html" and (site / record["path"]).is_file()
        for key in ("title", "date", "date_source", "date_precision", "outlet", "dateline_place", "sources",
                    "language", "tags", "summary", "body", "entity_mentions", "entity_count", "date_mentions"):
            assert key in record, key


def test_records_hold_what_the_article_pages_show(site, records):
    banjir = records["banjir"]
    assert banjir["title"] == "Banjir Rendam Tiga Kecamatan di Jakarta"
    assert banjir["date"] == "2022-07-02T10:30:00+07:00" and banjir["date_source"] == "front_matter"
    assert banjir["tags"] == ["Banjir", "Jakarta"] and banjir["outlet"] == "Harian Contoh"
    assert records["tanpa-tanggal"]["date"] is None and records["tanpa-tanggal"]["date_source"] == "none"
    seed = records["003-899dac26f7ecad5b"]
    assert (seed["date"], seed["date_source"], seed["outlet"], seed["dateline_place"]) == (
        "2022-06-15", "text", "DISWAY.ID", "Jakarta")
    assert {"CCTV", "AFP"} <= set(seed["sources"])
    for slug, record in records.items():
        html = (site / record["path"]).read_text(encoding="utf-8")
        if record["date"] and record["date_precision"] == "day":
            assert f'datetime="{record["date"][:10]}"' in html, slug


def test_article_entities_agree_with_the_page_and_the_mentions(site, records, mentions):
    by_article = defaultdict(list)
    for row in mentions:
        by_article[row["article"]].append(row)
    assert set(by_article) <= set(records)
    for slug, record in records.items():
        rows = by_article[slug]
        per_entity = Counter(row["entity"] for row in rows)
        assert record["entity_mentions"] == len(rows)
        assert record["entity_count"] == len(per_entity)
        assert {e["slug"]: e["mentions"] for e in record["entities"]} == dict(per_entity)
        assert sum(record["entity_types"].values()) == len(rows)
        html = (site / record["path"]).read_text(encoding="utf-8")
        section = re.search(r'<section class="entities".*?</section>', html, re.S)
        linked = set(re.findall(r'href="\.\./entities/([^"#]+)\.html"', section.group(0))) if section else set()
        assert linked == set(per_entity), slug


def test_mention_offsets_index_into_the_body(records, mentions):
    assert len(mentions) > 50
    for row in mentions:
        body = records[row["article"]]["body"]
        assert body[int(row["start"]):int(row["end"])] == row["text"], row


def test_entities_agree_with_their_pages_and_mentions(site, entities, mentions, records):
    assert set(entities) == {p.stem for p in (site / "entities").glob("*.html")}  # one page each (no pagination here)
    rows_of = defaultdict(list)
    for row in mentions:
        rows_of[row["entity"]].append(row)
    assert set(rows_of) == set(entities)
    for slug, entity in entities.items():
        rows = rows_of[slug]
        assert (site / "entities" / f"{slug}.html").is_file()
        assert entity["type"] in ENTITY_TYPES
        assert {(r["canonical"], r["type"]) for r in rows} == {(entity["name"], entity["type"])}
        assert int(entity["mentions"]) == len(rows)
        assert int(entity["articles"]) == len({r["article"] for r in rows})
        aliases = entity["aliases"].split("|") if entity["aliases"] else []
        assert set(aliases) <= {r["text"] for r in rows} - {entity["name"]}
        days = sorted(records[r["article"]]["date"][:10] for r in rows if records[r["article"]]["date"])
        if days:
            assert days[0].startswith(entity["first_seen"]) and days[-1].startswith(entity["last_seen"])
        else:
            assert entity["first_seen"] == entity["last_seen"] == ""
        html = (site / "entities" / f"{slug}.html").read_text(encoding="utf-8")
        assert entity["name"].replace("&", "&amp;").replace('"', "&#34;") in html


def test_unchanged_articles_are_copied_unless_an_entity_slug_they_show_changed(tmp_path, monkeypatch):
    import datetime as dt

    from newsgen import opendata
    from newsgen.index import build_index
    from newsgen.index.versions import article_versions
    from newsgen.records import Article, EntityMention, TaggedArticle

    def tagged(slug: str, day: int, name: str, kind: str) -> TaggedArticle:
        body = f"{name} dan Jakarta hari ini."
        article = Article(slug, slug.title(), body, Path(f"{slug}.md"), "md", date=dt.date(2024, 1, day))
        return TaggedArticle(article, [EntityMention(name, kind, 0, len(name), name),
                                       EntityMention("Jakarta", "place", len(name) + 5, len(name) + 12, "Jakarta")])

    def write(articles: list[TaggedArticle], site: Path, previous: Path | None) -> list[str]:
        index = build_index(articles)
        made: list[str] = []
        real = opendata._mention_rows
        monkeypatch.setattr(opendata, "_mention_rows", lambda item, idx: made.append(item.article.slug) or real(item, idx))
        reuse = opendata.OpenDataReuse(article_versions(index.articles), tmp_path / "cache", previous)
        opendata.write_open_data(index, site, reuse)
        monkeypatch.setattr(opendata, "_mention_rows", real)
        opendata.write_open_data(index, tmp_path / f"{site.name}-clean")  # made from scratch, to compare
        for name in ("articles.jsonl", "mentions.csv", "entities.csv"):
            assert (site / "data" / name).read_bytes() == (tmp_path / f"{site.name}-clean" / "data" / name).read_bytes()
        return made

    old = [tagged("lama", 1, "Georgia", "place"), tagged("lain", 2, "Bandung", "place")]
    assert sorted(write(old, tmp_path / "one", None)) == ["lain", "lama"]
    assert write(old, tmp_path / "two", tmp_path / "one") == []
    assert (tmp_path / "two/data/mentions.csv").stat().st_ino == (tmp_path / "one/data/mentions.csv").stat().st_ino
    # a newer article takes the slug "georgia" for a person: the place's rows in "lama" now link "georgia-place"
    newer = [*old, tagged("baru", 3, "Georgia", "person")]
    assert sorted(write(newer, tmp_path / "three", tmp_path / "two")) == ["baru", "lama"]
    assert "georgia-place" in (tmp_path / "three/data/mentions.csv").read_text(encoding="utf-8")


def test_first_and_last_seen_are_those_of_the_first_article_on_the_day_at_its_precision():
    import datetime as dt
    import random

    from newsgen.index import build_index
    from newsgen.opendata import _day, entity_row
    from newsgen.records import Article, EntityMention, TaggedArticle

    rng = random.Random(7)
    for _ in range(200):
        items = []
        for n in range(rng.randrange(1, 9)):
            # a few days over three months: the index counts a month at a time, then merges the months
            date = None if rng.random() < 0.2 else dt.date(2022, 1 + rng.randrange(3), 1 + rng.randrange(3))
            article = Article(f"a{n}", "t", "E.", Path(f"a{n}.md"), "md", date=date,
                              date_precision=rng.choice([None, "day", "month", "year"]))
            items.append(TaggedArticle(article, [EntityMention("E", "place", 0, 1, "E")]))
        rng.shuffle(items)
        index = build_index(items)
        entry = index.entities[index.entity_slug["E", "place"]]
        # the plain definition: of the articles in the index's order, the first with the earliest day, and with the latest
        seen = [item.article for item in index.articles if item.article.day is not None]
        first = min(seen, key=lambda a: a.day, default=None)
        last = max(seen, key=lambda a: a.day, default=None)
        row = entity_row(entry)
        assert row[-2:] == (_day(first), _day(last))
