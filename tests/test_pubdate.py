"""Publication date inference: constructed texts (not seed text), plus a floor on the seeds key."""

from __future__ import annotations

import datetime as dt

from newsgen.evaluate.dates import within
from newsgen.tag.pubdate import infer_publication_date

TODAY = dt.date(2026, 11, 22)


def infer(text: str, language: str = "id"):
    return infer_publication_date(text, language, today=TODAY)


def test_stated_full_date_is_the_estimate():
    est = infer("Menteri meresmikan jembatan itu pada Selasa 12 Maret 2024 di Palu.")
    assert (est.value, est.precision) == (dt.date(2024, 3, 12), "day")
    assert est.confidence >= 0.7 and est.earliest == dt.date(2024, 3, 12)


def test_latest_past_event_wins_over_older_ones():
    est = infer("Kasus bermula 3 Januari 2023. Polisi menangkap tersangka pada 20/2/2023.")
    assert est.value == dt.date(2023, 2, 20)


def test_future_dates_are_not_evidence():
    est = infer("Kasus bermula 3 Januari 2023. Sidang akan digelar 20 Maret 2023.")
    assert est.value == dt.date(2023, 1, 3)


def test_weekday_with_day_month_picks_the_most_recent_fitting_year():
    # 4 February was a Friday in 2022 (and next in 2028, after "today").
    est = infer("Kedua pemimpin bertemu pada Jumat (4/2) di Beijing.")
    assert (est.value, est.precision) == (dt.date(2022, 2, 4), "day")
    assert est.confidence < 0.7  # the year is inferred, not stated


def test_weekday_year_is_nearest_other_evidence():
    # 13 March was a Monday in 2023 and 2017; the text's other evidence is from 2017.
    est = infer("Pada Senin (13/3) ia tiba. Ia pernah datang pada 2 Januari 2017.")
    assert est.value == dt.date(2017, 3, 13)


def test_weekday_year_respects_a_stated_year_and_month_evidence():
    # 4 Feb was a Friday in 2022, 2011, 2005...: a bare year does not pull the choice back,
    # month evidence does.
    assert infer("Rapat digelar Jumat (4/2). Lembaga itu ada sejak 2005.").value == dt.date(2022, 2, 4)
    assert infer("Rapat digelar Jumat (4/2), sebulan setelah Januari 2011.").value == dt.date(2011, 2, 4)


def test_weekday_date_never_after_today():
    est = infer_publication_date("Rapat digelar Jumat (4/2).", today=dt.date(2021, 6, 1))
    assert est.value == dt.date(2011, 2, 4)


def test_relative_year_anchor_with_the_same_date_stated():
    text = "Invasi dimulai 24 Februari 2022. Setahun berselang, sejak 24 Februari tahun lalu, perang berlanjut."
    est = infer(text)
    # "tahun lalu" says the article is from the year after the stated date
    assert (est.value.year, est.precision, est.earliest) == (2023, "year", dt.date(2023, 1, 1))
    est = infer("Tepat 24 Februari tahun lalu perang dimulai. Sejak Februari 2022 harga naik.")
    assert (est.value.year, est.precision) == (2023, "year")


def test_month_precision_from_a_month_with_year():
    est = infer("Inflasi memuncak pada Juli 2023, kata bank sentral.")
    assert (est.value, est.precision) == (dt.date(2023, 7, 1), "month")


def test_no_year_evidence_gives_no_estimate():
    assert infer("Ia berkunjung pekan lalu dan bertemu menteri hari Senin lalu.") is None
    assert infer("Organisasi itu dibentuk tahun 2001.") is None  # a bare year is only a lower bound
    assert infer("Perang dimulai 24 Februari lalu dan kini memasuki bulan keempat.") is None


def test_older_date_than_a_stated_year_is_not_the_estimate():
    assert infer("Ia lahir 17 Agustus 1945 dan meninggal pada 2008.") is None


def test_english():
    est = infer("The ministers met on Wednesday, June 15, 2022, officials said.", "en")
    assert est.value == dt.date(2022, 6, 15)


def test_seeds_floor(gold):
    hits = 0
    for article in gold:
        bounds = article.record["publication_date"]
        est = infer(article.body)
        hits += within(est.value if est else None, bounds.get("earliest"), bounds.get("latest"))
    assert hits >= 2  # measured 2/5; the other three state no year at all
