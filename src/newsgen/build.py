"""`newsgen build`: load → tag → index → render, written atomically."""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .config import Config
from .head_start import changed_files, head_start, published, tag_archive
from .index import build_index
from .kept_parts import file_identity
from .output import (BUILD_MARKER, OutputError, build_lock, check_output_folder, keep_as_spare, link_as_spare,
                     remove_folder, usable_spare, write_atomically)
from .load import ArchiveScan, load_archive, scan_archive
from .machine import missing_base_url_warnings
from .opendata import OpenDataReuse, write_open_data
from .parallel import Background, alongside
from .records import Article, Problem
from .page_writer import PreviousSite, WriteResult
from .render import render_site
from .state import (BuildState, BuildSummary, load_state, load_summary, save_index_memo, save_state, save_summary,
                    settings_key)
from .search import write_search_index
from .theme import Theme


WORKER_GC_THRESHOLDS = (100_000, 20, 20)  # Python's are (700, 10, 10)


class BuildError(Exception):
    """The build cannot go on; nothing was changed in the output folder."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


class Progress:
    """Stage events from a build; the CLI shows them as bars or lines. This one shows nothing."""

    def start(self, stage: str, total: int | None = None) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def finish(self, stage: str, seconds: float) -> None: ...


@dataclass
class BuildReport:
    output: Path
    articles: int = 0
    drafts_skipped: int = 0
    pages: int = 0
    skipped_files: int = 0
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    written: bool = False
    cache_hits: int = 0
    site_bytes: int = 0
    site_files: int = 0
    rendered: int = 0  # pages rendered this time; the others were unchanged
    unchanged: bool = False  # nothing changed since the last build: nothing was done

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def warnings_by_kind(self) -> dict[str, int]:
        return dict(Counter(p.kind for p in self.warnings))


def build_site(config: Config, strict: bool = False, drafts: bool = False, progress: Progress | None = None,
               jobs: int | None = None, leftovers: list | None = None) -> BuildReport:
    """Build the site. `leftovers`: a list the build puts its largest objects in instead of freeing
    them, for a caller that leaves the process at once without freeing anything (cli.run): freeing
    a 10,000-article build's records and index took 0.16 s."""
    content_dir, out_dir = config.content_dir, config.output_dir
    if content_dir.is_file():
        raise BuildError(f"'{content_dir}' is a file; --content takes the folder that holds your articles")
    if not content_dir.is_dir():
        raise BuildError(config.missing_content_message())
    collecting, thresholds = gc.isenabled(), gc.get_threshold()
    # A build makes millions of objects that live to its end (records, mentions, the index) and
    # hardly a reference cycle (an edit at 10,000 articles: a few hundred objects), so its process
    # does without the cyclic collector, which walked them again and again (1 s of such an edit with
    # Python's thresholds, 0.05 s with these). Forked workers, which render, turn it on again, with these.
    gc.disable()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    try:
        check_output_folder(out_dir, content_dir, config.root)
        with build_lock(out_dir):
            return _build(config, strict, drafts, progress or Progress(), jobs or os.cpu_count() or 1, leftovers)
    except OutputError as exc:
        raise BuildError(str(exc)) from exc
    finally:
        gc.unfreeze()  # see _stage; `newsgen serve` builds again in this process
        gc.set_threshold(*thresholds)
        if collecting:
            gc.enable()


@contextmanager
def _stage(report: BuildReport, progress: Progress, name: str, total: int | None = None):
    started = time.perf_counter()
    progress.start(name, total)
    yield
    # What a stage made lives to the end of the build and holds no reference cycles: the cyclic
    # collector need not walk it again. Each walk visits every object (seconds for a large
    # archive), and in forked workers it would copy every memory page it touches.
    gc.freeze()
    report.stage_seconds[name] = time.perf_counter() - started
    progress.finish(name, report.stage_seconds[name])


def _build(config: Config, strict: bool, drafts: bool, progress: Progress, jobs: int,
           leftovers: list | None) -> BuildReport:
    started = time.perf_counter()
    out_dir = config.output_dir
    report = BuildReport(output=out_dir)
    theme = Theme.with_overrides(config.root)
    settings = settings_key(config, theme, drafts)
    built_before = (out_dir / BUILD_MARKER).exists()
    summary = load_summary(config.cache_dir, settings) if built_before else None
    scan = scan_archive(config.content_dir)
    if summary and _nothing_changed(scan, summary):
        return _unchanged_report(report, summary, started)
    changed = changed_files(scan, summary)
    with head_start(config, settings, scan, drafts, changed, jobs) as ahead:
        state = load_state(config.cache_dir, settings) if built_before else None
        with _stage(report, progress, "load"):
            loaded = load_archive(config, reuse=state.files if state else None, processes=jobs, scan=scan)
        report.skipped_files, report.problems = loaded.skipped_files, list(loaded.problems)
        articles = published(loaded, drafts)
        report.drafts_skipped = len(loaded.articles) - len(articles)
        report.problems += _future_warnings(articles, config)
        with _stage(report, progress, "tag", len(articles)):
            fresh = ahead.tagged() if ahead else frozenset()
            tagged, cache = tag_archive(config, articles, state, jobs, fresh, progress.advance)
        report.cache_hits = cache.hits
        report.articles = len(tagged)
        if strict and report.problems:
            raise BuildError(
                f"--strict: {len(report.problems)} problem(s); the previous site in {out_dir} is unchanged",
                report.problems,
            )
        # a site without base_url is a choice, not a problem with the archive: reported, never fatal
        report.problems += missing_base_url_warnings(config)
        with _stage(report, progress, "index"):
            related = partial(ahead.related, loaded) if ahead else None
            # the default theme's pages show of an article what its face says (index/faces.py); a theme of
            # the site's own may show anything of it
            index = build_index(tagged, config.topics, state.index_memo if state else None, jobs, related,
                                faces=not theme.own_templates)
            if state:
                state.index_memo = None  # the index made the next build's: this one is not needed again
    retired: list[Path] = []  # the previous site, once the new one is in its place
    with _stage(report, progress, "render"):
        # the page keys describe the output only if it is the site that state's build wrote (a build
        # killed between swapping its site in and saving its state leaves an older state)
        if state and state.site_marker != file_identity(out_dir / BUILD_MARKER):
            state.page_keys, state.page_groups, state.spare_token = {}, {}, ""
        spare = usable_spare(out_dir, state.spare_token) if state else None
        previous = (PreviousSite(out_dir, state.page_keys, state.spare_keys if spare else {}, state.page_groups)
                    if state else None)
        result = write_atomically(out_dir, partial(_render_and_index, index, config, theme=theme, report=report,
                                                   previous=previous, jobs=jobs, settings=settings),
                                  dispose=retired.append, spare=spare)
    report.pages, report.rendered, report.written = len(result.keys), result.rendered, True  # HTML pages
    memo, previous_state = index.memo, state
    if leftovers is not None and state is not None:  # not a first build's: it saves every record, see below
        leftovers.append((index, tagged))
    del index, tagged  # the state needs neither: freed first (unless left over), the largest archive's peak is lower
    # two other processes make the spare and measure the new site (each walks ~30,000 files) while this
    # one saves the state. The spare is the retired site pruned to its pages when their keys are known,
    # else links to the new site's pages (so the first edit after a full build starts from a spare too)
    retired_pages = previous.keys if previous and previous.keys else None
    spare_keys, token = retired_pages or result.keys, uuid.uuid4().hex
    tidy = partial(_make_spare, retired, out_dir, retired_pages is not None, spare_keys, token)
    measure = partial(_site_size, out_dir)
    tidying, measuring = (Background(tidy), Background(measure)) if jobs > 1 else (None, None)
    try:
        state = BuildState(settings, loaded.records, result.keys, report.problems, cache.kept(), cache.identity,
                           report.articles, report.pages, memo, site_marker=file_identity(out_dir / BUILD_MARKER),
                           spare_keys=spare_keys, spare_token=token, page_groups=result.groups)
        save_state(config.cache_dir, state, previous_state)
        report.site_files, report.site_bytes = measuring.result() if measuring else measure()
        tidying.result() if tidying else tidy()
    except BaseException:
        for worker in (tidying, measuring):
            if worker:
                worker.close()
        raise
    save_summary(config.cache_dir, BuildSummary(settings, state.stamps(), report.problems, report.articles,
                                                report.pages, report.site_files, report.site_bytes))
    if leftovers is not None:
        leftovers.append((loaded, articles, state, previous_state, memo, cache, result, scan))
    report.seconds = time.perf_counter() - started
    return report


def _make_spare(retired: list[Path], out_dir: Path, keep_retired: bool, spare_keys: dict[str, str], token: str) -> None:
    """Make the spare (output.py): the retired site (`keep_retired`) or links to the new one, its
    pages `spare_keys`."""
    for folder in retired:
        if keep_retired:
            keep_as_spare(folder, out_dir, spare_keys, token)
        else:
            remove_folder(folder)
    if not keep_retired:
        link_as_spare(out_dir, spare_keys, token)


def _site_size(out_dir: Path) -> tuple[int, int]:
    """The site's files and bytes."""
    sizes = [entry.stat().st_size for entry in _walk_files(out_dir)]
    return len(sizes), sum(sizes)


def _nothing_changed(scan: ArchiveScan, summary: BuildSummary) -> bool:
    """True when every article file is where it was, with the same size and mtime."""
    stamps = summary.stamps
    if scan.found.problems or len(scan.stamps) != len(stamps):
        return False
    return all(stamp is not None and stamps.get(path) == stamp for path, stamp in scan.stamps.items())


def _unchanged_report(report: BuildReport, summary: BuildSummary, started: float) -> BuildReport:
    report.problems, report.articles, report.pages = list(summary.problems), summary.articles, summary.pages
    report.site_files, report.site_bytes = summary.site_files, summary.site_bytes
    report.unchanged, report.written = True, True
    report.seconds = time.perf_counter() - started
    return report


def _walk_files(folder: Path):
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_files(Path(entry.path))
        else:
            yield entry


def _render_and_index(index, config: Config, folder: Path, *, theme: Theme, report: BuildReport,
                      previous: PreviousSite | None, jobs: int, settings: str) -> WriteResult:
    # the open data, the search index and the index memo need no page: with cores to spare they are
    # written by a forked process while this one plans and writes the pages
    write_data = partial(_write_data, index, config, folder, previous.folder if previous else None, jobs, settings)
    with alongside(write_data, jobs) as data_written:
        if jobs > 1:
            # that process has the memo: here it would only make each rendering worker forked later
            # larger (the 100,000-article build's largest process is one of them)
            index.memo = None
        result = render_site(index, config, folder, theme, previous, jobs)
        search_seconds = data_written()
    if search_seconds is not None:
        report.stage_seconds["search"] = search_seconds  # part of render's time
    return result


def _write_data(index, config: Config, folder: Path, previous: Path | None, jobs: int,
                settings: str) -> float | None:
    """The open data, the search index and the index memo: the seconds the search index took."""
    save_index_memo(config.cache_dir, settings, index.memo)  # saving it with the state took 0.05 s more at 10,000
    write_open_data(index, folder, OpenDataReuse(index.versions, config.cache_dir, previous))
    if not config.search:
        return None
    started = time.perf_counter()
    write_search_index(index, config, folder, previous, jobs)
    return time.perf_counter() - started


def _future_warnings(articles: list[Article], config: Config) -> list[Problem]:
    today = dt.datetime.now(config.tz).date()
    return [
        Problem(a.source_path, f"dated {a.day.isoformat()}, in the future; it is built anyway — check the date",
                severity="warning", kind="future")
        for a in articles
        if a.day is not None and a.day > today
    ]
