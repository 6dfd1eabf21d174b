"""Article versions: equal records give equal versions, whatever their objects; any change gives another."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import shutil
import sys
from dataclasses import replace
from pathlib import Path

from newsgen.config import Config
from newsgen.index.versions import article_version
from newsgen.load import load_archive
from newsgen.records import Article, DateMention, EntityMention, TaggedArticle, record_key
from newsgen.tag import Tagger, tag_articles
from newsgen.tag.archive import unify_person_names

from .conftest import SEEDS


def sample() -> TaggedArticle:
    body = "Joko Widodo meninjau Jakarta pada 15 Juni 2022.\nWarga mengungsi."
    article = Article("banjir", "Banjir", body, Path("banjir.md"), "md", date=dt.date(2022, 6, 16),
                      date_source="front_matter", tags=["banjir"], markdown_source=b"x\x00\x9c",
                      extra={"lokasi": "Jakarta"})
    entities = [EntityMention("Joko Widodo", "person", 0, 11, "Joko Widodo"),
                EntityMention("Jakarta", "place", 21, 28, "Jakarta")]
    dates = [DateMention("15 Juni 2022", 34, 46, "2022-06-15", "absolute", "day")]
    return TaggedArticle(article, entities, dates)


def test_equal_records_give_equal_versions_whatever_strings_are_shared_or_interned():
    item = sample()
    other = pickle.loads(pickle.dumps(item))  # new objects, none shared with item's
    for mention in other.entities:
        mention.type = sys.intern(mention.type)
        mention.canonical = mention.text  # the same object for both fields
    assert article_version(other) == article_version(item)


def test_any_change_to_the_record_gives_another_version():
    base = article_version(sample())
    changes = [
        lambda item: setattr(item.article, "body", item.article.body + " "),
        lambda item: setattr(item.article, "markdown_source", None),
        lambda item: setattr(item.article, "markdown_source", b""),
        lambda item: setattr(item.article, "title", "Banjir!"),
        lambda item: item.article.extra.update(lokasi="Bogor"),
        lambda item: setattr(item.article, "date", dt.datetime(2022, 6, 16)),
        lambda item: setattr(item.entities[1], "canonical", "DKI Jakarta"),
        lambda item: setattr(item.entities[0], "end", 10),
        lambda item: item.entities.pop(),
        lambda item: setattr(item.dates[0], "precision", "month"),
        # the same characters moved between the body and a mention: framing keeps them apart
        lambda item: (setattr(item.article, "body", item.article.body[:-1]),
                      setattr(item.entities[1], "text", "Jakarta."))[0],
    ]
    versions = set()
    for change in changes:
        item = copy.deepcopy(sample())
        change(item)
        versions.add(article_version(item))
    assert base not in versions and len(versions) == len(changes)


def test_the_record_key_kept_from_loading_still_describes_the_record_after_every_stage(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SEEDS, content)  # clippings without a date: tagging estimates theirs
    # a slug the loader makes unique
    (content / "dup-a.md").write_text("---\ntitle: Sama\nslug: sama\ndate: 2024-01-02\n---\nBanjir di Medan.\n")
    (content / "dup-b.md").write_text("---\ntitle: Sama lagi\nslug: sama\ndate: 2024-01-03\n---\nBanjir di Padang.\n")
    loaded = load_archive(Config(root=tmp_path, content=content)).articles
    tagged = unify_person_names(tag_articles(loaded, Tagger.load(), None))
    articles = [item.article for item in tagged]
    assert {"sama", "sama-2"} <= {a.slug for a in articles}
    assert any(a.date_source == "inferred" for a in articles)
    assert all(a.record_key is not None and a.record_key == record_key(a) for a in articles)
    # and the version made from the kept key is the one made from the fields
    assert [article_version(i) for i in tagged] == [
        article_version(TaggedArticle(replace(i.article, record_key=None), i.entities, i.dates, i.tally, i.findings_key))
        for i in tagged]
