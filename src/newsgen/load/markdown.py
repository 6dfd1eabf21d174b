"""Markdown articles: YAML front matter, body rendered by markdown-it-py."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it import MarkdownIt
from urllib.parse import urlsplit

from .errors import ArticleError, ArticleWarning
from .files import ARTICLE_SUFFIXES

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
    "dateline": ((str,), "a place name such as Jakarta"),  # where the story was filed, as a clipping's dateline
}


@dataclass
class MarkdownSource:
    meta: dict[str, Any]
    body_markdown: str
    body_line: int  # 1-based file line where the body starts
    meta_lines: tuple[str, ...] = ()  # front matter lines, for error positions
    warnings: list[ArticleWarning] = field(default_factory=list)

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
    meta, warnings = _parse_yaml("\n".join(lines[1:end]))
    return MarkdownSource(meta, "\n".join(lines[end + 1:]), end + 2, tuple(lines[1:end]), warnings)


class _FrontMatterRules:
    """What front matter needs beyond safe_load: impossible dates kept as text and duplicate keys
    noticed instead of silently overwritten. Lines are +2: the YAML starts on the line after the
    opening fence."""

    duplicates: list[tuple[str, int]]

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                self.duplicates.append((key, key_node.start_mark.line + 2))
            seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_timestamp(self, node):
        # PyYAML builds dates eagerly and "2023-02-30" or "0000-01-01" would fail inside it;
        # kept as text, they get the same precise message as their quoted spelling.
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return node.value


class _FrontMatterLoader(_FrontMatterRules, yaml.SafeLoader):
    """The Python loader, which also refuses aliases (a few lines of them expand to gigabytes)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.duplicates = []

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise ArticleError("front matter uses a YAML alias (*name); write the value out in full",
                               line=self.peek_event().start_mark.line + 2)
        return super().compose_node(parent, index)


_FAST_LOADER = None
if hasattr(yaml, "CSafeLoader"):
    class _FastFrontMatterLoader(_FrontMatterRules, yaml.CSafeLoader):
        """libyaml's parser, ≈ 8x faster (a third of loading an archive was front matter), used where
        it cannot meet an alias or deep nesting (see _parse_yaml)."""

        def __init__(self, text: str):
            super().__init__(text)
            self.duplicates = []

    _FAST_LOADER = _FastFrontMatterLoader
    _FAST_LOADER.add_constructor("tag:yaml.org,2002:timestamp", _FrontMatterRules.construct_timestamp)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _FrontMatterRules.construct_timestamp)
FAST_MOST_BRACKETS = 64  # more [ and { than this: the Python loader (libyaml's recursion is not bounded)


def _parse_yaml(text: str) -> tuple[dict[str, Any], list[ArticleWarning]]:
    # No '&', no anchor, so no alias can resolve; anything the fast loader refuses is parsed again by
    # the Python loader, whose errors name the problem and the line.
    if _FAST_LOADER is not None and "&" not in text and text.count("[") + text.count("{") <= FAST_MOST_BRACKETS:
        loader = _FAST_LOADER(text)
        try:
            return _with_warnings(loader.get_single_data(), loader)
        except Exception:  # noqa: BLE001 — said again, precisely, below
            pass
        finally:
            loader.dispose()
    try:
        loader = _FrontMatterLoader(text)  # the reader already refuses control characters here
    except yaml.reader.ReaderError as exc:
        raise ArticleError(f"front matter contains the control character #x{exc.character:04x}, which YAML does "
                           "not allow; delete it", line=text[: exc.position].count("\n") + 2) from exc
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise ArticleError(*_yaml_error(exc, text)) from exc
    except RecursionError as exc:
        raise ArticleError("front matter is nested too deeply to be article metadata; simplify it", line=2) from exc
    finally:
        loader.dispose()
    return _with_warnings(data, loader)


# What was left open, by the context PyYAML names, and how it opens
_UNCLOSED = {"quoted scalar": "the quote", "flow sequence": "the '['", "flow mapping": "the '{'"}
_QUOTE_ADVICE = "put values that contain ':' or start with [, {, ', \" or # in quotes"


def _yaml_error(exc: yaml.YAMLError, text: str) -> tuple[str, int]:
    """The message and file line of a front matter YAML error: where the cause is, when
    something opened earlier is never closed, and advice that fits the problem."""
    mark, opened = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None) or ""
    line = mark.line + 2 if mark else 1  # file lines: the front matter starts after the opening ---
    what = next((w for kind, w in _UNCLOSED.items() if kind in context), None)
    if what and opened is not None:
        return (f"invalid YAML in front matter: {what} opened on line {opened.line + 2} is never closed "
                f"({problem}); close it, or {_QUOTE_ADVICE}"), opened.line + 2
    if "'\\t'" in problem:
        return f"invalid YAML in front matter: {problem}; indent with spaces, not tabs", line
    unclosed = _unclosed_quote_line(text, mark.line if mark else 0)
    if unclosed is not None:
        return (f"invalid YAML in front matter: the quote that opens the value on line {unclosed + 2} is not "
                f"closed on that line ({problem}); close it, and inside '…' write an apostrophe as '' "
                "(or quote the value with \"…\")"), unclosed + 2
    return f"invalid YAML in front matter: {problem}; {_QUOTE_ADVICE}", line


_QUOTED_VALUE = re.compile(r"""^\s*[^\s:#'"][^:]*:\s+(["'])(.*)$""")


def _unclosed_quote_line(text: str, last: int) -> int | None:
    """The first of the lines up to `last` (0-based) whose quoted value does not close on it:
    a quote left open swallows the lines after it, and YAML gives up only further down."""
    for number, line in enumerate(text.split("\n")[:last + 1]):
        value = _QUOTED_VALUE.match(line)
        if value is None:
            continue
        quote, rest = value.groups()
        inner = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
        closed = inner.count(quote) == 1 and (inner.rstrip().endswith(quote) or "#" in inner)  # "…" # a comment
        if not closed:
            return number
    return None


def _with_warnings(data: Any, loader: _FrontMatterRules) -> tuple[dict[str, Any], list[ArticleWarning]]:
    return _as_mapping(data), [
        ArticleWarning(f"front matter key {key!r} appears more than once; the last one is used — delete the others",
                       line=line, kind="front_matter")
        for key, line in loader.duplicates
    ]


def _as_mapping(data: Any) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else f"a single value ({short_repr(data)})"
        raise ArticleError(f"front matter must be a mapping of 'key: value' lines (title: …, date: …), not {shape}; "
                           "rewrite it or remove the '---' lines", line=2)
    return {k if isinstance(k, str) else str(k): v for k, v in data.items()}  # "1: x" keys too


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
            raise ArticleError(f"front matter '{key}' must be {description}, got {short_repr(value)}",
                               line=source.line_of_key(key))


def short_repr(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tags_of(value: Any) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    return [str(t).strip() for t in items if str(t).strip()]


def markdown_renderer(allow_html: bool) -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": allow_html}).enable("table")


def body_text(source: str, md: MarkdownIt) -> str:
    """The body as plain text, one paragraph or block a line (the HTML is made when the page is)."""
    return plain_text(md.parse(source))[0]


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


def linked_html(source: str, md: MarkdownIt, link_text, href_for=None) -> str:
    """Render `source` with `link_text(text, offset)` (→ HTML) applied to every text token,
    and each link's href replaced by `href_for(href)` where that gives one.

    Each block with text also gets id="p-N", N counting the body's lines as
    plain_text makes them, so quotes elsewhere can link to their paragraph.
    """
    tokens = md.parse(source)
    _number_blocks(tokens)  # before the text tokens change type below
    _join_soft_breaks(tokens)
    if href_for is not None:
        _replace_hrefs(tokens, href_for)
    for token, offset in plain_text(tokens)[1]:
        token.type, token.content = "html_inline", str(link_text(token.content, offset))
    return md.renderer.render(tokens, md.options, {})


def _replace_hrefs(tokens, href_for) -> None:
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open" and (new := href_for(child.attrGet("href") or "")) is not None:
                child.attrSet("href", new)


def _join_soft_breaks(tokens) -> None:
    """Text on consecutive lines of a paragraph as one text token ("\n" for the soft break, one
    character as the plain text's space is): a name wrapped onto the next line is linked whole."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        joined = []
        for child in token.children:
            if (child.type == "text" and len(joined) > 1 and joined[-1].type == "softbreak"
                    and joined[-2].type == "text"):
                joined.pop()
                joined[-1].content += "\n" + child.content
            else:
                joined.append(child)
        token.children = joined


def _number_blocks(tokens) -> None:
    number = 0
    for position, token in enumerate(tokens):
        if not _block_pieces(token):
            continue
        number += 1
        # tight lists hide their paragraph tags: the id goes on the nearest visible opening tag
        opener = next((t for t in reversed(tokens[:position]) if t.nesting == 1 and not t.hidden), None)
        if opener is not None and opener.attrGet("id") is None:
            opener.attrSet("id", f"p-{number}")


# Bodies naming no article file need no second parse for their links: most bodies.
_NAMES_AN_ARTICLE_FILE = re.compile("|".join(re.escape(s) for s in ARTICLE_SUFFIXES) + r"\b", re.I)
_LINKS = MarkdownIt("commonmark")


def body_hrefs(markdown: str, images: bool = True) -> list[str]:
    """The targets of a Markdown body's links (inline and reference), and of its images unless told not."""
    hrefs = []
    for token in _LINKS.parse(markdown):
        for child in token.children or []:
            href = child.attrGet("href") if child.type == "link_open" else \
                child.attrGet("src") if images and child.type == "image" else None
            if href:
                hrefs.append(href)
    return hrefs


def article_file_hrefs(markdown: str) -> tuple[str, ...]:
    """Hrefs of the body's links that name an article file by a relative path ("banjir.md#p-2")."""
    if not _NAMES_AN_ARTICLE_FILE.search(markdown):
        return ()
    return tuple(href for href in body_hrefs(markdown, images=False) if names_article_file(href))


def names_article_file(href: str) -> bool:
    parts = urlsplit(href)
    return not (parts.scheme or parts.netloc) and os.path.splitext(parts.path)[1].lower() in ARTICLE_SUFFIXES
