"""Boilerplate, datelines and credits in clippings the seeds do not contain."""

from __future__ import annotations

from newsgen.load.clipping import load_patterns, parse_clipping

PATTERNS = load_patterns("id")


def parse(text: str, extra=None):
    return parse_clipping(text, load_patterns("id", extra) if extra else PATTERNS)


def test_dateline_with_hyphen_gives_place_and_outlet():
    clip = parse("SURABAYA, KOMPAS.com - Banjir merendam tiga kecamatan.\nWarga mengungsi.")
    assert (clip.dateline_place, clip.outlet) == ("Surabaya", "KOMPAS.com")
    assert clip.body == "Banjir merendam tiga kecamatan.\nWarga mengungsi."


def test_dateline_with_en_dash_and_mixed_case():
    clip = parse("Bandung, Pikiran Rakyat – Harga cabai naik lagi.")
    assert (clip.dateline_place, clip.outlet, clip.body) == ("Bandung", "Pikiran Rakyat", "Harga cabai naik lagi.")


def test_outlet_bar_dateline():
    clip = parse("Tempo.co | Pemerintah menaikkan harga BBM.")
    assert (clip.dateline_place, clip.outlet, clip.body) == (None, "Tempo.co", "Pemerintah menaikkan harga BBM.")


def test_ordinary_first_sentence_is_not_a_dateline():
    text = "Menurut warga, banjir datang tiba-tiba - kata Budi."
    clip = parse(text)
    assert clip.body == text and clip.outlet is None and clip.dateline_place is None


def test_crosslinks_inline_and_bare_with_following_headline():
    text = "\n".join([
        "Paragraf pertama.",
        "Baca juga: Gempa Guncang Cianjur",
        "BACA JUGA:Harga Beras Melonjak",
        "Baca Juga:",
        "Judul Artikel Lain yang Ditautkan",
        "Paragraf kedua.",
    ])
    clip = parse(text)
    assert clip.body == "Paragraf pertama.\nParagraf kedua."
    assert len(clip.removed_lines) == 4


def test_promos_and_source_lines():
    text = "\n".join([
        "Isi berita.",
        "Sumber : Antara/Reuters",
        "Ikuti saluran WhatsApp Detikcom untuk berita terkini.",
        "Simak berita lainnya di Google News.",
    ])
    clip = parse(text)
    assert clip.body == "Isi berita."
    assert clip.sources == ["Antara", "Reuters"]
    assert clip.outlet == "Antara"  # no dateline: the first credited source stands for the outlet


def test_editor_picks_and_a_late_named_channel_promo_are_removed():
    promo = ("Dapatkan informasi terbaru setiap hari dari Warta Desa. Mari bergabung di Grup Telegram "
             "\"Warta Desa Update\", caranya klik link https://t.me/contoh, kemudian join.")
    text = "\n".join(["Isi berita.", "Pilihan Editor: Bupati Diperiksa Lagi", promo, "Kalimat penutup."])
    clip = parse(text)
    assert clip.body == "Isi berita.\nKalimat penutup."
    assert len(clip.removed_lines) == 2


def test_news_sentences_opening_like_a_promo_stay():
    text = "Dapatkan bantuan, warga antre di balai desa.\nPilihan editor rapat itu ditolak peserta."
    assert parse(text).body == text


def test_in_text_credit_takes_the_agency_name():
    clip = parse("Presiden berbicara di Istana, seperti dikutip Reuters.\nMenurut laporan BBC Indonesia, ...")
    assert clip.sources == ["Reuters", "BBC"]


def test_trailing_editor_initials_removed():
    clip = parse("Isi berita.\nKalimat terakhir. (ant)")
    assert clip.body == "Isi berita.\nKalimat terakhir."
    clip = parse("Kalimat terakhir. [ndo/rls]")
    assert clip.body == "Kalimat terakhir."


def test_clipping_without_boilerplate_keeps_text_so_offsets_are_file_offsets():
    text = "Baris satu.\nBaris dua.\n"
    clip = parse(text)
    assert clip.body == text.rstrip("\n")
    assert text.index("dua") == clip.body.index("dua")


def test_config_patterns_extend_the_shipped_ones():
    clip = parse("Isi.\nDapatkan promo langganan di sini\nLain.", {"promo": [r"^dapatkan promo"]})
    assert clip.body == "Isi.\nLain."
