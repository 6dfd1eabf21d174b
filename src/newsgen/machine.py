"""Machine-readable outputs: feeds, sitemap, robots.txt and open data files."""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .index import SiteIndex


def write_machine_readable(index: SiteIndex, config: Config, out_dir: Path) -> list[str]:
    """Write feeds, sitemap, robots.txt and open data into `out_dir`; return their output paths."""
    return []
