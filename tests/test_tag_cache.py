"""An unchanged article is never tagged twice; a changed one is."""

from __future__ import annotations

import shutil

import newsgen.tag as tag
from newsgen.config import Config
from newsgen.load import load_archive
from newsgen.tag.cache import TagCache

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
    tag.tag_articles(load_archive(config).articles, tagger, TagCache(config.cache_dir, tagger.fingerprint))
    assert len(calls) == 6  # only the edited article was tagged again


def test_a_new_fingerprint_starts_a_fresh_cache(tmp_path):
    old = TagCache(tmp_path, "a" * 64)
    old.folder.mkdir(parents=True)
    new = TagCache(tmp_path, "b" * 64)
    assert not old.folder.exists() and new.folder.name.endswith("b" * 16)
