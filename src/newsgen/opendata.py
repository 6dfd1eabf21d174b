"""Open data for researchers: data/articles.jsonl, data/entities.csv, data/mentions.csv.

Always written (no base_url needed). UTF-8 without BOM, CSV by the csv module
(RFC 4180 quoting, CRLF line ends) with a header row. The columns are documented
in README.md, section "Open data"; change both together.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from pathlib import Path

from . import urls
from .index import EntityEntry, SiteIndex
from .records import Article, TaggedArticle

ENTITY_COLUMNS = ("slug", "name", "type", "articles", "mentions", "aliases", "first_seen", "last_seen")
MENTION_COLUMNS = ("article", "entity", "canonical", "type", "text", "start", "end")
ALIAS_SEPARATOR = "|"


def write_open_data(index: SiteIndex, out_dir: Path) -> list[str]:
    folder = out_dir / urls.DATA_ARTICLES.rsplit("/", 1)[0]
    folder.mkdir(parents=True, exist_ok=True)
    with (out_dir / urls.DATA_ARTICLES).open("w", encoding="utf-8", newline="\n") as out:
        for item in index.articles:
            out.write(json.dumps(article_record(item, index), ensure_ascii=False) + "\n")
    with (out_dir / urls.DATA_ENTITIES).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(ENTITY_COLUMNS)
        for entry in sorted(index.entities.values(), key=lambda e: e.slug):
            writer.writerow(entity_row(entry))
    with (out_dir / urls.DATA_MENTIONS).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(MENTION_COLUMNS)
        for item in index.articles:
            for mention in sorted(item.entities, key=lambda m: (m.start, m.end)):
                slug = index.entity_link_slug(mention.canonical, mention.type)
                writer.writerow((item.article.slug, slug, mention.canonical, mention.type, mention.text,
                                 mention.start, mention.end))
    return [urls.DATA_ARTICLES, urls.DATA_ENTITIES, urls.DATA_MENTIONS]


def article_record(item: TaggedArticle, index: SiteIndex) -> dict:
    article = item.article
    per_entity = Counter(index.entity_link_slug(m.canonical, m.type) for m in item.entities)
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
        "entity_mentions": len(item.entities),
        "entity_count": len(per_entity),
        "entity_types": {t: n for t, n in Counter(m.type for m in item.entities).most_common()},
        "entities": [{"slug": slug, "mentions": n} for slug, n in per_entity.most_common()],
        "date_mentions": len(item.dates),
    }


def entity_row(entry: EntityEntry) -> tuple:
    seen = [item.article for item in entry.articles if item.article.day is not None]
    first = min(seen, key=lambda a: a.day, default=None)
    last = max(seen, key=lambda a: a.day, default=None)
    return (entry.slug, entry.name, entry.type, len(entry.articles), entry.mentions,
            ALIAS_SEPARATOR.join(entry.aliases), _day(first), _day(last))


def _day(article: Article | None) -> str:
    """The article's day, no more precise than its date is: 2022-06-15, 2022-06 or 2022."""
    if article is None:
        return ""
    day: dt.date = article.day
    precision = article.date_precision or "day"
    return {"year": f"{day.year:04d}", "month": f"{day.year:04d}-{day.month:02d}"}.get(precision, day.isoformat())
