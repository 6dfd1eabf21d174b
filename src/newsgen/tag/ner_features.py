"""Gazetteers, language data and CRF features for the entity tagger.

All language knowledge comes from YAML under newsgen/data/ (ner/*.yaml and
lang/<language>/ner.yaml); this module only knows how to use it. Features
are built from per-word caches so tagging stays fast: a word's own features
and its "as a neighbour" features are computed once per distinct word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import yaml

from newsgen.tag.tokenize import tokenize

GAZETTEER_FILES = {"place": "places.yaml", "organization": "organizations.yaml", "event": "events.yaml"}
SEATS_FILE = "seats.yaml"
_DIGITS = re.compile(r"\d")


def data_text(*parts: str) -> str:
    return resources.files("newsgen").joinpath("data", *parts).read_text(encoding="utf-8")


def ner_language(language: str) -> str:
    """The language whose NER data to use: its own when shipped, else Indonesian (the trained model's)."""
    return language if resources.files("newsgen").joinpath("data", "lang", language, "ner.yaml").is_file() else "id"


class Entry(NamedTuple):
    keys: tuple[str, ...]  # casefolded tokens
    exact: tuple[str, ...] | None  # original tokens when case must match (acronyms)
    type: str
    canonical: str


def _needs_exact(tokens: list[str]) -> bool:
    # Acronyms and short names ("AS", "UE", "RI") are ordinary words in
    # lower case, so they only match with their exact capitalisation.
    return any(len(t) <= 3 or (t.isupper() and len(t) <= 6) for t in tokens)


@dataclass
class Gazetteer:
    """Longest-match lookup of names (canonical + aliases) over tokens."""

    index: dict[str, list[Entry]] = field(default_factory=dict)
    canonical_of: dict[tuple[str, str], str] = field(default_factory=dict)  # (casefold name, type) -> canonical
    type_of: dict[str, str] = field(default_factory=dict)  # casefold name -> type
    # seat of government (organization canonical) -> canonical of its place use
    seat_place: dict[str, str] = field(default_factory=dict)
    _lookups: dict[str, tuple[str, str] | None] = field(default_factory=dict, repr=False)

    def add(self, name: str, etype: str, canonical: str) -> None:
        self._lookups.clear()
        tokens = [t.text for t in tokenize(name)]
        if not tokens:
            return
        keys = tuple(t.casefold() for t in tokens)
        entry = Entry(keys, tuple(tokens) if _needs_exact(tokens) else None, etype, canonical)
        bucket = self.index.setdefault(keys[0], [])
        bucket.append(entry)
        bucket.sort(key=lambda e: -len(e.keys))
        self.canonical_of.setdefault((" ".join(keys), etype), canonical)
        self.type_of.setdefault(" ".join(keys), etype)

    def add_table(self, table: dict, etype: str) -> None:
        for canonical, aliases in table.items():
            for name in [canonical, *(aliases or [])]:
                self.add(str(name), etype, str(canonical))

    def add_seats(self, seats: dict) -> None:
        """Seats of government: organizations by default, with the canonical
        their place use gets ("di Kremlin" -> "Kremlin Moskow")."""
        for canonical, info in seats.items():
            info = info or {}
            names = [canonical, *(info.get("aliases") or [])]
            place = str(info.get("place") or canonical)
            for name in names:
                self.add(str(name), "organization", str(canonical))
                self.canonical_of.setdefault((" ".join(t.text.casefold() for t in tokenize(str(name))), "place"),
                                             place)
            self.canonical_of.setdefault((" ".join(t.text.casefold() for t in tokenize(place)), "place"), place)
            self.seat_place[str(canonical)] = place

    def match_at(self, words: list[str], folded: list[str], i: int) -> Entry | None:
        """The longest entry starting at token i, or None."""
        first = words[i]
        if not (first[:1].isupper() or first[:1].isdigit()):
            return None
        for entry in self.index.get(folded[i], ()):
            n = len(entry.keys)
            if tuple(folded[i:i + n]) != entry.keys:
                continue
            if entry.exact is not None and tuple(words[i:i + n]) != entry.exact:
                continue
            return entry
        return None

    def matches(self, words: list[str]) -> list[tuple[int, int, Entry]]:
        folded = [w.casefold() for w in words]
        out, i = [], 0
        while i < len(words):
            entry = self.match_at(words, folded, i)
            if entry:
                out.append((i, i + len(entry.keys), entry))
                i += len(entry.keys)
            else:
                i += 1
        return out

    def lookup(self, name: str) -> tuple[str, str] | None:
        """(type, canonical) for a whole name, or None (memoised: the
        recognizer asks about the same words again and again)."""
        try:
            return self._lookups[name]
        except KeyError:
            pass
        key = " ".join(t.text.casefold() for t in tokenize(name))
        etype = self.type_of.get(key)
        got = self._lookups[name] = (etype, self.canonical_of[(key, etype)]) if etype else None
        return got

    def canonical_as(self, name: str, etype: str) -> str | None:
        """The canonical of a name used as the given type ("Kremlin" as a
        place is "Kremlin Moskow"), or None."""
        return self.canonical_of.get((" ".join(t.text.casefold() for t in tokenize(name)), etype))


@dataclass
class LangData:
    titles: list[tuple[str, ...]]
    locative_preps: list[tuple[str, ...]]  # casefolded, longest first
    person_cues: frozenset[str]  # casefolded words that announce a person (role words)
    clitics: frozenset[str]
    cue_class: dict[str, str]
    org_heads: frozenset[str]
    org_pattern_heads: list[tuple[str, ...]]
    org_lower_tail: tuple[tuple[str, ...], ...]  # lower-case word sequences, longest first
    stop_caps: frozenset[str]
    standalone_regions: frozenset[str]
    not_alone: frozenset[str]
    place_heads: frozenset[str]  # words that begin the name of a road, building or landform
    event_fixed: dict
    event_patterns: list[dict]
    event_joiners: frozenset[str]


@lru_cache(maxsize=4)
def load_resources(language: str = "id") -> tuple[Gazetteer, LangData]:
    gaz = Gazetteer()
    events = {}
    for etype, fname in GAZETTEER_FILES.items():
        data = yaml.safe_load(data_text("ner", fname))
        if etype == "event":
            events = data
            gaz.add_table(data.get("fixed") or {}, "event")
            continue
        for table in data.values():
            gaz.add_table(table, etype)
    gaz.add_seats(yaml.safe_load(data_text("ner", SEATS_FILE)).get("seats") or {})
    lang = yaml.safe_load(data_text("lang", ner_language(language), "ner.yaml"))
    cue_class = {}
    for cls, words in lang["cues"].items():
        for w in words:
            cue_class.setdefault(w if cls == "org_head" else w.casefold(), cls)
    for t in lang["titles"]:
        cue_class.setdefault(t, "title")
        cue_class.setdefault(t.casefold(), "title")
    titles = sorted({tuple(t.split()) for t in lang["titles"]}, key=lambda t: -len(t))
    data = LangData(
        titles=titles,
        locative_preps=sorted({tuple(p.casefold().split()) for p in lang["locative_preps"]}, key=lambda p: -len(p)),
        person_cues=frozenset(w.casefold() for w in lang["cues"]["person_role"]),
        clitics=frozenset(lang["clitics"]),
        cue_class=cue_class,
        org_heads=frozenset(lang["cues"]["org_head"]),
        org_pattern_heads=sorted({tuple(h.split()) for h in lang["org_pattern_heads"]}, key=lambda h: -len(h)),
        org_lower_tail=tuple(sorted({tuple(p.casefold().split()) for p in lang["org_lower_tail"]}, key=lambda p: -len(p))),
        stop_caps=frozenset(lang["stop_caps"]) | frozenset(lang.get("document_heads") or []),
        standalone_regions=frozenset(lang["standalone_regions"]),
        not_alone=frozenset(lang.get("not_alone") or []),
        place_heads=frozenset(lang.get("place_heads") or []),
        event_fixed=events.get("fixed") or {},
        event_patterns=events.get("patterns") or [],
        event_joiners=frozenset(events.get("joiners") or []),
    )
    return gaz, data


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) token spans; a stray I- opens a new span."""
    spans, start, cur = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        kind = tag[2:] if tag != "O" else None
        if start is not None and (tag == "O" or tag.startswith("B-") or kind != cur):
            spans.append((start, i, cur))
            start, cur = None, None
        if kind and start is None:
            start, cur = i, kind
    return spans


def shape(word: str) -> str:
    """Compressed word shape: "Jokowi" -> "Xx", "PDI-P" -> "X-X", "2014" -> "d"."""
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


def long_shape(word: str) -> str:
    """Uncompressed shape of the first 8 characters: "Jokowi" -> "Xxxxxx"."""
    return "".join("X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
                   for ch in word[:8])


class FeatureExtractor:
    """Per-token CRF features: word identity, shapes, affixes, cue classes,
    neighbours +-2, the word bigrams with each adjacent word (bigrams of the
    outer neighbours were tried and cost dev F1), cue words within 3 tokens, sentence
    position, BIO gazetteer membership and (when given) the training
    lexicon: the entity type a word mostly has in the training split.

    Everything that depends on one word only is cached per distinct word
    (own features, "as a neighbour" features), so a sentence costs a few
    list concatenations and one string per word bigram.
    """

    CUE_WINDOW = 3

    def __init__(self, gaz: Gazetteer, lang: LangData, lexicon: dict[str, str] | None = None):
        self.gaz, self.lang = gaz, lang
        self.lexicon = lexicon or {}
        self._own: dict[str, list[str]] = {}
        self._nb: dict[str, tuple[list[str], ...]] = {}
        self._info: dict[str, tuple[str, str | None, bool, bool]] = {}
        self._words: dict[str, tuple] = {}

    def _word_type(self, word: str) -> str | None:
        entry = self.gaz.index.get(word.casefold())
        for e in entry or ():
            if len(e.keys) == 1 and (e.exact is None or e.exact[0] == word):
                return e.type
        return None

    def _cue(self, word: str, low: str) -> str | None:
        return self.lang.cue_class.get(word) or self.lang.cue_class.get(low)

    def info(self, word: str) -> tuple[str, str | None, bool, bool]:
        """(casefolded, cue class, capitalised, lower-case) of a word."""
        got = self._info.get(word)
        if got is None:
            low = word.casefold()
            got = self._info[word] = (low, self._cue(word, low), word[:1].isupper(), word[:1].islower())
        return got

    def own(self, word: str) -> list[str]:
        feats = self._own.get(word)
        if feats is None:
            feats = self._own[word] = self._compute_own(word)
        return feats

    def _compute_own(self, word: str) -> list[str]:
        low = word.casefold()
        f = ["b", "w=" + low, "sh=" + shape(word), "ls=" + long_shape(word),
             "p1=" + low[:1], "p2=" + low[:2], "p3=" + low[:3], "p4=" + low[:4],
             "s1=" + low[-1:], "s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:]]
        if word[:1].isupper():
            if not word.isupper():
                f.append("title")
            elif len(word) > 1 and word.isalpha():
                f.append("acronym")
            else:
                f.append("allcaps")
        if len(word) <= 2:
            f.append("short")
        if _DIGITS.search(word):
            f.append("digit")
        cue = self._cue(word, low)
        if cue:
            f.append("cue=" + cue)
        wt = self._word_type(word)
        if wt:
            f.append("gw=" + wt)
        lx = self.lexicon.get(low)
        if lx:
            f.append("lx=" + lx)
        if "-" in word.strip("-"):
            for k, part in enumerate(word.split("-")[:2]):
                pt = self._word_type(part)
                f.append(f"hy{k}={pt or shape(part)}")
        if word in self.lang.stop_caps:
            f.append("stopcap")
        return f

    def neighbour(self, word: str) -> tuple[list[str], ...]:
        nb = self._nb.get(word)
        if nb is None:
            low = word.casefold()
            cue = self._cue(word, low)
            base = ["w=" + low, "sh=" + shape(word)] + (["cue=" + cue] if cue else [])
            wt = self._word_type(word)
            if wt:
                base.append("gw=" + wt)
            lx = self.lexicon.get(low)
            if lx:
                base.append("lx=" + lx)
            nb = self._nb[word] = tuple([f"{o}{x}" for x in base] for o in ("-2", "-1", "+1", "+2"))
        return nb

    def _word(self, word: str) -> tuple:
        """Everything about one word, cached: (own features, neighbour
        features by offset, casefolded, "cL=" and "cR=" cue features or
        None, capitalised, lower-case)."""
        got = self._words.get(word)
        if got is None:
            low, cue, cap, lower = self.info(word)
            got = self._words[word] = (self.own(word), self.neighbour(word), low,
                                       ("cL=" + cue, "cR=" + cue) if cue else None, cap, lower)
        return got

    def sentence(self, words: list[str], gaz_matches: list | None = None) -> list[list[str]]:
        n = len(words)
        ws = [self._word(w) for w in words]
        extra: list[list[str]] = [[] for _ in range(n)]  # cue-window and gazetteer features
        win = self.CUE_WINDOW
        for k, x in enumerate(ws):
            if x[3] is not None:
                left, right = x[3]
                for i in range(k + 1, min(n, k + win + 1)):
                    extra[i].append(left)  # the cue is on i's left
                for i in range(max(0, k - win), k):
                    extra[i].append(right)
        for s, e, entry in (self.gaz.matches(words) if gaz_matches is None else gaz_matches):
            for k in range(s, e):
                tag = ("gB=" if k == s else "gI=") + entry.type
                extra[k] += (tag, tag + ("|T" if ws[k][4] else "|l"))
                if k > 0:
                    extra[k - 1].append("+1" + tag)
                if k + 1 < n:
                    extra[k + 1].append("-1" + tag)
        out = []
        last = n - 1
        for i in range(n):
            x = ws[i]
            f = list(x[0])
            if i == 0:
                f.append("BOS")
            else:
                p = ws[i - 1]
                f += p[1][1]
                f.append("b-1=" + p[2] + "|" + x[2])
                if x[4] and p[5]:
                    f.append("cap_after_lower")
                if i > 1:
                    f += ws[i - 2][1][0]
                else:
                    f.append("pos1")
            if i < last:
                f += ws[i + 1][1][2]
                f.append("b+1=" + x[2] + "|" + ws[i + 1][2])
                if i + 1 < last:
                    f += ws[i + 2][1][3]
            else:
                f.append("EOS")
            f += extra[i]
            out.append(f)
        return out
