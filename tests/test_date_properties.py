"""Property-based tests of the date tagger: no crash on any text, values always valid and within the evidence."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsgen.tag.dates import find_dates

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]
WORDS = st.sampled_from(["pada", "hari", "Senin", "Jumat", "lalu", "tahun", "bulan", "pekan", "depan", "kemarin",
                         "awal", "akhir", "2022", "(4/2)", "(31/2)", "15", "Juni", "Desember", "0", "99999",
                         "minggu", "terakhir", "sejak", "Rabu", "(25/9/2014)", "-", ",", "."])
PUBLICATION = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def valid_value(value: str) -> bool:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        dt.date.fromisoformat(value)
        return True
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return 1 <= int(value[5:]) <= 12
    return bool(re.fullmatch(r"\d{4}", value))


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=30).map(" ".join) | st.text(max_size=300), st.none() | PUBLICATION)
@example("99999 tahun depan", dt.date(2000, 1, 1))  # found by this test: it gave the year "101999"
@example("2500 tahun lalu", dt.date(2000, 1, 1))
def test_any_text_gives_valid_spans_and_values(text, publication):
    for mention in find_dates(text, publication):
        assert text[mention.start:mention.end] == mention.text
        assert mention.kind in {"absolute", "partial", "weekday", "relative"}
        if mention.value is not None:
            assert valid_value(mention.value), mention
        if mention.range:
            assert dt.date.fromisoformat(mention.range[0]) <= dt.date.fromisoformat(mention.range[1])


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)), PUBLICATION)
def test_a_full_date_resolves_to_itself(day, publication):
    text = f"Peristiwa itu terjadi pada {day.day} {MONTHS[day.month - 1]} {day.year} di kota itu."
    (mention,) = find_dates(text, publication)
    assert mention.value == day.isoformat() and mention.kind == "absolute"


@settings(max_examples=200, deadline=None)
@given(PUBLICATION, st.integers(min_value=0, max_value=6))
def test_a_past_weekday_falls_in_the_week_before_publication(publication, weekday):
    name = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"][weekday]
    (mention,) = find_dates(f"Ia tiba pada hari {name} lalu.", publication)
    value = dt.date.fromisoformat(mention.value)
    assert value.weekday() == weekday and publication - dt.timedelta(days=7) <= value <= publication


@settings(max_examples=200, deadline=None)
@given(PUBLICATION, st.integers(min_value=1, max_value=28), st.integers(min_value=1, max_value=12))
def test_day_month_without_year_is_on_or_before_publication_within_a_year(publication, day, month):
    (mention,) = find_dates(f"Pertemuan digelar {day} {MONTHS[month - 1]} lalu.", publication)
    value = dt.date.fromisoformat(mention.value)
    assert (value.month, value.day) == (month, day)
    assert publication - dt.timedelta(days=366) <= value <= publication


@settings(max_examples=200, deadline=None)
@given(PUBLICATION, st.integers(min_value=1, max_value=28), st.integers(min_value=1, max_value=12))
def test_day_month_without_year_or_cue_is_the_nearer_of_last_and_next(publication, day, month):
    (mention,) = find_dates(f"Pertemuan itu pada {day} {MONTHS[month - 1]}.", publication)
    value = dt.date.fromisoformat(mention.value)
    assert (value.month, value.day) == (month, day)
    other = [value.replace(year=value.year + k) for k in (-1, 1)]
    assert all(abs((value - publication).days) <= abs((o - publication).days) for o in other)


def _plain_scan(grammar, text):
    return [(m.start(), m.end(), m.lastgroup) for m in grammar.unguarded.finditer(text)]


DATE_WORDS = st.sampled_from(["Sen,", "Jum'at", "tgl.", "sehari", "setahun", "sebulan", "se", "ke-3", "keempat",
                              "2019/20", "2005-2006", "2022-03-01", "15/6/2022", "Rp", "No.", "Agu.", "Ags",
                              "Pebruari", "medio", "pertengahan", "dini hari", "yang lalu", "1.500", "2,5",
                              "beberapa", "kemarin lusa", "hari ini", "ſenin",
                              "last Monday", "3 weeks ago", "mid-June", "Sept.", "\n", "  ", "(", ")", "x2022"])


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS | DATE_WORDS, max_size=40).map(" ".join) | st.lists(WORDS | DATE_WORDS, max_size=40).map("".join)
       | st.text(max_size=300))
def test_start_guard_changes_no_match(text):
    from newsgen.tag.dates import grammar

    for language in ("id", "en"):
        g = grammar(language)
        assert [(m.start(), m.end(), m.lastgroup) for m in g.regex.finditer(text)] == _plain_scan(g, text)


def test_prefilter_covers_every_pattern_of_every_language():
    from newsgen.tag.dates import grammar

    for language in ("id", "en"):
        g = grammar(language)
        assert g.start_guard, language  # a grammar whose matches could start anywhere scans slowly
