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

CACHE_FORMAT = 4  # 2: mentions as rows of their fields; 4: the build state keeps those rows too


def article_key(article: Article) -> str:
    date = article.day.isoformat() if article.date_source in ("front_matter", "text") and article.day else ""
    digest = hashlib.sha256()
    for part in (article.language, date, article.body):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class TagCache:
    def __init__(self, root: Path, fingerprint: str, kept: tuple[str, dict] | None = None):
        self.folder = root / f"tag-v{CACHE_FORMAT}-{fingerprint[:16]}"
        self.identity = f"{CACHE_FORMAT}:{fingerprint}"  # what the results depend on, format included
        self.hits = self.misses = 0
        # results the last build kept in its state, (identity, entries): no file to read for them
        self.memory: dict[str, tuple] = kept[1] if kept and kept[0] == self.identity else {}
        self.used: dict[str, Findings] = {}  # what this build used, for the next build's state
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
        rows = self.memory.get(key)
        findings = _from_rows(rows) if rows is not None else None
        if findings is None:
            try:
                findings = _decode(json.loads(self._path(key).read_text(encoding="utf-8")))
            except (OSError, ValueError):
                self.misses += 1
                return None
        self.hits += 1
        self.used[key] = findings
        return with_findings(article, findings)

    def put(self, item: TaggedArticle, original: Article) -> None:
        key = article_key(original)
        self.used[key] = findings = findings_of(item)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(_encode(findings), ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)  # atomic: a reader never sees half a file


    def kept(self) -> dict[str, tuple]:
        """What this build used, for the next build's state: mentions as rows of their fields,
        which pickle several times faster than the objects."""
        return {key: _rows(findings) for key, findings in self.used.items()}


# What tagging adds to an article: (publication estimate or None, entity mentions, date mentions).
# Kept as rows of fields between builds (the build state) and as JSON on disk.
Findings = tuple


def _rows(findings: Findings) -> tuple:
    estimate, entities, dates = findings
    return estimate, list(map(entity_fields, entities)), list(map(date_fields, dates))


def _from_rows(rows: tuple) -> Findings:
    estimate, entities, dates = rows
    return estimate, [EntityMention(*row) for row in entities], [DateMention(*row) for row in dates]


def findings_of(item: TaggedArticle) -> Findings:
    article = item.article
    estimate = (article.day, article.date_precision, article.date_confidence) if article.date_source == "inferred" else None
    return estimate, item.entities, item.dates


def with_findings(article: Article, findings: Findings) -> TaggedArticle:
    estimate, entities, dates = findings
    if estimate:
        day, precision, confidence = estimate
        article = replace(article, date=day, date_source="inferred", date_precision=precision, date_confidence=confidence)
    return TaggedArticle(article, list(entities), list(dates))  # own lists: later stages replace items


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
    return estimate, entities, dates
