"""Entity recognizer: behaviours and score floors (shipped model)."""

from __future__ import annotations

import pytest

from newsgen.evaluate.entities import bio_spans, score_dev, score_seeds
from newsgen.tag.ner import EntityRecognizer
from newsgen.tag.tokenize import sentences, tokenize

from .conftest import DEV_SPLIT as DEV
from .conftest import GOLD, SEEDS


@pytest.fixture(scope="module")
def rec() -> EntityRecognizer:
    return EntityRecognizer.load("id")


def spans(rec, text):
    return [(m.text, m.type) for m in rec.recognize(text)]


def test_load_is_cached(rec):
    assert EntityRecognizer.load("id") is rec


def test_offsets_index_the_text(rec):
    text = "Kata “Menteri” itu. Presiden Joko Widodo tiba di Surabaya, Jawa Timur."
    for m in rec.recognize(text):
        assert text[m.start:m.end] == m.text
    assert ("Joko Widodo", "person") in spans(rec, text)
    assert ("Surabaya", "place") in spans(rec, text) and ("Jawa Timur", "place") in spans(rec, text)


def test_sorted_flat_non_overlapping(rec):
    ms = rec.recognize("Dewan Keamanan PBB dan Uni Eropa bertemu di Brussel, Belgia, kata juru bicara NATO.")
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))


def test_title_stripped_and_country_in_title_counted(rec):
    got = spans(rec, "Pertemuan itu dihadiri Presiden Prancis Emmanuel Macron di Paris.")
    assert ("Prancis", "place") in got and ("Emmanuel Macron", "person") in got
    assert not any(t.startswith("Presiden") for t, _ in got)


def test_clitic_outside_name(rec):
    got = rec.recognize("Negara itu menolak ekspansi NATO-nya.")
    nato = [m for m in got if m.text == "NATO"]
    assert nato and nato[0].type == "organization"


def test_hyphen_pair_gives_two_places(rec):
    got = spans(rec, "Hubungan Jepang-Korea Selatan membaik, sementara hubungan India-Pakistan tegang.")
    assert ("India", "place") in got and ("Pakistan", "place") in got


def test_reduplicated_name_not_split(rec):
    got = spans(rec, "Sidang Perserikatan Bangsa-Bangsa digelar pekan depan.")
    assert ("Perserikatan Bangsa-Bangsa", "organization") in got


def test_longest_name_wins(rec):
    got = spans(rec, "Pernyataan itu disampaikan di sidang Majelis Umum PBB di New York.")
    assert ("Majelis Umum PBB", "organization") in got and ("PBB", "organization") not in got


def test_events(rec):
    got = spans(rec, "Sejak Perang Dunia Kedua hingga Perang Dingin, negara itu absen di KTT ASEAN.")
    assert ("Perang Dunia Kedua", "event") in got and ("Perang Dingin", "event") in got
    assert ("KTT ASEAN", "event") in got


def test_barat_only_standalone(rec):
    assert ("Barat", "place") in spans(rec, "Sanksi Barat tidak berpengaruh, kata analis.")
    got = spans(rec, "Banjir melanda Bandung, Jawa Barat, kemarin.")
    assert ("Jawa Barat", "place") in got and ("Barat", "place") not in got


def test_gazetteer_canonicals(rec):
    canon = {m.text: m.canonical for m in rec.recognize("Pejabat AS dan RRT bertemu di Kiev membahas sikap PBB.")}
    assert canon["AS"] == "Amerika Serikat" and canon["RRT"] == "China"
    assert canon["Kiev"] == "Kyiv" and canon["PBB"] == "Perserikatan Bangsa-Bangsa"


def test_short_form_points_to_full_name(rec):
    text = ("Perdana Menteri Jepang Fumio Kishida tiba di Jakarta. "
            "Dalam kunjungan itu, Kishida bertemu pengusaha.")
    kishida = [m for m in rec.recognize(text) if m.text == "Kishida"]
    assert kishida and kishida[0].type == "person" and kishida[0].canonical == "Fumio Kishida"


def test_tokenizer_offsets_and_quotes():
    text = "Ia berkata, “Kami siap.” Lalu pergi."
    assert all(text[t.start:t.end] == t.text for t in tokenize(text))
    assert not any(t.text in "“”" for s in sentences(text) for t in s)


def test_bio_spans():
    assert bio_spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG"]) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG")]


def test_dev_floor(rec):
    # Measured: CRF alone 0.810 micro-F1 on the rebuilt dev text (0.842 on
    # the corpus' own tokens); full recognizer 0.73 because the corpus leaves
    # metonymic countries untagged, which newsgen tags by convention.
    assert score_dev(rec, DEV, model_only=True)["micro"][2] >= 0.79
    assert score_dev(rec, DEV)["micro"][2] >= 0.70


def test_seeds_floor(rec):
    scores = score_seeds(rec, GOLD, SEEDS)
    assert scores["micro"][2] >= 0.95  # measured 0.978
    assert scores["place"][2] >= 0.97 and scores["event"][2] >= 0.9
