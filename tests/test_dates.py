"""Date expressions: constructed sentences (not seed text), plus floors on the seeds key."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from newsgen.evaluate.dates import DateScores, score_expressions
from newsgen.tag.dates import find_dates, stated_full_date

WED = dt.date(2024, 3, 13)  # a Wednesday


def found(text: str, pub: dt.date | None = WED, language: str = "id") -> list[tuple]:
    return [(m.text, m.kind, m.value) for m in find_dates(text, pub, language)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # absolute: the year is explicit
        ("Rapat digelar pada Senin, 11 Maret 2024 di Jakarta.", [("Senin, 11 Maret 2024", "absolute", "2024-03-11")]),
        ("Ia ditangkap Kamis (25/9/2014) malam.", [("Kamis (25/9/2014)", "absolute", "2014-09-25")]),
        ("Sidang berlangsung Selasa (29/10/2013).", [("Selasa (29/10/2013)", "absolute", "2013-10-29")]),
        ("Acara dibuka 15/6/2022 dan ditutup 2022-06-20.",
         [("15/6/2022", "absolute", "2022-06-15"), ("2022-06-20", "absolute", "2022-06-20")]),
        ("Ia lahir 17 Agt 1945, mereka menikah 5 Des 2019.",
         [("17 Agt 1945", "absolute", "1945-08-17"), ("5 Des 2019", "absolute", "2019-12-05")]),
        ("Kontrak diteken 3 Ags 2021 dan 9 Okt. 2021.",
         [("3 Ags 2021", "absolute", "2021-08-03"), ("9 Okt. 2021", "absolute", "2021-10-09")]),
        ("Juli 2023 menjadi bulan terpanas.", [("Juli 2023", "absolute", "2023-07")]),
        ("Pada akhir tahun 2023 ekonomi melambat, sedangkan pada 2019 tumbuh.",
         [("akhir tahun 2023", "absolute", "2023"), ("2019", "absolute", "2019")]),
        ("Sejak 2014, ia memimpin partai. Krisis terjadi tahun 1998.",
         [("2014", "absolute", "2014"), ("tahun 1998", "absolute", "1998")]),
        ("Ia menjabat tahun 2005-2006, pada musim 2019/20.",
         [("tahun 2005-2006", "absolute", "2005-12"), ("2019/20", "absolute", "2020-01")]),
        ("Jelang Pemilu 2014, 2000 orang mendaftar dengan biaya Rp 2000 sesuai UU No. 2015.",
         [("2014", "absolute", "2014")]),
        # partial: month or day-month without a year
        ("Presiden tiba pada Jumat (8/3) pagi.", [("Jumat (8/3) pagi", "partial", "2024-03-08")]),
        ("Kebijakan itu berlaku sejak 1 Januari lalu.", [("1 Januari lalu", "partial", "2024-01-01")]),
        ("Harga naik sejak awal Maret dan turun pada pertengahan Februari.",
         [("awal Maret", "partial", "2024-03"), ("pertengahan Februari", "partial", "2024-02")]),
        ("Banjir melanda pada akhir Desember.", [("akhir Desember", "partial", "2023-12")]),
        ("Banjir besar terjadi bulan Desember lalu.", [("bulan Desember lalu", "partial", "2023-12")]),
        ("Pertemuan dijadwalkan pada 20 Maret mendatang.", [("20 Maret mendatang", "partial", "2024-03-20")]),
        ("Tenggatnya 3 Mei.", [("3 Mei", "partial", "2024-05-03")]),  # nearer than last May
        ("Banjir melanda pada 24 Desember.", [("24 Desember", "partial", "2023-12-24")]),  # nearer than next
        ("Festival digelar di Parapat, Simalungun, pada 20 Mei.", [("20 Mei", "partial", "2024-05-20")]),
        ("Ia tiba pada 3 Mei lalu.", [("3 Mei lalu", "partial", "2023-05-03")]),  # "lalu" points back
        ("Kenaikan diumumkan dalam rapat Januari mereka.", [("Januari", "partial", "2024-01")]),
        ("Pemilihan akan digelar bulan November.", [("bulan November", "partial", "2024-11")]),
        # weekday
        ("Polisi memeriksa saksi pada hari Senin.", [("hari Senin", "weekday", "2024-03-11")]),
        ("Ia bertemu menteri hari Kamis lalu.", [("hari Kamis lalu", "weekday", "2024-03-07")]),
        ("Ia bertemu menteri Rabu lalu.", [("Rabu lalu", "weekday", "2024-03-06")]),
        ("Ledakan terdengar Sabtu malam.", [("Sabtu malam", "weekday", "2024-03-09")]),
        ("DPR akan memutuskan Jumat malam.", [("Jumat malam", "weekday", "2024-03-15")]),
        ("Hasilnya diumumkan Senin depan.", [("Senin depan", "weekday", "2024-03-18")]),
        ("Pada hari Minggu lalu ia berkampanye.", [("hari Minggu lalu", "weekday", "2024-03-10")]),
        # a weekday of the week an offset names
        ("Pemungutan suara ulang digelar Sabtu pekan depan.", [("Sabtu pekan depan", "weekday", "2024-03-23")]),
        ("Ia diperiksa hari Senin minggu lalu.", [("hari Senin minggu lalu", "weekday", "2024-03-04")]),
        ("Rapat berlangsung Kamis malam pekan ini.", [("Kamis malam pekan ini", "weekday", "2024-03-14")]),
        # relative
        ("Ia pergi ke Bali pekan lalu.", [("pekan lalu", "relative", "2024-03")]),
        ("Ia akan berangkat minggu depan dan pulang bulan depan.",
         [("minggu depan", "relative", "2024-03"), ("bulan depan", "relative", "2024-04")]),
        ("Minggu lalu ia sakit.", [("Minggu lalu", "relative", "2024-03")]),
        ("Kemarin, polisi menangkap dua orang. Besok sidang dilanjutkan.",
         [("Kemarin", "relative", "2024-03-12"), ("Besok", "relative", "2024-03-14")]),
        ("Proyek selesai tahun depan, bukan tahun ini.",
         [("tahun depan", "relative", "2025"), ("tahun ini", "relative", "2024")]),
        ("Laba turun tahun lalu.", [("tahun lalu", "relative", "2023")]),
        ("Pemilu digelar 14 Februari tahun lalu.", [("14 Februari tahun lalu", "relative", "2023-02-14")]),
        ("Harga naik sejak awal tahun.", [("awal tahun", "relative", "2024")]),
        ("Tiga hari lalu ia datang.", [("Tiga hari lalu", "relative", "2024-03-10")]),
        ("Setahun lalu ia menjabat.", [("Setahun lalu", "relative", "2023")]),
        ("Candi itu dibangun ratusan tahun lalu, kota itu 1.000 tahun lalu.",
         [("ratusan tahun lalu", "relative", None), ("1.000 tahun lalu", "relative", "1024")]),
        ("Ia pindah 2,5 tahun lalu.", [("2,5 tahun lalu", "relative", None)]),
        ("Harga beras naik dalam beberapa bulan terakhir.", [("beberapa bulan terakhir", "relative", None)]),
        ("Konflik memanas dalam beberapa tahun terakhir.", [("beberapa tahun terakhir", "relative", None)]),
        ("Serangan dimulai 7 Oktober lalu dan kini memasuki bulan ketiga.",
         [("7 Oktober lalu", "partial", "2023-10-07"), ("bulan ketiga", "relative", "2023-12")]),
    ],
)
def test_indonesian_expressions(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ada 2000 orang hadir dan 5.000 kursi disiapkan.",
        "Perang Dunia Kedua berakhir setelah satu tahun perang di kawasan itu.",
        "Sementara itu, para menteri bersidang di akhir tur mereka.",
        "Timnya menang 4/2 atas lawan.",
        "Tahun terakhir masa jabatannya tidak mudah.",
    ],
)
def test_non_dates_are_left_alone(text):
    assert found(text) == []


def test_counting_beyond_the_calendar_gives_no_value():
    assert found("Itu terjadi 30.000 bulan lalu dan 9999999 hari lalu.") == [
        ("30.000 bulan lalu", "relative", None), ("9999999 hari lalu", "relative", None)]


def test_prepositions_are_dropped_and_offsets_are_string_indices():
    text = "Pada hari Rabu, “rapat” digelar sejak awal tahun dan dalam beberapa bulan terakhir."
    for m in find_dates(text, WED):
        assert text[m.start:m.end] == m.text
        assert not m.text.lower().startswith(("pada ", "sejak ", "dalam "))
    assert [m.text for m in find_dates(text, WED)] == ["hari Rabu", "awal tahun", "beberapa bulan terakhir"]


def test_periods_get_a_best_month_and_a_range():
    (week,) = find_dates("Ia datang pekan lalu.", WED)
    assert (week.value, week.precision, week.range) == ("2024-03", "range", ("2024-03-04", "2024-03-10"))
    text = "Perang pecah 24 Januari lalu dan kini memasuki bulan keempat."
    ordinal = find_dates(text, dt.date(2024, 5, 10))[-1]
    assert ordinal.range == ("2024-04-24", "2024-05-23") and ordinal.value == "2024-05"


def test_day_ranges_are_periods_in_one_year():
    (festival,) = find_dates("Festival akan digelar di Parapat, Simalungun, pada 20–24 Mei.", WED)
    assert (festival.text, festival.value, festival.precision) == ("20–24 Mei", "2024-05", "range")
    assert festival.range == ("2024-05-20", "2024-05-24")
    (fair,) = find_dates("Pameran berlangsung 3 sampai 5 Maret 2022.", WED)
    assert (fair.kind, fair.range) == ("absolute", ("2022-03-03", "2022-03-05"))
    (holiday,) = find_dates("Libur 24-26 Desember lalu.", WED)
    assert holiday.range == ("2023-12-24", "2023-12-26")
    assert found("pada 30–31 Februari", WED) == []


def test_without_publication_relative_values_are_none_but_found():
    text = "Rabu 15 Juni 2022 dan Jumat (4/2) serta pekan lalu, hari Kamis, bulan Maret."
    mentions = find_dates(text, None)
    assert [m.value for m in mentions] == ["2022-06-15", None, None, None, None]
    assert [m.kind for m in mentions] == ["absolute", "partial", "relative", "weekday", "partial"]


def test_future_cue_points_a_weekday_forward_only_in_its_clause():
    assert found("Majelis akan memberikan suara Kamis malam.") == [("Kamis malam", "weekday", "2024-03-14")]
    assert found("Ia akan pergi, katanya Kamis malam.") == [("Kamis malam", "weekday", "2024-03-07")]


def test_english_expressions():
    text = ("The talks were held on Wednesday, June 15, 2022. He left June 20. Officials said last Monday "
            "that the vote will take place Thursday night. Prices rose last week; two weeks ago they fell. "
            "Over the past few months exports grew. The firm was founded in 2001 and listed in early February. "
            "Yesterday the court met. He will march in March.")
    assert found(text, WED, "en") == [
        ("Wednesday, June 15, 2022", "absolute", "2022-06-15"),
        ("June 20", "partial", "2023-06-20"),
        ("last Monday", "weekday", "2024-03-11"),
        ("Thursday night", "weekday", "2024-03-14"),
        ("last week", "relative", "2024-03"),
        ("two weeks ago", "relative", "2024-02"),
        ("past few months", "relative", None),
        ("2001", "absolute", "2001"),
        ("early February", "partial", "2024-02"),
        ("Yesterday", "relative", "2024-03-12"),
    ]


def test_english_numeric_dates_are_month_first_unless_impossible():
    assert found("On 6/15/2022 and 15/6/2022.", WED, "en") == [
        ("6/15/2022", "absolute", "2022-06-15"), ("15/6/2022", "absolute", "2022-06-15")]


def test_stated_full_date():
    assert stated_full_date("Pada Jumat (4/2) ia tiba, lalu Rabu 15 Juni 2022 ia pulang.") == dt.date(2022, 6, 15)
    assert stated_full_date("Ditangkap Kamis (25/9/2014).") == dt.date(2014, 9, 25)
    assert stated_full_date("Juni 2022 dan tahun 2001, pekan lalu.") is None
    assert stated_full_date("Signed on June 15, 2022.", "en") == dt.date(2022, 6, 15)
    assert stated_full_date("Tanggal 31/2/2022 tidak ada.") is None  # impossible dates are not dates


def test_unknown_language_finds_nothing():
    with pytest.warns(UserWarning):
        assert find_dates("15 Juni 2022", WED, "zz-test") == []
    with pytest.warns(UserWarning):  # punctuation alone: the empty grammar once matched "" there, and crashed
        assert find_dates(": - (4/2) :", WED, "0") == []


def test_seeds_floors(gold):
    scores = DateScores()
    for article in gold:
        pub = dt.date.fromisoformat(str(article.record["publication_date"]["value"]))
        score_expressions(article, find_dates(article.body, pub), scores)
    assert scores.rate(scores.found) >= 0.9  # measured 1.0
    assert scores.rate(scores.right) >= 0.85  # measured 1.0
    assert scores.precision >= 0.85  # measured 1.0


def test_speed(gold):
    text = "\n".join(a.body for a in gold) * 5
    began = time.perf_counter()
    find_dates(text, WED)
    assert len(text) / (time.perf_counter() - began) > 100_000  # chars/s; measured ~600k
