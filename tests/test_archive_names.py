"""Archive-wide person names, and articles taken from the tag cache whose mentions are made when first read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsgen.index import build_index
from newsgen.index.versions import article_version
from newsgen.records import Article, EntityMention, TaggedArticle, tally_mentions
from newsgen.tag.archive import unify_person_names
from newsgen.tag.cache import TagCache

FULL, SHORT = "Rudi Hartanto Wibisono", "Wibisono"


def article(slug: str, body: str) -> Article:
    return Article(slug, slug.title(), body, Path(f"{slug}.md"), "md", date=dt.date(2023, 5, 2), date_source="front_matter")


def mention(body: str, text: str, kind: str = "person", canonical: str | None = None) -> EntityMention:
    start = body.index(text)
    return EntityMention(text, kind, start, start + len(text), canonical or text)


def archive() -> list[TaggedArticle]:
    full = f"{FULL} tiba di Surabaya. {SHORT} lalu bertemu warga."
    short = f"Menurut {SHORT}, warga Surabaya menunggu. {SHORT} berjanji datang lagi."
    return [
        TaggedArticle(article("lengkap", full), [mention(full, FULL), mention(full, "Surabaya", "place"),
                                                 EntityMention(SHORT, "person", full.index(SHORT, 5), full.index(SHORT, 5) + len(SHORT), FULL)]),
        TaggedArticle(article("pendek", short), [mention(short, SHORT), mention(short, "Surabaya", "place"),
                                                 EntityMention(SHORT, "person", short.rindex(SHORT), short.rindex(SHORT) + len(SHORT), SHORT)]),
    ]


def from_the_cache(tmp_path: Path, items: list[TaggedArticle]) -> tuple[TagCache, list[TaggedArticle]]:
    """The same articles as the next build gets them: stored, their rows kept in the state."""
    first = TagCache(tmp_path, "f" * 64)
    for item in items:
        first.put(item, item.article)
    cache = TagCache(tmp_path, "f" * 64, (first.identity, first.kept()))
    return cache, [cache.get(item.article) for item in items]


def test_an_article_that_says_only_the_short_name_gets_the_full_one():
    unified = unify_person_names(archive())
    assert [m.canonical for m in unified[1].entities if m.type == "person"] == [FULL, FULL]
    assert unified[1].tally == tally_mentions(unified[1].entities)
    assert build_index(unified).entities[build_index(unified).entity_slug[(FULL, "person")]].mentions == 4


def test_cached_articles_make_their_mentions_only_when_read_and_are_renamed_then(tmp_path):
    eager = unify_person_names(archive())
    cache, stored = from_the_cache(tmp_path, archive())
    assert cache.hits == 2 and all("entities" not in vars(item) for item in stored)
    unified = unify_person_names(stored)
    assert all("entities" not in vars(item) for item in unified)  # renamed, still not made
    assert [item.tally for item in unified] == [item.tally for item in eager]
    # the last build's memo holds the dated sentences by article version: none to make again
    memo = build_index(unify_person_names(from_the_cache(tmp_path / "last", archive())[1])).memo
    index = build_index(unified, memo=memo)
    assert all("entities" not in vars(item) for item in unified)  # the index reads tallies only
    assert index.entities[index.entity_slug[(FULL, "person")]].surfaces == {FULL: 1, SHORT: 3}
    assert [item.entities for item in unified] == [item.entities for item in eager]
    assert [item.dates for item in unified] == [item.dates for item in eager]


def test_a_cached_article_keeps_its_version_and_a_rename_changes_it(tmp_path):
    _, stored = from_the_cache(tmp_path, archive())
    _, again = from_the_cache(tmp_path / "again", archive())
    assert [article_version(item) for item in stored] == [article_version(item) for item in again]
    renamed = unify_person_names(stored)
    assert article_version(renamed[0]) == article_version(stored[0])  # said the full name itself
    assert article_version(renamed[1]) != article_version(stored[1])
    other_tagger = TagCache(tmp_path / "other", "e" * 64)
    assert other_tagger.put(archive()[0], archive()[0].article).findings_key != stored[0].findings_key
