"""Hostile articles and sites built from them, for test_hostile and test_browser_hostile.

content/ is built with the default config: every payload in it must come out escaped
or dropped. raw-html/ is built with `allow_html: true`: its raw HTML reaches the page
by the user's choice, and only the Content-Security-Policy stands between it and the
reader. Every payload sets `window.__pwned`, changes document.title or calls alert()
if it ever runs.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsgen.cli import main

HOSTILE = Path(__file__).resolve().parent
ESCAPED = HOSTILE / "content"
RAW_HTML = HOSTILE / "raw-html"


def build_site(content: Path, root: Path, allow_html: bool = False) -> Path:
    """Build `content` into root/site through the CLI, with a config in `root`."""
    root.mkdir(parents=True, exist_ok=True)
    config = root / "newsgen.yaml"
    config.write_text(
        f"content: {json.dumps(str(content))}\noutput: site\nallow_html: {json.dumps(allow_html)}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", "--config", str(config)])
    assert result.exit_code == 0, result.output
    return root / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))
