"""Archive-wide canonical names: gazetteer aliases and the user's entities.yaml."""

from __future__ import annotations

import pytest

from newsgen.records import EntityMention
from newsgen.tag.canonical import EntityCatalog


def m(text, etype="place", canonical=None):
    return EntityMention(text=text, type=etype, start=0, end=len(text), canonical=canonical or text)


def test_gazetteer_aliases_merge():
    cat = EntityCatalog.load()
    got = cat.canonicalize([m("Tiongkok"), m("Republik Rakyat Tiongkok"), m("RRT"), m("Federasi Rusia"),
                            m("Kiev"), m("PBB", "organization")])
    assert [x.canonical for x in got] == ["China", "China", "China", "Rusia", "Kyiv", "Perserikatan Bangsa-Bangsa"]


def test_seat_of_government_canonical_by_type():
    cat = EntityCatalog.load()
    got = cat.canonicalize([m("Kremlin", "organization"), m("Kremlin", "place", "Kremlin Moskow"),
                            m("White House", "organization"), m("Gedung Biru", "organization")])
    assert [(x.type, x.canonical) for x in got] == [
        ("organization", "Kremlin"), ("place", "Kremlin Moskow"),
        ("organization", "Gedung Putih"), ("organization", "Cheong Wa Dae")]


def test_alias_type_must_agree():
    cat = EntityCatalog.load()
    # "Georgia" the person is not the country
    assert cat.canonicalize([m("Georgia", "person")])[0].canonical == "Georgia"


def test_user_file(tmp_path):
    f = tmp_path / "entities.yaml"
    f.write_text(
        "aliases:\n  Joko Widodo: [Jokowi]\n"
        "types:\n  Kremlin: organization\n"
        "ignore: [Tuhan]\n"
        "merge:\n  Negeri Tirai Bambu: China\n", encoding="utf-8")
    cat = EntityCatalog.load(f)
    got = cat.canonicalize([m("Jokowi", "person"), m("Kremlin", "person"), m("Tuhan", "person"),
                            m("Negeri Tirai Bambu"), m("Putin", "person", "Vladimir Putin")])
    assert [(x.text, x.type, x.canonical) for x in got] == [
        ("Jokowi", "person", "Joko Widodo"),
        ("Kremlin", "organization", "Kremlin"),
        ("Negeri Tirai Bambu", "place", "China"),
        ("Putin", "person", "Vladimir Putin"),
    ]


def test_user_alias_of_within_article_canonical(tmp_path):
    f = tmp_path / "entities.yaml"
    f.write_text("aliases:\n  Vladimir Putin: [Vladimir Vladimirovich Putin]\n", encoding="utf-8")
    got = EntityCatalog.load(f).canonicalize([m("Vladimir Vladimirovich Putin", "person")])
    assert got[0].canonical == "Vladimir Putin"


@pytest.mark.parametrize("content, expected", [
    ("aliasez:\n  A: [B]\n", ":1: unknown key 'aliasez'"),
    ("aliases:\n  A: [B]\ntypes:\n  X: planet\n", ":3: type of 'X' is 'planet'"),
    ("aliases: [1, 2]\n", "'aliases' must map"),
    ("aliases:\n  A: [B\n", "not valid YAML"),
    ("- just a list\n", "expected a mapping"),
])
def test_bad_user_file(tmp_path, content, expected):
    f = tmp_path / "entities.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as err:
        EntityCatalog.load(f)
    assert str(f) in str(err.value) and expected in str(err.value)
