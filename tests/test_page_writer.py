"""Page writer helpers: linking the previous build's unchanged files into the site being built."""

from __future__ import annotations

from newsgen.page_writer import PreviousLinker


def test_previous_files_are_linked_into_new_folders_and_missing_ones_reported(tmp_path):
    previous, site = tmp_path / "previous", tmp_path / "site"
    (previous / "entities" / "deep").mkdir(parents=True)
    (previous / "entities" / "deep" / "a.html").write_text("a")
    (previous / "index.html").write_text("home")
    linker = PreviousLinker(previous, site)
    assert linker.link("entities/deep/a.html") and linker.link("index.html")
    assert (site / "entities/deep/a.html").stat().st_ino == (previous / "entities/deep/a.html").stat().st_ino
    assert (site / "index.html").read_text() == "home"
    assert not linker.link("entities/deep/missing.html")  # to be rendered instead
    assert not linker.link("index.html")  # already there: never overwritten
    assert not linker.link("new-folder/missing.html") and (site / "new-folder").is_dir()
