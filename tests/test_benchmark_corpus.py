"""The benchmark's synthetic corpus has the shape the speed targets were set on:
≈ 650 words an article, 2–6 tags, dates over six years, deterministic by seed."""

from __future__ import annotations

import importlib.util
import statistics
import sys
from pathlib import Path

import pytest

MAKE_CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "make_corpus.py"


@pytest.fixture(scope="module")
def make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", MAKE_CORPUS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture(scope="module")
def articles(make_corpus):
    generator = make_corpus.Generator(seed=7)
    return [generator.article(i) for i in range(300)]


def test_articles_have_about_650_words(articles):
    words = [len(a.body().split()) for a in articles]
    assert 620 <= statistics.mean(words) <= 680
    assert min(words) >= 500 and max(words) <= 850


def test_articles_have_two_to_six_tags_including_the_titles(articles, make_corpus):
    counts = [len(a.tags) for a in articles]
    assert all(2 <= n <= 6 for n in counts)
    assert set(counts) == {2, 3, 4, 5, 6}  # the whole range is used
    assert all(len(set(a.tags)) == len(a.tags) for a in articles)


def test_dates_spread_over_six_years(articles):
    years = {a.day.year for a in articles}
    assert len(years) == 6
    assert (max(a.day for a in articles) - min(a.day for a in articles)).days > 5 * 365


def test_an_article_depends_only_on_the_seed_and_its_number(make_corpus, articles):
    again = make_corpus.Generator(seed=7).article(123)
    assert again == articles[123]
    assert make_corpus.Generator(seed=8).article(123) != articles[123]


def test_corpus_files_for_newsgen_and_hugo(make_corpus, tmp_path):
    make_corpus.make_corpus(20, 3, tmp_path)
    content = sorted(p.name for p in (tmp_path / "content").iterdir())
    hugo = sorted(p.stem for p in (tmp_path / "hugo" / "content" / "articles").iterdir())
    assert len(content) == len(hugo) == 20
    assert {Path(name).stem for name in content} == set(hugo)
    assert {Path(name).suffix for name in content} <= {".md", ".txt"}
