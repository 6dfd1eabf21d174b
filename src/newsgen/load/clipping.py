"""Raw text clippings: take out boilerplate, read the dateline and credits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..data_files import read_yaml

_IGNORE_CASE = ("crosslink", "crosslink_bare", "promo", "source")
_KEEP_CASE = ("credit", "fragment", "dateline")
_ACRONYM = re.compile(r"^[A-Z0-9]{2,}$")


@dataclass(frozen=True)
class BoilerplatePatterns:
    crosslink: tuple[re.Pattern, ...]
    crosslink_bare: tuple[re.Pattern, ...]
    promo: tuple[re.Pattern, ...]
    source: tuple[re.Pattern, ...]
    credit: tuple[re.Pattern, ...]
    fragment: tuple[re.Pattern, ...]
    dateline: tuple[re.Pattern, ...]
    source_separators: re.Pattern


@lru_cache(maxsize=16)
def _shipped_patterns(language: str) -> dict:
    path = resources.files("newsgen") / "data" / "lang" / language / "boilerplate.yaml"
    if not path.is_file():
        path = resources.files("newsgen") / "data" / "lang" / "id" / "boilerplate.yaml"
    return read_yaml(path.read_text(encoding="utf-8"))


def load_patterns(language: str = "id", extra: dict[str, list[str]] | None = None) -> BoilerplatePatterns:
    """Shipped patterns for `language` plus the config's `boilerplate:` additions."""
    data = _shipped_patterns(language)
    extra = extra or {}

    def compiled(kind: str, flags: int) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p, flags) for p in [*data.get(kind, []), *extra.get(kind, [])])

    groups = {k: compiled(k, re.IGNORECASE) for k in _IGNORE_CASE}
    groups |= {k: compiled(k, 0) for k in _KEEP_CASE}
    return BoilerplatePatterns(**groups, source_separators=re.compile(data["source_separators"]))


@dataclass
class Clipping:
    body: str
    removed_lines: list[str] = field(default_factory=list)
    outlet: str | None = None
    dateline_place: str | None = None
    sources: list[str] = field(default_factory=list)


def parse_clipping(text: str, patterns: BoilerplatePatterns) -> Clipping:
    kept, removed, line_sources = _split_boilerplate(text.split("\n"), patterns)
    while kept and not kept[-1].strip():
        kept.pop()
    clip = Clipping(body="", removed_lines=removed)
    _strip_trailing_fragment(kept, clip, patterns)
    _read_dateline(kept, clip, patterns)
    clip.body = "\n".join(kept)
    clip.sources = _unique(line_sources + _credits(clip.body, patterns))
    if clip.outlet is None and line_sources:
        clip.outlet = line_sources[0]
    return clip


def _split_boilerplate(lines: list[str], patterns: BoilerplatePatterns) -> tuple[list[str], list[str], list[str]]:
    kept: list[str] = []
    removed: list[str] = []
    sources: list[str] = []
    swallow_next = False  # a bare "Baca Juga:" takes the headline on the next line with it
    for line in lines:
        if swallow_next and line.strip():
            removed.append(line)
            swallow_next = False
            continue
        if _any(patterns.crosslink_bare, line):
            removed.append(line)
            swallow_next = True
        elif _any(patterns.crosslink, line) or _any(patterns.promo, line):
            removed.append(line)
        elif match := _first(patterns.source, line):
            removed.append(line)
            sources += _split_sources(match.group("sources"), patterns)
        else:
            kept.append(line)
    return kept, removed, sources


def _strip_trailing_fragment(kept: list[str], clip: Clipping, patterns: BoilerplatePatterns) -> None:
    if not kept:
        return
    for pattern in patterns.fragment:
        if match := pattern.search(kept[-1]):
            clip.removed_lines.append(match.group(0).strip())
            kept[-1] = kept[-1][: match.start()].rstrip()
            return


def _read_dateline(kept: list[str], clip: Clipping, patterns: BoilerplatePatterns) -> None:
    first = next((i for i, line in enumerate(kept) if line.strip()), None)
    if first is None:
        return
    for pattern in patterns.dateline:
        match = pattern.match(kept[first])
        if match and match.end() < len(kept[first]):
            groups = match.groupdict()
            clip.outlet = (groups.get("outlet") or "").strip() or None
            clip.dateline_place = _place_name(groups.get("place"))
            kept[first] = kept[first][match.end():]
            return


def _place_name(surface: str | None) -> str | None:
    if not surface:
        return None
    surface = surface.strip()
    return surface.title() if surface.isupper() else surface


def _split_sources(raw: str, patterns: BoilerplatePatterns) -> list[str]:
    return [part.strip(" .") for part in patterns.source_separators.split(raw) if part.strip(" .")]


def _credits(body: str, patterns: BoilerplatePatterns) -> list[str]:
    names = []
    for pattern in patterns.credit:
        for match in pattern.finditer(body):
            names.append((match.start(), _credited_name(match.group("name"))))
    return [name for _, name in sorted(names)]


def _credited_name(name: str) -> str:
    # "CCTV China": an agency acronym stands alone; what follows describes it.
    words = name.split()
    return words[0] if _ACRONYM.match(words[0]) else name


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def _any(patterns: tuple[re.Pattern, ...], line: str) -> bool:
    return any(p.search(line) for p in patterns)


def _first(patterns: tuple[re.Pattern, ...], line: str) -> re.Match | None:
    return next((m for p in patterns if (m := p.search(line))), None)
