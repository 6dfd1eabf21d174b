"""Tagging results cached by content hash: an unchanged article is never tagged twice.

The key covers what tagging depends on (body, language, the date it resolves
against); the cache folder is named by the tagger's fingerprint (the tagger's code,
model, gazetteers, the user's entities.yaml), so any change there starts afresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import os
import shutil
import sys
from dataclasses import replace
from functools import partial
from itertools import chain
from pathlib import Path

from ..records import (SHARED_INTS, Article, DateMention, EntityMention, TaggedArticle, date_fields, entity_fields,
                       shared_int, tally_mentions)

CACHE_FORMAT = 5  # 2: mentions as rows of their fields; 4: the build state keeps those rows too; 5: flat rows


def article_key(article: Article) -> str:
    date = article.day.isoformat() if article.date_source in ("front_matter", "text") and article.day else ""
    digest = hashlib.sha256()
    for part in (article.language, date, article.body):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _key(article: Article) -> str:
    """article_key, as the loader kept it with the record when it did."""
    return article.content_key or article_key(article)


class TagCache:
    def __init__(self, root: Path, fingerprint: str, kept: tuple[str, dict] | None = None,
                 fresh: frozenset[str] = frozenset()):
        """`fresh`: keys of articles this build has tagged already, in another process: read from
        the cache, they are counted as tagged, not as unchanged (hits)."""
        self.folder = root / f"tag-v{CACHE_FORMAT}-{fingerprint[:16]}"
        self.fresh = fresh
        self.identity = f"{CACHE_FORMAT}:{fingerprint}"  # what the results depend on, format included
        self.hits = self.misses = 0
        # results the last build kept in its state, (identity, entries): no file to read for them
        self.memory: dict[str, tuple] = kept[1] if kept and kept[0] == self.identity else {}
        # what this build used, for the next build's state: (flat rows, tally) of each article
        self.used: dict[str, tuple] = {}
        self.shared: dict = {}  # one object per entity key across tallies: the state pickles each once
        self._prune_stale(root)

    def _prune_stale(self, root: Path) -> None:
        if root.is_dir():
            for old in root.glob("tag-v*"):
                if old != self.folder:
                    shutil.rmtree(old, ignore_errors=True)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, article: Article) -> TaggedArticle | None:
        key = _key(article)
        kept = self.memory.get(key)
        if kept is not None:
            self.used[key] = kept
            self.hits += 1
            rows, tally = kept
            return TaggedArticle.stored(with_estimate(article, rows[0]), partial(_mentions_from_flat, rows), tally,
                                        self._findings_key(key))
        try:
            findings = _decode(json.loads(self._path(key).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            self.misses += 1
            return None
        if key in self.fresh:
            self.misses += 1
        else:
            self.hits += 1
        return self._used(key, with_findings(article, findings))

    def put(self, item: TaggedArticle, original: Article) -> TaggedArticle:
        """Keep what tagging found for `original`; returns `item` with its tally."""
        key = _key(original)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(_encode(findings_of(item)), ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)  # atomic: a reader never sees half a file
        return self._used(key, item)

    def _used(self, key: str, item: TaggedArticle) -> TaggedArticle:
        """The article as stored: its mentions flat, made when read (as for one the state kept)."""
        rows, tally = self.used[key] = _flat(findings_of(item)), tally_mentions(item.entities, self.shared)
        return TaggedArticle.stored(item.article, partial(_mentions_from_flat, rows), tally, self._findings_key(key))

    def _findings_key(self, key: str) -> str:
        return f"{self.identity}\0{key}"

    def kept(self) -> dict[str, tuple]:
        """What this build used, for the next build's state, with each tally: each article's mentions
        as one marshalled string of their fields. Loading the state unpacks none of them (1.5 million
        mentions at 10,000 articles); an article unpacks its own when a page being made reads them."""
        return self.used


# What tagging adds to an article: (publication estimate or None, entity mentions, date mentions).
# Kept as rows of fields between builds (the build state) and as JSON on disk.
Findings = tuple


def _rows(findings: Findings) -> tuple:
    estimate, entities, dates = findings
    return estimate, list(map(entity_fields, entities)), list(map(date_fields, dates))


def _from_rows(rows: tuple) -> Findings:
    estimate, entities, dates = rows
    return estimate, [EntityMention(*row) for row in entities], [DateMention(*row) for row in dates]


_ENTITY_WIDTH, _DATE_WIDTH = len(EntityMention.__slots__), len(DateMention.__slots__)


def _flat(findings: Findings) -> tuple:
    """(estimate, the mentions' fields as two flat tuples, marshalled: strings, ints and None only)."""
    estimate, entities, dates = findings
    return estimate, marshal.dumps((tuple(chain.from_iterable(map(entity_fields, entities))),
                                    tuple(chain.from_iterable(map(date_fields, dates)))))


def _from_flat(flat: tuple) -> Findings:
    estimate, packed = flat
    entities, dates = marshal.loads(packed)
    width, intern = _ENTITY_WIDTH, sys.intern
    # each field a column (a slice), the objects made by map: no Python loop per mention (10,000 articles: ~1.5 M);
    # names interned, one object across articles as when tagged
    texts, kinds, starts, ends, canonicals = (entities[i::width] for i in range(width))
    entity_mentions = list(map(EntityMention, map(intern, texts), map(intern, kinds), _shared(starts), _shared(ends),
                               map(intern, canonicals)))
    date_mentions = list(map(DateMention, *(dates[i::_DATE_WIDTH] for i in range(_DATE_WIDTH))))
    return estimate, entity_mentions, date_mentions


def _shared(offsets: tuple) -> list[int]:
    """shared_int of each offset, in C when all of them have one (nearly always)."""
    if not offsets or (min(offsets) >= 0 and max(offsets) < len(SHARED_INTS)):
        return list(map(SHARED_INTS.__getitem__, offsets))
    return list(map(shared_int, offsets))


def compact(findings: Findings) -> Findings:
    """The same findings, with equal strings one object and offsets shared ints.

    An archive's mentions repeat a few thousand names millions of times; pickling
    (to the build state, or from a worker) keeps this sharing.
    """
    estimate, entities, dates = findings
    intern = sys.intern
    return estimate, [
        EntityMention(intern(m.text), intern(m.type), shared_int(m.start), shared_int(m.end), intern(m.canonical))
        for m in entities
    ], [
        DateMention(intern(d.text), shared_int(d.start), shared_int(d.end), d.value and intern(d.value),
                    intern(d.kind), d.precision and intern(d.precision), d.range)
        for d in dates
    ]


def findings_of(item: TaggedArticle) -> Findings:
    article = item.article
    estimate = (article.day, article.date_precision, article.date_confidence) if article.date_source == "inferred" else None
    return estimate, item.entities, item.dates


def with_findings(article: Article, findings: Findings) -> TaggedArticle:
    estimate, entities, dates = findings
    return TaggedArticle(with_estimate(article, estimate), list(entities), list(dates))  # own lists: later stages replace items


def with_estimate(article: Article, estimate: tuple | None) -> Article:
    if not estimate:
        return article
    day, precision, confidence = estimate
    return replace(article, date=day, date_source="inferred", date_precision=precision, date_confidence=confidence)


def _mentions_from_flat(rows: tuple) -> tuple[list, list]:
    _, entities, dates = _from_flat(rows)
    return entities, dates


def _encode(findings: Findings) -> dict:
    estimate, entities, dates = _rows(findings)
    return {"entities": entities, "dates": dates, "estimate": [estimate[0].isoformat(), *estimate[1:]] if estimate else None}


def _decode(data: dict) -> Findings:
    estimate = data.get("estimate")
    if estimate:
        estimate = (dt.date.fromisoformat(estimate[0]), *estimate[1:])
    estimate, entities, dates = _from_rows((estimate, data["entities"], data["dates"]))
    for date in dates:
        if date.range is not None:
            date.range = tuple(date.range)  # JSON has no tuples
    return compact((estimate, entities, dates))
