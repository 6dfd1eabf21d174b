"""Markdown articles: YAML front matter, body rendered by markdown-it-py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml
from markdown_it import MarkdownIt

from .errors import ArticleError

FRONT_MATTER_FENCE = "---"
FRONT_MATTER_END = ("---", "...")
# key -> (accepted types, description); anything else is kept in Article.extra
KNOWN_KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "title": ((str,), "a string"),
    "date": ((dt.date, dt.datetime, str), "a date such as 2022-06-15 or 2022-06-15T10:30:00+07:00"),
    "outlet": ((str,), "a string"),
    "source_url": ((str,), "a URL string"),
    "author": ((str,), "a string"),
    "tags": ((list, str), "a list of strings"),
    "language": ((str,), "a language code such as 'id'"),
    "summary": ((str,), "a string"),
    "draft": ((bool,), "true or false"),
    "slug": ((str,), "a string of letters, digits and hyphens"),
}


@dataclass
class MarkdownSource:
    meta: dict[str, Any]
    body_markdown: str
    body_line: int  # 1-based file line where the body starts
    meta_lines: tuple[str, ...] = ()  # front matter lines, for error positions

    def line_of_key(self, key: str) -> int | None:
        for number, line in enumerate(self.meta_lines, start=2):
            if line.startswith(f"{key}:") or line.startswith(f"{key} :"):
                return number
        return None


def split_front_matter(text: str) -> MarkdownSource:
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return MarkdownSource({}, text, 1)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in FRONT_MATTER_END), None)
    if end is None:
        raise ArticleError("front matter opened with '---' is never closed; add a line '---' after it", line=1)
    meta = _parse_yaml("\n".join(lines[1:end]))
    return MarkdownSource(meta, "\n".join(lines[end + 1:]), end + 2, tuple(lines[1:end]))


def _parse_yaml(text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        # +2: the YAML starts on the line after the opening fence
        raise ArticleError(
            f"invalid YAML in front matter: {problem}; put values that contain ':' or start with "
            "[, {, ', \" or # in quotes",
            line=mark.line + 2 if mark else 1,
        ) from exc
    except ValueError as exc:  # PyYAML builds dates eagerly: "2023-02-30" fails here
        raise ArticleError(f"impossible value in front matter: {exc}; fix the date (YYYY-MM-DD)", line=2) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ArticleError(f"front matter must be a mapping (key: value), not a {type(data).__name__}", line=2)
    return data


def check_meta(source: MarkdownSource) -> None:
    meta = source.meta
    for key, (types, description) in KNOWN_KEYS.items():
        if key not in meta or meta[key] is None:
            continue
        value = meta[key]
        ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
        if ok and key == "tags" and isinstance(value, list):
            ok = all(isinstance(t, (str, int, float)) and not isinstance(t, bool) for t in value)
        if not ok:
            raise ArticleError(f"front matter '{key}' must be {description}, got {value!r}", line=source.line_of_key(key))


def tags_of(value: Any) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    return [str(t).strip() for t in items if str(t).strip()]


def markdown_renderer(allow_html: bool) -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": allow_html}).enable("table")


def render_body(source: str, md: MarkdownIt) -> tuple[str, str]:
    """Return (html, plain text with one paragraph or block a line)."""
    tokens = md.parse(source)
    html = md.renderer.render(tokens, md.options, {})
    return html, plain_text(tokens)[0]


def plain_text(tokens) -> tuple[str, list[tuple[object, int]]]:
    """The body as plain text, and each inline text token with its offset in it.

    Tagging runs on this text; rendering walks the same tokens to put entity
    links back into the HTML, so both must come from this one function.
    """
    parts: list[str] = []
    positions: list[tuple[object, int]] = []
    length = 0
    for token in tokens:
        pieces = _block_pieces(token)
        if not pieces:
            continue
        if parts:
            parts.append("\n")
            length += 1
        for child, text in pieces:
            if child is not None:
                positions.append((child, length))
            parts.append(text)
            length += len(text)
    return "".join(parts), positions


def _block_pieces(token) -> list[tuple[object, str]]:
    if token.type == "inline":
        pieces = [(c if c.type == "text" else None, _inline_text(c)) for c in token.children or []]
        return pieces if "".join(text for _, text in pieces).strip() else []
    if token.type in ("code_block", "fence") and token.content.strip():
        return [(None, token.content.strip())]
    return []


def _inline_text(token) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return " "
    return ""


def linked_html(source: str, md: MarkdownIt, link_text) -> str:
    """Render `source` with `link_text(text, offset)` (→ HTML) applied to every text token."""
    tokens = md.parse(source)
    for token, offset in plain_text(tokens)[1]:
        token.type, token.content = "html_inline", str(link_text(token.content, offset))
    return md.renderer.render(tokens, md.options, {})
