"""The output folder: dangerous targets refused, one build at a time, a killed build loses nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import main
from newsgen.output import build_lock

from .conftest import SEEDS


def build(*args: str):
    return CliRunner().invoke(main, ["build", *args])


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("target", ["content", "project", "parent", "inside"])
def test_refuses_outputs_that_would_replace_the_sources(tmp_path, target):
    content = tmp_path / "project" / "content"
    shutil.copytree(SEEDS, content)
    (tmp_path / "project" / "newsgen.yaml").write_text("content: content\n", encoding="utf-8")
    output = {"content": content, "project": tmp_path / "project", "parent": tmp_path,
              "inside": content / "site"}[target]
    before = snapshot(tmp_path)
    result = build("--config", str(tmp_path / "project" / "newsgen.yaml"), "--output", str(output))
    assert result.exit_code == 2 and "choose another" in result.output
    assert snapshot(tmp_path) == before


def test_a_second_build_on_the_same_output_refuses_clearly(tmp_path):
    out = tmp_path / "site"
    with build_lock(out):
        result = build("--content", str(SEEDS), "--output", str(out))
    assert result.exit_code == 2
    assert f"another newsgen build (pid {os.getpid()}) is writing" in result.output
    assert build("--content", str(SEEDS), "--output", str(out)).exit_code == 0  # free again afterwards


def test_a_killed_build_leaves_the_previous_site_complete(tmp_path):
    content, out = tmp_path / "content", tmp_path / "site"
    shutil.copytree(SEEDS, content)
    assert build("--content", str(content), "--output", str(out)).exit_code == 0
    before = snapshot(out)
    # a bigger archive, so the next build is still rendering when it is killed
    for n in range(400):
        shutil.copy(SEEDS / "001_7ff9831065ac68b4.txt", content / f"copy_{n:03d}.txt")
    process = subprocess.Popen(
        [sys.executable, "-m", "newsgen.cli", "build", "--content", str(content), "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    staging = []
    while time.monotonic() < deadline and not staging:
        # it renders into the spare the first build left (or a new staging folder): new articles appear there
        staging = [p for p in (*tmp_path.glob(".site.staging-*"), tmp_path / ".site.spare")
                   if p.is_dir() and any(p.rglob("copy*.html"))]
        time.sleep(0.02)
    assert staging, "the build never started rendering"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert snapshot(out) == before  # the previous site, whole and unchanged
    result = build("--content", str(content), "--output", str(out))
    assert result.exit_code == 0 and "Built 405 articles" in result.output
    assert not list(tmp_path.glob(".site.staging-*"))  # the killed build's leftovers are gone
    assert snapshot(out) != before and len(list((out / "articles").glob("copy*.html"))) == 400
