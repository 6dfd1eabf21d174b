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
from collections.abc import Container
from typing import NamedTuple


from newsgen.data_files import read_yaml
from newsgen.tag.tokenize import tokenize

GAZETTEER_FILES = {"place": ("places.yaml", "places-id-regions.yaml"), "organization": ("organizations.yaml",),
                   "event": ("events.yaml",)}
SEATS_FILE = "seats.yaml"
TWINS_FILE = "regency-twins.yaml"
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
    # canonicals of places a regency and a city share: "Kabupaten X" of those is not X
    regency_twins: frozenset[str] = frozenset()
    _lookups: dict[str, tuple[str, str] | None] = field(default_factory=dict, repr=False)
    _keys: dict[str, str] = field(default_factory=dict, repr=False)

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
        index = self.index
        out, free = [], 0  # free: the first token no match covers
        for i in [i for i, w in enumerate(folded) if w in index]:  # most words begin no name
            if i >= free:
                entry = self.match_at(words, folded, i)
                if entry:
                    out.append((i, i + len(entry.keys), entry))
                    free = i + len(entry.keys)
        return out

    def lookup(self, name: str) -> tuple[str, str] | None:
        """(type, canonical) for a whole name, or None (memoised: the
        recognizer asks about the same words again and again)."""
        try:
            return self._lookups[name]
        except KeyError:
            pass
        key = self._key(name)
        etype = self.type_of.get(key)
        got = self._lookups[name] = (etype, self.canonical_of[(key, etype)]) if etype else None
        return got

    def canonical_as(self, name: str, etype: str) -> str | None:
        """The canonical of a name used as the given type ("Kremlin" as a
        place is "Kremlin Moskow"), or None."""
        return self.canonical_of.get((self._key(name), etype))

    def _key(self, name: str) -> str:
        """A name as the index keys it: casefolded tokens (memoised, tokenizing is slow)."""
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = " ".join(t.text.casefold() for t in tokenize(name))
        return key


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
    admin_heads: dict[str, str]  # a word naming a known place with it -> the head its canonical takes ("" none)
    event_fixed: dict
    event_patterns: list[dict]
    event_joiners: frozenset[str]


@lru_cache(maxsize=4)
def load_resources(language: str = "id") -> tuple[Gazetteer, LangData]:
    gaz = Gazetteer()
    events = {}
    for etype, fnames in GAZETTEER_FILES.items():
        for fname in fnames:
            data = read_yaml(data_text("ner", fname))
            if etype == "event":
                events = data
                gaz.add_table(data.get("fixed") or {}, "event")
                continue
            for table in data.values():
                gaz.add_table(table, etype)
    gaz.add_seats(read_yaml(data_text("ner", SEATS_FILE)).get("seats") or {})
    twins = read_yaml(data_text("ner", TWINS_FILE)).get("twins") or []
    gaz.regency_twins = frozenset((gaz.lookup(name) or (None, name))[1] for name in twins)
    lang = read_yaml(data_text("lang", ner_language(language), "ner.yaml"))
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
        admin_heads={str(k): str(v or "") for k, v in (lang.get("admin_heads") or {}).items()},
        event_fixed=events.get("fixed") or {},
        event_patterns=events.get("patterns") or [],
        event_joiners=frozenset(events.get("joiners") or []),
    )
    return gaz, data


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) token spans; a stray I- opens a new span."""
    if tags.count("O") == len(tags):
        return []  # most sentences: counted in C, not looped over
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


class WordFeatures(NamedTuple):
    """Everything about one word the CRF features need, computed once per distinct word."""

    own: list[bytes]
    at_minus2: list[bytes]  # its features as the token two before another
    at_minus1: list[bytes]
    at_plus1: list[bytes]
    at_plus2: list[bytes]
    folded: str  # "" for the padding beyond the sentence
    key: bytes  # folded, encoded: one half of a word bigram
    next_in_b_minus1: Container[str]  # folded words w with a weighted "b-1=<this>|w"
    next_in_b_plus1: Container[str]  # folded words w with a weighted "b+1=<this>|w"
    cue_left: bytes | None  # "cL=<cue class>": the cue is left of the token that gets it
    cue_right: bytes | None
    capitalised: bool
    lower: bool


class _AnyWord:
    """Every word (not the padding): without a model every bigram is a feature."""

    def __contains__(self, word: object) -> bool:
        return bool(word)


_NO_WORDS: frozenset[str] = frozenset()


class FeatureExtractor:
    """Per-token CRF features: word identity, shapes, affixes, cue classes,
    neighbours +-2, the word bigrams with each adjacent word (bigrams of the
    outer neighbours were tried and cost dev F1), cue words within 3 tokens, sentence
    position, BIO gazetteer membership and (when given) the training
    lexicon: the entity type a word mostly has in the training split.

    Everything that depends on one word only is cached per distinct word
    (own features, "as a neighbour" features), so a sentence costs a few
    list concatenations and one lookup per word bigram. Attributes are
    UTF-8 bytes, which crfsuite takes as they are (a str is encoded on
    every call).

    With `known` (the attributes a trained model has weights for) every
    other attribute is left out: crfsuite would ignore it, but only after
    converting and looking it up, which is most of the tagging time. The
    features are then exactly the full ones minus the unknown ones, in the
    same order, so the model's scores are the same. Training passes no
    `known` and gets every attribute.
    """

    CUE_WINDOW = 3

    def __init__(self, gaz: Gazetteer, lang: LangData, lexicon: dict[str, str] | None = None,
                 known: frozenset[str] | None = None):
        self.gaz, self.lang = gaz, lang
        self.lexicon = lexicon or {}
        self.known = known
        self._words: dict[str, WordFeatures] = {}
        self._gaz_tags: dict[tuple[bool, str, bool], tuple[list[bytes], bytes | None, bytes | None]] = {}
        # word bigrams the model knows, as left word -> right words: a pair is
        # tested without building its attribute string
        self._bigrams_before = self._known_bigrams("b-1=")
        self._bigrams_after = self._known_bigrams("b+1=")
        # Padding beyond each end of a sentence, two tokens each side, as
        # neighbours: their features are the sentence-position ones ("BOS"
        # for the first token, "pos1" for the second, "EOS" for the last).
        none, bos, pos1, eos = [], self._kept(["BOS"]), self._kept(["pos1"]), self._kept(["EOS"])
        self._before_start = (self._padding(none, none, none, none), self._padding(pos1, bos, none, none))
        self._after_end = (self._padding(none, none, eos, none), self._padding(none, none, none, none))
        self._cap_after_lower = self._kept(["cap_after_lower"])

    @staticmethod
    def _padding(*as_neighbour: list[bytes]) -> WordFeatures:
        return WordFeatures([], *as_neighbour, "", b"", _NO_WORDS, _NO_WORDS, None, None, False, False)

    def _keeps(self, attribute: str) -> bool:
        return self.known is None or attribute in self.known

    def _kept(self, attributes: list[str]) -> list[bytes]:
        return [a.encode() for a in attributes if self.known is None or a in self.known]

    def _known_bigrams(self, prefix: str) -> dict[str, frozenset[str]]:
        pairs: dict[str, set[str]] = {}
        for attribute in self.known or ():
            if attribute.startswith(prefix):
                rest = attribute[len(prefix):]
                # every "|" could be the separator (a "|" token is a word too);
                # no word is empty (the padding's folded is "")
                for k, ch in enumerate(rest):
                    if ch == "|" and 0 < k < len(rest) - 1:
                        pairs.setdefault(rest[:k], set()).add(rest[k + 1:])
        return {left: frozenset(rights) for left, rights in pairs.items()}

    def _word_type(self, word: str) -> str | None:
        entry = self.gaz.index.get(word.casefold())
        for e in entry or ():
            if len(e.keys) == 1 and (e.exact is None or e.exact[0] == word):
                return e.type
        return None

    def _cue(self, word: str, low: str) -> str | None:
        return self.lang.cue_class.get(word) or self.lang.cue_class.get(low)

    def _known_word(self, word: str, low: str) -> list[str]:
        """What the language data says of the word: a cue class, a gazetteer type, a lexicon class (in that order)."""
        found = []
        if cue := self._cue(word, low):
            found.append("cue=" + cue)
        if word_type := self._word_type(word):
            found.append("gw=" + word_type)
        if lexical := self.lexicon.get(low):
            found.append("lx=" + lexical)
        return found

    def own(self, word: str) -> list[bytes]:
        return self._word(word).own

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
        f += self._known_word(word, low)
        if "-" in word.strip("-"):
            for k, part in enumerate(word.split("-")[:2]):
                pt = self._word_type(part)
                f.append(f"hy{k}={pt or shape(part)}")
        if word in self.lang.stop_caps:
            f.append("stopcap")
        return f

    def _compute_neighbour(self, word: str) -> tuple[list[str], ...]:
        low = word.casefold()
        base = ["w=" + low, "sh=" + shape(word), *self._known_word(word, low)]
        return tuple([f"{o}{x}" for x in base] for o in ("-2", "-1", "+1", "+2"))

    def _word(self, word: str) -> WordFeatures:
        got = self._words.get(word)
        if got is None:
            got = self._words[word] = self._compute_word(word)
        return got

    def _compute_word(self, word: str) -> WordFeatures:
        low = word.casefold()
        cue = self._cue(word, low)
        left, right = ("cL=" + cue, "cR=" + cue) if cue else (None, None)
        every = _AnyWord() if self.known is None else None
        return WordFeatures(
            self._kept(self._compute_own(word)),
            *(self._kept(nb) for nb in self._compute_neighbour(word)),
            low,
            low.encode(),
            every or self._bigrams_before.get(low, _NO_WORDS),
            every or self._bigrams_after.get(low, _NO_WORDS),
            left.encode() if left and self._keeps(left) else None,
            right.encode() if right and self._keeps(right) else None,
            word[:1].isupper(),
            word[:1].islower(),
        )

    def _gaz_tag(self, begins: bool, etype: str, capitalised: bool) -> tuple[list[bytes], bytes | None, bytes | None]:
        """Gazetteer features of a token in a match: its own, its left
        neighbour's and its right neighbour's (None when left out)."""
        key = (begins, etype, capitalised)
        got = self._gaz_tags.get(key)
        if got is None:
            tag = ("gB=" if begins else "gI=") + etype
            before, after = self._kept(["+1" + tag]), self._kept(["-1" + tag])
            got = self._gaz_tags[key] = (self._kept([tag, tag + ("|T" if capitalised else "|l")]),
                                         before[0] if before else None, after[0] if after else None)
        return got

    def _extra(self, ws: list[WordFeatures], words: list[str], gaz_matches: list | None) -> dict[int, list[bytes]]:
        """Cue-window and gazetteer features by token index (most tokens have none)."""
        n = len(ws)
        extra: dict[int, list[bytes]] = {}
        win = self.CUE_WINDOW
        for k in [k for k, x in enumerate(ws) if x.cue_left is not None or x.cue_right is not None]:
            x = ws[k]
            if x.cue_left is not None:
                for i in range(k + 1, min(n, k + win + 1)):
                    extra.setdefault(i, []).append(x.cue_left)  # the cue is on i's left
            if x.cue_right is not None:
                for i in range(max(0, k - win), k):
                    extra.setdefault(i, []).append(x.cue_right)
        for s, e, entry in (self.gaz.matches(words) if gaz_matches is None else gaz_matches):
            for k in range(s, e):
                own, before, after = self._gaz_tag(k == s, entry.type, ws[k].capitalised)
                extra.setdefault(k, []).extend(own)
                if k > 0 and before:
                    extra.setdefault(k - 1, []).append(before)
                if k + 1 < n and after:
                    extra.setdefault(k + 1, []).append(after)
        return extra

    def sentence(self, words: list[str], gaz_matches: list | None = None) -> list[list[bytes]]:
        get, new = self._words.get, self._word
        ws = [get(w) or new(w) for w in words]
        extra = self._extra(ws, words, gaz_matches)
        cap_after_lower = self._cap_after_lower
        padded = [*self._before_start, *ws, *self._after_end]  # the padding has no bigrams and is not lower
        out = []
        for i, (p2, p, x, n1, n2) in enumerate(zip(padded, padded[1:], ws, padded[3:], padded[4:])):
            f = x.own + p.at_minus1
            if x.folded in p.next_in_b_minus1:
                f.append(b"b-1=" + p.key + b"|" + x.key)
            if x.capitalised and p.lower:
                f += cap_after_lower
            f += p2.at_minus2
            f += n1.at_plus1
            if n1.folded in x.next_in_b_plus1:
                f.append(b"b+1=" + x.key + b"|" + n1.key)
            f += n2.at_plus2
            if i in extra:
                f += extra[i]
            out.append(f)
        return out
