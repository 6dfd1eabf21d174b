"""Open data for researchers: data/articles.jsonl, data/entities.csv, data/mentions.csv.

Always written (no base_url needed). UTF-8 without BOM, CSV by the csv module
(RFC 4180 quoting, CRLF line ends) with a header row. The columns are documented
in README.md, section "Open data"; change both together.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from pathlib import Path

from . import code_digest, urls
from .index import EntityEntry, SiteIndex
from .kept_parts import KeptParts, load_kept, save_kept, usable_parts, write_parts
from .records import Article, TaggedArticle

ENTITY_COLUMNS = ("slug", "name", "type", "articles", "mentions", "aliases", "first_seen", "last_seen")
MENTION_COLUMNS = ("article", "entity", "canonical", "type", "text", "start", "end")
ALIAS_SEPARATOR = "|"
FORMAT = 1  # raise it when what goes into a line or a row changes: kept parts made before are then not used
OPEN_DATA_SETTINGS = (code_digest(), FORMAT, ENTITY_COLUMNS, MENTION_COLUMNS)
STATE_FILE = "open-data-parts.pickle"  # in the cache folder
_SLUG = attrgetter("slug")


def write_open_data(index: SiteIndex, out_dir: Path, reuse: OpenDataReuse | None = None) -> None:
    """Write the three files; with `reuse`, the parts of unchanged articles are copied from the last build's."""
    folder = out_dir / urls.DATA_ARTICLES.rsplit("/", 1)[0]
    folder.mkdir(parents=True, exist_ok=True)
    kept = reuse.kept() if reuse else None
    keys = reuse.article_keys(index, kept) if reuse else [None] * len(index.articles)
    entities = sorted(index.entities.values(), key=_SLUG)
    files = {  # a header is the same for all: it is in the settings
        urls.DATA_ARTICLES: [(key, partial(_article_line, item, index)) for key, item in zip(keys, index.articles)],
        urls.DATA_MENTIONS: [(b"header", partial(_csv_bytes, [MENTION_COLUMNS]))]
        + [(key, partial(_mention_rows, item, index)) for key, item in zip(keys, index.articles)],
        # an entity's digest stands for its slug, name, type and its articles' versions: all its row shows
        urls.DATA_ENTITIES: [(b"header", partial(_csv_bytes, [ENTITY_COLUMNS]))]
        + [(entry.digest, partial(_entity_bytes, entry)) for entry in entities],
    }
    described = OpenDataParts(OPEN_DATA_SETTINGS, slugs=index.entity_slug,
                              article_keys=dict(zip(map(reuse.versions.__getitem__, _article_slugs(index)), keys))
                              if reuse else {})
    for name, parts in files.items():
        previous = reuse.previous / name if reuse and reuse.previous else None
        described.files[name] = write_parts(out_dir / name, parts, usable_parts(kept, name, previous), previous)
    if reuse:
        save_kept(reuse.cache_dir / STATE_FILE, described)


@dataclass
class OpenDataParts(KeptParts):
    """The files' parts, and what an article's key was made of: the entity slugs then, and the keys by
    article version."""

    slugs: dict[tuple[str, str], str] = field(default_factory=dict)  # (canonical, type) -> the entity's slug
    article_keys: dict[str, bytes] = field(default_factory=dict)


def _article_slugs(index: SiteIndex):
    return (item.article.slug for item in index.articles)


@dataclass
class OpenDataReuse:
    """What lets a build copy unchanged articles' parts: the article versions, the cache, the last site."""

    versions: dict[str, str]  # article slug -> version (index/versions.py)
    cache_dir: Path
    previous: Path | None  # the last build's site folder

    def kept(self) -> OpenDataParts | None:
        kept = load_kept(self.cache_dir / STATE_FILE, OPEN_DATA_SETTINGS) if self.previous else None
        return kept if isinstance(kept, OpenDataParts) else None

    def article_keys(self, index: SiteIndex, kept: OpenDataParts | None = None) -> list[bytes]:
        """Per article, a hash of what its line and mention rows show: its record and its entities' slugs.

        An article of the same version as in the `kept` build's has the same key there when none of
        the entities it had then has another slug now (0.09 s of an edit at 10,000 articles)."""
        known = kept.article_keys if kept and _slugs_kept(kept.slugs, index.entity_slug) else {}
        versions = list(map(self.versions.__getitem__, _article_slugs(index)))
        return [known.get(version) or _article_key(version, index, item) for version, item in zip(versions, index.articles)]


def _slugs_kept(then: dict[tuple[str, str], str], now: dict[tuple[str, str], str]) -> bool:
    """Has every entity of `then` that is still there the same slug?"""
    return all(now.get(key, slug) == slug for key, slug in then.items())


def _article_key(version: str, index: SiteIndex, item: TaggedArticle) -> bytes:
    # the version covers the record and the mentions; the slugs, given in the order of
    # article_entities (a function of the mentions), are all the rest the parts show
    return hashlib.sha1("\x1f".join([version, *map(_SLUG, index.article_entities(item))])
                        .encode("utf-8", "surrogatepass")).digest()


def _article_line(item: TaggedArticle, index: SiteIndex) -> bytes:
    return (json.dumps(article_record(item, index), ensure_ascii=False) + "\n").encode("utf-8")


def _mention_rows(item: TaggedArticle, index: SiteIndex) -> bytes:
    rows = []
    for mention in sorted(item.mentions()[0], key=lambda m: (m.start, m.end)):
        slug = index.entity_link_slug(mention.canonical, mention.type)
        rows.append((item.article.slug, slug, mention.canonical, mention.type, mention.text, mention.start, mention.end))
    return _csv_bytes(rows)


def _csv_bytes(rows) -> bytes:
    """Rows as the csv module writes them (RFC 4180 quoting, CRLF line ends), in UTF-8."""
    text = io.StringIO(newline="")
    csv.writer(text).writerows(rows)
    return text.getvalue().encode("utf-8")


def article_record(item: TaggedArticle, index: SiteIndex) -> dict:
    article = item.article
    entities, dates = item.mentions()
    per_entity = Counter(index.entity_link_slug(m.canonical, m.type) for m in entities)
    return {
        "slug": article.slug,
        "path": urls.article(article.slug),
        "title": article.full_title or article.title,
        "title_derived": article.title_derived,
        "date": article.date.isoformat() if article.date is not None else None,
        "date_source": article.date_source,
        "date_precision": article.date_precision if article.date is not None else None,
        "date_confidence": article.date_confidence,
        "outlet": article.outlet,
        "dateline_place": article.dateline_place,
        "sources": list(article.sources),
        "author": article.author,
        "source_url": article.source_url,
        "language": article.language,
        "tags": list(article.tags),
        "summary": article.summary,
        "body": article.body,
        "entity_mentions": len(entities),
        "entity_count": len(per_entity),
        "entity_types": {t: n for t, n in Counter(m.type for m in entities).most_common()},
        "entities": [{"slug": slug, "mentions": n} for slug, n in per_entity.most_common()],
        "date_mentions": len(dates),
    }


def _entity_bytes(entry: EntityEntry) -> bytes:
    return _csv_bytes([entity_row(entry)])


def entity_row(entry: EntityEntry) -> tuple:
    """The entity's row."""
    first, last = entry.first_seen_in, entry.last_seen_in
    return (entry.slug, entry.name, entry.type, len(entry.articles), entry.mentions,
            ALIAS_SEPARATOR.join(entry.aliases), _day(first), _day(last))


def _day(article: Article | None) -> str:
    """The article's day, no more precise than its date is: 2022-06-15, 2022-06 or 2022."""
    if article is None:
        return ""
    day: dt.date = article.day
    precision = article.date_precision or "day"
    return {"year": f"{day.year:04d}", "month": f"{day.year:04d}-{day.month:02d}"}.get(precision, day.isoformat())
