"""Archive-wide canonical names for entity mentions.

The catalog joins two sources: the shipped gazetteers (newsgen/data/ner/
*.yaml: "AS" -> "Amerika Serikat", "Tiongkok"/"RRT" -> "China", "Kiev" ->
"Kyiv", "PBB" -> "Perserikatan Bangsa-Bangsa") and the user's optional
entities.yaml, which wins over the gazetteers.

User file schema (every key optional, any other key is an error)::

    aliases:            # canonical name -> other spellings of it
      Joko Widodo: [Jokowi, Joko Widodo (Jokowi)]
      Vladimir Putin: [Putin, Vladimir Vladimirovich Putin]
    types:              # force the type of a name (person|organization|place|event)
      Kremlin: organization
    ignore:             # names never to report (matched on surface or canonical)
      - Tuhan
    merge:              # fold one canonical entity into another (same as an
      Federasi Rusia: Rusia   # alias, but for names that are canonicals already)

Names match case-insensitively and ignore surrounding whitespace. A
mention's canonical is looked up by its surface first, then by the
canonical the recognizer gave it, so "Putin" picks up the within-article
full name and then any user alias of that name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from newsgen.records import ENTITY_TYPES, EntityMention
from newsgen.tag.ner_features import load_resources

USER_KEYS = ("aliases", "types", "ignore", "merge")


@lru_cache(maxsize=65536)  # the same few thousand names are looked up for every article
def _key(name: str) -> str:
    return " ".join(str(name).split()).casefold()


@dataclass
class EntityCatalog:
    alias_to: dict[str, str] = field(default_factory=dict)  # key -> canonical
    type_of: dict[str, str] = field(default_factory=dict)  # key -> type (user)
    ignored: set[str] = field(default_factory=set)  # keys
    builtin: object = None  # Gazetteer

    @classmethod
    def load(cls, user_file: Path | None = None, language: str = "id") -> "EntityCatalog":
        gaz, _ = load_resources(language)
        catalog = cls(builtin=gaz)
        if user_file is not None:
            catalog._read_user(Path(user_file))
        return catalog

    # -- user file ------------------------------------------------------------
    def _read_user(self, path: Path) -> None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            raise ValueError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)}); fix the syntax") from exc
        except OSError as exc:
            raise ValueError(f"{path}: cannot read entities file ({exc})") from exc
        if not isinstance(data, dict):
            raise ValueError(f"{path}:1: expected a mapping with keys {', '.join(USER_KEYS)}")
        lines = _key_lines(path)
        for key in data:
            if key not in USER_KEYS:
                raise ValueError(f"{path}:{lines.get(key, 1)}: unknown key {key!r}; allowed keys are {', '.join(USER_KEYS)}")
        at = lambda key: f"{path}:{lines.get(key, 1)}"  # noqa: E731
        self._read_aliases(data.get("aliases") or {}, at("aliases"))
        self._read_merge(data.get("merge") or {}, at("merge"))
        self._read_types(data.get("types") or {}, at("types"))
        ignore = data.get("ignore") or []
        if not isinstance(ignore, list) or not all(isinstance(x, str) for x in ignore):
            raise ValueError(f"{at('ignore')}: 'ignore' must be a list of names")
        self.ignored |= {_key(x) for x in ignore}

    def _read_aliases(self, aliases, where: str) -> None:
        if not isinstance(aliases, dict):
            raise ValueError(f"{where}: 'aliases' must map a canonical name to a list of aliases")
        for canonical, names in aliases.items():
            if isinstance(names, str):
                names = [names]
            if not isinstance(names, list) or not all(isinstance(n, (str, int)) for n in names):
                raise ValueError(f"{where}: aliases of {canonical!r} must be a list of names")
            for name in [canonical, *names]:
                self.alias_to[_key(name)] = str(canonical)

    def _read_merge(self, merge, where: str) -> None:
        if not isinstance(merge, dict) or not all(isinstance(v, str) for v in merge.values()):
            raise ValueError(f"{where}: 'merge' must map a name to the canonical it folds into")
        for name, target in merge.items():
            self.alias_to[_key(name)] = self.alias_to.get(_key(target), target)

    def _read_types(self, types, where: str) -> None:
        if not isinstance(types, dict):
            raise ValueError(f"{where}: 'types' must map a name to one of {', '.join(ENTITY_TYPES)}")
        for name, etype in types.items():
            if etype not in ENTITY_TYPES:
                raise ValueError(f"{where}: type of {name!r} is {etype!r}; use one of {', '.join(ENTITY_TYPES)}")
            self.type_of[_key(name)] = etype

    # -- use ------------------------------------------------------------------
    def canonical_name(self, name: str, etype: str | None = None) -> str | None:
        """The canonical of a name from the user file or the gazetteers."""
        user = self.alias_to.get(_key(name))
        if user:
            return user
        if self.builtin is None:
            return None
        if etype is not None:  # "Kremlin" as a place is "Kremlin Moskow"
            return self.builtin.canonical_as(name, etype)
        known = self.builtin.lookup(name)
        return known[1] if known else None

    def canonicalize(self, mentions: list[EntityMention]) -> list[EntityMention]:
        out = []
        type_of, ignored = self.type_of, self.ignored
        for m in mentions:
            text_key = _key(m.text)
            etype = (type_of.get(text_key) or type_of.get(_key(m.canonical)) or m.type) if type_of else m.type
            canonical = (self.canonical_name(m.text, etype) or self.canonical_name(m.canonical, etype)
                         or m.canonical)
            canonical = self.alias_to.get(_key(canonical), canonical)  # follow one merge hop
            if type_of:
                etype = type_of.get(_key(canonical), etype)
            if ignored and (text_key in ignored or _key(canonical) in ignored):
                continue
            out.append(EntityMention(m.text, etype, m.start, m.end, canonical))
        return out


def _key_lines(path: Path) -> dict[str, int]:
    """Line of each top-level key, for error messages."""
    lines = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line and not line[0].isspace() and ":" in line and not line.startswith("#"):
            lines.setdefault(line.split(":", 1)[0].strip().strip("'\""), n)
    return lines
