"""The benchmark's synthetic corpus has the shape the speed targets were set on:
≈ 650 words an article, 2–6 tags, dates over six years, deterministic by seed."""

from __future__ import annotations

import importlib.util
import json
import re
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

MAKE_CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "make_corpus.py"
FLOOR = MAKE_CORPUS.with_name("floor.py")


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


def test_floor_counts_the_corpus_and_divides_by_hugos_cold_time(make_corpus, tmp_path):
    root = tmp_path / "n20"
    make_corpus.make_corpus(20, 3, root)
    for name in ("index.html", "articles/a.html"):
        (root / "site" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "site" / name).write_text("<p>x</p>", encoding="utf-8")
    runs = [{"size": 20, "tool": "hugo", "scenario": "cold", "wall_s": 0.001},
            {"size": 20, "tool": "hugo", "scenario": "touch", "wall_s": 99.0}]
    (tmp_path / "results.json").write_text(json.dumps({"runs": runs}), encoding="utf-8")
    done = subprocess.run([sys.executable, str(FLOOR), str(root)], capture_output=True, text=True, check=True)
    head, times, against = done.stdout.splitlines()
    assert head.startswith("20 articles,") and head.endswith(" 2 pages; CPU s on one core:")
    wall = float(re.search(r"at best ([\d.]+) s wall", times).group(1))
    assert "Hugo's cold build: 0.00 s wall" in against  # the cold run, not the touch
    assert float(re.search(r"the floor is ([\d.]+)×", against).group(1)) == pytest.approx(wall / 0.001, rel=0.1, abs=60)
