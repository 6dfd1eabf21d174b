"""The load stage: every article file in the content folder becomes one Article record.

Archives hold whatever people saved over the years; one bad file must never stop the
others, and each gets one message: the file, the line when known, and what to do.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..config import Config
from ..parallel import fork_map
from ..records import Article, Problem, record_key
from ..tag.cache import article_key
from ..tag.dates import stated_full_date
from . import markdown as md
from .clipping import BoilerplatePatterns, load_patterns, parse_clipping
from .decode import decode_article
from .errors import ArticleError, ArticleWarning
from .files import ARTICLE_SUFFIXES, Found, find_articles, read_limited
from .text import SLUG_FALLBACK, TITLE_MAX, clean_title, derive_headline, derive_summary, make_slug, shorten, unique_slugs

YEARS = (1000, 2999)  # dates outside are typos ("0202", "20224"); date arithmetic near year 1 or 9999 overflows
WEB_SCHEMES = ("http", "https")
_DATE_SHAPE = re.compile(r"(\d{1,9})-(\d{1,9})-(\d{1,9})")  # bounded: int() of 5000 digits fails


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_files: int = 0  # files that are not articles
    records: dict[str, tuple] = field(default_factory=dict)  # path -> FileRecord, for the next build


def find_article_files(content_dir: Path) -> tuple[list[Path], int]:
    """Article files under `content_dir`, sorted; and how many other files were skipped."""
    found = find_articles(content_dir)
    return list(map(Path, found.paths)), found.skipped


FileRecord = tuple  # (stamp, Article | None, problems): one file as the last build loaded it


def file_stamp(path: Path | str) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_size, stat.st_mtime_ns


@dataclass
class ArchiveScan:
    """The article files and their stamps, looked at once: whether anything changed, then what to read."""

    found: Found
    stamps: dict[str, tuple | None]  # path -> file_stamp, None when it cannot be read


def scan_archive(content_dir: Path) -> ArchiveScan:
    found = find_articles(content_dir)
    return ArchiveScan(found, {path: _stamp_or_none(path) for path in found.paths})


def _stamp_or_none(path: str) -> tuple | None:
    try:
        return file_stamp(path)
    except OSError:
        return None


def load_archive(config: Config, reuse: dict[str, FileRecord] | None = None, processes: int = 1,
                 scan: ArchiveScan | None = None) -> LoadResult:
    """Load every article; files whose size and mtime match `reuse` (the last build's records) are not read.

    `scan`: the content folder as the build saw it at its start (scan_archive), else it is looked at now."""
    content_dir = config.content_dir
    scan = scan or scan_archive(content_dir)
    found, reuse = scan.found, reuse or {}
    result = LoadResult(problems=list(found.problems), skipped_files=found.skipped)
    records = {path: _reusable(reuse.get(path), stamp) for path, stamp in scan.stamps.items()}
    to_read = [path for path in found.paths if records[path] is None]
    loaded = fork_map(_loader(config), list(map(Path, to_read)), processes)
    records.update(zip(to_read, loaded))
    for path in found.paths:
        record = records[path]
        result.records[path] = record
        if record[1] is not None:
            result.articles.append(record[1])
        result.problems += record[2]
    _make_slugs_unique(result)
    result.problems += _duplicate_titles(result.articles)
    return result


def load_files(config: Config, paths: list[Path]) -> list[Article]:
    """The articles of these files, those that load, each as load_archive would load it (but for
    what depends on the others: unique slugs)."""
    return [article for _, article, _ in map(_loader(config), paths) if article is not None]


def _loader(config: Config) -> Callable[[Path], FileRecord]:
    """_load_one of a path, with what it needs made once."""
    patterns = load_patterns(config.language, config.boilerplate)
    renderer = md.markdown_renderer(config.allow_html)
    return lambda path: _load_one(path, config.content_dir, config, patterns, renderer)


def _reusable(cached: FileRecord | None, stamp: tuple | None) -> FileRecord | None:
    """The last build's record of a file when the file has the same size and mtime (`stamp`)."""
    return cached if cached is not None and stamp is not None and cached[0] == stamp else None


def _load_one(path: Path, content_dir: Path, config: Config, patterns, renderer) -> FileRecord:
    try:
        stamp = file_stamp(path)
    except OSError:
        stamp = None
    warnings: list[ArticleWarning] = []
    try:
        article = load_article(path, content_dir, config, patterns, renderer, warnings)
    except Exception as exc:  # noqa: BLE001 — whatever one file does, the archive goes on
        return stamp, None, [_problem_of(path, exc)]
    article.content_key, article.record_key = article_key(article), record_key(article)
    return stamp, article, [Problem(path, w.message, w.line, "warning", w.kind) for w in warnings]


def _problem_of(path: Path, exc: Exception) -> Problem:
    if isinstance(exc, ArticleError):
        return Problem(path, exc.message, exc.line)  # kind "load": every file that could not be loaded
    if isinstance(exc, OSError):
        return Problem(path, f"cannot read the file ({exc.strerror or exc}); check its permissions")
    # A bug of ours, not the user's: say so plainly rather than show a traceback.
    return Problem(path, f"newsgen failed on this file ({type(exc).__name__}: {str(exc)[:200]}); it is skipped — "
                         "please report it with the file attached")


def _make_slugs_unique(result: LoadResult) -> None:
    slugs = unique_slugs([a.slug for a in result.articles])
    owner: dict[str, Path] = {}
    for i, (article, slug) in enumerate(zip(result.articles, slugs)):
        owner.setdefault(article.slug, article.source_path)
        if slug != article.slug:
            how = "give it its own 'slug:' in the front matter" if article.format == "md" else "rename the file"
            result.problems.append(Problem(
                article.source_path,
                f"its page name '{article.slug}' is taken by {owner[article.slug]}; it is published as '{slug}' "
                f"— {how} to choose a stable name",
                severity="warning", kind="duplicate",
            ))
            result.articles[i] = replace(article, slug=slug)


def _duplicate_titles(articles: list[Article]) -> list[Problem]:
    first: dict[str, Article] = {}
    problems = []
    for article in articles:
        key = " ".join((article.full_title or article.title).casefold().split())
        if not key:
            continue
        if key in first:
            drafts = [a.source_path for a in (first[key], article) if a.draft]
            built = "both are built" if not drafts else \
                f"{' and '.join(map(str, drafts))} {'is a draft' if len(drafts) == 1 else 'are drafts'}, built only with --drafts"
            problems.append(Problem(
                article.source_path,
                f"has the same title as {first[key].source_path}; {built} — delete one if it is the "
                "same article saved twice",
                severity="warning", kind="duplicate",
            ))
        first.setdefault(key, article)
    return problems


def load_article(path: Path, content_dir: Path, config: Config, patterns: BoilerplatePatterns, renderer,
                 warnings: list[ArticleWarning] | None = None) -> Article:
    """One article; raises ArticleError (or OSError) when it cannot be loaded. What was off but
    did not stop it (a guessed encoding, a changed slug) is appended to `warnings`."""
    warnings = [] if warnings is None else warnings
    decoded = decode_article(read_limited(path))
    if decoded.warning:
        warnings.append(decoded.warning)
    text = decoded.text
    if not text.strip():
        what = "empty" if not text else "empty (only blank space)"
        raise ArticleError(f"the file is {what}; write the article's text or delete the file")
    kind = ARTICLE_SUFFIXES[path.suffix.lower()]
    if kind == "md":
        article = _markdown_article(text, path, content_dir, config, renderer, warnings)
    else:
        article = _clipping_article(text, path, content_dir, config, patterns)
    if article.date is None and (stated := stated_full_date(article.body, article.language)):
        if YEARS[0] <= stated.year <= YEARS[1]:
            article.date, article.date_source, article.date_precision = stated, "text", "day"
    return article


def read_text(path: Path) -> str:
    """The file as text with "\n" line ends (encoding detected when not UTF-8)."""
    return decode_article(read_limited(path)).text


def _slug_source(relative: Path) -> str:
    # the file's path (without suffix) keeps URLs stable when a headline is edited
    return "-".join(relative.with_suffix("").parts)


def _clipping_article(text: str, path: Path, content_dir: Path, config: Config, patterns: BoilerplatePatterns) -> Article:
    clip = parse_clipping(text, patterns)
    if not clip.body.strip():
        raise ArticleError("nothing is left once boilerplate is removed; is this an article?")
    title = clean_title(derive_headline(clip.body))
    return Article(
        slug=make_slug(_slug_source(path.relative_to(content_dir))),
        title=title,
        title_derived=True,
        body=clip.body,
        source_path=path,
        format="txt",
        outlet=clip.outlet,
        dateline_place=clip.dateline_place,
        sources=clip.sources,
        language=config.language,
        summary=derive_summary(clip.body, headline=title),
        removed_lines=clip.removed_lines,
    )


def _markdown_article(text: str, path: Path, content_dir: Path, config: Config, renderer,
                      warnings: list[ArticleWarning]) -> Article:
    source = md.split_front_matter(text)
    md.check_meta(source)
    warnings += source.warnings
    meta = source.meta
    plain = md.body_text(source.body_markdown, renderer)
    given_title = clean_title(meta.get("title") or "")
    if not plain.strip() and not given_title:
        raise ArticleError("the article has neither a title nor any text; write them or delete the file")
    if not plain.strip():
        warnings.append(ArticleWarning("the article has a title but no text below its front matter; its page "
                                       "shows the title alone — write the text, or mark it 'draft: true'", kind="empty"))
    date = _front_matter_date(meta.get("date"), config, source)
    title, full_title = _display_title(given_title or clean_title(derive_headline(plain)), source, warnings)
    return Article(
        slug=_markdown_slug(meta.get("slug"), path, content_dir, source, warnings),
        title=title,
        title_derived=not given_title,
        body=plain,
        markdown_source=zlib.compress(source.body_markdown.encode("utf-8"), 1),  # level 1: fast, ~3× smaller
        linked_files=md.article_file_hrefs(source.body_markdown),  # so no build reads the body again for them
        source_path=path,
        format="md",
        date=date,
        date_source="front_matter" if date else "none",
        date_precision="day" if date else None,
        outlet=meta.get("outlet"),
        dateline_place=meta.get("dateline"),
        author=meta.get("author"),
        source_url=_web_link(meta.get("source_url"), source, warnings),
        language=meta.get("language") or config.language,
        tags=md.tags_of(meta.get("tags")),
        summary=meta.get("summary") or derive_summary(plain, headline=None if given_title else title),
        draft=bool(meta.get("draft", False)),
        extra={k: v for k, v in meta.items() if k not in md.KNOWN_KEYS},
        full_title=full_title,
    )


def _display_title(title: str, source: md.MarkdownSource, warnings: list[ArticleWarning]) -> tuple[str, str | None]:
    """(title for pages, the whole title when it had to be shortened)."""
    if len(title) <= TITLE_MAX:
        return title, None
    warnings.append(ArticleWarning(
        f"the title is {len(title)} characters long; pages show the first {TITLE_MAX} — write a shorter "
        "'title:' and put the rest in the text", line=source.line_of_key("title"), kind="title"))
    return shorten(title, TITLE_MAX), title


def _markdown_slug(wanted, path: Path, content_dir: Path, source: md.MarkdownSource,
                   warnings: list[ArticleWarning]) -> str:
    from_path = make_slug(_slug_source(path.relative_to(content_dir)))
    if not wanted:
        return from_path
    slug = make_slug(wanted)
    if slug == wanted:
        return slug
    if slug == SLUG_FALLBACK and wanted != SLUG_FALLBACK:
        slug, why = from_path, "has no letters or digits a page name can use; the page is named after the file,"
    else:
        why = "is not a safe page name (only a-z, 0-9 and '-'; no folders, no names Windows reserves); it is published as"
    warnings.append(ArticleWarning(f"front matter 'slug' {md.short_repr(wanted)} {why} '{slug}' — write that "
                                   "in 'slug:' to keep it", line=source.line_of_key("slug"), kind="slug"))
    return slug


def _web_link(value: str | None, source: md.MarkdownSource, warnings: list[ArticleWarning]) -> str | None:
    # Only web links: a "javascript:" or "data:" URL would run in the reader's browser.
    if not value or not value.strip():
        return None
    url = value.strip()
    if urlsplit(url).scheme.lower() in WEB_SCHEMES and not any(c.isspace() or ord(c) < 32 for c in url):
        return url
    warnings.append(ArticleWarning(f"front matter 'source_url' {md.short_repr(value)} is not an http(s) web address; "
                                   "it is left out — write the original's address as https://…",
                                   line=source.line_of_key("source_url"), kind="link"))
    return None


def _front_matter_date(value, config: Config, source: md.MarkdownSource) -> dt.date | dt.datetime | None:
    if value is None:
        return None
    line = source.line_of_key("date")
    if isinstance(value, str):
        value = _parse_date_string(value.strip(), line)
    _check_year(value.isoformat(), value.year, line)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=config.tz) if value.tzinfo is None else value.astimezone(config.tz)
    return value


def _parse_date_string(value: str, line: int | None) -> dt.date | dt.datetime:
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(value)
        except ValueError:
            continue
    if shaped := _DATE_SHAPE.match(value):  # looks like a date: say what is impossible about it
        year, month, day = map(int, shaped.groups())
        _check_year(value, year, line)
        try:
            dt.date(year, month, day)
        except ValueError as exc:
            raise ArticleError(f"front matter 'date' {md.short_repr(value)} is not a real calendar date ({exc}); "
                               "write an existing date as YYYY-MM-DD", line=line) from exc
    raise ArticleError(f"front matter 'date' {md.short_repr(value)} is not a date; write it as YYYY-MM-DD or "
                       "YYYY-MM-DDTHH:MM:SS+07:00", line=line)


def _check_year(shown: str, year: int, line: int | None) -> None:
    if not YEARS[0] <= year <= YEARS[1]:
        raise ArticleError(f"front matter 'date' {md.short_repr(shown)} has the year {year}; news dates lie between "
                           f"{YEARS[0]} and {YEARS[1]} — fix the year", line=line)
