"""Publication date of an undated article, from the evidence in its own text.

News reports recent events, so the latest dated event the text reports as
past is the best estimate of when it was written.  Evidence, strongest first:

* a stated full date ("Rabu 15 Juni 2022", "25/9/2014");
* a weekday with a day/month but no year ("Jumat (4/2)"): only some years put
  that day on that weekday; the one nearest the other evidence (or the most
  recent one) that is not after `today` is taken;
* a day-month given with a relative year ("24 Februari tahun lalu") that the
  text also states with its year: the publication year follows from it;
* a month with its year ("Juni 2022"): month precision.

Bare years ("tahun 2001") are only lower bounds and never give an estimate,
and nothing is made more precise than its evidence.
"""

from __future__ import annotations

import datetime as dt

from newsgen.records import PublicationEstimate
from newsgen.tag.dates import Parsed, grammar

EARLIEST_YEAR = 1900


def infer_publication_date(text: str, language: str = "id", today: dt.date | None = None) -> PublicationEstimate | None:
    today = today or dt.date.today()
    past = [p for p in grammar(language).scan(text) if not p.future and p.direction != 1]
    stated = [(_date(p), p) for p in past if p.year is not None and p.day is not None]
    stated = [(d, p) for d, p in stated if d is not None and d <= today]
    ref_year = max((d.year for d, _ in stated), default=None)
    day_evidence = [(d, 0.7 if p.weekday is None else 0.8, text[p.start:p.end]) for d, p in stated]
    for p in past:
        if p.year is None and p.day is not None and p.weekday is not None and not p.relyear:
            d = _weekday_year_date(p, ref_year, today)
            if d is not None:
                day_evidence.append((d, 0.55 if ref_year else 0.45, text[p.start:p.end]))
    # A date older than a year the text also reports as past is not the latest event.
    floor = max((p.year for p in past if p.year is not None and p.year <= today.year), default=EARLIEST_YEAR)
    day_evidence = [e for e in day_evidence if e[0].year >= floor]
    if day_evidence:
        d, confidence, surface = max(day_evidence)
        return PublicationEstimate(d, "day", confidence, earliest=d, basis=f"latest past event stated as '{surface}'")
    return _from_relative_year(past, text, today) or _from_month(past, text, today)


def _date(p: Parsed) -> dt.date | None:
    try:
        return dt.date(p.year, p.month, p.day)
    except (TypeError, ValueError):
        return None


def _weekday_year_date(p: Parsed, ref_year: int | None, today: dt.date) -> dt.date | None:
    """The date of a weekday + day/month whose weekday fits, nearest `ref_year`
    (or the latest such year), never after today."""
    fits = []
    for year in range(today.year, EARLIEST_YEAR - 1, -1):
        try:
            d = dt.date(year, p.month, p.day)
        except ValueError:
            continue
        if d <= today and d.weekday() == p.weekday:
            fits.append(d)
    if not fits:
        return None
    if ref_year is None:
        return fits[0]
    return min(fits, key=lambda d: (abs(d.year - ref_year), -d.year))


def _from_relative_year(past: list[Parsed], text: str, today: dt.date) -> PublicationEstimate | None:
    """'24 Februari tahun lalu' plus '24 Februari 2022' elsewhere: published in 2023."""
    stated = {(p.month, p.day): p.year for p in past if p.year is not None and p.month is not None}
    for p in past:
        if p.relyear and p.month is not None and (p.month, p.day) in stated:
            year = stated[(p.month, p.day)] - (p.direction or 0)
            if year <= today.year:
                start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
                return PublicationEstimate(start + (end - start) / 2, "year", 0.4, start, end,
                                           f"'{text[p.start:p.end]}' is a date the text states with its year")
    return None


def _from_month(past: list[Parsed], text: str, today: dt.date) -> PublicationEstimate | None:
    months = [(dt.date(p.year, p.month, 1), p) for p in past if p.year is not None and p.month is not None and p.day is None]
    floor = max((p.year for p in past if p.year is not None and p.year <= today.year), default=EARLIEST_YEAR)
    months = [(d, p) for d, p in months if d <= today and d.year >= floor]
    if not months:
        return None
    d, p = max(months, key=lambda item: item[0])
    return PublicationEstimate(d, "month", 0.3, earliest=d, basis=f"latest past month stated as '{text[p.start:p.end]}'")
