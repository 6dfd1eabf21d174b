"""`newsgen extract`: the tag stage's output for single files, one JSON object a line.

The JSON shape is the contract extraction quality is measured with; keep it stable:
{"path", "title", "date", "entities": [{"text", "type", "start", "end", "canonical"}],
 "dates": [{"text", "start", "end", "value", ...}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .config import Config
from .load import load_article
from .load.clipping import load_patterns
from .load.errors import ArticleError
from .load.markdown import markdown_renderer
from .records import Problem, TaggedArticle
from .tag import Tagger, tag_article


def extract_files(paths: list[Path], config: Config) -> Iterator[tuple[Path, TaggedArticle | None, Problem | None]]:
    patterns = load_patterns(config.language, config.boilerplate)
    renderer = markdown_renderer(config.allow_html)
    tagger = Tagger.load(config.language, config.entities_file)
    for path in paths:
        try:
            article = load_article(path, path.parent, config, patterns, renderer)
        except ArticleError as exc:
            yield path, None, Problem(path, exc.message, exc.line)
            continue
        except OSError as exc:
            yield path, None, Problem(path, f"cannot read the file ({exc.strerror})")
            continue
        yield path, tag_article(article, tagger), None


def as_json_record(path: Path, item: TaggedArticle, with_body: bool = False) -> dict:
    article = item.article
    return {
        "path": str(path),
        "title": article.title,
        "date": article.day.isoformat() if article.day else None,
        "date_source": article.date_source,
        "outlet": article.outlet,
        "dateline_place": article.dateline_place,
        "sources": article.sources,
        "entities": [
            {"text": m.text, "type": m.type, "start": m.start, "end": m.end, "canonical": m.canonical}
            for m in item.entities
        ],
        "dates": [
            {
                "text": d.text,
                "start": d.start,
                "end": d.end,
                "value": d.value,
                "kind": d.kind,
                "precision": d.precision,
                **({"range": list(d.range)} if d.range else {}),
            }
            for d in item.dates
        ],
        **({"body": article.body} if with_body else {}),
    }
