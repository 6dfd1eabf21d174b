"""The build state between builds: its records log, the spare site, and a state that does not match the site."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest

from newsgen import state as build_state
from newsgen.output import SPARE_TOKEN, spare_folder
from newsgen.page_writer import PreviousLinker

from .test_incremental import assert_same_as_clean, build, make_archive, snapshot

CACHE = ".newsgen-cache"


@pytest.fixture
def archive(tmp_path) -> Path:
    make_archive(tmp_path / "content")
    return tmp_path / "content"


def _edit(content: Path, name: str, line: str) -> None:
    path = content / name
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def _records_files(project: Path) -> list[Path]:
    return sorted((project / CACHE).glob(f"{build_state.RECORDS_PREFIX}*"))


def _settings(project: Path) -> str:
    with open(project / CACHE / build_state.STATE_FILE, "rb") as handle:
        return pickle.load(handle).settings


def _loaded(project: Path) -> build_state.BuildState:
    return build_state.load_state(project / CACHE, _settings(project))


def test_an_edit_adds_a_small_part_to_the_records_log_and_loads_as_a_whole(tmp_path, archive):
    project = tmp_path / "p"
    build(project, archive)
    [base] = _records_files(project)
    _edit(archive, "banjir-03.md", "Wali kota Bogor ikut membantu.")
    (archive / "banjir-05.md").unlink()
    build(project, archive)
    files = _records_files(project)
    assert len(files) == 2 and base in files  # the base is kept as it was, and one part follows it
    part = next(f for f in files if f != base)
    assert part.stat().st_size < base.stat().st_size / 5
    logged = _loaded(project)
    # a clean build of the same archive keeps the same records, in one base
    clean = tmp_path / "clean"
    build(clean, archive)
    assert len(_records_files(clean)) == 1
    whole = _loaded(clean)
    assert logged.files.keys() == whole.files.keys()
    assert not any(path.endswith("banjir-05.md") for path in logged.files)
    assert [(r[0], r[1]) for r in logged.files.values()] == [(r[0], r[1]) for r in whole.files.values()]
    assert logged.tagged.keys() == whole.tagged.keys()


def test_the_log_is_written_again_as_one_base_when_it_grows(tmp_path, archive, monkeypatch):
    monkeypatch.setattr(build_state, "COMPACT_PARTS", 2)
    project = tmp_path / "p"
    build(project, archive)
    for n in range(3):
        _edit(archive, "banjir-03.md", f"Kalimat tambahan {n}.")
        site, _ = build(project, archive)
    assert len(_records_files(project)) == 1  # base, part, part: the third edit wrote a new base
    assert_same_as_clean(tmp_path, archive, site, "compacted")


def test_a_missing_part_of_the_log_means_a_build_from_scratch(tmp_path, archive):
    project = tmp_path / "p"
    build(project, archive)
    _edit(archive, "banjir-03.md", "Wali kota Bogor ikut membantu.")
    build(project, archive)
    max(_records_files(project), key=lambda p: p.stat().st_mtime_ns).unlink()
    assert build_state.load_state(project / CACHE, _settings(project)) is None
    _edit(archive, "banjir-04.md", "Gubernur meninjau lokasi.")
    site, output = build(project, archive)
    assert "tagging cache" in output
    assert_same_as_clean(tmp_path, archive, site, "missing-part")


def test_the_spare_site_is_reused_and_a_half_changed_one_is_not(tmp_path, archive, monkeypatch):
    project = tmp_path / "p"
    site, _ = build(project, archive)
    spare = spare_folder(project / "site")
    # the first build's spare: links to its pages, and nothing else (the rest is written again each build)
    assert (spare / SPARE_TOKEN).is_file() and not (spare / "search").exists()
    page = "articles/000-687a31ec145f4aad.html"
    assert (spare / page).stat().st_ino == (site / page).stat().st_ino
    _edit(archive, "banjir-03.md", "Wali kota Bogor ikut membantu.")
    site, _ = build(project, archive)
    assert (spare / SPARE_TOKEN).is_file()  # now the first build's site, pruned to its pages
    assert not (spare / "search").exists()
    linked = []  # pages linked from the last site into the staging folder
    real = PreviousLinker.link
    monkeypatch.setattr(PreviousLinker, "link", lambda self, path: linked.append(path) or real(self, path))
    _edit(archive, "banjir-04.md", "Gubernur meninjau lokasi.")
    site, output = build(project, archive)
    monkeypatch.undo()
    pages = int(re.search(r"of (\d+) pages rendered", output).group(1))
    # the spare holds the pages of two builds ago: only those changed since are linked, not every page
    assert "articles/banjir-03.html" in linked and "articles/000-687a31ec145f4aad.html" not in linked
    assert len(linked) < pages / 3
    assert_same_as_clean(tmp_path, archive, site, "spare")
    # a spare that a killed build left half-changed: its token is gone, and a page in it is wrong
    (spare / SPARE_TOKEN).unlink()
    (spare / "articles" / "banjir-11.html").unlink()  # a file of its own: the spare shares the others with the site
    (spare / "articles" / "banjir-11.html").write_text("not this page")
    _edit(archive, "banjir-06.md", "Bantuan tiba.")
    site, _ = build(project, archive)
    assert_same_as_clean(tmp_path, archive, site, "half-changed-spare")


def test_a_state_older_than_the_site_is_not_trusted_for_pages(tmp_path, archive):
    # a build killed after swapping its site in, before saving its state, leaves the state of the build before
    project = tmp_path / "p"
    build(project, archive)
    original = (archive / "banjir-03.md").read_text(encoding="utf-8")
    older_cache = tmp_path / "older-cache"
    shutil.copytree(project / CACHE, older_cache)
    _edit(archive, "banjir-03.md", "Wali kota Bogor ikut membantu.")
    build(project, archive)
    shutil.rmtree(project / CACHE)
    shutil.copytree(older_cache, project / CACHE)
    (archive / "banjir-03.md").write_text(original, encoding="utf-8")  # the old keys match again
    site, output = build(project, archive)
    assert "Nothing changed" not in output
    assert snapshot(site)["articles/banjir-03.html"].count(b"Bogor") == 0
    assert_same_as_clean(tmp_path, archive, site, "older-state")


def test_the_index_memo_of_another_build_beside_the_state_gives_a_clean_builds_site(tmp_path, archive):
    # the memo is saved by a forked process while the pages render: a build killed after it, before
    # its state, leaves a memo newer than the state; its answers are kept by their inputs, so they hold
    project = tmp_path / "p"
    build(project, archive)
    memo_file = project / CACHE / build_state.MEMO_FILE
    assert _loaded(project).index_memo.months and pickle.loads(
        (project / CACHE / build_state.STATE_FILE).read_bytes()).index_memo is None  # kept in its own file only
    older_cache = tmp_path / "older-cache"
    shutil.copytree(project / CACHE, older_cache)
    _edit(archive, "banjir-03.md", "Wali kota Bogor dan Gubernur Jawa Barat ikut membantu.")
    (archive / "banjir-05.md").unlink()
    build(project, archive)
    newer_memo = memo_file.read_bytes()
    shutil.rmtree(project / CACHE)
    shutil.copytree(older_cache, project / CACHE)
    memo_file.write_bytes(newer_memo)
    _edit(archive, "banjir-04.md", "Gubernur meninjau lokasi.")
    site, _ = build(project, archive)
    assert_same_as_clean(tmp_path, archive, site, "newer-memo")
    # and a memo that is missing or unreadable is only a slower build
    memo_file.write_bytes(b"not a pickle")
    assert _loaded(project).index_memo is None
    _edit(archive, "banjir-02.md", "Relawan datang.")
    site, _ = build(project, archive)
    assert_same_as_clean(tmp_path, archive, site, "bad-memo")


def test_unchanged_entity_listings_keep_their_keys_without_being_planned_again(tmp_path, archive, monkeypatch):
    from newsgen.render import SitePlan

    project = tmp_path / "p"
    project.mkdir()
    # two articles a page: the entities of the 30 flood articles have listings of many pages
    (project / "newsgen.yaml").write_text(f"content: {archive}\noutput: site\nper_page: 2\n", encoding="utf-8")
    site, _ = build(project, archive)
    assert len(list((site / "entities").glob("*/*.html"))) > 10  # later pages of entity listings
    reused = []
    real = SitePlan._reuse
    monkeypatch.setattr(SitePlan, "_reuse", lambda self, template, first, *rest:
                        real(self, template, first, *rest) and not reused.append(first))
    # a seed article: the flood articles' entities (Medan, Surabaya...) are not in it
    (archive / "000_687a31ec145f4aad.txt").write_text(
        (archive / "000_687a31ec145f4aad.txt").read_text(encoding="utf-8") + "\nKalimat tambahan.\n", encoding="utf-8")
    site, _ = build(project, archive)
    assert "entities/medan.html" in reused
    _assert_same_as_clean_with(tmp_path, archive, site, "groups-seed-edit", "per_page: 2\n")
    # now one of Medan's own articles: its listing is planned again, and the pages still equal a clean build's
    reused.clear()
    _edit(archive, "banjir-00.md", "Wali kota Medan meninjau lokasi.")
    site, _ = build(project, archive)
    assert "entities/medan.html" not in reused and reused
    monkeypatch.undo()
    _assert_same_as_clean_with(tmp_path, archive, site, "groups-entity-edit", "per_page: 2\n")


def _assert_same_as_clean_with(tmp_path: Path, content: Path, site: Path, name: str, settings: str) -> None:
    clean = tmp_path / f"clean-{name}"
    clean.mkdir()
    (clean / "newsgen.yaml").write_text(f"content: {content}\noutput: site\n{settings}", encoding="utf-8")
    assert_same_as_clean(tmp_path, content, site, name)  # build() keeps the config it finds
