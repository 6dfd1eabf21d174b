"""The site configuration (`newsgen.yaml`): typed options with precise errors."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

CONFIG_NAME = "newsgen.yaml"
BOILERPLATE_KINDS = ("crosslink", "crosslink_bare", "promo", "source", "credit", "fragment", "dateline")


class ConfigError(Exception):
    """A problem in the configuration, naming the file and the key."""


@dataclass
class Config:
    title: str = "Arsip Berita"
    description: str = "Arsip berita yang dapat dijelajahi menurut tokoh, tempat, topik dan waktu."
    language: str = "id"
    timezone: str = "Asia/Jakarta"
    base_url: str | None = None
    cname: str | None = None  # custom domain for GitHub Pages: `newsgen deploy` writes it to CNAME
    content: Path = Path("seeds")
    output: Path = Path("build")
    per_page: int = 20
    allow_html: bool = False
    search: bool = True  # write the search index (search/) with the pages
    boilerplate: dict[str, list[str]] = field(default_factory=dict)
    topics: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # name -> {keywords, entities}
    root: Path = Path(".")  # folder of the config file; relative paths resolve against it
    source: Path | None = None  # the config file itself, when there is one

    @property
    def content_dir(self) -> Path:
        return self.root / self.content

    @property
    def output_dir(self) -> Path:
        return self.root / self.output

    @property
    def cache_dir(self) -> Path:
        return self.root / ".newsgen-cache"

    @property
    def entities_file(self) -> Path:
        return self.root / "entities.yaml"

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def missing_content_message(self) -> str:
        """What to do when the content folder is not there."""
        where = f"set 'content' in {self.source}" if self.source else "set 'content' in a newsgen.yaml"
        start = "" if self.source else "; or start an archive with `newsgen init NAME` and build inside it"
        return f"content folder '{self.content_dir}' does not exist; pass --content DIR or {where}{start}"


# key -> (accepted Python types, human description)
_OPTION_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "title": ((str,), "a string"),
    "description": ((str,), "a string"),
    "language": ((str,), "a language code such as 'id' or 'en'"),
    "timezone": ((str,), "an IANA time zone such as 'Asia/Jakarta'"),
    "base_url": ((str, type(None)), "a URL such as 'https://user.github.io/repo/'"),
    "cname": ((str, type(None)), "a domain name such as 'arsip.example.org' (no http://, no path)"),
    "content": ((str,), "a folder path"),
    "output": ((str,), "a folder path"),
    "per_page": ((int,), "a whole number ≥ 1"),
    "allow_html": ((bool,), "true or false"),
    "search": ((bool,), "true or false"),
    "boilerplate": ((dict,), f"a mapping of {', '.join(BOILERPLATE_KINDS)} to lists of regular expressions"),
    "topics": ((dict,), "a mapping of topic names to {keywords: [...], entities: [...]}"),
}
_SETTABLE = {f.name for f in fields(Config)} - {"root", "source"}
assert set(_OPTION_TYPES) == _SETTABLE


def load_config(path: Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Read `path` (or ./newsgen.yaml when present), apply CLI overrides, validate."""
    if path is None and Path(CONFIG_NAME).is_file():
        path = Path(CONFIG_NAME)
    raw: dict[str, Any] = {}
    if path is not None:
        raw = _read_yaml_mapping(Path(path))
    raw.update({k: v for k, v in (overrides or {}).items() if v is not None})
    where = str(path) if path else "command line"
    config = Config(root=Path(path).parent if path else Path("."), source=Path(path) if path else None)
    for key, value in raw.items():
        _check_option(key, value, where)
        setattr(config, key, Path(value) if key in ("content", "output") else value)
    _check_semantics(config, where)
    return config


def _read_yaml_mapping(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror})") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: invalid YAML ({getattr(exc, 'problem', exc)})") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a mapping of options (key: value), not a {type(data).__name__}")
    return data


def _check_option(key: str, value: Any, where: str) -> None:
    if key not in _OPTION_TYPES:
        known = ", ".join(sorted(_OPTION_TYPES))
        raise ConfigError(f"{where}: unknown option '{key}'. Known options: {known}")
    types, description = _OPTION_TYPES[key]
    # bool is an int in Python; per_page: true is still a mistake
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        raise ConfigError(f"{where}: option '{key}' must be {description}, got {value!r}")


def _check_semantics(config: Config, where: str) -> None:
    if config.per_page < 1:
        raise ConfigError(f"{where}: option 'per_page' must be ≥ 1, got {config.per_page}")
    try:
        zoneinfo.ZoneInfo(config.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"{where}: option 'timezone': unknown time zone {config.timezone!r}") from exc
    if config.base_url is not None and not re.match(r"^https?://[^/\s]+(/\S*)?$", config.base_url):
        raise ConfigError(f"{where}: option 'base_url' must start with http:// or https://, got {config.base_url!r}")
    # GitHub Pages reads CNAME as a bare host name; a URL there silently breaks the domain.
    if config.cname is not None and not re.match(r"^(?=.{1,253}$)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$", config.cname):
        raise ConfigError(f"{where}: option 'cname' must be a domain name such as 'arsip.example.org' "
                          f"(no http:// and no path), got {config.cname!r}")
    _check_boilerplate(config.boilerplate, where)
    _check_topics(config.topics, where)


def _check_topics(topics: dict[str, Any], where: str) -> None:
    for name, rule in topics.items():
        if not isinstance(rule, dict) or not rule or set(rule) - {"keywords", "entities"}:
            raise ConfigError(f"{where}: topics.{name} must be a mapping with keywords: [...] and/or entities: [...]")
        for key, items in rule.items():
            if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                raise ConfigError(f"{where}: topics.{name}.{key} must be a list of non-empty strings")


def _check_boilerplate(patterns: dict[str, Any], where: str) -> None:
    for kind, items in patterns.items():
        if kind not in BOILERPLATE_KINDS:
            raise ConfigError(f"{where}: boilerplate.{kind}: unknown kind; use one of {', '.join(BOILERPLATE_KINDS)}")
        if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
            raise ConfigError(f"{where}: boilerplate.{kind} must be a list of regular expressions (strings)")
        for pattern in items:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(f"{where}: boilerplate.{kind}: invalid regular expression {pattern!r}: {exc}") from exc
