"""Shortened text for summaries and titles: cut at a clause or a word, an ellipsis only where a sentence was cut."""

from __future__ import annotations

from newsgen.load.text import derive_headline, derive_summary, shorten

SENTENCE = "Warga desa menolak rencana tambang itu karena khawatir sumber air mereka tercemar limbah."


def test_a_cut_inside_a_sentence_ends_with_an_ellipsis():
    cut = shorten(SENTENCE + " " + SENTENCE, 60)
    assert cut.endswith("…") and len(cut) <= 60 and SENTENCE.startswith(cut[:-1])


def test_a_cut_that_falls_after_a_whole_sentence_keeps_its_full_stop_alone():
    text = SENTENCE + " Pemerintah daerah berjanji meninjau ulang izinnya bulan depan."
    cut = shorten(text, len(SENTENCE) + 8)  # the word after the sentence does not fit
    assert cut == SENTENCE


def test_short_text_is_kept_whole():
    assert shorten("  Banjir   di Medan. ", 60) == "Banjir di Medan."


LONG_LEDE = ("Pemerintah daerah bersama relawan dan aparat keamanan mengevakuasi ratusan warga yang terjebak banjir "
             "setinggi dua meter sejak Senin malam. Bantuan tiba esok harinya.")


def test_a_summary_goes_on_from_where_a_cut_headline_stops():
    headline = derive_headline(LONG_LEDE)
    assert headline.endswith("…")
    summary = derive_summary(LONG_LEDE, headline)
    assert summary.startswith("…") and headline[:-1] + " " + summary[1:] == LONG_LEDE


def test_a_summary_skips_a_whole_sentence_headline_and_keeps_the_lede_without_one():
    text = "Banjir merendam Medan. Warga mengungsi."
    assert derive_summary(text, derive_headline(text)) == "Warga mengungsi."
    assert derive_summary(text) == text
    assert derive_summary("Banjir merendam Medan.", "Banjir merendam Medan") == "Banjir merendam Medan."  # nothing else
    # a headline the text does not start with (edited by hand) leaves the lede whole
    assert derive_summary(LONG_LEDE, "Warga Medan mengungsi…").startswith("Pemerintah daerah")
