"""`newsgen new` and `newsgen import`: Markdown articles to write, or to correct, by hand."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .config import Config
from .load import read_text
from .load.clipping import BoilerplatePatterns, load_patterns, parse_clipping
from .load.errors import ArticleError
from .load.text import derive_headline, make_slug
from .tag.dates import stated_full_date
from .tag.pubdate import infer_publication_date

# Characters Markdown would read as markup inside a line, and line starts it would read as a
# heading, quote, list, code fence or thematic break: a clipping's text must come out as typed.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>|~&])")
_BLOCK_MARK = re.compile(r"^([#>+=-])")
_ORDERED_ITEM = re.compile(r"^(\d+)([.)])")


class AuthoringError(Exception):
    """The command cannot go on; the message says what to do."""


@dataclass
class Imported:
    source: Path
    created: Path | None = None  # the new Markdown file
    problem: str | None = None  # why nothing was created


# ---- new -----------------------------------------------------------------------------------

def new_article(config: Config, title: str, now: dt.datetime | None = None) -> Path:
    """Create a draft `<slug>.md` in the content folder; a taken name gets -2, -3, … (never overwritten)."""
    if not title.strip():
        raise AuthoringError("the title is empty; write it in quotes: newsgen new \"Judul artikel\"")
    now = (now or dt.datetime.now(config.tz)).astimezone(config.tz).replace(microsecond=0)
    meta = {"title": title.strip(), "date": now.isoformat(), "draft": True, "tags": []}
    return _create_free(config.content_dir, make_slug(title), front_matter(meta) + "\n")


def _create_free(folder: Path, slug: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, 10_000):
        path = folder / (f"{slug}.md" if n == 1 else f"{slug}-{n}.md")
        try:
            with path.open("x", encoding="utf-8") as handle:  # "x": atomic, never replaces a file
                handle.write(text)
            return path
        except FileExistsError:
            continue
    raise AuthoringError(f"too many articles named {slug}-N.md in {folder}")


# ---- import --------------------------------------------------------------------------------

def import_clippings(config: Config, files: list[Path]) -> list[Imported]:
    """Each .txt clipping becomes `<slug of its headline>.md` in the content folder; an existing
    file is reported and left alone, so running the import again changes nothing."""
    patterns = load_patterns(config.language, config.boilerplate)
    return [_import_one(path, config, patterns) for path in files]


def _import_one(path: Path, config: Config, patterns: BoilerplatePatterns) -> Imported:
    if path.suffix.lower() != ".txt":
        return Imported(path, problem="not a .txt clipping; skipped")
    try:
        title, text = clipping_markdown(read_text(path), config, patterns)
    except ArticleError as exc:
        return Imported(path, problem=exc.message)
    except OSError as exc:
        return Imported(path, problem=f"cannot read the file ({exc.strerror})")
    target = config.content_dir / f"{make_slug(title)}.md"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:  # "x": atomic, never replaces a file
            handle.write(text)
    except FileExistsError:
        return Imported(path, problem=f"{target} already exists; left as it is")
    return Imported(path, created=target)


def clipping_markdown(text: str, config: Config, patterns: BoilerplatePatterns) -> tuple[str, str]:
    """The headline and the Markdown file for one clipping: inferred front matter, cleaned body."""
    clip = parse_clipping(text, patterns)
    paragraphs = [line.strip() for line in clip.body.split("\n") if line.strip()]
    if not paragraphs:
        raise ArticleError("nothing is left once boilerplate is removed; is this an article?")
    body = "\n".join(paragraphs)
    title = derive_headline(body)
    dates, note = date_fields(body, config.language)
    meta = {"title": title, **dates, "outlet": clip.outlet, "dateline": clip.dateline_place,
            "sources": clip.sources or None}
    head = front_matter({k: v for k, v in meta.items() if v is not None}, note=note)
    return title, head + "\n" + "\n\n".join(escape_markdown(p) for p in paragraphs) + "\n"


def date_fields(body: str, language: str) -> tuple[dict[str, Any], str]:
    """date, date_precision and date_confidence (the loader keeps the last two in article.extra),
    and a note for the person who checks the file."""
    if stated := stated_full_date(body, language):
        return {"date": stated, "date_precision": "day", "date_confidence": 1.0}, "date: stated in the text"
    estimate = infer_publication_date(body, language)
    if estimate is None:
        return {}, "no publication date found in the text: add date: YYYY-MM-DD"
    confidence = round(estimate.confidence, 2)
    fields = {"date": estimate.value, "date_precision": estimate.precision, "date_confidence": confidence}
    return fields, (f"date: estimated from the text ({estimate.basis}), {estimate.precision} precision, "
                    f"confidence {confidence}; check it")


def escape_markdown(paragraph: str) -> str:
    """A backslash before each character Markdown would read as markup, so the text renders as typed."""
    escaped = _INLINE_MARKUP.sub(r"\\\1", paragraph)
    escaped = _BLOCK_MARK.sub(r"\\\1", escaped)
    return _ORDERED_ITEM.sub(r"\1\\\2", escaped)


# ---- shared --------------------------------------------------------------------------------

def front_matter(meta: dict[str, Any], note: str | None = None) -> str:
    """YAML front matter, one `key: value` line per key, in the given order."""
    lines = [f"{key}: {_yaml_value(value)}" for key, value in meta.items()]
    if note:
        lines.insert(1, "# " + " ".join(note.split()))  # after the title: where a person correcting the file looks first
    return "---\n" + "\n".join(lines) + "\n---\n"


def _yaml_value(value: Any) -> str:
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:]+[+-]\d\d:\d\d", value):
        return value  # an ISO datetime stays unquoted, so YAML reads it back as a timestamp
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()
