"""Tagging results cached by content hash: an unchanged article is never tagged twice.

The key covers what tagging depends on (body, language, the date it resolves
against); the cache folder is named by the tagger's fingerprint (newsgen version,
model, gazetteers, the user's entities.yaml), so any change there starts afresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

from ..records import Article, DateMention, EntityMention, TaggedArticle, date_fields, entity_fields

CACHE_FORMAT = 2  # 2: mentions as rows of their fields


def article_key(article: Article) -> str:
    date = article.day.isoformat() if article.date_source in ("front_matter", "text") and article.day else ""
    digest = hashlib.sha256()
    for part in (article.language, date, article.body):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class TagCache:
    def __init__(self, root: Path, fingerprint: str, kept: tuple[str, dict[str, dict]] | None = None):
        self.folder = root / f"tag-v{CACHE_FORMAT}-{fingerprint[:16]}"
        self.identity = f"{CACHE_FORMAT}:{fingerprint}"  # what the results depend on, format included
        self.hits = self.misses = 0
        # results the last build kept in its state, (identity, entries): no file to read for them
        self.memory: dict[str, dict] = kept[1] if kept and kept[0] == self.identity else {}
        self.used: dict[str, dict] = {}  # what this build used, for the next build's state
        self._prune_stale(root)

    def _prune_stale(self, root: Path) -> None:
        if root.is_dir():
            for old in root.glob("tag-v*"):
                if old != self.folder:
                    shutil.rmtree(old, ignore_errors=True)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, article: Article) -> TaggedArticle | None:
        key = article_key(article)
        data = self.memory.get(key)
        if data is None:
            try:
                data = json.loads(self._path(key).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.misses += 1
                return None
        self.hits += 1
        self.used[key] = data
        return _decode(article, data)

    def put(self, item: TaggedArticle, original: Article) -> None:
        key = article_key(original)
        data = _encode(item)
        self.used[key] = data
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)  # atomic: a reader never sees half a file


def _encode(item: TaggedArticle) -> dict:
    article = item.article
    estimate = None
    if article.date_source == "inferred":
        estimate = [article.day.isoformat(), article.date_precision, article.date_confidence]
    return {
        "entities": list(map(entity_fields, item.entities)),
        "dates": list(map(date_fields, item.dates)),
        "estimate": estimate,
    }


def _decode(article: Article, data: dict) -> TaggedArticle:
    if data.get("estimate"):
        value, precision, confidence = data["estimate"]
        article = replace(
            article, date=dt.date.fromisoformat(value), date_source="inferred",
            date_precision=precision, date_confidence=confidence,
        )
    dates = [DateMention(*row) for row in data["dates"]]
    for date in dates:
        if date.range is not None:
            date.range = tuple(date.range)  # JSON has no tuples
    return TaggedArticle(article, [EntityMention(*row) for row in data["entities"]], dates)
