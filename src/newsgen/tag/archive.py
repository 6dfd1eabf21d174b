"""Archive-wide entity names: one entity, one canonical name across all articles.

Within an article the recognizer already points "Putin" back to "Vladimir Putin"
when the full name came first. An article that only ever says "Putin" is linked
here, when exactly one full person name in the archive ends or starts with it.
The names are read from each article's tally; the mentions of an article that is
renamed are changed when they are first read.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from functools import partial
from itertools import chain

from ..records import EntityMention, Tally, TaggedArticle, tally_counts, tally_of, tally_surfaces


def unify_person_names(tagged: list[TaggedArticle]) -> list[TaggedArticle]:
    tallies = [tally_of(item) for item in tagged]
    short_to_full: dict[str, set[str]] = defaultdict(set)
    for name in _full_person_names(tallies):
        words = name.split()
        short_to_full[words[-1]].add(name)
        short_to_full[words[0]].add(name)
    mapping = {short: next(iter(names)) for short, names in short_to_full.items() if len(names) == 1}
    return [_apply(item, tally, mapping) for item, tally in zip(tagged, tallies)]


def _full_person_names(tallies: list[Tally]) -> set[str]:
    return {name for tally in tallies for name, kind in tally[0][0::2] if kind == "person" and len(name.split()) > 1}


def _apply(item: TaggedArticle, tally: Tally, mapping: dict[str, str]) -> TaggedArticle:
    renames = {name: mapping[name] for name, kind in tally[0][0::2]
               if kind == "person" and " " not in name and name in mapping}
    if not renames:
        return item if item.tally is not None else replace(item, tally=tally)
    # the version hashes the findings' key, not the mentions: the renames are part of it
    key = item.findings_key and f"{item.findings_key}\0{sorted(renames.items())!r}"
    return item.with_entities(partial(_renamed, renames), _renamed_tally(tally, renames), key)


def _renamed(renames: dict[str, str], entities: list[EntityMention]) -> list[EntityMention]:
    return [replace(m, canonical=renames[m.canonical]) if m.type == "person" and m.canonical in renames else m
            for m in entities]


def _renamed_tally(tally: Tally, renames: dict[str, str]) -> Tally:
    """The tally of the renamed mentions: entities that became one add up, in the order of first mention."""
    def key_of(key: tuple[str, str]) -> tuple[str, str]:
        return (renames[key[0]], key[1]) if key[1] == "person" and key[0] in renames else key

    counts: Counter = Counter()
    surfaces: Counter = Counter()
    for key, n in tally_counts(tally):
        counts[key_of(key)] += n
    for (key, text), n in tally_surfaces(tally):
        surfaces[key_of(key), text] += n
    return tuple(chain.from_iterable(counts.items())), tuple(chain.from_iterable(surfaces.items()))
