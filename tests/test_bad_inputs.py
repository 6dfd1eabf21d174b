"""A corpus of bad inputs, as archives assembled over years contain them.

Small samples are committed in tests/bad_inputs/; big, binary, byte-exact (encodings, line
ends), symlink, pipe and oddly named ones are made here at run time. Every bad file gets
exactly one message (file, line when known, what to do), the good articles still load, and
`newsgen build` finishes with exit status 1, writing nothing outside its output folder.
"""

from __future__ import annotations

import codecs
import os
import random
import shutil
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen import load
from newsgen.cli import main
from newsgen.config import Config
from newsgen.load import load_archive
from newsgen.load.files import MAX_ARTICLE_BYTES

from .conftest import SEEDS

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
POSIX = sys.platform != "win32"
GOOD_MD = "---\ntitle: Banjir Rendam Tiga Kecamatan\ndate: 2024-01-05\ntags: [banjir]\n---\n" \
          "Hujan deras semalaman merendam tiga kecamatan di Jakarta Timur.\n"
SECRET = "RAHASIA-DI-LUAR-FOLDER"

# relative path → (severity, words the message must contain, line or None)
EXPECTED: dict[str, tuple[str, str, int | None]] = {
    "empty.txt": ("error", "the file is empty; write the article's text or delete the file", None),
    "whitespace-only.md": ("error", "empty (only blank space)", None),
    "unterminated-front-matter.md": ("error", "never closed; add a line '---'", 1),
    "invalid-yaml.md": ("error", "invalid YAML in front matter: mapping values are not allowed here; put values", 3),
    "unclosed-quote.md": ("error", "the quote opened on line 2 is never closed (found unexpected end of stream); close it", 2),
    "unclosed-bracket.md": ("error", "the '[' opened on line 4 is never closed", 4),
    "quote-swallows-lines.md": ("error", "the quote that opens the value on line 2 is not closed on that line", 2),
    "apostrophe-in-single-quotes.md": ("error", "inside '…' write an apostrophe as ''", 2),
    "tab-indent.md": ("error", "found character '\\t' that cannot start any token; indent with spaces, not tabs", 3),
    "yaml-list.md": ("error", "must be a mapping of 'key: value' lines (title: …, date: …), not a list", 2),
    "yaml-scalar.md": ("error", "not a single value ('hanya sebuah kalimat')", 2),
    "date-word.md": ("error", "'date' 'kemarin' is not a date; write it as YYYY-MM-DD", 3),
    "tags-number.md": ("error", "'tags' must be a list of strings, got 5", 3),
    "title-list.md": ("error", "'title' must be a string, got ['a', 'b']", 2),
    "date-feb-30.md": ("error", "'2023-02-30' is not a real calendar date (day is out of range for month)", 3),
    "date-feb-30-quoted.md": ("error", "'2023-02-30' is not a real calendar date (day is out of range for month)", 3),
    "date-year-0.md": ("error", "'0000-01-01' has the year 0; news dates lie between 1000 and 2999", 3),
    "date-year-0-quoted.md": ("error", "'0000-01-01' has the year 0; news dates lie between 1000 and 2999", 3),
    "date-year-99999.md": ("error", "'99999-01-01' has the year 99999", 3),
    "date-year-99999-quoted.md": ("error", "'99999-01-01' has the year 99999", 3),
    "duplicate-slug-b.md": ("warning", "page name 'sama' is taken by", None),
    "duplicate-title-b.txt": ("warning", "has the same title as", None),
    "slug-traversal.md": ("warning", "'../../x' is not a safe page name", 3),
    "slug-absolute.md": ("warning", "'/etc/x' is not a safe page name", 3),
    "slug-reserved.md": ("warning", "'prn' is not a safe page name", 3),
    "slug-dot-git.md": ("warning", "'.git' is not a safe page name", 3),
    "slug-dotdot.md": ("warning", "'..' has no letters or digits a page name can use", 3),
    "slug-emoji.md": ("warning", "has no letters or digits a page name can use", 3),
    "alias-bomb.md": ("error", "front matter uses a YAML alias (*name); write the value out in full", 4),
    "duplicate-key.md": ("warning", "front matter key 'title' appears more than once; the last one is used", 4),
    "source-url-javascript.md": ("warning", "'javascript:alert(1)' is not an http(s) web address; it is left out", 3),
    "only-boilerplate.txt": ("error", "nothing is left once boilerplate is removed", None),
    "front-matter-only.md": ("error", "neither a title nor any text", None),
    "title-only.md": ("warning", "has a title but no text below its front matter", None),
    # made at run time
    "random-bytes.txt": ("error", "this is not a text file (it looks like binary data)", None),
    "photo.txt": ("error", "this is not a text file (it looks like a PNG image)", None),
    "report.txt": ("error", "it looks like a PDF document", None),
    "windows-1252.txt": ("warning", "the file is not UTF-8; read it as Windows-1252 (detected)", 2),
    "latin-1.md": ("warning", "read it as Windows-1252 (detected)", 5),
    "cyrillic.txt": ("warning", "read it as Windows-1251 (detected)", 1),
    "utf-16.txt": ("warning", "read it as UTF-16", None),
    "crlf-bad-date.md": ("error", "'2023-13-01' is not a real calendar date (month must be in 1..12)", 3),
    "huge.txt": ("error", "the file is 30 MB, over the 4 MB limit for one article; it is skipped", None),
    "long-title.md": ("warning", "the title is 10000 characters long; pages show the first 200", 2),
    "deep-yaml.md": ("error", "front matter is nested too deeply", 2),
    "inside-link.md": ("warning", "has the same title as", None),
}
LINKS = {  # POSIX only: symbolic links, a named pipe
    "loop.md": ("warning", "symbolic link loops back on itself; skipped", None),
    "dangling.txt": ("warning", "points to 'missing.txt', which does not exist; skipped", None),
    "outside.md": ("warning", "symbolic link points outside the content folder", None),
    "sub/up": ("warning", "symbolic link to a folder is not followed; its articles are read from", None),
    "pipe.txt": ("warning", "not a regular file (a named pipe, socket or device); skipped", None),
}
LOADED = {  # relative path → slug: inputs that are odd but fine, and the good articles
    "good.md": "good", "good-clipping.txt": "good-clipping",
    "bom.md": "bom", "crlf.md": "crlf", "lone-cr.txt": "lone-cr", "dos-eof.txt": "dos-eof",
    "con.md": "con-1", "nul.txt": "nul-1", "a file with spaces.txt": "a-file-with-spaces",
    "line\nbreak.txt": "line-break", "berita ñandú 😀 عربي.md": "berita-nandu-rby",
    "folder-named-like-article.md/inside.md": "folder-named-like-article-md-inside",
    "title-bidi-override.md": "title-bidi-override", "blank-title.md": "blank-title",
    "duplicate-slug-a.md": "sama", "duplicate-slug-b.md": "sama-2",
    "duplicate-title-a.txt": "duplicate-title-a", "duplicate-title-b.txt": "duplicate-title-b",
    "slug-traversal.md": "x", "slug-absolute.md": "etc-x", "slug-reserved.md": "prn-1", "slug-dot-git.md": "git",
    "slug-dotdot.md": "slug-dotdot", "slug-emoji.md": "slug-emoji", "duplicate-key.md": "duplicate-key",
    "source-url-javascript.md": "source-url-javascript",
    "windows-1252.txt": "windows-1252", "latin-1.md": "latin-1", "cyrillic.txt": "cyrillic", "utf-16.txt": "utf-16",
    "long-title.md": "long-title", "inside-link.md": "inside-link", "title-only.md": "title-only",
}


def write_bytes(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def make_content(folder: Path) -> Path:
    """The committed corpus, the generated inputs and two good articles in `folder`."""
    shutil.copytree(CORPUS, folder)
    write_bytes(folder, "good.md", GOOD_MD.encode())
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], folder / "good-clipping.txt")  # a real clipping
    noise = bytearray(range(256)) * 4
    random.Random(7).shuffle(noise)
    write_bytes(folder, "random-bytes.txt", bytes(noise))
    write_bytes(folder, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40))
    write_bytes(folder, "report.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    write_bytes(folder, "windows-1252.txt", "Menteri berbicara di Bandung.\n\u201cKami menolak,\u201d kata Budi "
                "\u2013 di sebuah caf\u00e9.\n".encode("cp1252"))
    write_bytes(folder, "latin-1.md", "---\ntitle: Kafe\ndate: 2024-02-01\n---\nCaf\u00e9 na\u00efve di Bandung "
                "ramai dikunjungi.\n".encode("latin-1"))
    write_bytes(folder, "cyrillic.txt", "Президент выступил с речью в Москве в среду утром.\n".encode("cp1251"))
    write_bytes(folder, "utf-16.txt", "Teks disimpan sebagai UTF-16 oleh Notepad.\n".encode("utf-16"))
    write_bytes(folder, "bom.md", codecs.BOM_UTF8 + b"---\ntitle: Dengan BOM\n---\nIsi berita.\n")
    write_bytes(folder, "crlf.md", b"---\r\ntitle: Baris Windows\r\ndate: 2024-03-04\r\n---\r\nIsi.\r\n\r\nParagraf.\r\n")
    write_bytes(folder, "crlf-bad-date.md", b"---\r\ntitle: Bulan Tiga Belas\r\ndate: 2023-13-01\r\n---\r\nIsi.\r\n")
    write_bytes(folder, "lone-cr.txt", b"Baris Mac lama pertama.\rBaris kedua.\rBaris ketiga.\r")
    write_bytes(folder, "dos-eof.txt", b"Berkas DOS lama dengan penanda akhir.\r\n\x1a")
    with open(folder / "huge.txt", "wb") as handle:  # sparse: instant to make, 30 MB to the loader
        handle.truncate(30 * 1024 * 1024)
    title = ("Sangat panjang " * 700)[:10_000]
    write_bytes(folder, "long-title.md", f"---\ntitle: {title}\n---\nIsi.\n".encode())
    write_bytes(folder, "deep-yaml.md", ("---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\nIsi.\n").encode())
    for name in ("con.md", "nul.txt", "a file with spaces.txt", "line\nbreak.txt"):
        write_bytes(folder, name, b"---\ntitle: Nama Berkas Aneh\n---\nIsi.\n" if name.endswith(".md")
                    else f"Nama berkas aneh: {name!r}.\n".encode())
    (folder / "inside-link.md").symlink_to("good.md")
    _make_links(folder)
    return folder


def _make_links(folder: Path) -> None:
    outside = folder.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n", encoding="utf-8")
    (folder / "outside.md").symlink_to(outside / "secret.md")
    (folder / "loop.md").symlink_to("loop.md")
    (folder / "dangling.txt").symlink_to("missing.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")  # a folder link back up: following it would never end
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever


def relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


pytestmark = pytest.mark.skipif(not POSIX, reason="symbolic links, pipes and file names need POSIX")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    make_content(root / "content")
    config = Config(root=root, content=Path("content"), output=Path("build"))
    started = time.perf_counter()
    result = load_archive(config)
    return result, config.content_dir, time.perf_counter() - started


def test_corpus_has_at_least_thirty_kinds():
    assert len(EXPECTED) + len(LINKS) + len([n for n in LOADED if n not in EXPECTED and not n.startswith("good")]) >= 30


@pytest.mark.parametrize("name", sorted({**EXPECTED, **LINKS}))
def test_each_bad_input_gets_one_clear_message(loaded, name):
    result, content, _ = loaded
    severity, words, line = {**EXPECTED, **LINKS}[name]
    mine = [p for p in result.problems if relative(p.path, content) == name]
    assert len(mine) == 1, mine
    (problem,) = mine
    assert (problem.severity, problem.line) == (severity, line), problem
    assert words in problem.message
    assert str(problem).startswith(f"{problem.path}:{line}: {severity}: " if line else f"{problem.path}: {severity}: ")


def test_odd_but_fine_inputs_load_with_safe_slugs(loaded):
    result, content, _ = loaded
    slugs = {relative(a.source_path, content): a.slug for a in result.articles}
    assert slugs == LOADED
    silent = set(LOADED) - set(EXPECTED) - {"duplicate-slug-b.md", "duplicate-title-b.txt"}
    assert not [p for p in result.problems if relative(p.path, content) in silent]
    assert len(set(slugs.values())) == len(slugs)


def test_what_the_odd_inputs_load_as(loaded):
    result, content, _ = loaded
    by_name = {relative(a.source_path, content): a for a in result.articles}
    assert by_name["good.md"].title == "Banjir Rendam Tiga Kecamatan" and by_name["good.md"].tags == ["banjir"]
    assert by_name["bom.md"].title == "Dengan BOM"
    assert by_name["crlf.md"].title == "Baris Windows" and by_name["crlf.md"].body == "Isi.\nParagraf."
    assert by_name["lone-cr.txt"].body == "Baris Mac lama pertama.\nBaris kedua.\nBaris ketiga."
    assert "\x1a" not in by_name["dos-eof.txt"].body
    assert "\u201cKami menolak,\u201d kata Budi \u2013 di sebuah caf\u00e9." in by_name["windows-1252.txt"].body
    assert "Caf\u00e9 na\u00efve" in by_name["latin-1.md"].body
    assert by_name["cyrillic.txt"].body.startswith("Президент выступил")
    assert by_name["utf-16.txt"].body == "Teks disimpan sebagai UTF-16 oleh Notepad."
    assert by_name["title-bidi-override.md"].title == "Judul balik dan baris baru"  # no override, one line
    assert by_name["blank-title.md"].title == "Judul diambil dari kalimat pertama ini"
    assert by_name["source-url-javascript.md"].source_url is None
    assert by_name["duplicate-key.md"].title == "Kedua"
    assert by_name["berita ñandú 😀 عربي.md"].title == "Judul dengan emoji 😀 dan العربية"
    long = by_name["long-title.md"]
    assert len(long.title) <= 200 and long.title.endswith("…") and len(long.full_title) == 10_000


def test_nothing_outside_the_content_folder_is_read(loaded):
    result, _, _ = loaded
    assert not [a for a in result.articles if SECRET in a.title or SECRET in a.body]


def test_the_whole_corpus_loads_quickly(loaded):
    _, _, seconds = loaded
    assert seconds < 20  # a 30 MB file, a pipe and link loops must not stall the load


def test_a_single_two_megabyte_line_loads_in_seconds(site_config):
    words = "Presiden meninjau banjir di Bandung pada Rabu pagi bersama warga".split()
    line = " ".join(random.Random(3).choice(words) for _ in range(2_000_000 // 7))
    (site_config.content_dir / "satu-baris.txt").write_text(line, encoding="utf-8")
    started = time.perf_counter()
    result = load_archive(site_config)
    assert time.perf_counter() - started < 20
    (article,) = result.articles
    assert not result.problems and article.body == line and len(article.title) <= 90


def test_a_duplicate_title_says_which_copy_is_a_draft(site_config):
    for name, draft in (("a.md", "false"), ("b.md", "true")):
        (site_config.content_dir / name).write_text(
            f"---\ntitle: Banjir Rendam Medan\ndraft: {draft}\n---\nBanjir merendam Medan.\n", encoding="utf-8")
    (problem,) = load_archive(site_config).problems
    assert f"{site_config.content_dir / 'b.md'} is a draft, built only with --drafts" in problem.message
    assert "both are built" not in problem.message


def test_size_limit_is_a_named_setting(site_config, monkeypatch):
    monkeypatch.setattr(load.files, "MAX_ARTICLE_BYTES", 100)
    (site_config.content_dir / "a.txt").write_text("x " * 100, encoding="utf-8")
    (problem,) = load_archive(site_config).problems
    assert "the file is 200 bytes, over the 100 bytes limit" in problem.message and MAX_ARTICLE_BYTES == 4 * 1024 * 1024


def test_unreadable_file_is_reported(site_config, monkeypatch):
    locked = site_config.content_dir / "terkunci.txt"
    locked.write_text("Isi rahasia.", encoding="utf-8")
    (site_config.content_dir / "baik.txt").write_text("Isi baik.", encoding="utf-8")
    locked.chmod(0)
    if os.access(locked, os.R_OK):
        # Running as root, chmod 000 does not stop reading: simulate the refusal the OS gives everyone else.
        real = load.read_limited

        def refuse(path, *args):
            if path == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args)

        monkeypatch.setattr(load, "read_limited", refuse)
    try:
        result = load_archive(site_config)
    finally:
        locked.chmod(0o644)
    (problem,) = result.problems
    assert problem.path == locked and problem.severity == "error"
    assert problem.message == "cannot read the file (Permission denied); check its permissions"
    assert [a.body for a in result.articles] == ["Isi baik."]


def test_unreadable_folder_is_a_warning(site_config, monkeypatch):
    folder = site_config.content_dir / "terkunci"
    folder.mkdir()
    (folder / "a.txt").write_text("Isi.", encoding="utf-8")
    (site_config.content_dir / "baik.txt").write_text("Isi baik.", encoding="utf-8")
    real = os.scandir

    def refuse(path):  # root can open a chmod 000 folder, so the refusal is simulated for everyone
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(load.files.os, "scandir", refuse)
    result = load_archive(site_config)
    (problem,) = result.problems
    assert problem.path == folder and problem.severity == "warning"
    assert "cannot open this folder (Permission denied); the articles in it are skipped" in problem.message
    assert [a.body for a in result.articles] == ["Isi baik."]


def test_file_name_that_is_not_utf8(site_config):
    name = os.fsdecode(b"caf\xe9-lama.txt")  # saved by an old Latin-1 system
    (site_config.content_dir / name).write_text("Isi berita lama.", encoding="utf-8")
    (article,) = load_archive(site_config).articles
    assert article.slug == "caf-lama" and article.body == "Isi berita lama."


def test_pathologically_nested_markdown_is_quick(site_config):
    body = ">" * 50_000 + " x\n\n" + "*" * 50_000 + "\n\n" + "[" * 50_000
    (site_config.content_dir / "a.md").write_text(f"---\ntitle: Bersarang\n---\n{body}", encoding="utf-8")
    started = time.perf_counter()
    result = load_archive(site_config)
    assert time.perf_counter() - started < 10 and [a.title for a in result.articles] == ["Bersarang"]


def snapshot(folder: Path, skip: tuple[Path, ...]) -> dict[str, float]:
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):  # does not follow symbolic links
        dirnames[:] = [d for d in dirnames if Path(dirpath, d) not in skip]
        for name in filenames:
            path = Path(dirpath, name)
            found[str(path)] = path.lstat().st_mtime_ns
    return found


def test_build_of_all_bad_inputs_succeeds_and_writes_only_its_output(tmp_path, monkeypatch):
    content = make_content(tmp_path / "content")
    out, cache = tmp_path / "site", tmp_path / ".newsgen-cache"
    monkeypatch.chdir(tmp_path)  # the tag cache lives beside the (absent) config: here
    before = snapshot(tmp_path, skip=(out, cache))
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--output", str(out)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    for name, (_, words, _) in {**EXPECTED, **LINKS}.items():
        assert words in result.output, name
    spare = tmp_path / f".{out.name}.spare"
    after = snapshot(tmp_path, skip=(out, cache, spare))
    # The build's lock file and its spare site beside the output folder (newsgen/output.py) are the expected siblings.
    after.pop(str(tmp_path / f".{out.name}.lock"), None)
    assert after == before  # nothing else written or touched outside the output folder
    spare_pages = {p.relative_to(spare).as_posix() for p in spare.rglob("*.html")}
    assert spare_pages and spare_pages <= {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    articles = {p for p in pages if p.startswith("articles/")}
    assert articles == {f"articles/{slug}.html" for slug in LOADED.values()}
    assert SECRET not in "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve()), path


def test_article_files_are_found_in_path_order(tmp_path):
    # a folder's files come before a sibling whose name only starts like the folder's
    names = ["a-b.md", "a/b.md", "a/a/z.txt", "a.md", "B.md", "a b.md", "a/c.MD"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Isi.\n", encoding="utf-8")
    found = load.find_article_files(tmp_path)[0]
    assert found == sorted(tmp_path / name for name in names)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "B.md", "a/a/z.txt", "a/b.md", "a/c.MD", "a b.md", "a-b.md", "a.md"]
