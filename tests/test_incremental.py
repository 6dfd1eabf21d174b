"""Incremental and parallel builds give the same bytes as a clean one-process build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsgen.head_start
import newsgen.index
from newsgen.cli import main
from newsgen.search.postings import Postings
from newsgen.tag.ner import EntityRecognizer

from .conftest import SEEDS

EXTRA = """---
title: Banjir di {city}
date: 2024-0{month}-1{day}
tags: [{tag}]
---
Banjir merendam {city} sejak Senin malam. Presiden Joko Widodo meninjau lokasi pada Rabu (1{day}/{month}/2024).

Warga {city} mengungsi ke masjid dan sekolah. Gubernur berjanji membantu.
"""


def make_archive(folder: Path, count: int = 30) -> None:
    shutil.copytree(SEEDS, folder)
    cities = ["Medan", "Bandung", "Surabaya", "Makassar", "Padang", "Manado"]
    for n in range(count):
        text = EXTRA.format(city=cities[n % 6], month=1 + n % 9, day=n % 9, tag=["banjir", "cuaca"][n % 2])
        (folder / f"banjir-{n:02d}.md").write_text(text, encoding="utf-8")


def build(project: Path, content: Path, *extra: str):
    config = project / "newsgen.yaml"
    project.mkdir(exist_ok=True)
    if not config.exists():
        config.write_text(f"content: {content}\noutput: site\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--config", str(config), "-v", *extra])
    assert result.exit_code == 0, result.output
    return project / "site", result.output


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of the site, the search index included."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_as_clean(tmp_path: Path, content: Path, site: Path, name: str) -> None:
    clean, _ = build(tmp_path / f"clean-{name}", content, "--jobs", "1")
    assert snapshot(site) == snapshot(clean)


@pytest.fixture
def archive(tmp_path) -> Path:
    content = tmp_path / "content"
    make_archive(content)
    return content


def test_edit_add_remove_rebuild_like_a_clean_build(tmp_path, archive):
    project = tmp_path / "incremental"
    site, _ = build(project, archive)
    steps = {
        "edit": lambda: (archive / "banjir-03.md").write_text(
            (archive / "banjir-03.md").read_text(encoding="utf-8") + "\nWali kota Bogor ikut membantu.\n", encoding="utf-8"),
        "add": lambda: (archive / "baru.md").write_text(
            "---\ntitle: Gempa di Cianjur\ndate: 2024-02-02\ntags: [gempa]\n---\nGempa mengguncang Cianjur.\n",
            encoding="utf-8"),
        "remove": lambda: (archive / "banjir-05.md").unlink(),
        # every word of one article replaced: words leave the index, new ones come, the title and outlet change
        "reword": lambda: (archive / "banjir-04.md").write_text(
            "---\ntitle: Zebra zaitun\noutlet: Warta Zamrud\ndate: 2024-05-05\n---\nZebra zaitun zamrud zirkonia.\n",
            encoding="utf-8"),
        "retag": lambda: (archive / "banjir-07.md").write_text(
            (archive / "banjir-07.md").read_text(encoding="utf-8").replace("tags: [cuaca]", "tags: [iklim]"),
            encoding="utf-8"),
    }
    for name, change in steps.items():
        change()
        site, output = build(project, archive)
        assert "Nothing changed" not in output
        assert_same_as_clean(tmp_path, archive, site, name)
    assert not (site / "articles" / "banjir-05.html").exists()


def test_nothing_changed_does_nothing_and_an_edit_rewrites_only_what_it_touches(tmp_path, archive):
    project = tmp_path / "p"
    site, _ = build(project, archive)
    inodes = {path: (site / path).stat().st_ino for path in snapshot(site)}
    site, output = build(project, archive)
    assert "Nothing changed since the last build" in output
    assert {path: (site / path).stat().st_ino for path in snapshot(site)} == inodes
    (archive / "banjir-00.md").write_text(
        (archive / "banjir-00.md").read_text(encoding="utf-8").replace("sejak Senin malam", "sejak Selasa pagi"),
        encoding="utf-8")
    site, output = build(project, archive)
    after = {path: (site / path).stat().st_ino for path in snapshot(site)}
    rewritten = {path for path in after if after[path] != inodes.get(path)}
    assert "articles/banjir-00.html" in rewritten
    assert "articles/000-687a31ec145f4aad.html" not in rewritten  # an article the edit does not touch
    assert len(rewritten) < len(after) / 3


def test_an_edited_article_is_tagged_by_another_process_while_the_build_loads_its_state(tmp_path, archive,
                                                                                       monkeypatch):
    project = tmp_path / "p"
    build(project, archive)
    loads = tmp_path / "model-loads"  # a file: the process that loads the model may be another one
    load = EntityRecognizer.load

    def recorded_load(cls, *args):
        with loads.open("a", encoding="utf-8") as record:
            record.write(f"{os.getpid()}\n")
        return load(*args)

    monkeypatch.setattr(EntityRecognizer, "load", classmethod(recorded_load))
    text = (archive / "banjir-03.md").read_text(encoding="utf-8")
    (archive / "banjir-03.md").write_text(text + "\nWali kota Bogor ikut membantu.\n", encoding="utf-8")
    site, output = build(project, archive, "--jobs", "2")
    pids = loads.read_text(encoding="utf-8").split()
    assert pids and str(os.getpid()) not in pids  # tagged ahead: this process never needed the model
    hits, total = map(int, re.search(r"tagging cache: (\d+) of (\d+) articles tagged before", output).groups())
    assert hits == total - 1  # the edited article is reported as tagged again
    assert_same_as_clean(tmp_path, archive, site, "tagged-ahead")


def recording_pids(monkeypatch, module, name: str, record: Path) -> None:
    """Make module.name write the id of the process that calls it to `record` (a file: any process can)."""
    function = getattr(module, name)

    def recorded(*args, **kwargs):
        with record.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return function(*args, **kwargs)

    monkeypatch.setattr(module, name, recorded)


@pytest.mark.parametrize("same_reading", [True, False])
def test_an_edits_related_articles_are_found_by_a_process_forked_before_the_state_loads(tmp_path, archive,
                                                                                    monkeypatch, same_reading):
    project = tmp_path / "p"
    build(project, archive)
    record, loaders = tmp_path / "related-by", tmp_path / "state-loaded-by"
    recording_pids(monkeypatch, newsgen.index, "_related", record)
    recording_pids(monkeypatch, newsgen.head_start, "load_state", loaders)
    if not same_reading:  # the other process read the edited file otherwise (it changed meanwhile, say)
        keys, me = newsgen.head_start._changed_keys, os.getpid()
        monkeypatch.setattr(newsgen.head_start, "_changed_keys", lambda *args: keys(*args) if os.getpid() == me else ())
    text = (archive / "banjir-08.md").read_text(encoding="utf-8")
    (archive / "banjir-08.md").write_text(text.replace("Gubernur", "Wali kota Bogor"), encoding="utf-8")
    site, _ = build(project, archive, "--jobs", "2")
    pids = record.read_text(encoding="utf-8").split()
    assert len(pids) == (1 if same_reading else 2)
    assert (str(os.getpid()) in pids) is not same_reading  # the build finds them itself only when it must
    others = set(pids) - {str(os.getpid())}
    assert others and others <= set(loaders.read_text(encoding="utf-8").split())  # it loaded a state of its own
    assert_same_as_clean(tmp_path, archive, site, "related-ahead")


def test_parallel_build_is_identical_to_one_process(tmp_path):
    content = tmp_path / "content"
    make_archive(content, count=80)
    one, _ = build(tmp_path / "one", content, "--jobs", "1")
    two, _ = build(tmp_path / "two", content, "--jobs", "2")
    assert snapshot(one) == snapshot(two)


def test_search_index_files_are_kept_unless_their_bytes_change(tmp_path, archive, monkeypatch):
    project = tmp_path / "p"
    site, _ = build(project, archive)
    index = {p: (site / p).stat().st_ino for p in snapshot(site) if p.startswith("search/")}
    assert len(index) > 30
    (archive / "banjir-01.md").touch()  # a new modification time, the same content
    site, output = build(project, archive)
    assert "Nothing changed" not in output
    assert re.search(r"; 0 of \d+ pages rendered", output)  # read again, nothing rendered
    assert {p: (site / p).stat().st_ino for p in index} == index  # every index file is the previous one
    # one new word in one article: its shard, that article's results file and nothing else
    text = (archive / "banjir-02.md").read_text(encoding="utf-8")
    (archive / "banjir-02.md").write_text(text + "\nZamrud khatulistiwa.\n", encoding="utf-8")
    indexed = []  # documents indexed from scratch: none, the edit is patched into the last postings
    monkeypatch.setattr(Postings, "add", lambda self, *args: indexed.append(args))
    site, _ = build(project, archive)
    assert indexed == []
    monkeypatch.undo()
    assert_same_as_clean(tmp_path, archive, site, "patched")
    after = {p: (site / p).stat().st_ino for p in snapshot(site) if p.startswith("search/")}
    rewritten = sorted(p for p in after if after[p] != index.get(p))
    assert "search/documents.json" in rewritten  # the article is longer now
    assert any(p.startswith("search/terms/z") for p in rewritten)
    assert any(p.startswith("search/results/") for p in rewritten)
    assert len(rewritten) <= 8, rewritten


def test_output_does_not_depend_on_string_hashing(tmp_path):
    # Python randomises str hashes per process: set orders (and float sums over them) must not leak into pages
    content = tmp_path / "content"
    shutil.copytree(SEEDS, content)
    sites = []
    for seed in ("1", "5"):  # two seeds that gave different related-article lists before sorting
        out = tmp_path / f"site-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "newsgen.cli", "build", "--content", str(content), "--output", str(out),
                        "-q"], check=True, env=env, cwd=tmp_path)
        sites.append(snapshot(out))
    assert sites[0] == sites[1]


def test_open_data_copies_the_parts_of_unchanged_articles(tmp_path, archive, monkeypatch):
    from newsgen import opendata

    project = tmp_path / "p"
    site, _ = build(project, archive)
    data = ("data/articles.jsonl", "data/mentions.csv")
    inodes = {p: (site / p).stat().st_ino for p in data}
    (archive / "banjir-01.md").touch()  # read again, the same record: the same files
    site, output = build(project, archive)
    assert "Nothing changed" not in output
    assert {p: (site / p).stat().st_ino for p in data} == inodes
    made = []  # articles whose line was made again: only the edited one
    real = opendata._article_line
    monkeypatch.setattr(opendata, "_article_line", lambda item, index: made.append(item.article.slug) or real(item, index))
    (archive / "banjir-02.md").write_text(
        (archive / "banjir-02.md").read_text(encoding="utf-8") + "\nWarga Medan kembali ke rumah.\n", encoding="utf-8")
    site, _ = build(project, archive, "--jobs", "1")  # one process: the open data is written where `made` is
    monkeypatch.undo()
    assert made == ["banjir-02"]
    assert_same_as_clean(tmp_path, archive, site, "open-data")


def test_a_changed_template_is_compiled_again_though_compiled_code_is_kept(tmp_path, archive):
    from newsgen.theme import default_theme_dir

    project = tmp_path / "p"
    (project / "templates").mkdir(parents=True)
    override = project / "templates" / "404.html"
    default = (default_theme_dir() / "templates" / "404.html").read_text(encoding="utf-8")
    override.write_text(default.replace("{% block content %}", "{% block content %}<p>TANDA-A</p>", 1), encoding="utf-8")
    site, _ = build(project, archive)
    assert b"TANDA-A" in (site / "404.html").read_bytes()
    assert list((project / ".newsgen-cache" / "templates").iterdir())  # the compiled templates are kept
    override.write_text(override.read_text(encoding="utf-8").replace("TANDA-A", "TANDA-B"), encoding="utf-8")
    site, _ = build(project, archive)
    assert b"TANDA-B" in (site / "404.html").read_bytes() and b"TANDA-A" not in (site / "404.html").read_bytes()


def rewritten_since(site: Path, inodes: dict[str, int]) -> set[str]:
    return {path for path, node in ((p, (site / p).stat().st_ino) for p in snapshot(site)) if node != inodes.get(path)}


LONGER = "\nRumah-rumah di tepi sungai masih terendam lumpur setinggi lutut orang dewasa, dan listrik belum menyala.\n"
UNSEEN = " Menurut warga, air belum juga surut.\n"  # names no one and no date, past the summary


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + text, encoding="utf-8")


def test_an_edit_no_other_page_shows_renders_the_articles_page_alone(tmp_path, archive):
    project = tmp_path / "p"
    append(archive / "banjir-03.md", LONGER)
    site, _ = build(project, archive)
    inodes = {path: (site / path).stat().st_ino for path in snapshot(site)}
    append(archive / "banjir-03.md", UNSEEN)  # no list, entity or event page shows that sentence
    site, output = build(project, archive)
    assert re.search(r"; 1 of \d+ pages rendered", output), output
    pages = {p for p in rewritten_since(site, inodes) if p.endswith(".html")}
    assert pages == {"articles/banjir-03.html"}
    assert_same_as_clean(tmp_path, archive, site, "unseen")


def test_search_facets_are_made_again_only_when_what_they_show_changes(tmp_path, archive, monkeypatch):
    import newsgen.search

    project = tmp_path / "p"
    append(archive / "banjir-03.md", LONGER)
    build(project, archive)
    made = []
    real = newsgen.search.facet
    monkeypatch.setattr(newsgen.search, "facet", lambda name, *args: made.append(name) or real(name, *args))
    append(archive / "banjir-03.md", UNSEEN)
    build(project, archive, "--jobs", "1")  # one process: the search index is written where `made` is
    assert made == []
    append(archive / "banjir-03.md", " Menurut warga Bekasi, air belum juga surut.\n")  # a place more
    site, _ = build(project, archive, "--jobs", "1")
    assert "place" in made
    monkeypatch.undo()
    assert_same_as_clean(tmp_path, archive, site, "facets")


def test_an_edit_to_a_quoted_sentence_renders_the_pages_that_quote_it(tmp_path, archive):
    project = tmp_path / "p"
    site, _ = build(project, archive)
    edited = archive / "banjir-03.md"  # Makassar's only article in the archive
    edited.write_text(edited.read_text(encoding="utf-8").replace("Banjir merendam", "Banjir besar merendam"),
                      encoding="utf-8")
    site, _ = build(project, archive)
    assert "Banjir besar merendam Makassar" in (site / "entities" / "makassar.html").read_text(encoding="utf-8")
    assert_same_as_clean(tmp_path, archive, site, "quoted")


def test_a_site_with_templates_of_its_own_renders_what_they_show_of_an_edit(tmp_path, archive):
    project = tmp_path / "p"
    (project / "templates" / "partials").mkdir(parents=True)
    # a list that shows each article's length: any edit shows on every page that lists the article
    (project / "templates" / "partials" / "article_list.html").write_text(
        "<ol>{% for item in items %}<li>{{ item.article.title }} {{ item.article.body|length }}</li>{% endfor %}</ol>",
        encoding="utf-8")
    append(archive / "banjir-03.md", LONGER)
    site, _ = build(project, archive)
    append(archive / "banjir-03.md", UNSEEN)
    site, _ = build(project, archive)
    clean = tmp_path / "clean"
    shutil.copytree(project / "templates", clean / "templates")
    clean_site, _ = build(clean, archive, "--jobs", "1")
    assert snapshot(site) == snapshot(clean_site)


def test_links_to_article_files_point_at_their_pages_and_follow_them_when_they_go(tmp_path, archive):
    (archive / "kliping").mkdir()
    (archive / "kliping" / "Banjir Susulan.txt").write_text("Banjir susulan melanda Medan.\n", encoding="utf-8")
    linking = archive / "banjir-01.md"
    append(linking, "\nLihat [laporan awal](banjir-00.md#p-2), [susulan](kliping/Banjir%20Susulan.txt),"
                    " [draf](tidak-ada.md) dan [situs](https://example.org/a.md).\n")
    project = tmp_path / "incremental"
    site, _ = build(project, archive)
    page = (site / "articles" / "banjir-01.html").read_text(encoding="utf-8")
    susulan = next(p.name for p in (site / "articles").iterdir() if "susulan" in p.name)
    assert 'href="banjir-00.html#p-2"' in page and f'href="{susulan}"' in page
    assert 'href="tidak-ada.md"' in page and 'href="https://example.org/a.md"' in page  # no article: as written
    (archive / "banjir-00.md").unlink()  # the linked article goes: the page that links it changes too
    site, _ = build(project, archive)
    assert 'href="banjir-00.md#p-2"' in (site / "articles" / "banjir-01.html").read_text(encoding="utf-8")
    assert_same_as_clean(tmp_path, archive, site, "unlinked")
