"""Calendar expressions in news text: find, classify and resolve them.

The grammar (word lists and pattern templates) lives in
``newsgen/data/lang/<language>/dates.yaml``; this module only knows how to
compile it into one regular expression and how to turn a match into a value.
Resolution is relative to the publication date: without it, relative, partial
and weekday expressions are still found but get no value.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
try:  # the regex parser is private to `re`: without it, the guard is left out and dates are the same, found slower
    from re import _constants as sre_constants, _parser as sre_parser
except ImportError:  # pragma: no cover - a Python whose re module is laid out differently
    sre_constants = sre_parser = None


from ..data_files import read_yaml
from newsgen.records import DateMention

FUTURE_WINDOW_WORDS = 15  # how far back a future cue ("akan") can reach in its clause
CLAUSE_BREAK = re.compile(r"[,;:.!?“”\"()\n–—]")
SENTENCE_BREAK = re.compile(r"[.!?]\s|\n")


@dataclass
class Parsed:
    """One grammar match, before resolution against a publication date."""

    start: int
    end: int
    kind: str
    pattern: str
    year: int | None = None
    year_end: int | None = None  # end of a year range ("2005-2006")
    month: int | None = None
    day: int | None = None
    day_end: int | None = None  # end of a day range ("20–24 Mei")
    weekday: int | None = None
    unit: str | None = None  # day | week | month | year
    direction: int | None = None  # -1 past, 0 this, +1 next (explicit in the expression)
    relyear: bool = False  # "tahun lalu" after a day-month: the offset applies to the year
    relweek: bool = False  # "pekan depan" after a weekday: that weekday of the week the offset names
    part: str | None = None  # early | mid | late
    count: int | None = None  # None with a vague count ("beberapa")
    vague: bool = False
    recent: bool = False  # "N units terakhir": a period ending at publication
    ordinal: int | None = None
    deictic: int | None = None  # day offset of kemarin/besok
    future: bool = False  # a future cue precedes it in its clause
    nearest: bool = False  # without year or cue: the nearer year, not the latest past one


def _alternation(words, case_sensitive=False) -> str:
    # Longest first, so "yang lalu" is preferred to "lalu"; spaces match any run of spaces.
    alts = sorted({w for w in words if w}, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts) or "(?!)"
    return f"(?-i:{body})" if case_sensitive else f"(?:{body})"


def _lookup(mapping) -> dict[str, object]:
    return {w.lower(): key for key, words in (mapping or {}).items() for w in (words or [])}


class Grammar:
    """One language's compiled date grammar."""

    def __init__(self, data: dict):
        self.numeric_order = data.get("numeric_order", "dmy")
        year_rule = data.get("year_without_cue", "past")
        if year_rule not in ("past", "nearest"):
            raise ValueError(f"year_without_cue must be 'past' or 'nearest', not {year_rule!r}")
        self.nearest_year = year_rule == "nearest"
        self.months = _lookup(data["months"]) | _lookup(data.get("month_abbreviations"))
        self.weekdays = _lookup(data["weekdays"]) | _lookup(data.get("weekday_abbreviations"))
        self.units = _lookup(data["units"])
        self.offsets = {w: {"past": -1, "next": 1, "this": 0}[k] for w, k in _lookup(data["offsets"]).items()}
        self.deictics = {k.lower(): v for k, v in data["deictic_days"].items()}
        self.parts = _lookup(data["parts"])
        self.counts = _lookup(data["counts"])
        self.vague = {w.lower() for w in data.get("vague_counts") or []}
        self.ordinals = _lookup(data["ordinals"])
        self.placeholders = self._placeholders(data)
        self.patterns = data["patterns"]
        self.group_names: list[list[str]] = []
        alts = [self._compile_pattern(i, p["re"]) for i, p in enumerate(self.patterns)]
        body = r"(?:" + ("|".join(alts) or "(?!)") + r")(?!\w)"  # (?!): no patterns match nothing, not ""
        self.unguarded = re.compile(r"(?<!\w)" + body, re.IGNORECASE)  # what the guard must not change
        self.start_guard = _start_guard(self.unguarded)
        self.regex = re.compile(r"(?<!\w)" + self.start_guard + body, re.IGNORECASE)
        self.not_after = re.compile(r"(?:^|\s|\()" + _alternation(data.get("not_after") or []) + r"$", re.I)
        self.future_cues = re.compile(r"(?<!\w)" + _alternation(data.get("future_cues") or []) + r"(?!\w)", re.I)
        self.past_cues = re.compile(r"(?<!\w)" + _alternation(data.get("past_cues") or []) + r"(?!\w)", re.I)

    def _placeholders(self, d: dict) -> dict[str, tuple[str | None, str]]:
        full = lambda key: [w for ws in d[key].values() for w in ws or []]  # noqa: E731
        abbr = lambda key: [w for ws in (d.get(key) or {}).values() for w in ws or []]  # noqa: E731
        units = d["units"]
        bare = [m for m in full("months") if m not in set(d.get("bare_month_exclude") or [])]
        return {
            "weekday": ("weekday", _alternation(full("weekdays"))),
            "Weekday": ("weekday", _alternation(full("weekdays"), True)),
            "weekday_any": ("weekday", f"(?:{_alternation(full('weekdays'))}|{_alternation(abbr('weekday_abbreviations'), True)}\\.?)"),
            "month": ("month", _alternation(full("months"))),
            "Month": ("month", _alternation(full("months"), True)),
            "Month_bare": ("month", _alternation(bare, True)),
            "month_any": ("month", f"(?:{_alternation(full('months'))}|{_alternation(abbr('month_abbreviations'), True)}\\.?)"),
            "n1": ("n1", r"\d{1,2}"),
            "n2": ("n2", r"\d{1,2}"),
            "day": ("day", r"(?:3[01]|[12]\d|0?[1-9])"),
            "day2": ("day", r"(?:3[01]|[12]\d|0[1-9])"),
            "day_end": ("day_end", r"(?:3[01]|[12]\d|0?[1-9])"),
            "mnum2": ("mnum", r"(?:1[0-2]|0[1-9])"),
            "year": ("year", r"(?:1[89]|20)\d\d"),
            "year_or_2": ("year", r"(?:(?:1[89]|20)\d\d|\d\d)"),
            "unit": ("unit", _alternation([w for ws in units.values() for w in ws])),
            "unit_nonday": ("unit", _alternation([w for k, ws in units.items() if k != "day" for w in ws])),
            "day_unit": (None, _alternation(units["day"])),
            "month_unit": (None, _alternation(units["month"])),
            "year_unit": ("relyear", _alternation(units["year"])),
            "week_unit": ("relweek", _alternation(units["week"])),
            "offset": ("offset", _alternation([w for ws in d["offsets"].values() for w in ws])),
            "recent": ("recent", _alternation(d.get("recent") or [])),
            "deictic": ("deictic", _alternation(d["deictic_days"].keys())),
            "part": ("part", _alternation([w for ws in d["parts"].values() for w in ws])),
            "tod": (None, _alternation(d.get("times_of_day") or [])),
            "count": ("count", f"(?:{_alternation([w for ws in d['counts'].values() for w in ws] + list(self.vague))}|(?<![.,])\\d+(?:[.,]\\d+)*)"),
            "count_prefix": ("cprefix", _alternation(d.get("count_prefix") or [])),
            "ordinal": ("ordinal", f"(?:{_alternation([w for ws in d['ordinals'].values() for w in ws])}|{d.get('ordinal_regex') or '(?!)'})"),
            "year_end": ("year_end", r"(?:(?:1[89]|20)\d\d|\d\d)"),
            "counter": (None, _alternation(d.get("counters") or []) + r"(?!\w)"),
        }

    def _compile_pattern(self, index: int, template: str) -> str:
        # Spaces in a template mean "whitespace"; " ?" means optional whitespace.
        template = template.replace(" ?", r"\s*").replace(" ", r"\s+")
        names: list[str] = []

        def expand(m: re.Match) -> str:
            if m.group(1) not in self.placeholders:  # a regex quantifier such as \d{2}
                return m.group(0)
            group, regex = self.placeholders[m.group(1)]
            if group is None:
                return regex
            names.append(group)
            return f"(?P<{group}__{index}>{regex})"

        body = re.sub(r"\{(\w+)\}", expand, template)
        self.group_names.append(names)
        return f"(?P<p{index}>{body})"

    def scan(self, text: str) -> list[Parsed]:
        found = []
        for m in self.regex.finditer(text):
            index = int(m.lastgroup[1:])
            groups = {n: m.group(f"{n}__{index}") for n in self.group_names[index]}
            parsed = self._parse(m, index, {k: v for k, v in groups.items() if v is not None})
            if parsed is not None:
                parsed.future = parsed.direction is None and self._future_cue(text, parsed.start)
                parsed.nearest = self.nearest_year
                found.append(parsed)
        return found

    def _parse(self, m: re.Match, index: int, g: dict[str, str]) -> Parsed | None:
        pattern = self.patterns[index]
        if pattern.get("bare") and self._after_sign(m.string, m.start()):
            return None
        p = Parsed(m.start(), m.end(), pattern["kind"], pattern["name"])
        low = {k: re.sub(r"\s+", " ", v.lower().rstrip(".")) for k, v in g.items()}
        p.weekday = self.weekdays.get(low.get("weekday", ""))
        p.month = self.months.get(low.get("month", "")) or (int(g["mnum"]) if "mnum" in g else None)
        p.day = int(g["day"]) if "day" in g else None
        p.day_end = int(g["day_end"]) if "day_end" in g else None
        if p.day_end is not None and (p.day_end <= p.day or not _valid(p.year or 2000, p.month, p.day_end)):
            return None
        p.year = _full_year(g["year"]) if "year" in g else None
        if "year_end" in g:
            p.year_end = _full_year(g["year_end"], p.year)
            if p.year_end <= p.year:
                return None
        if "n1" in g:
            first, second = int(g["n1"]), int(g["n2"])
            if self.numeric_order == "mdy" and first <= 12:
                first, second = second, first
            p.day, p.month = first, second
        # 2000 is a leap year: "(29/2)" without a year may still be a date.
        if p.day is not None and not _valid(p.year or 2000, p.month, p.day):
            return None
        p.unit = self.units.get(low.get("unit", "")) or ("year" if "relyear" in g and "offset" in g else None)
        p.relyear = "relyear" in g and "offset" in g
        p.relweek = "relweek" in g and "offset" in g
        p.direction = self.offsets.get(low.get("offset", ""))
        p.part = self.parts.get(low.get("part", "").rstrip("-")) or self.parts.get(low.get("part", ""))
        p.recent = "recent" in g
        p.deictic = self.deictics.get(low.get("deictic", ""))
        p.ordinal = self._ordinal(low.get("ordinal"))
        if "cprefix" in g:
            p.count = 1
        elif "count" in g:
            p.vague = low["count"] in self.vague
            p.count = _count(low["count"], self.counts)
            p.vague = p.vague or p.count is None  # "2,5 tahun lalu": no single unit to count back
        return p

    def _after_sign(self, text: str, start: int) -> bool:
        # "Rp 2000", "No. 2014": a number, not a year.
        before = text[max(0, start - 8):start].rstrip()
        return bool(before) and self.not_after.search(before) is not None

    def _ordinal(self, word: str | None) -> int | None:
        if not word:
            return None
        if word in self.ordinals:
            return self.ordinals[word]
        digits = re.sub(r"\D", "", word)
        return int(digits) if digits else None

    def _future_cue(self, text: str, start: int) -> bool:
        # Only the expression's own clause, and only its last few words, count.
        window = text[max(0, start - 200):start]
        cut = [m.end() for m in CLAUSE_BREAK.finditer(window)]
        window = window[cut[-1]:] if cut else window
        window = " ".join(window.split()[-FUTURE_WINDOW_WORDS:])
        futures = [m.end() for m in self.future_cues.finditer(window)]
        pasts = [m.end() for m in self.past_cues.finditer(window)]
        return bool(futures) and max(futures) > max(pasts, default=-1)


# ---- where a match can start -----------------------------------------------

HEAD_LENGTH = 3  # characters of a match's start the guard checks (4 and 5 scan slower)
_DIGIT = r"\d"


def _start_guard(regex: re.Pattern) -> str:
    """A lookahead true wherever `regex` can match, and at few other places:
    one of the first HEAD_LENGTH characters some match begins with. Put
    first, it lets the engine give up on most positions (every word that
    begins no date) at once instead of trying each of the grammar's
    patterns there. Empty when some match could begin with anything."""
    if sre_parser is None:
        return ""
    heads = _heads(list(sre_parser.parse(regex.pattern, regex.flags)), HEAD_LENGTH)
    if () in heads:
        return ""
    # the guard ignores case like the regex: one branch for "Sen" and "sen"
    folded = {tuple(a.lower() if len(a) == 1 and a.isascii() else a for a in h) for h in heads}
    return "(?=" + _trie(folded) + ")"


def _trie(sequences: set[tuple[str, ...]]) -> str:
    """An alternation of atom sequences grouped by their first atom, so the
    engine tries a few dozen first characters rather than every head."""
    if () in sequences:
        return ""  # a shorter sequence already matches here
    groups: dict[str, set[tuple[str, ...]]] = {}
    for seq in sequences:
        groups.setdefault(seq[0], set()).add(seq[1:])
    branches = [atom + _trie(rest) for atom, rest in sorted(groups.items())]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _heads(items: list, length: int) -> set[tuple[str, ...]]:
    """Regex atoms (a literal or \\d) of at most `length` characters, one
    sequence of which begins every match of the parsed items. Anything not
    understood ends a sequence early, which only makes the guard weaker."""
    if not items or length == 0:
        return {()}
    (op, av), rest = items[0], items[1:]
    c = sre_constants
    if op is c.LITERAL:
        return {(re.escape(chr(av)), *t) for t in _heads(rest, length - 1)}
    if op is c.IN and _digits_only(av):
        return {(_DIGIT, *t) for t in _heads(rest, length - 1)}
    if op is c.IN and len(av) <= 4 and all(o is c.LITERAL for o, _ in av):
        return {(re.escape(chr(a)), *t) for _, a in av for t in _heads(rest, length - 1)}
    if op is c.BRANCH:
        return set().union(*(_heads([*alt, *rest], length) for alt in av[1]))
    if op is c.SUBPATTERN:
        return _heads([*av[3], *rest], length)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        least, most, item = av
        once = _heads([*item, *rest] if most == 1 else list(item), length)
        return once | _heads(rest, length) if least == 0 else once
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):  # zero-width: the match goes on with the rest
        return _heads(rest, length)
    return {()}


def _digits_only(charset) -> bool:
    c = sre_constants
    for op, av in charset:
        if op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            continue
        if op is c.LITERAL and chr(av).isdecimal():  # what \d matches
            continue
        if op is c.RANGE and all(chr(x).isdecimal() for x in range(av[0], av[1] + 1)):
            continue
        return False
    return True


def _count(word: str, counts: dict) -> int | None:
    if word in counts:
        return counts[word]
    if re.fullmatch(r"\d{1,3}(?:([.,])\d{3}(?:\1\d{3})*)?|\d+", word):
        return int(re.sub(r"\D", "", word))
    return None  # a decimal count


def _full_year(y: str, start: int | None = None) -> int:
    # Two-digit years: this century's in numeric dates ("25/9/14"), the start's
    # century at the end of a range ("2019/20").
    if len(y) == 4:
        return int(y)
    return (start // 100 * 100 if start else 2000) + int(y)


def _valid(year: int, month: int | None, day: int | None) -> bool:
    try:
        dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except (ValueError, TypeError):
        return False
    return True


EMPTY = Grammar({"months": {}, "weekdays": {}, "units": {"day": [], "week": [], "month": [], "year": []},
                 "offsets": {}, "deictic_days": {}, "parts": {}, "counts": {}, "ordinals": {}, "patterns": []})


@lru_cache(maxsize=None)
def grammar(language: str) -> Grammar:
    """The language's grammar; a language without a dates.yaml finds no dates
    (with one warning) rather than failing a whole archive build."""
    path = resources.files("newsgen") / "data" / "lang" / language / "dates.yaml"
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*", language) or not path.is_file():
        warnings.warn(f"no date grammar for language {language!r} (data/lang/{language}/dates.yaml)", stacklevel=2)
        return EMPTY
    return Grammar(read_yaml(path.read_text(encoding="utf-8")))


# ---- resolution --------------------------------------------------------------

def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _month_value(day: dt.date) -> str:
    # not strftime("%Y"): glibc writes year 83 as "83", and values must stay ISO ("0083-06")
    return f"{day.year:04d}-{day.month:02d}"


def _period(start: dt.date, end: dt.date) -> tuple[str, str, tuple[str, str]]:
    """A period that fits no single unit: its middle month, precision, range."""
    middle = start + (end - start) / 2
    return _month_value(middle), "range", (start.isoformat(), end.isoformat())


def _shift(pub: dt.date, unit: str, n: int) -> tuple[str | None, str | None, tuple | None]:
    if unit == "day":
        return (pub + dt.timedelta(days=n)).isoformat(), "day", None
    if unit == "week":
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=n)
        return _period(monday, monday + dt.timedelta(days=6))
    if unit == "month":
        return _month_value(add_months(pub.replace(day=1), n)), "month", None
    year = pub.year + n
    # "99999 tahun depan" names no calendar year: values stay four-digit years, as everywhere else
    return (f"{year:04d}", "year", None) if dt.MINYEAR <= year <= dt.MAXYEAR else (None, "year", None)


def _pick_year(pub: dt.date, month: int, day: int | None, direction: int | None, future: bool,
               nearest: bool) -> int:
    """Year of a day-month or month given without a year: the latest on or before
    publication when the text points back ("lalu"), the first on or after it
    when it points forward; else, where the language's data says `nearest`, the
    nearer of the two (the earlier on a tie), otherwise the past one."""
    if direction == 0:
        return pub.year
    key, here = (month, day or 0), (pub.month, pub.day if day else 0)
    ahead = pub.year if key >= here else pub.year + 1
    back = pub.year if key <= here else pub.year - 1
    if direction == 1 or (direction is None and future):
        return ahead
    if direction == -1 or not nearest or back == ahead:
        return back
    return ahead if _days_to(pub, ahead, month, day) < _days_to(pub, back, month, day) else back


def _days_to(pub: dt.date, year: int, month: int, day: int | None) -> int:
    # a month alone counts from its middle; 29 February falls back to the 28th in other years
    when = dt.date(year, month, min(day or 15, calendar.monthrange(year, month)[1]))
    return abs((when - pub).days)


def _weekday_date(pub: dt.date, weekday: int, direction: int | None, future: bool) -> dt.date:
    back = (pub.weekday() - weekday) % 7
    ahead = (weekday - pub.weekday()) % 7
    if direction == -1:
        return pub - dt.timedelta(days=back or 7)
    if direction == 1:
        return pub + dt.timedelta(days=ahead or 7)
    if future:
        return pub + dt.timedelta(days=ahead)
    return pub - dt.timedelta(days=back)


def resolve(p: Parsed, pub: dt.date | None, anchor: DateMention | None = None):
    """(value, precision, range) of a parsed expression."""
    try:
        return _resolve(p, pub, anchor)
    except (ValueError, OverflowError):  # counted back beyond the calendar ("30.000 bulan lalu")
        return None, _precision_of(p), None


def _resolve(p: Parsed, pub: dt.date | None, anchor: DateMention | None):
    if p.year_end is not None:
        return _period(dt.date(p.year, 1, 1), dt.date(p.year_end, 12, 31))
    if p.day_end is not None:
        year = p.year if p.year is not None else None if pub is None else \
            _pick_year(pub, p.month, p.day, p.direction, p.future, p.nearest)
        if year is None:
            return None, "range", None
        return _period(dt.date(year, p.month, p.day), dt.date(year, p.month, p.day_end))
    if p.year is not None:
        if p.day is not None:
            return dt.date(p.year, p.month, p.day).isoformat(), "day", None
        if p.month is not None:
            return f"{p.year:04d}-{p.month:02d}", "month", None
        return str(p.year), "year", None
    if pub is None:
        return None, _precision_of(p), None
    if p.month is not None:
        if p.relyear:
            year = pub.year + (p.direction or 0)
        else:
            year = _pick_year(pub, p.month, p.day, p.direction, p.future, p.nearest)
        if p.day is not None:
            return (dt.date(year, p.month, p.day).isoformat(), "day", None) if _valid(year, p.month, p.day) else (None, "day", None)
        return f"{year:04d}-{p.month:02d}", "month", None
    if p.weekday is not None and p.relweek:
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=p.direction)
        return (monday + dt.timedelta(days=p.weekday)).isoformat(), "day", None
    if p.weekday is not None:
        return _weekday_date(pub, p.weekday, p.direction, p.future).isoformat(), "day", None
    if p.deictic is not None:
        return (pub + dt.timedelta(days=p.deictic)).isoformat(), "day", None
    if p.unit is None:
        return None, None, None
    return _resolve_unit(p, pub, anchor)


def _resolve_unit(p: Parsed, pub: dt.date, anchor: DateMention | None):
    if p.ordinal is not None:
        return _ordinal_period(p, anchor)
    if p.vague:
        return None, None, None
    n = p.count or 1
    if p.recent:
        start = _shift_date(pub, p.unit, -n)
        return _period(start, pub)
    if p.count is not None:
        return _shift(pub, p.unit, n * (p.direction or -1))
    if p.part and p.unit == "week":  # "akhir pekan": the weekend of that week
        saturday = pub - dt.timedelta(days=pub.weekday() - 5) + dt.timedelta(weeks=p.direction or 0)
        return _period(saturday, saturday + dt.timedelta(days=1))
    return _shift(pub, p.unit, p.direction or 0)


def _shift_date(d: dt.date, unit: str, n: int) -> dt.date:
    if unit in ("day", "week"):
        return d + dt.timedelta(days=n * (7 if unit == "week" else 1))
    return add_months(d, n * (12 if unit == "year" else 1))


def _ordinal_period(p: Parsed, anchor: DateMention | None):
    """'bulan keempat' (of something begun at the anchor): the Nth unit from it."""
    if anchor is None or anchor.value is None or anchor.precision not in ("day", "month"):
        return None, None, None
    start = dt.date.fromisoformat(anchor.value if anchor.precision == "day" else anchor.value + "-01")
    first = _shift_date(start, p.unit, p.ordinal - 1)
    last = _shift_date(start, p.unit, p.ordinal) - dt.timedelta(days=1)
    return _period(first, last)


def _precision_of(p: Parsed) -> str | None:
    if p.day is not None or p.weekday is not None or p.deictic is not None:
        return "day"
    if p.month is not None:
        return "month"
    return {"year": "year", "month": "month", "day": "day"}.get(p.unit or "", None)


def _anchor(text: str, previous: list[DateMention], start: int) -> DateMention | None:
    # An ordinal period counts from the last dated mention of the same sentence.
    last = previous[-1] if previous else None
    if last and last.value and not SENTENCE_BREAK.search(text[last.end:start]):
        return last
    return None


# ---- public API --------------------------------------------------------------

def find_dates(text: str, publication: dt.date | None, language: str = "id") -> list[DateMention]:
    """Every calendar expression in `text`, sorted by start offset."""
    if isinstance(publication, dt.datetime):
        publication = publication.date()
    mentions: list[DateMention] = []
    for p in grammar(language).scan(text):
        anchor = _anchor(text, mentions, p.start) if p.ordinal is not None else None
        value, precision, period = resolve(p, publication, anchor)
        mentions.append(DateMention(text[p.start:p.end], p.start, p.end, value, p.kind, precision, period))
    return mentions


def stated_full_date(text: str, language: str = "id") -> dt.date | None:
    """The first full calendar date (day, month and year) stated in the text."""
    for p in grammar(language).scan(text):
        if p.year is not None and p.day is not None:
            return dt.date(p.year, p.month, p.day)
    return None
