"""How a build shows itself: a progress bar in a terminal, plain lines elsewhere, a closing report."""

from __future__ import annotations

import shlex
import resource
import sys

import click

from .build import BuildReport, Progress

GITHUB_PAGES_LIMIT = 1024**3  # GitHub Pages' published-site size limit: 1 GB


class TerminalProgress(Progress):
    """A bar for stages with a known size; finished stages leave one line."""

    def __init__(self) -> None:
        self._bar = None

    def start(self, stage: str, total: int | None = None) -> None:
        if total:
            self._bar = click.progressbar(length=total, label=f"{stage:<7}", file=sys.stderr, show_pos=True)
            self._bar.__enter__()

    def advance(self, count: int = 1) -> None:
        if self._bar:
            self._bar.update(count)

    def finish(self, stage: str, seconds: float) -> None:
        if self._bar:
            self._bar.__exit__(None, None, None)
            self._bar = None


class LineProgress(Progress):
    """Plain lines for logs and CI: one per finished stage."""

    def finish(self, stage: str, seconds: float) -> None:
        # peak memory so far (this process): where a big archive's memory goes, stage by stage
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        click.echo(f"{stage}: done in {seconds:.2f} s (peak memory {peak_mb:.0f} MB)", err=True)


def progress_for(quiet: bool, verbose: bool) -> Progress:
    if quiet:
        return Progress()
    if sys.stderr.isatty():
        return TerminalProgress()
    return LineProgress() if verbose else Progress()


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


def print_report(report: BuildReport, quiet: bool, verbose: bool, serve_command: str = "newsgen serve") -> None:
    for problem in report.problems:
        if problem.severity == "error" or verbose or not quiet:
            click.echo(str(problem), err=True)
    if quiet:
        return
    share = report.site_bytes / GITHUB_PAGES_LIMIT
    if report.unchanged:
        click.echo(f"Nothing changed since the last build: {report.output}/ is up to date "
                   f"({counted(report.articles, 'article')}, {report.site_files} files) — {report.seconds:.2f} s.")
        return
    click.echo(
        f"Built {counted(report.articles, 'article')} into {report.output}/ ({report.pages} pages, {report.site_files} files, "
        f"{human_size(report.site_bytes)}: {share:.2%} of GitHub Pages' 1 GB) in {report.seconds:.1f} s."
    )
    kinds = report.warnings_by_kind()
    warnings = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) or "none"
    click.echo(
        f"  {len(report.errors)} failed · warnings: {warnings} · {counted(report.drafts_skipped, 'draft')} left out · "
        f"{counted(report.skipped_files, 'other file')} skipped"
    )
    click.echo("  time: " + _stage_times(report.stage_seconds))
    # what an incremental build did again: a user who edited one article sees that little was redone
    # "tagged before", not "unchanged": `newsgen check` fills the same cache, so a first build can hit it
    click.echo(f"  tagging cache: {report.cache_hits} of {report.articles} articles tagged before, by a build or check; "
               f"{report.rendered} of {report.pages} pages rendered" + (", the rest unchanged" if report.rendered < report.pages else ""))
    if share > 0.9:
        click.echo("  Warning: the site is close to GitHub Pages' 1 GB limit.", err=True)
    index_page, folder = shlex.quote(str(report.output / "index.html")), shlex.quote(str(report.output))
    click.echo(f"Open {index_page} in a browser, or serve it: {serve_command} (or python -m http.server -d {folder})")


def counted(n: int, noun: str) -> str:
    """"1 article", "2 articles"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _stage_times(seconds_by_stage: dict[str, float]) -> str:
    """"load 1.00 s · … · render 9.00 s (search 0.40 s of it)": the search index is written within render."""
    stages = dict(seconds_by_stage)
    search = stages.pop("search", None)
    parts = [f"{stage} {seconds:.2f} s" for stage, seconds in stages.items()]
    if search is not None and parts and "render" in stages:
        parts[list(stages).index("render")] += f" (search {search:.2f} s of it)"
    return " · ".join(parts)
