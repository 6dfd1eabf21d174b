"""Short forms an article defines in brackets are the entity they follow."""

from __future__ import annotations

from newsgen.records import EntityMention
from newsgen.tag.abbreviations import _abbreviates, defined_abbreviations


def mentions_of(text: str, *names: tuple[str, str]) -> list[EntityMention]:
    out, at = [], 0
    for name, kind in names:
        start = text.index(name, at)
        out.append(EntityMention(name, kind, start, start + len(name), name))
        at = start + len(name)
    return out


def test_a_bracketed_short_form_and_its_later_mentions_take_the_full_name():
    text = ("Ketua Lembaga Kajian Pangan Nusantara (LKPN) hadir. Menurut LKPN, harga naik. "
            "LKPN juga mengkritik Pemkot.")
    found = defined_abbreviations(text, mentions_of(
        text, ("Lembaga Kajian Pangan Nusantara", "organization"), ("LKPN", "organization"),
        ("LKPN", "person"), ("LKPN", "place"), ("Pemkot", "organization")))
    assert [(m.text, m.type, m.canonical) for m in found[1:4]] == [("LKPN", "organization",
                                                                    "Lembaga Kajian Pangan Nusantara")] * 3
    assert found[4].canonical == "Pemkot"  # defined nowhere: as it was


def test_syllable_and_mixed_short_forms_and_what_is_no_short_form():
    assert _abbreviates("Bawaslu", "Badan Pengawas Pemilihan Umum")
    assert _abbreviates("PDI-P", "Partai Demokrasi Indonesia Perjuangan")
    assert _abbreviates("Jokowi", "Joko Widodo")
    assert not _abbreviates("AS", "Joe Biden")  # "Presiden Joe Biden (AS)": the country, not his initials
    assert not _abbreviates("Bandung", "Kota Bandung")
    assert not _abbreviates("KPK", "Komisi Pemilihan Umum")  # letters out of the name


def test_a_bracket_after_a_one_word_name_defines_nothing():
    text = "Warga Medan (MDN) mengungsi. MDN sepi."
    found = defined_abbreviations(text, mentions_of(text, ("Medan", "place"), ("MDN", "organization"),
                                                    ("MDN", "organization")))
    assert [m.canonical for m in found] == ["Medan", "MDN", "MDN"]


def test_the_recognizer_joins_a_defined_short_form():
    from newsgen.tag.ner import EntityRecognizer

    text = ("Ketua Federasi Guru Merdeka Nusantara (FGMN) Budi Santoso menolak rencana itu. "
            "Menurut FGMN, kurikulum baru terlalu tergesa-gesa.")
    short = {(m.type, m.canonical) for m in EntityRecognizer.load("id").recognize(text) if m.text == "FGMN"}
    assert short == {("organization", "Federasi Guru Merdeka Nusantara")}
