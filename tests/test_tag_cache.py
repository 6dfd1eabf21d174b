"""An unchanged article is never tagged twice; a changed one is."""

from __future__ import annotations

import shutil
from dataclasses import replace

import newsgen.tag as tag
from newsgen.config import Config
from newsgen.load import load_archive
from newsgen.records import DateMention, EntityMention, shared_int as compact_offset
from newsgen.tag.cache import TagCache, article_key, compact

from .conftest import SEEDS


def test_second_run_takes_every_article_from_the_cache(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(SEEDS, content)
    config = Config(root=tmp_path, content=content)
    tagger = tag.Tagger.load()
    calls = []
    real = tag.tag_article
    monkeypatch.setattr(tag, "tag_article", lambda a, t: calls.append(a.slug) or real(a, t))

    first = tag.tag_articles(load_archive(config).articles, tagger, TagCache(config.cache_dir, tagger.fingerprint))
    assert len(calls) == 5
    cache = TagCache(config.cache_dir, tagger.fingerprint)
    second = tag.tag_articles(load_archive(config).articles, tagger, cache)
    assert len(calls) == 5 and cache.hits == 5
    assert [(i.entities, i.dates, i.article.date) for i in first] == [(i.entities, i.dates, i.article.date) for i in second]

    edited = content / "001_7ff9831065ac68b4.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nPresiden Joko Widodo tiba di Bandung.", encoding="utf-8")
    loaded = load_archive(config).articles
    # the key each record carries from loading is the one made from its text
    assert all(a.content_key == article_key(replace(a, content_key=None)) for a in loaded)
    tag.tag_articles(loaded, tagger, TagCache(config.cache_dir, tagger.fingerprint))
    assert len(calls) == 6  # only the edited article was tagged again


def test_a_new_fingerprint_starts_a_fresh_cache(tmp_path):
    old = TagCache(tmp_path, "a" * 64)
    old.folder.mkdir(parents=True)
    new = TagCache(tmp_path, "b" * 64)
    assert not old.folder.exists() and new.folder.name.endswith("b" * 16)


def test_findings_kept_in_the_state_come_back_equal_and_compact(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SEEDS, content)
    config = Config(root=tmp_path, content=content)
    tagger = tag.Tagger.load()
    cache = TagCache(config.cache_dir, tagger.fingerprint)
    first = tag.tag_articles(load_archive(config).articles, tagger, cache)
    kept = (cache.identity, cache.kept())
    shutil.rmtree(cache.folder)  # only the state's copy is left to read

    again = TagCache(config.cache_dir, tagger.fingerprint, kept)
    second = tag.tag_articles(load_archive(config).articles, tagger, again)
    assert again.hits == 5
    assert [(i.entities, i.dates, i.article.date) for i in first] == [(i.entities, i.dates, i.article.date) for i in second]
    assert again.kept() == kept[1]  # unchanged rows are kept as they were read
    mentions = [m for item in second for m in item.entities]
    by_name: dict[str, int] = {}
    for m in mentions:  # one object per distinct name across articles, and per offset
        assert by_name.setdefault(m.canonical, id(m.canonical)) == id(m.canonical)
    assert all(m.start is compact_offset(m.start) for m in mentions)


def test_compact_findings_are_equal_with_names_and_offsets_shared():
    def fresh(text: str) -> str:  # an equal string that is another object, as unpickling gives
        return "".join(list(text))

    people = [EntityMention(fresh("Joko Widodo"), "person", int("1000"), int("1011"), fresh("Joko Widodo")) for _ in "ab"]
    assert people[0].text is not people[1].text and people[0].start is not people[1].start
    dates = [DateMention(fresh("Senin"), 300, 305, "2024-01-01", "weekday", "day")]
    _, entities, found_dates = compact((None, people, dates))
    assert entities == people and found_dates == dates
    assert entities[0].text is entities[1].text is entities[0].canonical is entities[1].canonical
    assert entities[0].start is entities[1].start and entities[0].start == 1000
    big = compact((None, [EntityMention("A", "place", 70_000, 70_001, "A")], []))[1][0]
    assert (big.start, big.end) == (70_000, 70_001)  # beyond the shared range: kept as they are


def test_tagged_articles_hold_their_mentions_flat_and_make_them_when_read(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SEEDS, content)
    config = Config(root=tmp_path, content=content)
    tagger = tag.Tagger.load()
    articles = load_archive(config).articles
    tagged = tag.tag_articles(articles, tagger, TagCache(config.cache_dir, tagger.fingerprint))
    for article, item in zip(articles, tagged):
        found = tag.tag_article(article, tagger)
        assert "entities" not in vars(item)  # what tagging found is kept flat, not as mention objects
        entities, dates = item.mentions()
        assert (entities, dates) == (found.entities, found.dates)
        assert item.mentions() == (entities, dates) and "entities" not in vars(item)  # made again, not kept
        assert item.entities == found.entities  # read as an attribute, they are kept
        assert "entities" in vars(item)
