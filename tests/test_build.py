"""End to end: `newsgen build` on the seeds, the pages it writes and the links between them."""

from __future__ import annotations

import gc
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen import build
from newsgen.output import BUILD_MARKER
from newsgen.cli import main
from newsgen.linkcheck import check_site

from .conftest import SEEDS


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "build"
    result = CliRunner().invoke(main, ["build", "--content", str(SEEDS), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "Built 5 articles" in result.output
    return out


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_expected_pages_exist(site):
    written = pages(site)
    for page in ["index.html", "topics/index.html", "timeline/index.html", "outlets/index.html"]:
        assert page in written
    assert len([p for p in written if p.startswith("articles/")]) == 5
    assert "outlets/kompas-tv.html" in written
    assert any(p.startswith("entities/") for p in written)
    assert (site / "static" / "style.css").is_file()


def test_every_internal_reference_resolves(site):
    assert check_site(site) == []


def test_no_external_resources_and_lang_from_config(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert '<html lang="id">' in html
        assert not re.search(r'(src|href)="(https?:)?//', html), path  # works offline: no CDN, fonts, scripts


def test_article_page_shows_metadata_and_linked_entities(site):
    html = (site / "articles" / "003-899dac26f7ecad5b.html").read_text(encoding="utf-8")
    assert "DISWAY.ID" in html and "Jakarta" in html  # outlet and dateline place
    assert "CCTV" in html and "AFP" in html  # credited sources
    assert "BACA JUGA" not in html  # boilerplate gone
    assert 'class="entity entity-person"' in html
    assert '<time class="date" datetime="2022-06-15">15 Juni 2022</time>' in html


def test_timeline_has_month_pages_and_undated_marked(site):
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "timeline/2022-06.html" not in timeline  # links are relative to the page
    assert 'href="2022-06.html"' in timeline and "Juni 2022" in timeline
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "undated" in home or "estimated" in home or "perkiraan" in home.lower()


def test_links_are_relative_everywhere(site):
    for path in site.rglob("*.html"):
        assert not re.search(r'(href|src)="/', path.read_text(encoding="utf-8")), path


def test_rebuild_replaces_the_site_and_keeps_nothing_stale(site, tmp_path):
    out = tmp_path / "build"
    content = tmp_path / "content"
    shutil.copytree(SEEDS, content)
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--content", str(content), "--output", str(out)]).exit_code == 0
    assert (out / BUILD_MARKER).is_file()
    (content / "000_687a31ec145f4aad.txt").unlink()
    assert runner.invoke(main, ["build", "--content", str(content), "--output", str(out)]).exit_code == 0
    assert not (out / "articles" / "000-687a31ec145f4aad.html").exists()
    assert not list(tmp_path.glob(".build.staging-*"))  # no staging folders left behind


def test_refuses_to_overwrite_a_folder_it_did_not_make(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    result = CliRunner().invoke(main, ["build", "--content", str(SEEDS), "--output", str(out)])
    assert result.exit_code == 2 and "not made by newsgen" in result.output
    assert (out / "thesis.docx").read_text() == "precious"


def test_bad_article_is_reported_and_the_rest_builds(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SEEDS, content)
    (content / "rusak.md").write_text("---\ntitle: [a\n---\nIsi.", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{content / 'rusak.md'}:2: error: invalid YAML" in result.output
    assert "Built 5 articles" in result.output
    strict = CliRunner().invoke(main, ["build", "--strict", "--content", str(content), "--output", str(tmp_path / "o2")])
    assert strict.exit_code == 1 and not (tmp_path / "o2").exists()


def test_the_command_reports_everything_through_a_pipe_with_its_exit_status(tmp_path):
    # the command leaves with os._exit (cli.run): what it printed must still reach a pipe, with the right status
    content = tmp_path / "content"
    shutil.copytree(SEEDS, content)
    (content / "rusak.md").write_text("---\ntitle: [a\n---\nIsi.", encoding="utf-8")
    command = [sys.executable, "-m", "newsgen.cli", "build", "--content", str(content), "--output", str(tmp_path / "out")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "rusak.md:2: error: invalid YAML" in done.stdout + done.stderr
    assert "Built 5 articles" in done.stdout and "newsgen serve" in done.stdout
    (content / "rusak.md").unlink()
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "Built 5 articles" in done.stdout
    done = subprocess.run([*command[:3], "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("newsgen, version ")
    done = subprocess.run([*command[:3], "build", "--content", str(tmp_path / "nope")], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and "does not exist" in done.stderr


def test_missing_content_folder_is_a_clear_error(tmp_path, monkeypatch):
    result = CliRunner().invoke(main, ["build", "--content", str(tmp_path / "nope"), "--output", str(tmp_path / "o")])
    assert result.exit_code == 2 and "does not exist" in result.output
    monkeypatch.chdir(tmp_path)  # no newsgen.yaml and no seeds/ here: say how to start an archive
    for command in ("build", "check"):
        result = CliRunner().invoke(main, [command])
        assert result.exit_code == 2 and "content folder 'seeds' does not exist" in result.output
        assert "`newsgen init NAME`" in result.output
    (tmp_path / "newsgen.yaml").write_text("content: artikel\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check"])
    assert "set 'content' in newsgen.yaml" in result.output and "newsgen init" not in result.output


def test_version_and_help():
    runner = CliRunner()
    assert runner.invoke(main, ["--version"]).output.startswith("newsgen, version ")
    help_text = runner.invoke(main, ["--help"]).output
    assert "build" in help_text and "extract" in help_text


def test_bad_config_exits_2_naming_key_and_file(tmp_path):
    config = tmp_path / "newsgen.yaml"
    config.write_text("perpage: 2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--config", str(config)])
    assert result.exit_code == 2
    assert f"{config}: unknown option 'perpage'" in result.output


def test_strict_names_each_problem(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "rusak.md").write_text("---\ntitle: a: b\n---\nIsi.", encoding="utf-8")
    (content / "baik.md").write_text("---\ntitle: Baik\n---\nIsi.", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--strict", "--content", str(content), "--output", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert f"{content / 'rusak.md'}:2: error: invalid YAML" in result.output and "in quotes" in result.output


def test_content_that_is_a_file_is_explained(tmp_path):
    result = CliRunner().invoke(main, ["build", "--content", str(SEEDS / "000_687a31ec145f4aad.txt"),
                                       "--output", str(tmp_path / "o")])
    assert result.exit_code == 2 and "is a file" in result.output


def test_404_page_uses_absolute_links_when_base_url_is_known(tmp_path):
    config = tmp_path / "newsgen.yaml"
    config.write_text(f"content: {SEEDS}\noutput: out\nbase_url: https://user.github.io/arsip/\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "--config", str(config)]).exit_code == 0
    html = (tmp_path / "out" / "404.html").read_text(encoding="utf-8")
    assert 'href="https://user.github.io/arsip/static/style.css"' in html


def test_report_shows_search_time_within_render():
    from newsgen.console import _stage_times

    line = _stage_times({"load": 1.0, "tag": 2.0, "index": 0.5, "render": 9.0, "search": 0.4})
    assert line == "load 1.00 s · tag 2.00 s · index 0.50 s · render 9.00 s (search 0.40 s of it)"
    assert _stage_times({"load": 1.0, "render": 2.0}) == "load 1.00 s · render 2.00 s"


def test_the_hint_to_serve_names_the_articles_that_were_built(tmp_path):
    # plain `newsgen serve` would build and serve the sample articles instead
    result = CliRunner().invoke(main, ["build", "--content", str(SEEDS), "--output", str(tmp_path / "out"), "--drafts"])
    assert result.exit_code == 0, result.output
    assert f"serve it: newsgen serve --content {shlex.quote(str(SEEDS))} --drafts (or python -m http.server" in result.output


def test_a_build_made_by_other_newsgen_code_is_not_reused(tmp_path, monkeypatch):
    import newsgen.render
    import newsgen.state

    args = ["build", "--content", str(SEEDS), "--output", str(tmp_path / "out"), "-v"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert "Nothing changed" in CliRunner().invoke(main, args).output
    # a checkout whose code changed between two builds (the version only changes with a release)
    monkeypatch.setattr(newsgen.state, "code_digest", lambda: "other code")
    monkeypatch.setattr(newsgen.render, "code_digest", lambda: "other code")
    output = CliRunner().invoke(main, args).output
    assert "Nothing changed" not in output
    rendered, pages = map(int, re.search(r"(\d+) of (\d+) pages rendered", output).groups())
    html = len(list((tmp_path / "out").rglob("*.html")))
    assert rendered == pages == html  # every page, none linked from the last site
    assert f"({html} pages, " in output and "the rest unchanged" not in output


def test_the_build_runs_without_the_cyclic_collector_and_turns_it_back_on(site_config, monkeypatch):
    shutil.copytree(SEEDS, site_config.content_dir, dirs_exist_ok=True)
    seen = []
    index = build.build_index
    monkeypatch.setattr(build, "build_index", lambda *args, **kwargs: seen.append(gc.isenabled()) or index(*args, **kwargs))
    thresholds = gc.get_threshold()
    assert gc.isenabled()
    build.build_site(site_config, jobs=1)
    assert seen == [False]  # millions of objects at 10,000 articles, hardly a cycle among them
    assert gc.isenabled() and gc.get_threshold() == thresholds  # `newsgen serve` builds again in this process


def test_the_report_counts_one_article_in_the_singular(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "banjir.txt").write_text("Banjir merendam Medan sejak Senin malam.\n", encoding="utf-8")
    args = ["build", "--content", str(tmp_path / "content"), "--output", str(tmp_path / "out")]
    first, again = CliRunner().invoke(main, args), CliRunner().invoke(main, args)
    assert "Built 1 article into" in first.output, first.output
    assert "(1 article," in again.output, again.output
