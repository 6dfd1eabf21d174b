"""`newsgen build`: load → tag → index → render, written atomically."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .index import build_index
from .output import OutputError, build_lock, check_output_folder, write_atomically
from .load import load_archive
from .records import Problem
from .render import render_site
from .tag import Tagger, tag_articles
from .tag.cache import TagCache
from .tag.archive import unify_person_names
from .theme import Theme


class BuildError(Exception):
    """The build cannot go on; nothing was changed in the output folder."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class BuildReport:
    output: Path
    articles: int = 0
    pages: int = 0
    skipped_files: int = 0
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    written: bool = False
    cache_hits: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def build_site(config: Config, strict: bool = False) -> BuildReport:
    content_dir, out_dir = config.content_dir, config.output_dir
    if content_dir.is_file():
        raise BuildError(f"'{content_dir}' is a file; --content takes the folder that holds your articles")
    if not content_dir.is_dir():
        raise BuildError(
            f"content folder '{content_dir}' does not exist; pass --content DIR or set 'content' in newsgen.yaml"
        )
    try:
        check_output_folder(out_dir, content_dir, config.root)
        with build_lock(out_dir):
            return _build(config, strict)
    except OutputError as exc:
        raise BuildError(str(exc)) from exc


def _build(config: Config, strict: bool = False) -> BuildReport:
    started = time.perf_counter()
    out_dir = config.output_dir
    loaded = load_archive(config)
    report = BuildReport(output=out_dir, skipped_files=loaded.skipped_files, problems=list(loaded.problems))
    tagger = Tagger.load(config.language, config.entities_file)
    cache = TagCache(config.cache_dir, tagger.fingerprint)
    tagged = unify_person_names(tag_articles([a for a in loaded.articles if not a.draft], tagger, cache))
    report.cache_hits = cache.hits
    report.articles = len(tagged)
    if strict and report.problems:
        raise BuildError(
            f"--strict: {len(report.problems)} problem(s); the previous site in {out_dir} is unchanged",
            report.problems,
        )
    index = build_index(tagged)
    theme = Theme.with_overrides(config.root)
    report.pages = len(write_atomically(out_dir, lambda tmp: render_site(index, config, tmp, theme)))
    report.written = True
    report.seconds = time.perf_counter() - started
    return report
