"""Full-text search: Pagefind indexes the built site as the last step of a build."""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .records import Problem


def index_site(site: Path, config: Config) -> list[Problem]:
    """Run Pagefind over `site` (the staging folder); problems are warnings, never fatal."""
    return []
