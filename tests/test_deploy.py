"""`newsgen deploy`: the built site lands on gh-pages of a real (local, bare) remote, and the
user's working tree and branch stay as they were."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import main
from newsgen.config import ConfigError, load_config
from newsgen.output import BUILD_MARKER


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def deploy(cwd: Path, *args: str):
    with contextlib.chdir(cwd):
        return CliRunner().invoke(main, ["deploy", *args], catch_exceptions=False)


@pytest.fixture(autouse=True)
def identity(monkeypatch):
    # ghp-import and git commit need a name; CI machines may have no global git config
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Penguji")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "penguji@example.org")


@pytest.fixture
def project(tmp_path) -> tuple[Path, Path]:
    """An archive repository on main with one commit, a built site (ignored by git) and a bare remote."""
    bare, repo = tmp_path / "remote.git", tmp_path / "arsip"
    git(tmp_path, "init", "--quiet", "--bare", str(bare))
    repo.mkdir()
    git(repo, "init", "--quiet", "-b", "main")
    (repo / "newsgen.yaml").write_text("content: content\ncname: arsip.example.org\n")
    (repo / ".gitignore").write_text("build/\n")
    (repo / "content").mkdir()
    (repo / "content" / "a.md").write_text("---\ntitle: A\n---\nIsi.\n")
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "arsip")
    git(repo, "remote", "add", "origin", str(bare))
    git(repo, "push", "--quiet", "origin", "main")
    site = repo / "build"
    (site / "articles").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>Arsip</title>")
    (site / "articles" / "a.html").write_text("<!doctype html><title>A</title>")
    (site / "_underscore.css").write_text("/* kept only because of .nojekyll */")
    (site / BUILD_MARKER).write_text("newsgen's own: never published")
    return repo, bare


def published(bare: Path, branch: str = "gh-pages") -> set[str]:
    return set(git(bare, "ls-tree", "-r", "--name-only", branch).split())


def test_deploy_publishes_the_site_with_nojekyll_and_cname(project):
    repo, bare = project
    status, head = git(repo, "status", "--porcelain", "--ignored"), git(repo, "rev-parse", "HEAD")
    result = deploy(repo)
    assert result.exit_code == 0, result.output
    assert published(bare) == {"index.html", "articles/a.html", "_underscore.css", ".nojekyll", "CNAME"}
    assert git(bare, "show", "gh-pages:CNAME").strip() == "arsip.example.org"
    assert git(bare, "log", "-1", "--format=%s", "gh-pages").strip() == "Publish the archive (newsgen deploy)"
    # the user's checkout is untouched
    assert git(repo, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain", "--ignored") == status


def test_without_cname_there_is_no_cname_file_and_options_are_used(project):
    repo, bare = project
    (repo / "newsgen.yaml").write_text("content: content\n")
    result = deploy(repo, "--branch", "situs", "--message", "Terbitkan")
    assert result.exit_code == 0, result.output
    assert published(bare, "situs") == {"index.html", "articles/a.html", "_underscore.css", ".nojekyll"}
    assert git(bare, "log", "-1", "--format=%s", "situs").strip() == "Terbitkan"


def test_deploys_from_two_checkouts_build_one_history(project, tmp_path):
    repo, bare = project
    assert deploy(repo).exit_code == 0
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--branch", "main", str(bare), str(clone))  # no local gh-pages branch here
    (clone / "build").mkdir()
    (clone / "build" / "index.html").write_text("<!doctype html><title>Baru</title>")
    result = deploy(clone)
    assert result.exit_code == 0, result.output
    assert git(bare, "rev-list", "--count", "gh-pages").strip() == "2"
    assert published(bare) == {"index.html", ".nojekyll", "CNAME"}
    # back in the first checkout, whose idea of origin/gh-pages is now out of date
    assert deploy(repo).exit_code == 0
    assert git(bare, "rev-list", "--count", "gh-pages").strip() == "3"


def test_deploying_the_published_site_again_makes_no_commit(project):
    repo, bare = project
    assert deploy(repo).exit_code == 0
    first = git(bare, "rev-parse", "gh-pages")
    again = deploy(repo)
    assert again.exit_code == 0, again.output
    assert "already holds this site" in again.output
    assert git(bare, "rev-parse", "gh-pages") == first
    (repo / "build" / "index.html").write_text("<!doctype html><title>Arsip baru</title>")
    assert "published" in deploy(repo).output
    assert git(bare, "rev-list", "--count", "gh-pages").strip() == "2"
    assert (repo / "build" / BUILD_MARKER).is_file()  # the site itself is left as it was
    assert not list(repo.glob(".build-deploy-*"))  # and the links made for ghp-import are gone


def test_deploy_requires_a_built_site(project):
    repo, bare = project
    (repo / "build" / "index.html").unlink()
    result = deploy(repo)
    assert result.exit_code == 2
    assert "newsgen build" in result.output
    assert git(bare, "branch", "--list", "gh-pages").strip() == ""


def test_deploy_names_a_missing_remote(project):
    repo, _ = project
    result = deploy(repo, "--remote", "upstream")
    assert result.exit_code == 2
    assert "upstream" in result.output and "origin" in result.output


def test_deploy_refuses_to_rewrite_the_checked_out_branch(project):
    repo, _ = project
    result = deploy(repo, "--branch", "main")
    assert result.exit_code == 2 and "switch" in result.output


@pytest.mark.parametrize("bad", ["https://arsip.example.org", "arsip.example.org/berita", "localhost", 42])
def test_cname_must_be_a_domain_name(tmp_path, bad):
    config = tmp_path / "newsgen.yaml"
    config.write_text(f"cname: {bad}\n")
    with pytest.raises(ConfigError, match="cname"):
        load_config(config)
