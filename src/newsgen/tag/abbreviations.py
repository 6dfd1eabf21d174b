"""Abbreviations an article defines: "Federasi Serikat Guru Indonesia (FSGI)".

News spells a name out once with its short form in brackets, then uses the short
form. Within that article the short form is the same entity: its mentions take
the full name's type and canonical. (Its untagged occurrences are not added: on
the dev split that repeated the full name's tagging errors, "PRP" for "Platelet
Rich Plasma", and lowered precision.)
"""

from __future__ import annotations

import re

from newsgen.records import EntityMention

# "(FSGI)", "( BMKG )", "(Bawaslu)": one capitalised word, letters, digits and hyphens
_BRACKETED = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9-]{1,15})\s*\)")


def defined_abbreviations(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """`mentions` with every defined short form's mentions joined to its full name."""
    defined: dict[str, EntityMention] = {}
    for m in mentions:
        bracket = _BRACKETED.match(text, m.end)
        if bracket and " " in m.text and _abbreviates(bracket.group(1), m.text):
            defined.setdefault(bracket.group(1), m)
    if not defined:
        return mentions
    for m in mentions:
        full = defined.get(m.text)
        if full is not None:
            m.type, m.canonical = full.type, full.canonical
    return mentions


def _abbreviates(short: str, name: str) -> bool:
    """The short form's letters, in order, within the name, from its first letter on:
    initials ("KPU"), syllables ("Bawaslu") or a mix ("Kemendikbud")."""
    letters, name = short.replace("-", "").casefold(), name.casefold()
    if len(letters) < 2 or not name.startswith(letters[0]) or letters == name.replace(" ", ""):
        return False
    at = 0
    for letter in letters:
        at = name.find(letter, at)
        if at < 0:
            return False
        at += 1
    return True
