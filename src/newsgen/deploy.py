"""`newsgen deploy`: commit the built site to the gh-pages branch and push it.

ghp-import writes the branch with `git fast-import`, straight into the object
database: the user's working tree, index and current branch are never touched.
A site that is as published makes no commit; newsgen's build marker is not published.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .output import BUILD_MARKER

DEFAULT_REMOTE = "origin"
DEFAULT_BRANCH = "gh-pages"
DEFAULT_MESSAGE = "Publish the archive (newsgen deploy)"


class DeployError(Exception):
    """The site was not published; the message says why and what to do."""


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)


def find_repository(folder: Path) -> Path:
    run = _git(folder, "rev-parse", "--show-toplevel")
    if run.returncode != 0:
        raise DeployError(f"{folder.resolve()} is not inside a git repository; run `git init` and add a remote first")
    return Path(run.stdout.strip())


def check_site(site: Path) -> None:
    if not (site / "index.html").is_file():
        raise DeployError(f"no built site in {site}: run `newsgen build` first")


def check_branches(repo: Path, remote: str, branch: str) -> None:
    current = _git(repo, "symbolic-ref", "--quiet", "--short", "HEAD").stdout.strip()
    # Moving the checked-out branch under the user's feet would leave their working tree out of step.
    if current == branch:
        raise DeployError(f"you are on the '{branch}' branch; switch to your source branch first "
                          f"(`git switch main`), deploy rewrites '{branch}'")
    if _git(repo, "remote", "get-url", remote).returncode != 0:
        known = _git(repo, "remote").stdout.split()
        hint = f"known remotes: {', '.join(known)}" if known else f"add one with `git remote add {remote} URL`"
        raise DeployError(f"no git remote named '{remote}'; {hint} (or pass --remote NAME)")


def fetch_published(repo: Path, remote: str, branch: str) -> None:
    """Bring the remote's branch in first, so the new commit follows it and the push fast-forwards
    (a fresh clone has no local gh-pages; ghp-import builds on remote/branch when it exists)."""
    if _git(repo, "ls-remote", "--exit-code", "--heads", remote, branch).returncode != 0:
        return  # first deployment: the branch is created
    run = _git(repo, "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
    if run.returncode != 0:
        raise DeployError(f"cannot fetch '{branch}' from '{remote}': {run.stderr.strip()}")


@dataclass
class Deployment:
    commit: str  # the branch's commit after the deploy
    changed: bool  # False: the site was as published, no commit was made


def deploy_site(site: Path, *, remote: str = DEFAULT_REMOTE, branch: str = DEFAULT_BRANCH,
                message: str = DEFAULT_MESSAGE, cname: str | None = None, cwd: Path | None = None) -> Deployment:
    """Commit `site` as the whole content of `branch` (with .nojekyll, and CNAME when given) unless
    that is what the branch holds already, and push the branch to `remote`."""
    check_site(site)
    repo = find_repository(cwd or Path.cwd())
    check_branches(repo, remote, branch)
    fetch_published(repo, remote, branch)
    # .nojekyll: GitHub's Jekyll would otherwise drop files and folders whose names start with "_".
    command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--remote", remote, "--branch", branch,
               "--message", message]
    if cname:
        command += ["--cname", cname]
    with _published_files(site) as folder:
        run = subprocess.run([*command, str(folder)], cwd=repo, capture_output=True, text=True)
    if run.returncode != 0:
        raise DeployError(f"committing the site to '{branch}' failed: {_reason(run)}")
    changed = _keep_only_if_changed(repo, f"refs/heads/{branch}")
    # pushed even when unchanged: an earlier deploy may have committed and failed to push
    push = _git(repo, "push", "--quiet", remote, f"refs/heads/{branch}:refs/heads/{branch}")
    if push.returncode != 0:
        raise DeployError(f"publishing to '{remote}' '{branch}' failed: {_reason(push)}")
    return Deployment(_git(repo, "rev-parse", f"refs/heads/{branch}").stdout.strip(), changed)


@contextmanager
def _published_files(site: Path):
    """The site without newsgen's own build marker, as hard links beside it (no copy of the bytes)."""
    with tempfile.TemporaryDirectory(prefix=f".{site.name}-deploy-", dir=site.resolve().parent) as staging:
        for folder, _, names in os.walk(site):
            relative = os.path.relpath(folder, site)
            os.makedirs(os.path.join(staging, relative), exist_ok=True)
            for name in names:
                if relative == "." and name == BUILD_MARKER:
                    continue
                source, target = os.path.join(folder, name), os.path.join(staging, relative, name)
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copy2(source, target)
        yield Path(staging)


def _keep_only_if_changed(repo: Path, ref: str) -> bool:
    """ghp-import always commits: a commit whose files are its parent's is taken back."""
    parent = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}~1").stdout.strip()
    if not parent or _tree(repo, ref) != _tree(repo, parent):
        return True
    _git(repo, "update-ref", ref, parent)
    return False


def _tree(repo: Path, commit: str) -> str:
    return _git(repo, "rev-parse", f"{commit}^{{tree}}").stdout.strip()


def _reason(run: subprocess.CompletedProcess) -> str:
    # A failed push surfaces as a Python traceback from ghp-import after git's own message: keep git's.
    output = (run.stderr or run.stdout).strip()
    text = output.split("Traceback (most recent call last)")[0].strip()
    return text or (output.splitlines() or [f"ghp-import exited with status {run.returncode}"])[-1]
