"""The index memo: the last build's related articles and co-mentions are reused only when their inputs are the same."""

from __future__ import annotations

import datetime as dt
import marshal
import random
from dataclasses import replace
from pathlib import Path

from newsgen.index import build_index, companions
from newsgen.index.month_parts import MonthPart
from newsgen.index.related import related_articles
from newsgen.index.whole import WholeEntities
from newsgen.records import Article, DateMention, EntityMention, TaggedArticle

from .test_related import plain_related, random_archive

NAMES = [("Andi Wijaya", "person"), ("Jakarta", "place"), ("Bank Nusantara", "organization"), ("Surabaya", "place"),
         ("Sari Lestari", "person"), ("KTT Pangan", "event"), ("Medan", "place"), ("Dewan Kota", "organization")]


def slugs(related: dict) -> dict[str, list[str]]:
    return {slug: [item.article.slug for item in items] for slug, items in related.items()}


def test_related_answers_are_reused_only_for_unchanged_inputs():
    articles, features = random_archive(7, 200)
    _, memo = related_articles(articles, features)
    # answers the memo holds are taken as they are: mark them all, and the marks come back
    marked = {key: (articles[1].article.slug,) for key in memo}
    again, _ = related_articles(articles, features, marked)
    assert all([item.article.slug for item in items] == [articles[1].article.slug] for items in again.values())
    # an edit (new features for one article, another moved in time): every answer as the definition gives it
    edited = articles[5].article.slug
    features = {**features, edited: features[edited] | {"e:rare3", "t:new"}}
    articles[9].article.date = dt.date(2031, 1, 1)
    after, memo_after = related_articles(articles, features, memo)
    assert slugs(after) == plain_related(articles, features)
    assert len(memo_after) == len(articles)  # only this build's answers are kept: the memo never grows


def tagged_archive(seed: int, count: int) -> list[TaggedArticle]:
    rng = random.Random(seed)
    items = []
    for n in range(count):
        body, mentions = "", []
        for name, kind in rng.sample(NAMES, rng.randrange(1, 5)):
            mentions.append(EntityMention(name, kind, len(body), len(body) + len(name), name))
            body += f"{name} hadir pada 3 Maret 2021. "
        article = Article(f"a-{n:03d}", f"Judul {n}", body, Path(f"a-{n:03d}.md"), "md",
                          date=dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(300)))
        items.append(TaggedArticle(article, mentions))
    return items


def co_mentions(index) -> dict[str, list]:
    return {slug: entry.co_mentions for slug, entry in index.entities.items()}


def test_co_mentions_with_the_memo_equal_a_fresh_count():
    items = tagged_archive(3, 60)
    first = build_index(items)
    # one article mentions one more entity, one article is gone: what changed is counted again
    extra = EntityMention("Medan", "place", 0, 5, "Medan")
    edited = [replace(items[0], entities=[*items[0].entities, extra]), *items[2:]]
    with_memo, fresh = build_index(edited, memo=first.memo), build_index(edited)
    assert co_mentions(with_memo) == co_mentions(fresh)
    assert slugs(with_memo.related) == slugs(fresh.related)
    assert set(with_memo.memo.co_mentions) == set(fresh.memo.co_mentions)


def test_co_mentions_are_taken_from_the_memo_when_their_inputs_are_the_same():
    items = tagged_archive(4, 40)
    first = build_index(items)
    marked = {key: [("marked", 99)] for key in first.memo.co_mentions}
    again = build_index(items, memo=replace(first.memo, co_mentions=marked))
    assert all(entry.co_mentions == [("marked", 99)] for entry in again.entities.values())


def test_co_mentions_are_counted_again_when_an_entity_slug_moved():
    # answers name companions by slug: kept answers would link a moved entity's old page
    items = tagged_archive(4, 40)
    first = build_index(items)
    marked = {key: [("marked", 99)] for key in first.memo.co_mentions}
    moved = dict(first.memo.slugs)
    moved[next(iter(moved))] = "elsewhere"
    again = build_index(items, memo=replace(first.memo, co_mentions=marked, slugs=moved))
    assert co_mentions(again) == co_mentions(first)


def entities(index) -> dict:
    """Everything the index holds of its entities, by slug; and each article's entities."""
    own = {slug: (e.name, e.type, [item.article.slug for item in e.articles], e.mentions, list(e.surfaces.items()),
                  dict(e.mention_months), e.first_seen_in, e.last_seen_in, e.first_seen, e.last_seen, e.digest)
           for slug, e in index.entities.items()}
    return {"entities": own, "order": list(index.entities), "slugs": index.entity_slug,
            "of": {slug: [e.slug for e in found] for slug, found in index.entities_of.items()}}


def test_entities_made_with_the_last_builds_months_equal_a_fresh_count():
    items = tagged_archive(7, 80)
    first = build_index(items)
    assert len(first.memo.months) > 1  # the articles span months: each is counted and kept on its own
    # one article mentions one more entity, one of another month moves to a new one, one of a third month is gone
    def month(item):
        return item.article.day.year, item.article.day.month

    extra = EntityMention("KTT Pangan", "event", 0, 10, "KTT Pangan")
    mover = next(n for n, item in enumerate(items) if month(item) != month(items[0]))
    gone = next(n for n, item in enumerate(items) if month(item) not in (month(items[0]), month(items[mover])))
    moved = replace(items[mover], article=replace(items[mover].article, date=dt.date(2020, 6, 1)))
    edited = [replace(items[0], entities=[*items[0].entities, extra]), moved,
              *(item for n, item in enumerate(items) if n not in (0, mover, gone))]
    with_memo, fresh = build_index(edited, memo=first.memo), build_index(edited)
    assert entities(with_memo) == entities(fresh)
    assert set(with_memo.memo.months) == set(fresh.memo.months)  # only this build's months are kept
    assert len(set(with_memo.memo.months) & set(first.memo.months)) >= len(first.memo.months) - 3


def test_a_month_is_taken_from_the_memo_while_its_articles_are_unchanged():
    items = tagged_archive(8, 40)
    first = build_index(items)
    # a kept month whose counts are marked: the marks come back while the month's articles are the same
    def marked_part(blob: bytes) -> bytes:
        part = MonthPart._make(marshal.loads(blob))
        return marshal.dumps(tuple(part._replace(mentions=tuple(n + 1000 for n in part.mentions))))

    marked = {digest: marked_part(blob) for digest, blob in first.memo.months.items()}
    # (without the whole index, which an unchanged archive would take instead: see the next test)
    again = build_index(items, memo=replace(first.memo, months=marked, whole=None))
    assert all(again.entities[slug].mentions == entry.mentions + 1000 * len(entry.mention_months)
               for slug, entry in first.entities.items())
    # an edited article's month is counted again; the other months keep their marks
    edited = [replace(items[0], entities=items[0].entities[:1]), *items[1:]]
    month = (items[0].article.day.year, items[0].article.day.month)
    recounted = build_index(edited, memo=replace(first.memo, months=marked))
    fresh = build_index(edited)
    assert recounted.memo.settled().whole[0] == fresh.memo.settled().whole[0]
    for slug, entry in fresh.entities.items():
        kept_months = sum(1 for key in entry.mention_months if key != month)
        assert recounted.entities[slug].mentions == entry.mentions + 1000 * kept_months


def test_the_whole_entity_index_is_taken_while_no_month_changes_and_equals_a_fresh_one():
    items = tagged_archive(8, 60)
    first = build_index(items)
    key, blob = first.memo.settled().whole
    # marked: every entity's mentions plus 1000 come back while every month is unchanged...
    whole = WholeEntities._make(marshal.loads(blob))
    marked = (key, marshal.dumps(tuple(whole._replace(mentions=tuple(n + 1000 for n in whole.mentions)))))
    again = build_index(items, memo=replace(first.memo, whole=marked))
    assert all(again.entities[slug].mentions == entry.mentions + 1000 for slug, entry in first.entities.items())
    # ...and unmarked, it gives what a fresh count gives, and is kept as it is for the next build
    kept = build_index(items, memo=first.memo)
    assert entities(kept) == entities(first) and kept.memo.whole == (key, blob)
    assert [[e.slug for e in kept.entities_of[slug]] for slug in kept.entities_of] == \
        [[e.slug for e in first.entities_of[slug]] for slug in first.entities_of]
    # a month that changes (one article's entities) is counted again, and the whole index made anew
    edited = [replace(items[3], entities=items[3].entities[1:]), *items[:3], *items[4:]]
    after = build_index(edited, memo=replace(first.memo, whole=marked))
    assert entities(after) == entities(build_index(edited))
    assert after.memo.settled().whole[0] != key


def test_large_entities_companions_updated_by_month_equal_a_fresh_count(monkeypatch):
    monkeypatch.setattr(companions, "LARGE_ENTITY", 5)  # most entities of this small archive count as large
    items = tagged_archive(9, 80)
    first = build_index(items)
    assert len(first.memo.companions.counts) >= 4
    # one article names one more entity (no other article does) and loses another, one moves to a new month,
    # one is gone
    extra = EntityMention("Pulau Baru", "place", 0, 10, "Pulau Baru")
    moved = replace(items[5], article=replace(items[5].article, date=dt.date(2020, 6, 1)))
    edited = [replace(items[0], entities=[*items[0].entities[1:], extra]), *items[1:5], moved, *items[7:]]
    updated, fresh = build_index(edited, memo=first.memo), build_index(edited)
    assert co_mentions(updated) == co_mentions(fresh)
    def kept(index) -> dict:
        return {key: marshal.loads(blob) for key, blob in index.memo.companions.counts.items()}

    assert kept(updated) == kept(fresh)  # the kept counts are a fresh count's too
    # and again from those, with the article back as it was: no article names the new entity any more
    again = [items[0], *edited[1:]]
    assert co_mentions(build_index(again, memo=updated.memo)) == co_mentions(build_index(again))


def test_large_entities_are_updated_from_their_kept_counts(monkeypatch):
    monkeypatch.setattr(companions, "LARGE_ENTITY", 5)
    items = tagged_archive(9, 80)
    first = build_index(items)
    # kept counts with a companion no article names: it stays, as only the changed month is counted again
    marked = {key: marshal.dumps({**marshal.loads(blob), "marked": 1000}) for key, blob in first.memo.companions.counts.items()}
    memo = replace(first.memo, companions=replace(first.memo.companions, counts=marked))
    edited = [replace(items[0], entities=items[0].entities[:1]), *items[1:]]
    updated = build_index(edited, memo=memo)
    recounted = [entry for entry in updated.entities.values() if entry.digest not in first.memo.co_mentions]
    large = [entry for entry in recounted if len(entry.articles) >= 5]
    assert large and all(entry.co_mentions[0] == ("marked", 1000) for entry in large)


def events(index) -> dict:
    timeline = {value: [(m.article.article.slug, m.text, str(m.quote), m.paragraph) for m in date.mentions]
                for value, date in index.events.items()}
    own = {slug: sorted(entry.events) for slug, entry in index.entities.items()}
    return {"timeline": timeline, "entities": own}


def test_event_rows_are_kept_by_article_version():
    items = tagged_archive(5, 30)
    for item in items:  # each body says "3 Maret 2021" after each name
        at = item.article.body.index("3 Maret 2021")
        item.dates = [DateMention("3 Maret 2021", at, at + 12, "2021-03-03", "absolute")]
    first = build_index(items)
    assert first.events and all(first.memo.events.values())
    # an edited article (a new version) gets new rows; the others keep theirs
    body = "Kota baru. " + items[0].article.body
    shift = len("Kota baru. ")
    edited = replace(items[0], article=replace(items[0].article, body=body),
                     entities=[replace(m, start=m.start + shift, end=m.end + shift) for m in items[0].entities],
                     dates=[replace(d, start=d.start + shift, end=d.end + shift) for d in items[0].dates])
    changed = [edited, *items[1:]]
    assert events(build_index(changed, memo=first.memo)) == events(build_index(changed))
    # rows in the memo are taken as they are: emptied, the article says no dates
    emptied = replace(first.memo, events={version: () for version in first.memo.events})
    assert not build_index(items, memo=emptied).events


def test_an_index_made_with_a_forked_worker_equals_one_made_in_one_process():
    items = tagged_archive(6, 80)
    one, two = build_index(items), build_index(items, processes=2)
    assert slugs(two.related) == slugs(one.related)
    assert all(x is y for slug in two.related for x, y in zip(two.related[slug], one.related[slug]))  # the same records
    assert two.memo.settled() == one.memo.settled()
    assert co_mentions(two) == co_mentions(one)


def test_quotes_are_the_same_however_few_articles_the_index_keeps(monkeypatch):
    items = tagged_archive(8, 50)
    for n, item in enumerate(items):  # two sentences: each entity's quote is its first mention's sentence
        item.article.body = f"Pembuka ke-{n}. " + item.article.body
        item.entities = [replace(m, start=m.start + len(f"Pembuka ke-{n}. "), end=m.end + len(f"Pembuka ke-{n}. "))
                         for m in item.entities]

    def quotes(index):
        return {(entry.slug, item.article.slug): str(index.quote(entry, item))
                for entry in index.entities.values() for item in entry.articles}

    index = build_index(items)
    kept_all = quotes(index)
    assert kept_all == {(entry.slug, item.article.slug): f"{entry.name} hadir pada 3 Maret 2021."
                        for entry in index.entities.values() for item in entry.articles}
    monkeypatch.setattr("newsgen.index.QUOTED_ARTICLES_KEPT", 3)
    assert quotes(build_index(items)) == kept_all


def test_an_entity_named_late_in_a_long_sentence_is_in_its_quote():
    long_start = "Dalam rapat yang berlangsung hingga larut malam itu, " + "para peserta membahas anggaran, " * 12
    body = f"Jakarta menyambut baik. {long_start}lalu Bank Nusantara menyatakan dukungannya bagi program itu.\nPenutup."
    where = body.index("Bank Nusantara")
    article = Article("panjang", "Panjang", body, Path("panjang.md"), "md", date=dt.date(2021, 3, 3),
                      date_source="front_matter")
    entities = [EntityMention("Jakarta", "place", 0, 7, "Jakarta"),
                EntityMention("Bank Nusantara", "organization", where, where + 14, "Bank Nusantara")]
    item = TaggedArticle(article, entities, [])
    index = build_index([item])
    by_name = {entry.name: entry for entry in index.entities.values()}
    quote = str(index.quote(by_name["Bank Nusantara"], item))
    assert where - body.index("Dalam") > 300  # past where the sentence's quote is cut
    assert "Bank Nusantara menyatakan dukungannya" in quote and quote.startswith("…") and len(quote) <= 300
    # a mention early in its sentence keeps the sentence from its start
    assert str(index.quote(by_name["Jakarta"], item)) == "Jakarta menyambut baik."


def dated_archive(seed: int, count: int) -> list[TaggedArticle]:
    """Articles of sentences naming one or two entities, most with a date of their own."""
    rng = random.Random(seed)
    items = []
    for n in range(count):
        body, mentions, dates = "", [], []
        for _ in range(rng.randrange(1, 4)):
            for name, kind in rng.sample(NAMES, rng.randrange(1, 3)):
                mentions.append(EntityMention(name, kind, len(body), len(body) + len(name), name))
                body += f"{name} dan "
            if rng.random() < 0.8:
                day = rng.randrange(1, 6)
                dates.append(DateMention(f"{day} Maret 2021", len(body), len(body) + 12, f"2021-03-0{day}", "absolute"))
                body += f"{day} Maret 2021"
            body += " bertemu. "
        article = Article(f"d-{n:03d}", f"Judul {n}", body, Path(f"d-{n:03d}.md"), "md",
                          date=dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(300)))
        items.append(TaggedArticle(article, mentions, dates))
    return items


def test_an_entitys_dates_are_the_timeline_mentions_of_sentences_naming_it():
    index = build_index(dated_archive(4, 60))
    named = 0
    for entry in index.entities.values():
        expected: dict[str, list[int]] = {}
        for value, date in index.events.items():  # each date's mentions: articles newest first
            for mention in date.mentions:
                quote = mention.quote
                if any((m.canonical, m.type) == (entry.name, entry.type) and quote.start <= m.start < quote.end
                       for m in mention.article.entities):
                    expected.setdefault(value, []).append(id(mention))  # the timeline's own mention objects
        assert {value: list(map(id, mentions)) for value, mentions in entry.events.items()} == expected
        assert [date.value for date in entry.latest_events(3)] == sorted(expected, reverse=True)[:3]
        named += bool(expected)
    assert named >= 6  # most entities are said with a date
