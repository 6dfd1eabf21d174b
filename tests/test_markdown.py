"""Markdown articles: front matter, rendering, and the errors a user sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from markupsafe import escape

from newsgen.load import load_archive
from newsgen.load.markdown import linked_html, markdown_renderer


def write(config, name: str, text: str) -> Path:
    path = config.content_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def body_html(article, config) -> str:
    """The body as the article page shows it (entity links aside)."""
    return linked_html(article.body_markdown, markdown_renderer(config.allow_html), lambda text, offset: escape(text))


def load_one(config, text: str, name: str = "a.md"):
    write(config, name, text)
    result = load_archive(config)
    return result.articles[0] if result.articles else None, result.problems


def test_front_matter_fields_and_unknown_keys_kept(site_config):
    article, problems = load_one(site_config, "\n".join([
        "---",
        "title: Banjir Jakarta",
        "date: 2024-01-05",
        "outlet: Harian Contoh",
        "tags: [banjir, Jakarta]",
        "author: Sari",
        "source_url: https://example.org/banjir",
        "categories: [lokal]",
        "params: {hugo: true}",
        "---",
        "Hujan deras **semalaman** merendam permukiman.",
        "",
        "| a | b |",
        "|---|---|",
        "| 1 | 2 |",
    ]))
    assert not problems
    assert article.title == "Banjir Jakarta" and not article.title_derived
    assert article.date == dt.date(2024, 1, 5) and article.date_source == "front_matter"
    assert article.tags == ["banjir", "Jakarta"] and article.outlet == "Harian Contoh"
    assert article.extra == {"categories": ["lokal"], "params": {"hugo": True}}
    assert "<strong>semalaman</strong>" in body_html(article, site_config) and "<table>" in body_html(article, site_config)
    assert article.body.startswith("Hujan deras semalaman merendam")


def test_datetime_gets_the_config_timezone(site_config):
    article, _ = load_one(site_config, "---\ntitle: X\ndate: 2024-01-05 10:30:00\n---\nIsi.")
    assert article.date.utcoffset() == dt.timedelta(hours=7)  # Asia/Jakarta


def test_front_matter_wins_over_text_date(site_config):
    article, _ = load_one(site_config, "---\ntitle: X\ndate: 2024-01-05\n---\nPada Rabu 15 Juni 2022 terjadi sesuatu.")
    assert article.date == dt.date(2024, 1, 5) and article.date_source == "front_matter"


def test_undated_without_front_matter_date(site_config):
    article, _ = load_one(site_config, "---\ntitle: X\n---\nTidak ada tanggal di sini.")
    assert article.date is None and article.date_source == "none"


def test_raw_html_escaped_unless_allowed(site_config):
    article, _ = load_one(site_config, "---\ntitle: X\n---\n<script>alert(1)</script>\n\nTeks.")
    html = body_html(article, site_config)
    assert "<script>" not in html and "&lt;script&gt;" in html
    site_config.allow_html = True
    (site_config.content_dir / "a.md").unlink()
    article, _ = load_one(site_config, "---\ntitle: X\n---\n<div class=\"x\">Teks</div>")
    assert '<div class="x">' in body_html(article, site_config)


@pytest.mark.parametrize(
    ("front_matter", "line", "words"),
    [
        ("title: [unclosed", 2, "invalid YAML"),
        ("title: ok\ndate: kemarin", 3, "is not a date"),
        ("title: ok\ntags: 5", 3, "'tags' must be"),
        ("title: [a, b]", 2, "'title' must be"),
        ("- a\n- b", 2, "must be a mapping"),
        ("title: ok\ndate: 2023-02-30", 3, "not a real calendar date"),
    ],
)
def test_front_matter_errors_name_file_and_line(site_config, front_matter, line, words):
    write(site_config, "good.md", "---\ntitle: Baik\n---\nIsi.")
    write(site_config, "bad.md", f"---\n{front_matter}\n---\nIsi.")
    result = load_archive(site_config)
    assert [a.title for a in result.articles] == ["Baik"]  # one bad article never stops the others
    (problem,) = result.problems
    assert problem.path.name == "bad.md" and problem.line == line and words in problem.message
    assert str(problem).startswith(f"{problem.path}:{line}: error:")


def test_unterminated_front_matter(site_config):
    _, problems = load_one(site_config, "---\ntitle: X\nIsi tanpa penutup.")
    assert problems[0].line == 1 and "never closed" in problems[0].message


def test_duplicate_slugs_are_made_unique(site_config):
    write(site_config, "a.md", "---\ntitle: A\nslug: sama\n---\nIsi.")
    write(site_config, "b.md", "---\ntitle: B\nslug: sama\n---\nIsi.")
    result = load_archive(site_config)
    assert sorted(a.slug for a in result.articles) == ["sama", "sama-2"]


def test_other_files_are_counted_not_loaded(site_config):
    write(site_config, "a.txt", "Isi berita.")
    write(site_config, "gambar.png", "x")
    write(site_config, "sub/catatan.pdf", "x")
    write(site_config, ".hidden/x.md", "---\ntitle: X\n---\nIsi.")
    result = load_archive(site_config)
    assert len(result.articles) == 1 and result.skipped_files == 2


def test_empty_and_non_utf8_files_are_reported(site_config):
    write(site_config, "kosong.txt", "  \n")
    (site_config.content_dir / "latin.txt").write_bytes("Baris satu.\nCaf\xe9 di Bandung.".encode("latin-1"))
    result = load_archive(site_config)
    messages = {p.path.name: p for p in result.problems}
    assert "empty" in messages["kosong.txt"].message and messages["kosong.txt"].severity == "error"
    # not UTF-8: decoded with a detected encoding, reported as a warning at the first non-UTF-8 line
    latin = messages["latin.txt"]
    assert latin.line == 2 and "UTF-8" in latin.message and "Windows-1252" in latin.message
    assert latin.severity == "warning" and latin.kind == "encoding"
    assert [a.body for a in result.articles] == ["Baris satu.\nCafé di Bandung."]


FRONT_MATTERS = [
    "title: Banjir\ndate: 2022-06-15\ntags: [banjir, cuaca]",
    "title: 'Kutip: titik dua'\ndate: 2022-06-15T10:30:00+07:00\ndraft: false",
    "title: Tanggal mustahil\ndate: 2023-02-30",
    "title: Pertama\ntitle: Kedua\nextra:\n  nested: {a: 1, b: [x, y]}\n  angka: 3.5",
    "judul: Dua baris\nsummary: >\n  Ringkasan yang\n  dilipat.\n1: kunci angka",
    "title: [tidak ditutup",
    "- sebuah\n- daftar",
    "title: Tom & Jerry",
    "a: &x [1, 2]\nb: *x",
    "",
]


def _test_front_matters() -> list[str]:
    """The front matter of every Markdown file of the tests (bad and hostile inputs among them)."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(__file__).parent.rglob("*.md"))
             if p.is_file()]
    return [text.split("---")[1] for text in texts if text.startswith("---\n") and text.count("---") >= 2]


@pytest.mark.parametrize("text", FRONT_MATTERS + _test_front_matters())
def test_the_fast_front_matter_loader_gives_what_the_python_one_gives(text, monkeypatch):
    from newsgen.load import markdown
    from newsgen.load.errors import ArticleError

    def outcome():
        try:
            meta, warnings = markdown._parse_yaml(text)
            return meta, [(w.message, w.line) for w in warnings]
        except ArticleError as exc:
            return exc.message, exc.line

    fast = outcome()
    monkeypatch.setattr(markdown, "_FAST_LOADER", None)
    assert fast == outcome()


def test_plain_front_matter_is_read_by_libyaml(monkeypatch):
    from newsgen.load import markdown

    if markdown._FAST_LOADER is None:
        pytest.skip("this PyYAML has no libyaml")  # then the Python loader reads everything, as tested above
    monkeypatch.setattr(markdown, "_FrontMatterLoader", None)  # the Python loader would fail if it were called
    meta, warnings = markdown._parse_yaml("title: Pertama\ntitle: Kedua\ndate: 2023-02-30")
    assert meta == {"title": "Kedua", "date": "2023-02-30"} and [w.line for w in warnings] == [3]
