"""Machine-readable outputs: feeds, sitemap and robots.txt (the open data: opendata.py).

Feeds (feeds.py) and the sitemap need absolute URLs, so they are written only when
`base_url` is set. The build reports the skipped outputs with `missing_base_url_warnings(config)`.
"""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .feeds import write_feeds, write_sitemap
from .index import SiteIndex
from .records import Problem

BASE_URL_WARNING = (
    "base_url is not set, so the Atom feeds (feed.xml, topics/*.xml, entities/*.xml), sitemap.xml "
    "and robots.txt were not written: they need absolute URLs. Set 'base_url' in newsgen.yaml "
    "or pass --base-url https://user.github.io/repo/"
)


def write_feeds_and_sitemap(index: SiteIndex, config: Config, out_dir: Path) -> None:
    """Write feeds, sitemap and robots.txt into `out_dir`.

    Call it after every HTML page is written: the sitemap lists the pages found in `out_dir`.
    Without base_url nothing is written (never an error).
    """
    if config.base_url:
        write_feeds(index, config, out_dir)
        write_sitemap(index, config, out_dir)


def missing_base_url_warnings(config: Config) -> list[Problem]:
    """The warning for a build without base_url (empty when it is set): add it to the build's problems."""
    if config.base_url:
        return []
    where = config.source or Path("base_url")  # the config file when there is one
    return [Problem(path=where, message=BASE_URL_WARNING, severity="warning", kind="base-url")]
