"""The loader on the five seed clippings, scored against the answer key."""

from __future__ import annotations

import pytest

from newsgen.config import Config
from newsgen.load import load_archive

from .conftest import SEEDS


@pytest.fixture(scope="module")
def loaded():
    result = load_archive(Config(content=SEEDS, root=SEEDS.parent))
    assert not result.problems
    return {a.source_path.name: a for a in result.articles}


def test_every_seed_loads(loaded, gold):
    assert sorted(loaded) == sorted(g.name for g in gold)


def test_body_is_gold_body_exactly(loaded, gold):
    # every boilerplate line, dateline prefix and trailing fragment gone; no body line lost
    for g in gold:
        assert loaded[g.name].body == g.body, g.name


def test_removed_lines_are_gold_boilerplate(loaded, gold):
    for g in gold:
        expected = g.record["boilerplate_lines"] + g.record["boilerplate_fragments"]
        assert loaded[g.name].removed_lines == expected, g.name


def test_outlet_dateline_and_sources(loaded, gold):
    for g in gold:
        article = loaded[g.name]
        assert article.outlet == g.record["outlet"], g.name
        assert article.dateline_place == g.record["dateline_place"], g.name
        assert article.sources == g.record["credited_sources"], g.name


def test_headline_is_derived_and_readable(loaded):
    for article in loaded.values():
        assert article.title_derived
        assert 10 <= len(article.title) <= 90
        assert "\n" not in article.title


def test_slugs_are_unique_url_safe_and_stable(loaded):
    slugs = [a.slug for a in loaded.values()]
    assert len(set(slugs)) == len(slugs)
    assert all(s.isascii() and s.replace("-", "").isalnum() for s in slugs)
    again = load_archive(Config(content=SEEDS, root=SEEDS.parent))
    assert [a.slug for a in again.articles] == [a.slug for a in sorted(loaded.values(), key=lambda a: a.source_path)]


def test_seed_with_stated_full_date_is_dated_from_text(loaded):
    dated = {name: a for name, a in loaded.items() if a.date_source == "text"}
    # only one seed states a full calendar date (day, month and year) in its text
    assert len(dated) == 1
    (article,) = dated.values()
    assert article.date_precision == "day"
