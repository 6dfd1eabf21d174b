"""Archive-wide entity names: one entity, one canonical name across all articles.

Within an article the recognizer already points "Putin" back to "Vladimir Putin"
when the full name came first. An article that only ever says "Putin" is linked
here, when exactly one full person name in the archive ends or starts with it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from ..records import TaggedArticle


def unify_person_names(tagged: list[TaggedArticle]) -> list[TaggedArticle]:
    full_names = _full_person_names(tagged)
    short_to_full: dict[str, set[str]] = defaultdict(set)
    for name in full_names:
        words = name.split()
        short_to_full[words[-1]].add(name)
        short_to_full[words[0]].add(name)
    mapping = {short: next(iter(names)) for short, names in short_to_full.items() if len(names) == 1}
    return [_apply(item, mapping) for item in tagged]


def _full_person_names(tagged: list[TaggedArticle]) -> set[str]:
    return {
        m.canonical for item in tagged for m in item.entities if m.type == "person" and len(m.canonical.split()) > 1
    }


def _apply(item: TaggedArticle, mapping: dict[str, str]) -> TaggedArticle:
    changed = [
        replace(m, canonical=mapping[m.canonical])
        if m.type == "person" and " " not in m.canonical and m.canonical in mapping
        else m
        for m in item.entities
    ]
    return replace(item, entities=changed)
