"""`newsgen new` and `newsgen import`: the files they write load back as the articles intended."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
from markupsafe import escape
from click.testing import CliRunner

from newsgen.authoring import import_clippings, new_article
from newsgen.cli import main
from newsgen.config import load_config
from newsgen.load import load_article
from newsgen.load.clipping import load_patterns, parse_clipping
from newsgen.load.markdown import linked_html, markdown_renderer

from .conftest import SEEDS


@pytest.fixture
def archive(tmp_path) -> Path:
    (tmp_path / "newsgen.yaml").write_text("content: artikel\ntimezone: Asia/Makassar\n")
    return tmp_path


def cli(cwd: Path, *args: str):
    with contextlib.chdir(cwd):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


def load(path: Path, config):
    return load_article(path, config.content_dir, config, load_patterns(config.language), markdown_renderer(False))


# ---- new -----------------------------------------------------------------------------------

def test_new_writes_a_draft_dated_now_in_the_config_timezone(archive):
    result = cli(archive, "new", "Banjir Rendam Tiga Kecamatan")
    assert result.exit_code == 0, result.stderr
    path = archive / result.stdout.strip()
    assert path == archive / "artikel" / "banjir-rendam-tiga-kecamatan.md"
    config = load_config(archive / "newsgen.yaml")
    article = load(path, config)
    assert article.title == "Banjir Rendam Tiga Kecamatan" and article.draft and article.tags == []
    assert article.date.utcoffset() == dt.timedelta(hours=8)  # Asia/Makassar
    assert abs(article.date - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=1)
    assert "date: " + article.date.isoformat() in path.read_text()


def test_new_never_overwrites_a_taken_name(archive):
    config = load_config(archive / "newsgen.yaml")
    first = new_article(config, "Judul: Sama!")
    first.write_text(first.read_text() + "Isi yang sudah ditulis.\n")
    second = new_article(config, "Judul: Sama!")
    assert second.name == "judul-sama-2.md"
    assert "Isi yang sudah ditulis." in first.read_text()
    assert load(second, config).title == "Judul: Sama!"  # YAML-special characters are quoted


def test_new_needs_an_archive(tmp_path):
    result = cli(tmp_path, "new", "Judul")
    assert result.exit_code == 2 and "newsgen init" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_with_an_explicit_content_folder(tmp_path):
    result = cli(tmp_path, "new", "Judul", "--content", "tulisan")
    assert result.exit_code == 0
    assert (tmp_path / "tulisan" / "judul.md").is_file()


# ---- import --------------------------------------------------------------------------------

def test_import_keeps_what_the_loader_reads_from_each_seed_clipping(archive):
    config = load_config(archive / "newsgen.yaml")
    seeds = sorted(SEEDS.glob("*.txt"))
    results = import_clippings(config, seeds)
    assert [r.problem for r in results] == [None] * len(seeds)
    patterns = load_patterns(config.language)
    for seed, result in zip(seeds, results):
        clip = parse_clipping(seed.read_text(encoding="utf-8"), patterns)
        original = load_article(seed, SEEDS, config, patterns, None)
        article = load(result.created, config)
        assert article.paragraphs == [p.strip() for p in original.paragraphs]
        assert article.title == original.title
        assert article.outlet == clip.outlet
        assert article.dateline_place == clip.dateline_place
        assert article.extra.get("sources", []) == clip.sources
        assert not article.draft


def test_import_writes_the_date_with_its_precision_and_confidence(archive):
    config = load_config(archive / "newsgen.yaml")
    results = import_clippings(config, sorted(SEEDS.glob("*.txt")))
    articles = [load(r.created, config) for r in results]
    dated = [a for a in articles if a.date is not None]
    assert dated, "the seeds state or imply some dates"
    for article in dated:
        assert article.extra["date_precision"] in ("day", "month", "year")
        assert 0 < article.extra["date_confidence"] <= 1
        note = article.source_path.read_text().split("\n")[2]
        assert note.startswith("# date: ")
    for article in articles:
        if article.date is None:
            assert "no publication date found" in article.source_path.read_text()


def test_import_never_overwrites_and_goes_on(archive):
    content = archive / "artikel"
    first = cli(archive, "import", str(SEEDS / "000_687a31ec145f4aad.txt"))
    assert first.exit_code == 0, first.stderr
    (created,) = [archive / line for line in first.stdout.split()]
    created.write_text(created.read_text() + "\nKoreksi manual.\n")
    again = cli(archive, "import", str(SEEDS / "000_687a31ec145f4aad.txt"), str(SEEDS / "001_7ff9831065ac68b4.txt"))
    assert again.exit_code == 1
    assert "already exists" in again.stderr and created.name in again.stderr
    assert created.read_text().endswith("Koreksi manual.\n")
    assert len(again.stdout.split()) == 1 and len(list(content.glob("*.md"))) == 2


def test_markdown_characters_in_a_clipping_stay_text(archive, tmp_path):
    lines = ["JAKARTA, KOMPAS.com - Harga naik 2*3 kali di pasar_induk <b>kemarin</b> [lihat](x).",
             "1. Pedagang mengeluh.", "# Tagar #BanjirJakarta ramai.", "- Warga | RT 05 & RW 02 ~ `kode`",
             "> kutipan", "+62 812", "=== pemisah"]
    clipping = tmp_path / "kliping.txt"
    clipping.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(archive / "newsgen.yaml")
    (result,) = import_clippings(config, [clipping])
    article = load(result.created, config)
    assert article.paragraphs == ["Harga naik 2*3 kali di pasar_induk <b>kemarin</b> [lihat](x).", *lines[1:]]
    assert article.outlet == "KOMPAS.com" and article.dateline_place == "Jakarta"  # shown as a clipping's is
    assert "<b>" not in linked_html(article.body_markdown, markdown_renderer(False), lambda text, _: escape(text))


def test_import_reports_files_it_cannot_use(archive, tmp_path):
    (tmp_path / "kosong.txt").write_text("   \n")
    (tmp_path / "catatan.md").write_text("# bukan kliping\n")
    config = load_config(archive / "newsgen.yaml")
    results = import_clippings(config, [tmp_path / "kosong.txt", tmp_path / "catatan.md"])
    assert [r.created for r in results] == [None, None]
    assert "boilerplate" in results[0].problem and ".txt" in results[1].problem
