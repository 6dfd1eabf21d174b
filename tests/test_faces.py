"""Article faces: what other pages show of an article. A change those pages cannot show
keeps the face (the version changes); anything they can show changes it."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from newsgen.index import build_index
from newsgen.index.faces import article_face, article_faces, first_starts
from newsgen.index.versions import article_version
from newsgen.records import Article, DateMention, EntityMention, TaggedArticle

FIRST = "Joko Widodo meninjau Jakarta pada 15 Juni 2022."
PLAIN = "Warga mengungsi ke masjid."


def article(*lines: str, **fields) -> TaggedArticle:
    """An article of these lines (paragraphs), its mentions found by name in them."""
    body = "\n".join(lines)
    record = Article(fields.pop("slug", "banjir"), fields.pop("title", "Banjir"), body, Path("banjir.md"), "md",
                     date=dt.date(2022, 6, 16), date_source="front_matter", **fields)
    entities = [EntityMention(name, kind, start, start + len(name), name)
                for name, kind in (("Joko Widodo", "person"), ("Jakarta", "place"))
                for start in _starts(body, name)]
    dates = [DateMention("15 Juni 2022", start, start + 12, "2022-06-15", "absolute", "day")
             for start in _starts(body, "15 Juni 2022")]
    return TaggedArticle(record, sorted(entities, key=lambda m: m.start), dates)


def _starts(body: str, word: str) -> list[int]:
    found, at = [], body.find(word)
    while at >= 0:
        found.append(at)
        at = body.find(word, at + 1)
    return found


def test_a_sentence_that_names_nothing_changes_the_version_not_the_face():
    before = article(FIRST, PLAIN)
    for after in (article(FIRST, PLAIN + " Hujan masih turun."),  # added to a paragraph
                  article(FIRST, "Warga mengungsi ke sekolah."),  # reworded
                  article("Hujan turun sejak pagi. " + FIRST, PLAIN)):  # before the mentions: offsets move
        assert article_version(after) != article_version(before)
        assert article_face(after) == article_face(before)


@pytest.mark.parametrize("change", [
    lambda: article("Joko Widodo meninjau Jakarta Utara pada 15 Juni 2022.", PLAIN),  # a quoted sentence
    lambda: article("Presiden Joko Widodo meninjau Jakarta pada 15 Juni 2022.", PLAIN),  # a mention moves in it
    lambda: article(PLAIN, FIRST),  # its paragraph (a quote links to it)
    lambda: article(FIRST, PLAIN, title="Banjir besar"),  # what a listing shows
    lambda: article(FIRST, PLAIN, summary="Banjir di Jakarta."),
    lambda: article(FIRST, PLAIN, extra={"foto": "banjir.jpg"}),  # a template may show any front matter
    lambda: article(FIRST, PLAIN + " Jakarta sepi."),  # one more mention: counted
])
def test_whatever_another_page_shows_of_the_article_changes_its_face(change):
    assert article_face(change()) != article_face(article(FIRST, PLAIN))


def test_a_unified_name_changes_the_face():
    item = article(FIRST, PLAIN)
    renamed = pickle.loads(pickle.dumps(item))
    renamed.entities[0].canonical = "Ir. Joko Widodo"
    assert article_face(renamed) != article_face(item)


def test_a_date_of_another_value_changes_the_face():
    item = article(FIRST, PLAIN)
    other = pickle.loads(pickle.dumps(item))
    other.dates[0].value = "2022-06-14"
    assert article_face(other) != article_face(item)


def test_equal_articles_have_equal_faces_whatever_their_objects():
    item = article(FIRST, PLAIN)
    assert article_face(pickle.loads(pickle.dumps(item))) == article_face(item)


def test_a_known_face_is_taken_by_version_not_made_again():
    item = article(FIRST, PLAIN)
    version = article_version(item)
    assert article_faces([item], {"banjir": version}, {version: ("kept", (1, 2))}) == {"banjir": ("kept", (1, 2))}
    assert article_faces([item], {"banjir": version}, {"other": ("kept", ())}) == {
        "banjir": (article_face(item), first_starts(item, item.entities))}


def test_first_starts_follow_the_tally_and_quote_as_the_mentions_do():
    item = article(PLAIN, FIRST, "Jakarta sepi. " + FIRST)
    assert list(first_starts(item, item.entities)) == [len(PLAIN) + 1, len(PLAIN) + 1 + 21]  # Joko Widodo, then Jakarta
    index, from_mentions = build_index([item]), build_index([item])
    from_mentions.first_starts.clear()  # this one quotes from the mentions themselves
    for slug, entry in index.entities.items():
        assert str(index.quote(entry, item)) == str(from_mentions.quote(from_mentions.entities[slug], item)) == FIRST


def test_the_index_keys_entities_by_faces_unless_told_not_to():
    items = [article(FIRST, PLAIN), article(FIRST, slug="kedua", title="Kedua")]
    edited = [article(FIRST, PLAIN + " Hujan masih turun."), items[1]]
    index, again = build_index(items), build_index(edited, memo=build_index(items).memo)
    assert index.faces != index.versions and again.versions != index.versions
    assert again.faces == index.faces
    assert {s: e.digest for s, e in again.entities.items()} == {s: e.digest for s, e in index.entities.items()}
    plain, plain_again = build_index(items, faces=False), build_index(edited, faces=False)
    assert plain.faces == plain.versions
    assert plain_again.entities["joko-widodo"].digest != plain.entities["joko-widodo"].digest
