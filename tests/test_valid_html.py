"""Every generated page passes the Nu HTML Checker (vnu-jar from npm, run with Java)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import main
from newsgen.linkcheck import check_site

from .conftest import REPO, SEEDS

VNU_JAR = Path(os.environ.get("VNU_JAR", REPO / ".ci" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))
_missing = not VNU_JAR.is_file() or shutil.which("java") is None
if _missing and os.environ.get("CI"):
    raise RuntimeError(f"CI needs the Nu HTML Checker at {VNU_JAR} and java: see .ci/run")
pytestmark = pytest.mark.skipif(_missing, reason="Nu HTML Checker not installed: npm install --prefix .ci/node vnu-jar")


def vnu_errors(site: Path) -> list[str]:
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", str(site)],
        capture_output=True, text=True,
    )
    return [line for line in run.stderr.splitlines() if line.strip()]


def build(content: Path, out: Path) -> Path:
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_sample_archive_pages_are_valid_html(tmp_path):
    site = build(SEEDS, tmp_path / "site")
    assert vnu_errors(site) == []


def test_a_thousand_article_archive_is_valid_and_fully_linked(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    paragraphs = [p for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n") if len(p) > 80]
    start = dt.date(2021, 1, 1)
    for n in range(1000):
        body = "\n\n".join(paragraphs[(n * 7 + k) % len(paragraphs)] for k in range(4))
        day = start + dt.timedelta(days=n % 700)
        tags = ["Diplomasi", "Ekonomi", "Keamanan"][n % 3]
        (content / f"artikel-{n:04d}.md").write_text(
            f"---\ntitle: Artikel nomor {n}\ndate: {day.isoformat()}\ntags: [{tags}]\n---\n{body}\n", encoding="utf-8"
        )
    site = build(content, tmp_path / "site")
    assert check_site(site) == []
    assert vnu_errors(site) == []
