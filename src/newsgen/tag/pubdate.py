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
    implied = _implied_year(past, today)
    # Evidence older than a year the text reports as past (or implies) is not the latest event.
    floor = max([p.year for p in past if p.year is not None and p.year <= today.year] + [implied or EARLIEST_YEAR])
    estimate = _from_days(past, text, today, floor, implied)
    if estimate and estimate.value.year >= floor:
        return estimate
    if implied is not None:
        start, end = dt.date(implied, 1, 1), min(dt.date(implied, 12, 31), today)
        return PublicationEstimate(start + (end - start) / 2, "year", 0.4, start, end,
                                   "a date given with 'last year' that the text also states with its year")
    estimate = _from_month(past, text, today)
    return estimate if estimate and estimate.value.year >= floor else None


def _from_days(past: list[Parsed], text: str, today: dt.date, floor: int, implied: int | None) -> PublicationEstimate | None:
    stated = [(_date(p), p) for p in past if p.year is not None and p.day is not None]
    stated = [(d, p) for d, p in stated if d is not None and d <= today]
    # A weekday's year is sought near the text's other dated (day or month) evidence.
    months = [p.year for p in past if p.year is not None and p.month is not None and p.year <= today.year]
    ref_year = implied or max(months, default=None)
    evidence = [(d, 0.7 if p.weekday is None else 0.8, text[p.start:p.end]) for d, p in stated]
    for p in past:
        if p.year is None and p.day is not None and p.weekday is not None and not p.relyear:
            d = _weekday_year_date(p, ref_year, today, floor)
            if d is not None:
                evidence.append((d, 0.55 if ref_year else 0.45, text[p.start:p.end]))
    if not evidence:
        return None
    d, confidence, surface = max(evidence)
    return PublicationEstimate(d, "day", confidence, earliest=d, basis=f"latest past event stated as '{surface}'")


def _date(p: Parsed) -> dt.date | None:
    try:
        return dt.date(p.year, p.month, p.day)
    except (TypeError, ValueError):
        return None


def _weekday_year_date(p: Parsed, ref_year: int | None, today: dt.date, floor: int) -> dt.date | None:
    """The date of a weekday + day/month whose weekday fits, nearest `ref_year`
    (or the latest such year), not before the `floor` year nor after today."""
    fits = []
    for year in range(today.year, floor - 1, -1):
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


def _implied_year(past: list[Parsed], today: dt.date) -> int | None:
    """'24 Februari tahun lalu' plus '24 Februari 2022' (or 'Februari 2022')
    elsewhere: the article was written in 2023."""
    years = []
    for p in past:
        if not (p.relyear and p.month is not None):
            continue
        for q in past:
            if q.year is not None and q.month == p.month and (q.day is None or p.day is None or q.day == p.day):
                years.append(q.year - (p.direction or 0))
    years = [y for y in years if y <= today.year]
    return max(years) if years else None


def _from_month(past: list[Parsed], text: str, today: dt.date) -> PublicationEstimate | None:
    months = [(dt.date(p.year, p.month, 1), p) for p in past if p.year is not None and p.month is not None and p.day is None]
    months = [(d, p) for d, p in months if d <= today]
    if not months:
        return None
    d, p = max(months, key=lambda item: item[0])
    return PublicationEstimate(d, "month", 0.3, earliest=d, basis=f"latest past month stated as '{text[p.start:p.end]}'")
