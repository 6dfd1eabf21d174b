"""Entity recognizer: behaviours and score floors (shipped model)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.evaluate.entities import bio_spans, read_conll, score_dev, score_seeds, span_prf
from newsgen.tag.ner import RANK_CRF, EntityRecognizer, Span
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


def test_seat_of_government_is_organization_unless_located(rec):
    def got(text):
        return [(m.text, m.type, m.canonical) for m in rec.recognize(text)]
    assert ("Kremlin", "organization", "Kremlin") in got("Langkah itu dikecam Kremlin, kata pejabat itu.")
    assert ("Kremlin", "place", "Kremlin Moskow") in got("Kedua pemimpin bertemu di Kremlin pada Senin.")
    assert ("Gedung Putih", "organization", "Gedung Putih") in got("Juru bicara Gedung Putih menolak berkomentar.")
    assert ("Gedung Putih", "place", "Gedung Putih") in got("Wartawan menunggu di luar Gedung Putih sejak pagi.")
    assert ("Pentagon", "organization", "Pentagon") in got("Pentagon mengirim dua kapal perusak ke kawasan itu.")
    assert ("Pentagon", "place", "Pentagon") in got("Rapat itu digelar di Pentagon pekan lalu.")
    assert ("Downing Street", "organization", "Downing Street") in got("Downing Street menyatakan dukungannya.")


def test_seats_data_is_consistent(rec):
    gaz = rec.gaz
    assert {"Kremlin", "Gedung Putih", "Pentagon", "Downing Street", "Zhongnanhai", "Cheong Wa Dae"} <= set(gaz.seat_place)
    for seat, place in gaz.seat_place.items():
        assert gaz.lookup(seat) == ("organization", seat)
        assert gaz.canonical_as(seat, "place") == place
    assert gaz.lookup("White House") == ("organization", "Gedung Putih")
    assert gaz.lookup("Gedung Biru") == ("organization", "Cheong Wa Dae")


def test_title_remnant_dropped_and_role_name_split(rec):
    words = "Menteri Luar Negeri Rusia Sergey Lavrov tiba di Beijing .".split()
    gaz = rec._gaz_spans(words)
    org = Span(1, 6, "organization", None, RANK_CRF)  # what the CRF may propose
    pieces = [p for span in rec._clean_crf(words, org) for p in rec._split_role_name(words, span, gaz)]
    assert [(words[p.start], p.end, p.type) for p in pieces] == [("Sergey", 6, "person")]
    got = spans(rec, "Menteri Luar Negeri Rusia Sergey Lavrov tiba di Beijing.")
    assert ("Rusia", "place") in got and ("Sergey Lavrov", "person") in got

    words = "Sementara itu , juru bicara Kremlin Dmitry Peskov menolak .".split()
    span = Span(5, 8, "person", None, RANK_CRF)
    assert rec._split_role_name(words, span, rec._gaz_spans(words)) == [span]  # persons: _unmix's job
    org = Span(5, 8, "organization", None, RANK_CRF)
    assert rec._split_role_name(words, org, rec._gaz_spans(words)) == [Span(6, 8, "person", None, RANK_CRF)]
    got = spans(rec, "Sementara itu, juru bicara Kremlin Dmitry Peskov menolak.")
    assert ("Kremlin", "organization") in got and ("Dmitry Peskov", "person") in got


def test_role_split_needs_a_role_and_a_person_like_rest(rec):
    words = "Ia pindah ke Jakarta Convention Center kemarin .".split()
    span = Span(3, 6, "place", None, RANK_CRF)
    assert rec._split_role_name(words, span, rec._gaz_spans(words)) == [span]  # no role before it
    words = "kata juru bicara Rusia Kementerian Luar Negeri .".split()
    span = Span(3, 7, "organization", None, RANK_CRF)
    assert rec._split_role_name(words, span, rec._gaz_spans(words)) == [span]  # the rest is no person


def test_organisation_pattern_edges(rec):
    got = spans(rec, "Menurut ketua umum Partai Demokrat dalam KLB nanti, kriteria sudah disepakati.")
    assert ("Partai Demokrat", "organization") in got
    got = spans(rec, "Juru bicara Kementerian luar negeri Rusia menolak tuduhan itu.")
    assert ("Kementerian luar negeri Rusia", "organization") in got
    got = spans(rec, "Pelaksana Harian Ketua Umum partai itu membantah.")
    assert not any(t.startswith("Harian") for t, _ in got)


def test_regional_offices_and_federations_are_organisations_whole(rec):
    got = spans(rec, "Kepala Dinas Kebudayaan dan Pariwisata Sumatera Utara Rina Lubis membuka acara.")
    assert ("Dinas Kebudayaan dan Pariwisata Sumatera Utara", "organization") in got
    got = spans(rec, "Ketua Federasi Guru Merdeka Nusantara, Budi Santoso, menolak rencana itu.")
    assert ("Federasi Guru Merdeka Nusantara", "organization") in got


def test_a_regency_after_a_title_is_a_place_not_part_of_the_name(rec):
    got = spans(rec, "Bupati Simalungun Radiapoh Hasiholan Sinaga meninjau lokasi banjir.")
    assert ("Simalungun", "place") in got and ("Radiapoh Hasiholan Sinaga", "person") in got
    assert spans(rec, "Warga menanam padi di lebak dan tegal dekat puncak bukit.") == []  # the words, not places


def test_a_name_after_a_title_and_its_office_is_a_person(rec):
    got = spans(rec, "Gubernur Jawa Timur Khofifah Indar Parawansa meminta pedagang tidak menimbun beras.")
    assert ("Jawa Timur", "place") in got and ("Khofifah Indar Parawansa", "person") in got  # the CRF: nothing
    got = spans(rec, "Gubernur Bank Indonesia Arif Budimanto Saleh menahan suku bunga.")
    assert ("Arif Budimanto Saleh", "person") in got
    # a headline in title case after a role word names no person
    assert not [t for t, k in spans(rec, "Warga Medan Keluhkan Kebijakan Pajak Baru") if k == "person"]


def test_known_acronyms_inside_an_organisation_name_are_spelt_out_in_its_canonical(rec):
    found = {(m.text, m.canonical) for m in rec.recognize(
        "Rapat Komisi X DPR digelar Senin. Komisi X Dewan Perwakilan Rakyat memanggil menteri.") if m.type == "organization"}
    assert found == {("Komisi X DPR", "Komisi X Dewan Perwakilan Rakyat"),
                     ("Komisi X Dewan Perwakilan Rakyat", "Komisi X Dewan Perwakilan Rakyat")}


def test_common_noun_alone_is_no_name(rec):
    words = "menurut TV pemerintah China .".split()
    assert rec._clean_crf(words, Span(1, 2, "person", None, RANK_CRF)) == []
    assert not any(t == "TV" for t, _ in spans(rec, "Hal itu dikatakan menurut TV pemerintah China."))
    assert ("Kompas TV", "organization") in spans(rec, "Hal itu disiarkan Kompas TV pada Senin.")


def test_think_tank_is_organization(rec):
    got = spans(rec, "Kata Yu Jie, peneliti senior di Chatham House, sebuah wadah pemikir Inggris.")
    assert ("Chatham House", "organization") in got


def test_dev_floor(rec):
    # Measured: CRF alone 0.822 micro-F1 on the rebuilt dev text; full
    # recognizer 0.74 because the corpus leaves metonymic countries untagged,
    # which newsgen tags by convention.
    assert score_dev(rec, DEV, model_only=True)["micro"][2] >= 0.81
    assert score_dev(rec, DEV)["micro"][2] >= 0.73


def test_dev_floor_corpus_tokens(rec):
    # The CRF on the corpus' own tokens (what scripts/train_ner.py reports).
    gold, pred = [], []
    for k, (words, tags) in enumerate(read_conll(DEV)):
        gold += [(k, *s) for s in bio_spans(tags)]
        pred += [(k, *s) for s in bio_spans(rec.tagger.tag(rec.fx.sentence(words)))]
    assert span_prf(gold, pred)["micro"][2] >= 0.85  # measured 0.856


def test_seeds_floor(rec):
    scores = score_seeds(rec, GOLD, SEEDS)
    assert scores["micro"][2] >= 0.98  # measured 1.000
    assert scores["place"][2] >= 0.98 and scores["event"][2] >= 0.98
    assert scores["person"][2] >= 0.97 and scores["organization"][2] >= 0.97


def test_a_name_found_again_by_its_first_word_takes_its_full_form():
    # the model misses this three-word name right after a title and a place; the same
    # first name later in the text marks where the name starts
    text = ("Gubernur Jawa Timur Khofifah Indar Parawansa meninjau lokasi banjir di Kecamatan Dukuh Pakis. "
            "Menurut Khofifah, bantuan segera dikirim.")
    names = [(m.text, m.canonical) for m in EntityRecognizer.load().recognize(text) if m.type == "person"]
    assert names == [("Khofifah Indar Parawansa", "Khofifah Indar Parawansa"), ("Khofifah", "Khofifah Indar Parawansa")]


def test_roads_and_buildings_named_like_people_are_places():
    text = "Presiden meresmikan Tol Krian-Legundi pekan lalu."
    mentions = EntityRecognizer.load().recognize(text)
    assert [(m.text, m.type) for m in mentions if "Tol" in m.text] == [("Tol Krian-Legundi", "place")]


def test_model_features_are_the_full_features_less_unweighted_ones(rec):
    # The recognizer leaves out attributes the model has no weight for (crfsuite
    # would ignore them): what is left must be the training features in order.
    from newsgen.tag.ner_features import FeatureExtractor

    full = FeatureExtractor(rec.gaz, rec.lang)
    known = rec.fx.known
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append("Rabu | | a|b Presiden Joko Widodo (Jokowi) dan PM Inggris di Gedung Putih, AS-China.")
    for text in texts:
        for sent in sentences(text):
            words = [t.text for t in sent]
            assert rec.fx.sentence(words) == [[a for a in item if a.decode() in known] for item in full.sentence(words)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("aB1 -'’.,:/\n\t\"“”!?«»") + ["NATO-nya", "itulah", "-nya", "x-ku"]),
                max_size=60).map("".join) | st.text(max_size=80))
def test_tokens_index_the_text_and_sentences_keep_every_non_quote_token(text):
    from newsgen.tag.tokenize import QUOTES

    tokens = tokenize(text)
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert [t for sent in sentences(text) for t in sent] == [t for t in tokens if t.text not in QUOTES]


def test_a_common_word_opening_a_sentence_is_no_person_when_the_text_writes_it_in_lower_case(rec):
    # the model takes a sentence-case common word for a name; the rest of the text says otherwise
    assert ("Angin", "person") in spans(rec, "Angin bertiup kencang sore itu.")
    assert spans(rec, "Angin bertiup kencang sore itu. Warga takut angin merusak atap rumah.") == []
    # a name said again mid-sentence, or as part of a full name, stays a name
    said_again = spans(rec, "Ganjar mengatakan hal itu kemarin. Menurut Ganjar, ganjaran harus adil, ganjar dia.")
    assert said_again.count(("Ganjar", "person")) == 2
    full_name = spans(rec, "Budi Santoso datang pagi. Budi mengaku tidak tahu; budi pekertinya baik.")
    assert full_name == [("Budi Santoso", "person"), ("Budi", "person")]


def test_regencies_and_administrative_heads(rec):
    found = [(m.text, m.type, m.canonical) for m in rec.recognize(
        "Banjir melanda Kota Surakarta dan Kabupaten Bandung, juga Bantul di Daerah Istimewa Yogyakarta.")]
    assert found == [("Kota Surakarta", "place", "Solo"),  # the city: its canonical name
                     ("Kabupaten Bandung", "place", "Kabupaten Bandung"),  # a regency is not the city it is named after
                     ("Bantul", "place", "Bantul"),
                     ("Daerah Istimewa Yogyakarta", "place", "Yogyakarta")]
    found = [(m.text, m.canonical) for m in rec.recognize("Warga Kabupaten Cianjur dan Cianjur kota sama-sama mengungsi.")]
    assert found[:2] == [("Kabupaten Cianjur", "Cianjur"), ("Cianjur", "Cianjur")]  # no city shares its name
