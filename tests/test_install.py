"""A non-editable install (the wheel) carries the theme and data and builds a complete site."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from newsgen.linkcheck import check_site

from .conftest import REPO, SEEDS


def test_wheel_builds_a_complete_site_outside_the_checkout(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(REPO)],
        check=True,
    )
    (wheel,) = wheels.glob("newsgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "newsgen/theme/templates/base.html" in names and "newsgen/theme/static/style.css" in names
    assert any(n.startswith("newsgen/data/ner/") for n in names)
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
    )
    # run from an unrelated folder with only the installed copy of newsgen importable ahead of the checkout
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-c",
         "import newsgen, sys; assert 'installed' in newsgen.__file__, newsgen.__file__;"
         "from newsgen.cli import main; main()",
         "build", "--content", str(SEEDS), "--output", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stderr + run.stdout
    assert (out / "index.html").is_file() and (out / "static" / "style.css").is_file()
    assert len(list((out / "articles").glob("*.html"))) == 5
    assert check_site(out) == []
