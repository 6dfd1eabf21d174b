"""The load stage: every article file in the content folder becomes one Article record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import Config
from ..records import Article, Problem
from ..tag.dates import stated_full_date
from . import markdown as md
from .clipping import BoilerplatePatterns, load_patterns, parse_clipping
from .errors import ArticleError
from .text import derive_headline, derive_summary, make_slug, unique_slugs

ARTICLE_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md"}


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_files: int = 0  # files that are not articles


def find_article_files(content_dir: Path) -> tuple[list[Path], int]:
    """Article files under `content_dir`, sorted; and how many other files were skipped."""
    found, skipped = [], 0
    for path in sorted(content_dir.rglob("*")):
        relative = path.relative_to(content_dir)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.suffix.lower() in ARTICLE_SUFFIXES:
            found.append(path)
        else:
            skipped += 1
    return found, skipped


def load_archive(config: Config) -> LoadResult:
    content_dir = config.content_dir
    result = LoadResult()
    paths, result.skipped_files = find_article_files(content_dir)
    patterns = load_patterns(config.language, config.boilerplate)
    renderer = md.markdown_renderer(config.allow_html)
    for path in paths:
        try:
            result.articles.append(load_article(path, content_dir, config, patterns, renderer))
        except ArticleError as exc:
            result.problems.append(Problem(path, exc.message, exc.line))
        except OSError as exc:
            result.problems.append(Problem(path, f"cannot read the file ({exc.strerror}); check its permissions"))
    slugs = unique_slugs([a.slug for a in result.articles])
    result.articles = [replace(a, slug=s) if a.slug != s else a for a, s in zip(result.articles, slugs)]
    return result


def load_article(path: Path, content_dir: Path, config: Config, patterns: BoilerplatePatterns, renderer) -> Article:
    text = read_text(path)
    if not text.strip():
        raise ArticleError("the file is empty; write the article's text or delete the file")
    kind = ARTICLE_SUFFIXES[path.suffix.lower()]
    if kind == "md":
        article = _markdown_article(text, path, content_dir, config, renderer)
    else:
        article = _clipping_article(text, path, content_dir, config, patterns)
    if article.date is None and (stated := stated_full_date(article.body, article.language)):
        article.date, article.date_source, article.date_precision = stated, "text", "day"
    return article


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArticleError("the file is not UTF-8 text; save it as UTF-8", line=line) from exc


def _slug_source(relative: Path) -> str:
    # the file's path (without suffix) keeps URLs stable when a headline is edited
    return "-".join(relative.with_suffix("").parts)


def _clipping_article(text: str, path: Path, content_dir: Path, config: Config, patterns: BoilerplatePatterns) -> Article:
    clip = parse_clipping(text, patterns)
    if not clip.body.strip():
        raise ArticleError("nothing is left once boilerplate is removed; is this an article?")
    return Article(
        slug=make_slug(_slug_source(path.relative_to(content_dir))),
        title=derive_headline(clip.body),
        title_derived=True,
        body=clip.body,
        source_path=path,
        format="txt",
        outlet=clip.outlet,
        dateline_place=clip.dateline_place,
        sources=clip.sources,
        language=config.language,
        summary=derive_summary(clip.body, skip_first_sentence=True),
        removed_lines=clip.removed_lines,
    )


def _markdown_article(text: str, path: Path, content_dir: Path, config: Config, renderer) -> Article:
    source = md.split_front_matter(text)
    md.check_meta(source)
    meta = source.meta
    html, plain = md.render_body(source.body_markdown, renderer)
    if not plain.strip() and not meta.get("title"):
        raise ArticleError("the article has neither a title nor any text")
    date = _front_matter_date(meta.get("date"), config, source)
    title = meta.get("title") or derive_headline(plain)
    return Article(
        slug=make_slug(meta.get("slug") or _slug_source(path.relative_to(content_dir))),
        title=title,
        title_derived=not meta.get("title"),
        body=plain,
        body_html=html,
        body_markdown=source.body_markdown,
        source_path=path,
        format="md",
        date=date,
        date_source="front_matter" if date else "none",
        date_precision="day" if date else None,
        outlet=meta.get("outlet"),
        author=meta.get("author"),
        source_url=meta.get("source_url"),
        language=meta.get("language") or config.language,
        tags=md.tags_of(meta.get("tags")),
        summary=meta.get("summary") or derive_summary(plain, skip_first_sentence=not meta.get("title")),
        draft=bool(meta.get("draft", False)),
        extra={k: v for k, v in meta.items() if k not in md.KNOWN_KEYS},
    )


def _front_matter_date(value, config: Config, source: md.MarkdownSource) -> dt.date | dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = _parse_date_string(value.strip(), source)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=config.tz) if value.tzinfo is None else value.astimezone(config.tz)
    return value


def _parse_date_string(value: str, source: md.MarkdownSource) -> dt.date | dt.datetime:
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(value)
        except ValueError:
            continue
    raise ArticleError(
        f"front matter 'date' {value!r} is not a date; write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00",
        line=source.line_of_key("date"),
    )
