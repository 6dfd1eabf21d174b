"""Shortened text for summaries and titles: cut at a clause or a word, an ellipsis only where a sentence was cut."""

from __future__ import annotations

from newsgen.load.text import shorten

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
