"""Entity recognition for Indonesian news: person, organization, place, event.

A CRF (python-crfsuite, trained on idner-news-2k, see scripts/train_ner.py)
proposes PER/ORG/LOC spans; general-knowledge gazetteers and cue-word
patterns (newsgen/data/ner/*.yaml, newsgen/data/lang/<lang>/ner.yaml)
propose places, organisations and named events. The longest candidate wins,
so spans are flat and non-overlapping. Seats of government (ner/seats.yaml:
Kremlin, Gedung Putih, Pentagon) are organizations, or places right after a
locative preposition ("di Kremlin"). Before that, CRF spans lose the words
that complete a title begun before them ("Menteri | Luar Negeri Rusia ..."),
and a non-person span after a title or role word that is a known name plus
a person-like rest ("juru bicara | Kremlin Dmitry Peskov") is split. Then
titles and clitics are stripped,
hyphenated pairs ("China-Rusia") are split, and each mention gets a
canonical name: the gazetteer's, or for a one-word person the earlier full
name it shortens ("Putin" -> "Vladimir Putin").
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import pycrfsuite

from newsgen.records import EntityMention
from newsgen.tag.abbreviations import defined_abbreviations
from newsgen.tag.ner_features import FeatureExtractor, Gazetteer, LangData, bio_spans, load_resources
from newsgen.tag.tokenize import Token, sentences

CRF_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}
# Candidate sources; on equal length the lower rank wins.
RANK_GAZ, RANK_PATTERN, RANK_CRF = 0, 1, 2


MAX_NAME_EXTENSION = 3  # words a re-found first name may take after it


class Span(NamedTuple):
    start: int  # token index
    end: int
    type: str
    canonical: str | None
    rank: int


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isupper() for c in word))


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and word[:2] in ("19", "20")


class EntityRecognizer:
    def __init__(self, tagger: pycrfsuite.Tagger, gaz: Gazetteer, lang: LangData):
        self.tagger, self.gaz, self.lang = tagger, gaz, lang
        self.fx = FeatureExtractor(gaz, lang, known=weighted_attributes(tagger))
        # Pattern heads indexed by first word: one dict lookup per token.
        self._org_heads: dict[str, list[tuple[str, ...]]] = {}
        for head in lang.org_pattern_heads:
            self._org_heads.setdefault(head[0], []).append(head)
        self._event_heads: dict[str, list[tuple[tuple[str, ...], dict]]] = {}
        for rule in lang.event_patterns:
            for head in rule["_heads"]:
                self._event_heads.setdefault(head[0], []).append((head, rule))
        # Titles indexed for the per-span checks: by first word, by last
        # word, and split in two (prefix before a span, rest opening it)
        # indexed by the rest's first word.
        self._titles_by_first: dict[str, list[tuple[str, ...]]] = {}
        self._titles_by_last: dict[str, list[tuple[str, ...]]] = {}
        self._title_splits: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        self._one_word_titles = frozenset(t[0] for t in lang.titles if len(t) == 1)  # a set: asked per word
        for title in lang.titles:  # longest first
            self._titles_by_first.setdefault(title[0], []).append(title)
            self._titles_by_last.setdefault(title[-1], []).append(title)
            for j in range(1, len(title)):
                self._title_splits.setdefault(title[j], []).append((title[:j], title[j:]))
        for table in (*self._org_heads.values(), *self._event_heads.values()):
            table.sort(key=lambda h: -len(h[0]) if isinstance(h[0], tuple) else -len(h))

    @classmethod
    def load(cls, language: str = "id") -> "EntityRecognizer":
        return _load(language)

    def recognize(self, text: str) -> list[EntityMention]:
        mentions: list[EntityMention] = []
        sents = sentences(text)
        for sent in sents:
            mentions += self._sentence_mentions(text, sent)
        mentions = _without_common_words(sents, mentions)
        mentions += self._name_parts(text, sents, mentions)
        mentions.sort(key=lambda m: m.start)
        return _resolve_short_forms(defined_abbreviations(text, mentions))

    def recognize_model_only(self, text: str) -> list[EntityMention]:
        """The CRF's own spans (titles/punctuation trimmed), without
        gazetteers, patterns or propagation: for scoring the model against
        its corpus' conventions."""
        out = []
        for sent in sentences(text):
            for span in self._crf_spans([t.text for t in sent]):
                start, end = sent[span.start].start, sent[span.end - 1].end
                out.append(EntityMention(text[start:end], span.type, start, end, text[start:end]))
        return out

    def _name_parts(self, text: str, sents: list[list[Token]], mentions: list[EntityMention]) -> list[EntityMention]:
        """Untagged occurrences of the first or last word of a full person
        name found in the same text ("Wang" after "Wang Yi") are persons too:
        news refers back to people by one name."""
        parts = set()
        starts = {sent[0].start for sent in sents if sent}
        for m in mentions:
            words = m.text.split()
            if m.type == "person" and len(words) > 1:
                parts.update(w for w in (words[0], words[-1]) if self._usable_part(w))
            elif m.type == "person" and self._usable_part(m.text) and m.start not in starts:
                parts.add(m.text)  # tagged mid-sentence: a name, not sentence case
        if not parts:
            return []
        covered = {k for m in mentions for k in range(m.start, m.end)}
        found: list[EntityMention] = []
        for sent in sents:
            prev = None
            for t in sent:
                if t.text not in parts or t.start in covered:
                    prev = None
                    continue
                if prev is not None and found and found[-1].end == prev.end and t.start == prev.end + 1:
                    last = found[-1]  # "Xi" "Jinping" side by side are one name
                    text = last.text + " " + t.text
                    found[-1] = EntityMention(text, "person", last.start, t.end, text)
                else:
                    found.append(EntityMention(t.text, "person", t.start, t.end, t.text))
                prev = t
        return [self._with_rest_of_name(text, sents, m, covered) for m in found]

    def _with_rest_of_name(self, text: str, sents: list[list[Token]], mention: EntityMention,
                           covered: set[int]) -> EntityMention:
        """A name found again by its first word takes the capitalised words right after it:
        the model misses "Khofifah Indar Parawansa" at a sentence start, but "Khofifah"
        alone elsewhere says where the name begins."""
        tokens = next((s for s in sents if s and s[0].start <= mention.start <= s[-1].end), [])
        following = [t for t in tokens if t.start >= mention.end]
        end = mention.end
        for t in following[:MAX_NAME_EXTENSION]:
            if t.start != end + 1 or t.start in covered or not self._usable_part(t.text) or not t.text.isalpha():
                break
            end = t.end
        if end == mention.end:
            return mention
        surface = text[mention.start:end]
        return EntityMention(surface, "person", mention.start, end, surface)

    def _usable_part(self, word: str) -> bool:
        return (len(word) > 1 and word[:1].isupper() and word not in self.lang.stop_caps
                and word not in self._one_word_titles and self.gaz.lookup(word) is None)

    # -- candidates ---------------------------------------------------------
    def _sentence_mentions(self, text: str, sent: list[Token]) -> list[EntityMention]:
        words = [t.text for t in sent]
        matches = self.gaz.matches(words)  # shared by the CRF features and the gazetteer candidates
        crf = self._crf_spans(words, matches)
        person_starts = {s.start for s in crf if s.type == "person"}
        gaz = self._gaz_spans(words, matches)
        inside = {k for g in gaz for k in range(g.start + 1, g.end)}
        crf = [piece for span in crf for piece in self._split_role_name(words, span, gaz)]
        crf = [piece for span in crf for piece in _unmix(words, span, gaz)]
        candidates = (crf + gaz + self._event_spans(words) + self._org_spans(words, person_starts, inside)
                      + self._titled_persons(words, gaz))
        out = []
        for span in _select(candidates):
            out += self._to_mentions(text, sent, span)
        return out

    def _crf_spans(self, words: list[str], matches: list | None = None) -> list[Span]:
        tags = self.tagger.tag(self.fx.sentence(words, matches))
        spans = []
        for s, e, kind in bio_spans(tags):
            for a, b in _split_at_punct(words, s, e):
                spans += [self._as_place_if_headed(words, piece)
                          for piece in self._clean_crf(words, Span(a, b, CRF_TYPES[kind], None, RANK_CRF))]
        return spans

    def _as_place_if_headed(self, words: list[str], span: Span) -> Span:
        if span.type == "person" and words[span.start] in self.lang.place_heads and span.end - span.start > 1:
            return span._replace(type="place")
        return span

    def _clean_crf(self, words: list[str], span: Span) -> list[Span]:
        """Strip titles / stop words at the edges; split a leading country
        off a person ("AS Joe Biden" -> "AS" + "Joe Biden")."""
        s, e = span.start, span.end
        s += self._title_remnant(words, s, e)
        while s < e:
            n = self._title_len(words, s, e) if span.type == "person" else 0
            if n:
                s += n
            elif words[s] in self.lang.stop_caps or not _is_cap(words[s]):
                s += 1
            else:
                break
        while e > s and (words[e - 1] in self.lang.clitics or not words[e - 1][:1].isalnum()):
            e -= 1
        if s >= e or (e - s == 1 and words[s] in self.lang.not_alone):
            return []  # "menurut TV pemerintah China": no name
        return [span._replace(start=s, end=e)]
    def _title_remnant(self, words: list[str], s: int, e: int) -> int:
        """Length of the words at the start of a span that complete a title
        begun just before it ("Menteri" + "Luar Negeri Rusia ..." -> 2)."""
        for before, rest in self._title_splits.get(words[s], ()) if s < len(words) else ():
            j, n = len(before), len(rest)
            if s - j >= 0 and s + n < e and tuple(words[s - j:s]) == before and tuple(words[s:s + n]) == rest:
                return n
        return 0

    def _after_role(self, words: list[str], s: int) -> bool:
        """Is token s preceded by a title ("Menteri Luar Negeri") or a role
        word ("juru bicara")?"""
        if s == 0:
            return False
        if words[s - 1].casefold() in self.lang.person_cues:
            return True
        return self._after_title(words, s)

    def _after_title(self, words: list[str], s: int) -> bool:
        """Is token s preceded by a title ("Gubernur", "Menteri Luar Negeri")?"""
        return s > 0 and any(s >= len(t) and tuple(words[s - len(t):s]) == t
                             for t in self._titles_by_last.get(words[s - 1], ()))

    def _person_like(self, words: list[str], s: int, e: int) -> bool:
        """Capitalised words that are no known name, title or organisation
        head: what a person's name looks like (1-4 words)."""
        if not 0 < e - s <= 4:
            return False
        for w in words[s:e]:
            if (not w[:1].isupper() or w in self.lang.stop_caps or w in self.lang.org_heads
                    or w in self._one_word_titles or self.gaz.lookup(w) is not None):
                return False
        return True

    def _split_role_name(self, words: list[str], span: Span, gaz: list[Span]) -> list[Span]:
        """A non-person CRF span after a title or role word that starts with
        a known place or organisation and goes on with a person's name is
        that name plus a person ("Menteri Luar Negeri [Rusia Sergey Lavrov]"
        -> Rusia + Sergey Lavrov, "juru bicara [Kremlin Dmitry Peskov]" ->
        Kremlin + Dmitry Peskov); the known name is a gazetteer candidate
        already, so only the person is returned."""
        if span.type == "person" or not self._after_role(words, span.start):
            return [span]
        head = next((g for g in gaz if g.start == span.start and g.end < span.end
                     and g.type in ("place", "organization")), None)
        if head is None or not self._person_like(words, head.end, span.end):
            return [span]
        return [span._replace(start=head.end, type="person")]

    def _titled_persons(self, words: list[str], gaz: list[Span]) -> list[Span]:
        """A name of two words or more after a title and the place or organisation it
        holds office in: "Gubernur Jawa Timur [Khofifah Indar Parawansa]", which the
        CRF can miss whole. Shorter than the CRF's spans, it loses to them where both are."""
        spans: list[Span] = []
        offices = [g for g in gaz if g.type in ("place", "organization") and self._after_title(words, g.start)]
        if not offices:
            return spans  # most sentences
        alpha = [w for w in words if w[:1].isalpha()]
        if sum(map(_is_cap, alpha)) * 4 > len(alpha) * 3:
            return spans  # a headline in title case: every word looks like a name
        for g in offices:
            end = g.end
            while end < len(words) and end - g.end < 4 and self._person_like(words, end, end + 1):
                end += 1
            if end - g.end >= 2:
                spans.append(Span(g.end, end, "person", None, RANK_PATTERN))
        return spans

    def _title_len(self, words: list[str], s: int, e: int) -> int:
        for title in self._titles_by_first.get(words[s], ()):
            n = len(title)
            if s + n < e and tuple(words[s:s + n]) == title:
                return n
        return 0

    def _after_locative(self, words: list[str], s: int) -> bool:
        for prep in self.lang.locative_preps:
            n = len(prep)
            if s >= n and tuple(w.casefold() for w in words[s - n:s]) == prep:
                return True
        return False

    def _gaz_spans(self, words: list[str], matches: list | None = None) -> list[Span]:
        spans = []
        for s, e, entry in (self.gaz.matches(words) if matches is None else matches):
            if entry.canonical in self.lang.standalone_regions and e - s == 1 and s > 1 and _is_cap(words[s - 1]):
                continue  # "Lombok Barat" is one name, not Lombok + the West (sentence case aside)
            place = self.gaz.seat_place.get(entry.canonical) if entry.type == "organization" else None
            if place is not None and self._after_locative(words, s):
                spans.append(Span(s, e, "place", place, RANK_GAZ))  # "di Kremlin": the building
                continue
            head = self.lang.admin_heads.get(words[s - 1]) if s and entry.type == "place" else None
            if head is not None:  # "Kabupaten Boyolali": the head is part of the name
                head = head if entry.canonical in self.gaz.regency_twins else ""  # ... of Bandung's regency only
                spans.append(Span(s - 1, e, "place", f"{head} {entry.canonical}".strip(), RANK_GAZ))
                continue
            spans.append(Span(s, e, entry.type, entry.canonical, RANK_GAZ))
        taken = {s for s, *_ in spans}
        for i in [i for i, w in enumerate(words) if "-" in w]:
            parts = words[i].split("-")
            if i not in taken and len(parts) == 2 and all(p[:1].isupper() and self.gaz.lookup(p) for p in parts):
                spans.append(Span(i, i + 1, self.gaz.lookup(parts[0])[0], None, RANK_GAZ))
        return spans

    def _tail(self, words: list[str], i: int, rule: dict, lower_ok: tuple = (),
              joiners: frozenset = frozenset()) -> int:
        """End of the name tail starting at token i (rule keys: max_tail,
        year, year_only, caps_only, no_titles). lower_ok: lower-case word
        sequences allowed inside the tail ("luar negeri"), longest first."""
        end, k = i, i
        while k < len(words) and k - i < rule.get("max_tail", 4):
            w = words[k]
            year = rule.get("year") and _is_year(w)
            name = _is_cap(w) and w not in self.lang.stop_caps and not rule.get("year_only")
            if name and k > i and rule.get("no_titles") and w in self._one_word_titles:
                break  # "Pelaksana Harian | Ketua ...": a role starts, the name has ended
            if year or name:
                end = k = k + 1
                continue
            n = 1 if w in joiners else next(
                (len(p) for p in lower_ok if tuple(x.casefold() for x in words[k:k + len(p)]) == p), 0)
            if n and k + n < len(words):
                k += n
            else:
                break
        return end

    def _event_spans(self, words: list[str]) -> list[Span]:
        spans = []
        heads = self._event_heads
        if heads.keys().isdisjoint(words):
            return spans  # most sentences: checked in C
        for i in [i for i, w in enumerate(words) if w in heads]:  # few words can head an event
            for head, rule in heads[words[i]]:
                if tuple(words[i:i + len(head)]) != head:
                    continue
                end = self._tail(words, i + len(head), rule, joiners=self.lang.event_joiners)
                if end - (i + len(head)) >= rule.get("min_tail", 1):
                    spans.append(Span(i, end, "event", None, RANK_PATTERN))
                break
        return spans

    def _org_spans(self, words: list[str], person_starts: set[int], inside: set[int]) -> list[Span]:
        spans = []
        rule = {"max_tail": 6, "no_titles": True}
        if self._org_heads.keys().isdisjoint(words):
            return spans  # most sentences: checked in C
        for i in [i for i, w in enumerate(words) if w in self._org_heads]:  # few words can head one
            if i in inside:
                continue  # "Serikat" in "Amerika Serikat" heads nothing
            head = next((h for h in self._org_heads[words[i]] if tuple(words[i:i + len(h)]) == h), None)
            if head is None or self._title_remnant(words, i, i + len(head) + 1):
                continue  # nor does "Harian" in "Pelaksana Harian"
            s = i + len(head)
            end = self._tail(words, s, rule, self.lang.org_lower_tail)
            end = min([end, *(p for p in person_starts if s <= p < end)])
            while end > s and not _is_cap(words[end - 1]):
                end -= 1  # cut before a person: no dangling "dan"
            if end > s:
                spans.append(Span(i, end, "organization", None, RANK_PATTERN))
        return spans

    # -- output -------------------------------------------------------------
    def _to_mentions(self, text: str, sent: list[Token], span: Span) -> list[EntityMention]:
        start, end = sent[span.start].start, sent[span.end - 1].end
        if span.end - span.start == 1 and "-" in sent[span.start].text:
            parts = self._hyphen_parts(text, sent[span.start], span)
            if parts:
                return parts
        surface = text[start:end]
        return [self._mention(surface, span.type, start, end, span.canonical)]

    def _mention(self, surface: str, etype: str, start: int, end: int, canonical: str | None) -> EntityMention:
        if canonical is None:
            known = self.gaz.lookup(surface)
            canonical = known[1] if known and known[0] == etype else self._acronyms_spelt_out(surface, etype)
        return EntityMention(text=surface, type=etype, start=start, end=end, canonical=canonical)

    def _acronyms_spelt_out(self, name: str, etype: str) -> str:
        """An organisation's name with the known acronyms in it spelt out: "Komisi X DPR" and "Komisi X
        Dewan Perwakilan Rakyat" are one committee, whichever an article writes."""
        if etype != "organization" or " " not in name:
            return name
        words = name.split(" ")
        for k, word in enumerate(words):
            known = self.gaz.lookup(word) if len(word) > 1 and word.isupper() else None
            if known and known[0] == "organization" and k:  # not the head: "PBB" alone is a lookup above
                words[k] = known[1]
        return " ".join(words)

    def _hyphen_parts(self, text: str, tok: Token, span: Span) -> list[EntityMention]:
        """"China-Rusia" -> China + Rusia, when the whole is not a known name
        and the parts are names (not "Bangsa-Bangsa")."""
        if span.canonical is not None or self.gaz.lookup(tok.text):
            return []
        parts = tok.text.split("-")
        if len(parts) != 2 or not all(p[:1].isupper() for p in parts) or parts[0].casefold() == parts[1].casefold():
            return []
        known = [self.gaz.lookup(p) for p in parts]
        if not any(known) and span.type != "person":
            return []
        out, offset = [], tok.start
        for part, hit in zip(parts, known):
            etype, canon = hit if hit else (span.type, None)
            out.append(self._mention(part, etype, offset, offset + len(part), canon))
            offset += len(part) + 1
        return out


def _unmix(words: list[str], span: Span, gaz: list[Span]) -> list[Span]:
    """Fix CRF spans that swallow known names: a person span loses the
    places/organisations inside it ("AS Joe Biden" -> "Joe Biden"), and a
    span made only of known names and lower-case glue ("Uni Eropa dan
    Amerika Serikat") gives way to them."""
    inner = [g for g in gaz if span.start <= g.start and g.end <= span.end]
    if not inner:
        return [span]
    known = {k for g in inner for k in range(g.start, g.end)}
    rest = [k for k in range(span.start, span.end) if k not in known]
    if all(not _is_cap(words[k]) for k in rest):
        return []
    if span.type != "person":
        return [span]
    pieces, cur = [], []
    for k in [*rest, None]:
        if cur and (k is None or k != cur[-1] + 1):
            pieces.append(span._replace(start=cur[0], end=cur[-1] + 1))
            cur = []
        if k is not None:
            cur.append(k)
    # a lone capitalised first word of the sentence is just sentence case
    return [p for p in pieces if not (p.start == 0 and p.end == 1)]


def _split_at_punct(words: list[str], s: int, e: int) -> list[tuple[int, int]]:
    """A name does not run across brackets or commas: "X (Y" -> X, Y."""
    parts, a = [], s
    for k in range(s, e):
        if words[k] in "()[],;:" :
            parts.append((a, k))
            a = k + 1
    parts.append((a, e))
    return [(x, y) for x, y in parts if y > x]


def _select(candidates: list[Span]) -> list[Span]:
    """Longest first, then by source rank; keep the non-overlapping ones."""
    taken: list[Span] = []
    used: set[int] = set()
    for span in sorted(candidates, key=lambda c: (c.start - c.end, c.rank, c.start)):
        if used.isdisjoint(range(span.start, span.end)):
            taken.append(span)
            used.update(range(span.start, span.end))
    return sorted(taken)


def _without_common_words(sents: list[list[Token]], mentions: list[EntityMention]) -> list[EntityMention]:
    """Without one-word "persons" that open a sentence and are written in lower case elsewhere in
    the text: sentence case made a common word look like a name ("Air belum surut.", and "air"
    later). A word also capitalised mid-sentence, or part of a longer name, is kept."""
    starts = {sent[0].start for sent in sents if sent}
    opening = [m for m in mentions if m.type == "person" and m.start in starts and " " not in m.text]
    if not opening:
        return mentions
    suspects = {m.text.casefold() for m in opening}
    lower, capitalised = set(), set()
    for sent in sents:
        for token in sent[1:]:
            folded = token.text.casefold()
            if folded in suspects:
                (lower if token.text[:1].islower() else capitalised).add(folded)
    capitalised.update(w.casefold() for m in mentions if m.type == "person" and " " in m.text for w in m.text.split())
    common = {m.start for m in opening if m.text.casefold() in lower - capitalised}
    return [m for m in mentions if m.start not in common] if common else mentions


def _resolve_short_forms(mentions: list[EntityMention]) -> list[EntityMention]:
    """A one-word person equal to the first or last word of a fuller person
    name in the same text takes that name's canonical (an earlier name is
    preferred, else the first later one)."""
    full = [m for m in mentions if m.type == "person" and " " in m.canonical]
    for m in mentions:
        if m.type != "person" or " " in m.text:
            continue
        fits = [f for f in full if m.text in (f.canonical.split()[0], f.canonical.split()[-1])]
        earlier = [f for f in fits if f.start < m.start]
        if earlier or fits:
            m.canonical = (earlier[-1] if earlier else fits[0]).canonical
    return mentions


def weighted_attributes(tagger: pycrfsuite.Tagger) -> frozenset[str]:
    """The attributes the model has a weight for: the only ones that change a score."""
    return frozenset(attribute for attribute, _ in tagger.info().state_features)


@lru_cache(maxsize=4)
def _load(language: str) -> EntityRecognizer:
    gaz, lang = load_resources(language)
    for rule in lang.event_patterns:
        rule.setdefault("_heads", sorted((tuple(h.split()) for h in rule["heads"]), key=lambda h: -len(h)))
    tagger = pycrfsuite.Tagger()
    model = resources.files("newsgen").joinpath("data", "ner", "model.crfsuite")
    with resources.as_file(model) as path:
        tagger.open(str(path))
    return EntityRecognizer(tagger, gaz, lang)
