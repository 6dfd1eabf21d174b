"""The theme: templates, static files and interface strings, with user overrides."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from babel.core import Locale, UnknownLocaleError, get_global
from babel.dates import format_date
from jinja2 import (ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, pass_context,
                    select_autoescape)
from markupsafe import Markup

from . import urls
from .data_files import read_yaml
from .index.events import articles_mentioning
from .load.text import make_slug


def default_theme_dir() -> Path:
    """The shipped theme: inside the installed package, or the repository root in a checkout."""
    packaged = Path(str(resources.files("newsgen"))) / "theme"
    if (packaged / "templates").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Theme:
    template_dirs: tuple[Path, ...]  # first wins
    static_dirs: tuple[Path, ...]  # later wins: user files overwrite the theme's

    @property
    def own_templates(self) -> bool:
        """Does the site have templates of its own (any .html file beside the default theme's)?"""
        return any(next(folder.rglob("*.html"), None) for folder in self.template_dirs[:-1] if folder.is_dir())

    @classmethod
    def with_overrides(cls, site_root: Path) -> "Theme":
        base = default_theme_dir()
        user_templates, user_static = site_root / "templates", site_root / "static"
        templates = [p for p in (user_templates,) if p.is_dir() and p.resolve() != (base / "templates").resolve()]
        statics = [p for p in (user_static,) if p.is_dir() and p.resolve() != (base / "static").resolve()]
        return cls((*templates, base / "templates"), (base / "static", *statics))


@lru_cache(maxsize=8)
def ui_strings(language: str) -> dict[str, str]:
    folder = resources.files("newsgen") / "data" / "lang"
    path = folder / language / "ui.yaml"
    if not path.is_file():
        path = folder / "en" / "ui.yaml"
    return read_yaml(path.read_text(encoding="utf-8"))


def make_environment(theme: Theme, language: str, bytecode_dir: Path | None = None) -> Environment:
    """The templates' environment; `bytecode_dir` keeps their compiled code between builds (compiling
    every template took 0.07 s of each build; Jinja checks each template's source against it)."""
    if bytecode_dir is not None:
        bytecode_dir.mkdir(parents=True, exist_ok=True)
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in theme.template_dirs]),
        bytecode_cache=FileSystemBytecodeCache(str(bytecode_dir)) if bytecode_dir is not None else None,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build never sees a template change; skips a stat per page
    )
    strings = ui_strings(language)
    env.globals.update(link=_link, t=lambda key, **kw: strings[key].format(**kw), urls=urls)
    env.filters["longdate"] = lambda d: format_day(d, language)
    env.filters["monthname"] = lambda ym: format_month(ym, language)
    env.filters["slug"] = make_slug
    env.filters["eventdate"] = lambda event: format_event_date(event.value, language)
    env.filters["articles_mentioning"] = articles_mentioning
    env.filters["safe_url"] = safe_url
    env.filters["jsonld"] = json_for_script
    env.filters["og_locale"] = og_locale
    env.filters["summary"] = _summary
    return env


# What a link taken from an article may point to. Everything else (javascript:,
# vbscript:, data:, file:, …) can run script or read local files, so it is dropped.
SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# Browsers delete tabs and newlines anywhere in a URL and strip control characters
# and spaces at its ends before parsing, so " java\tscript:" is still javascript:.
_URL_REMOVED = re.compile(r"[\t\n\r]")
_URL_STRIPPED = "".join(chr(c) for c in range(0x21))


def is_safe_url(url: str) -> bool:
    """True for http(s):, mailto: and relative URLs, as a browser would read `url`."""
    scheme = _URL_SCHEME.match(_as_browser_reads(url))
    return scheme is None or scheme.group(1).lower() in SAFE_URL_SCHEMES


def safe_url(url: object) -> str:
    """`url` when a reader may follow it, else "" so the template leaves the link out."""
    if not isinstance(url, str) or not is_safe_url(url):
        return ""
    # exactly the string that was checked: a wider strip() would turn "\xa0javascript:"
    # (harmless, a relative path to the browser) into "javascript:"
    return _as_browser_reads(url)


def _as_browser_reads(url: str) -> str:
    return _URL_REMOVED.sub("", url).strip(_URL_STRIPPED)


@pass_context
def _link(context, target: str) -> str:
    # 404.html is served at whatever URL was missing, so relative links cannot work there.
    # `in`, not get(): a page has dozens of links, and get() of a missing name raises inside.
    if "absolute_links" in context and context["absolute_links"] and context["site"].base_url:
        return urls.absolute(target, context["site"].base_url)
    return urls.relative(target, context["page_path"])


def format_day(day: dt.date | dt.datetime | None, language: str, precision: str | None = "day") -> str:
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = day.date()
    pattern = {"month": "MMMM y", "year": "y"}.get(precision or "day", "d MMMM y")
    return formatted_date(day, pattern, language)


@lru_cache(maxsize=65536)
def formatted_date(day: dt.date, pattern: str, language: str) -> str:
    # Babel looks the locale up on every call; an archive shows the same few thousand dates again and again
    return format_date(day, pattern, locale=language)


def format_event_date(value: str, language: str) -> str:
    """An ISO day, month or year as the reader says it: "24 Februari 2022", "Februari 2022", "2022"."""
    if len(value) == 10:
        return format_day(dt.date.fromisoformat(value), language)
    if len(value) == 7:
        return format_month((int(value[:4]), int(value[5:7])), language)
    return value


def format_month(year_month: tuple[int, int], language: str) -> str:
    return formatted_date(dt.date(year_month[0], year_month[1], 1), "MMMM y", language)


# JSON inside <script type="application/ld+json">: the HTML parser ends the element at
# the first "</script" whatever the JSON means, and "<!--" changes how it reads on, so
# "<", ">" and "&" are written as JSON escapes (\u003c …), as are U+2028/U+2029.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(value: object) -> Markup:
    """`value` as JSON that is safe inside a <script> element; keys whose value is None or [] are left out."""
    text = json.dumps(_compact(value), ensure_ascii=False, indent=1)
    for char, escaped in _SCRIPT_UNSAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)


def _compact(value: object) -> object:
    if isinstance(value, dict):
        pairs = ((k, _compact(v)) for k, v in value.items())
        return {k: v for k, v in pairs if v is not None and v != [] and v != {}}
    if isinstance(value, (list, tuple)):
        return [_compact(v) for v in value]
    return value


def og_locale(language: str) -> str:
    """Open Graph's language_TERRITORY for a language code: "id" -> "id_ID", "en" -> "en_US"."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return language
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = get_global("likely_subtags").get(locale.language, "")
    territory = next((part for part in likely.split("_")[1:] if len(part) == 2 and part.isupper()), None)
    return f"{locale.language}_{territory}" if territory else locale.language


def _summary(article) -> str:
    from .feeds import summary_of  # feeds imports the index stage; only the templates need it here

    return summary_of(article, 200)
