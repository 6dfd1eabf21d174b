"""Measure dateparser against newsgen's own date grammar on the seeds answer key.

For each seed body, both taggers run with the gold publication date as the
base for relative expressions:

* own grammar: newsgen.tag.dates.find_dates(body, publication)
* dateparser:  dateparser.search.search_dates(body, languages=[...],
               settings={"RELATIVE_BASE": publication, "PREFER_DATES_FROM": "past"})

Scores, per tagger: gold expressions found with the exact surface on the gold
line ("exact"), found by any overlapping span ("overlap"), and found exactly
with the gold value (dateparser's datetime cut to the gold value's precision;
a vague gold value of null is never matched by a concrete date), predicted
spans, and speed in characters per second.  Publication dates: dateparser has
no inference of its own, so its latest date found (base = today) stands in.

Usage: PYTHONPATH=src python scripts/compare_dateparser.py [gold.yaml] [seeds_dir]
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from newsgen.evaluate.dates import DEFAULT_GOLD, DEFAULT_SEEDS, TODAY, within
from newsgen.evaluate.gold import load_gold
from newsgen.tag.dates import find_dates
from newsgen.tag.pubdate import infer_publication_date


def dateparser_spans(text: str, base: dt.date, language: str = "id"):
    """(start, end, surface, value-as-datetime) for each dateparser hit, located in order."""
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": dt.datetime.combine(base, dt.time()), "PREFER_DATES_FROM": "past"}
    hits = search_dates(text, languages=[language], settings=settings) or []
    spans, cursor = [], 0
    for surface, when in hits:
        start = text.find(surface, cursor)
        if start < 0:
            start = text.find(surface)
        if start < 0:
            continue
        spans.append((start, start + len(surface), surface, when))
        cursor = start + len(surface)
    return spans


def _own_spans(text: str, base: dt.date):
    return [(m.start, m.end, m.text, m.value) for m in find_dates(text, base)]


def _as_gold_value(value, gold_value):
    """dateparser's datetime cut to the precision of the gold value."""
    if value is None or gold_value is None or isinstance(value, str):
        return value
    return value.date().isoformat()[: len(str(gold_value))]


def score(tagger, articles) -> dict:
    totals = {"gold": 0, "exact": 0, "overlap": 0, "overlap_right": 0, "right": 0, "predicted": 0, "chars": 0, "seconds": 0.0}
    for article in articles:
        pub = dt.date.fromisoformat(str(article.record["publication_date"]["value"]))
        began = time.perf_counter()
        spans = tagger(article.body, pub)
        totals["seconds"] += time.perf_counter() - began
        totals["chars"] += len(article.body)
        totals["predicted"] += len(spans)
        unused = list(spans)
        for g in article.record.get("dates") or []:
            totals["gold"] += 1
            on_line = [s for s in spans if article.line_of(s[0]) == g["line"]]
            start = _gold_start(article, g)
            overlapping = [s for s in on_line if start is not None and s[0] < start + len(g["surface"]) and start < s[1]]
            totals["overlap"] += bool(overlapping)
            totals["overlap_right"] += g.get("value") is not None and any(
                _as_gold_value(s[3], g["value"]) == g["value"] for s in overlapping)
            exact = next((s for s in unused if s[2] == g["surface"] and article.line_of(s[0]) == g["line"]), None)
            if exact is None:
                continue
            unused.remove(exact)
            totals["exact"] += 1
            totals["right"] += _as_gold_value(exact[3], g.get("value")) == g.get("value") and g.get("value") is not None or (
                g.get("value") is None and exact[3] is None)
    return totals


def _gold_start(article, g) -> int | None:
    offset = 0
    while (start := article.body.find(g["surface"], offset)) >= 0:
        if article.line_of(start) == g["line"]:
            return start
        offset = start + 1
    return None


def pubdates(articles, today: dt.date):
    rows = []
    for article in articles:
        bounds = article.record["publication_date"]
        own = infer_publication_date(article.body, today=today)
        found = [s[3].date() for s in dateparser_spans(article.body, today) if s[3].date() <= today]
        theirs = max(found) if found else None
        rows.append((article.name, own.value if own else None, theirs, bounds.get("earliest"), bounds.get("latest")))
    return rows


def main(argv: list[str]) -> int:
    gold = Path(argv[0]) if argv else DEFAULT_GOLD
    seeds = Path(argv[1]) if len(argv) > 1 else DEFAULT_SEEDS
    articles = load_gold(gold, seeds)
    dateparser_spans("warm up 1 Januari 2020", TODAY)  # dateparser loads its language data lazily
    for name, tagger in (("own grammar", _own_spans), ("dateparser", dateparser_spans)):
        t = score(tagger, articles)
        n = t["gold"] or 1
        print(f"{name:12s} found exact {t['exact']}/{t['gold']} ({t['exact'] / n:.0%})  overlap {t['overlap']}/{t['gold']}"
              f" ({t['overlap'] / n:.0%}, right value {t['overlap_right']})  exact+right value {t['right']}/{t['gold']} ({t['right'] / n:.0%})"
              f"  predicted {t['predicted']}  speed {t['chars'] / max(t['seconds'], 1e-9):,.0f} chars/s")
    print("publication dates (own estimate / dateparser latest date found) vs gold bounds:")
    own_ok = theirs_ok = 0
    for name, own, theirs, lo, hi in pubdates(articles, TODAY):
        own_ok += within(own, lo, hi)
        theirs_ok += within(theirs, lo, hi)
        print(f"  {name}: own {own}  dateparser {theirs}  gold [{lo} .. {hi}]")
    print(f"  within bounds: own {own_ok}/{len(articles)}  dateparser {theirs_ok}/{len(articles)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
