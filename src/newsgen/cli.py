"""The command line: thin wrappers over build, extract and evaluate."""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import click

from . import __version__
from .config import ConfigError, load_config

EXIT_OK, EXIT_ARTICLES_FAILED, EXIT_FATAL = 0, 1, 2
SERVE_OUTPUT = ".newsgen-cache/serve"  # newsgen serve's own output folder, relative to the config


def _config(config_file: Path | None, **overrides):
    try:
        return load_config(config_file, overrides)
    except ConfigError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FATAL)


def _site_options(command):
    """The options `build` and `serve` share: where things are and what goes in."""
    options = [
        click.option("--content", type=click.Path(path_type=Path), help="Folder of articles (default: seeds/)."),
        click.option("--output", type=click.Path(path_type=Path), help="Folder to write the site to (default: build/)."),
        click.option("--config", "config_file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
                     help="Config file (default: ./newsgen.yaml when present)."),
        click.option("--base-url",
                     help="Public address of the site, e.g. https://user.github.io/repo/ (overrides the config)."),
        click.option("--drafts", is_flag=True, help="Include articles marked draft: true."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


# A build's largest objects, left for run() to leave behind with the process instead of freeing them
_LEFT_FOR_EXIT: list = []


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgen")
def main() -> None:
    """newsgen turns a folder of news articles into a static archive website.

    Articles are raw text clippings (.txt) or Markdown with YAML front matter
    (.md). newsgen finds the people, organizations, places, events and dates in
    them and writes pages you can open from disk, serve, or host on GitHub Pages.
    """


@main.command()
@_site_options
@click.option("--no-search", is_flag=True, help="Write no search index (the search page then says search is unavailable).")
@click.option("--strict", is_flag=True, help="Treat any warning or bad article as fatal; keep the previous site.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Processes for tagging and rendering (default: all cores).")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Print every warning, each stage and the cache use.")
def build(content: Path | None, output: Path | None, config_file: Path | None, base_url: str | None,
          drafts: bool, no_search: bool, strict: bool, jobs: int | None, quiet: bool, verbose: bool) -> None:
    """Build the site.

    Exit status: 0 when every article built; 1 when some articles could not be
    loaded (they are listed, the rest of the site is built), or with --strict
    when there was any problem (nothing is written); 2 when nothing could be
    built (bad config, missing content folder, unsafe output folder).
    """
    from .build import BuildError, build_site
    from .console import print_report, progress_for

    config = _config(config_file, content=str(content) if content else None,
                     output=str(output) if output else None, base_url=base_url, search=False if no_search else None)
    _LEFT_FOR_EXIT.clear()  # the last build's, when a process builds twice (tests)
    try:
        report = build_site(config, strict=strict, drafts=drafts, progress=progress_for(quiet, verbose), jobs=jobs,
                            leftovers=_LEFT_FOR_EXIT)
    except BuildError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_ARTICLES_FAILED if exc.problems else EXIT_FATAL)
    # the hint to serve names the same articles and config, or `newsgen serve` would serve the seeds
    serve = ["newsgen", "serve", *(["--content", str(content)] if content else []),
             *(["--config", str(config_file)] if config_file else []), *(["--drafts"] if drafts else [])]
    print_report(report, quiet, verbose, shlex.join(serve))
    sys.exit(EXIT_ARTICLES_FAILED if report.errors else EXIT_OK)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line per file (the stable contract).")
@click.option("--with-body", is_flag=True, help="With --json: include the cleaned body the offsets index into.")
@click.option("--config", "config_file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Config file (language, timezone, extra boilerplate patterns).")
def extract(files: tuple[Path, ...], as_json: bool, with_body: bool, config_file: Path | None) -> None:
    """Show the entities and dates found in FILES."""
    from .extract import as_json_record, extract_files

    failed = False
    for path, item, problem in extract_files(list(files), _config(config_file)):
        if problem:
            click.echo(str(problem), err=True)
            failed = True
        elif as_json:
            click.echo(json.dumps(as_json_record(path, item, with_body), ensure_ascii=False))
        else:
            _print_extraction(path, item)
    sys.exit(EXIT_ARTICLES_FAILED if failed else EXIT_OK)


@main.command()
@click.option("--gold", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Answer key (default: ../shared/eval/seeds-gold.yaml or tests/data/seeds-gold.yaml).")
@click.option("--seeds", type=click.Path(path_type=Path, exists=True, file_okay=False),
              help="Folder of the articles the key describes (default: seeds/).")
@click.option("--dev", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="CoNLL NER split to score on (default: the idner-news-2k dev split).")
@click.option("--errors", is_flag=True, help="List every missed and spurious entity mention on the key.")
def evaluate(gold: Path | None, seeds: Path | None, dev: Path | None, errors: bool) -> None:
    """Score entity and date extraction: P/R/F1 per type, dates, publication dates."""
    from .evaluate import default_path
    from .evaluate import dates as date_eval
    from .evaluate import entities as entity_eval
    from .tag.ner import EntityRecognizer

    gold, seeds, dev = gold or default_path("gold"), seeds or default_path("seeds"), dev or default_path("dev")
    recognizer = EntityRecognizer.load("id")
    if dev:
        click.echo(entity_eval.format_table(f"entities, dev split ({dev}), CRF alone", 
                                            entity_eval.score_dev(recognizer, dev, model_only=True)))
        click.echo(entity_eval.format_table("entities, dev split, full recognizer", entity_eval.score_dev(recognizer, dev)))
    if not (gold and seeds):
        raise click.ClickException("no answer key found; pass --gold FILE and --seeds DIR")
    missed: list = []
    click.echo(entity_eval.format_table(f"entities, answer key ({gold})", 
                                        entity_eval.score_seeds(recognizer, gold, seeds, missed)))
    if errors:
        for kind, key, count in sorted(missed, key=lambda e: (e[1][0], e[1][2], e[0])):
            click.echo(f"  {kind:<8} {key[0]} line {key[2]:>2} {key[3]:<12} {key[1]!r} x{count}")
    click.echo(date_eval.report(date_eval.evaluate(gold, seeds)))


@main.command()
@click.option("--content", type=click.Path(path_type=Path), help="Folder of articles (default: seeds/).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Config file (default: ./newsgen.yaml when present).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one object for CI.")
def check(content: Path | None, config_file: Path | None, output_format: str) -> None:
    """Validate the archive without writing a site.

    Reports front matter errors, duplicate slugs, undated articles,
    low-confidence date estimates, entity names that look alike and broken
    links in article bodies. Exit status 1 when there are errors, else 0.
    """
    from .check import check_archive
    from .console import counted

    config = _config(config_file, content=str(content) if content else None)
    if not config.content_dir.is_dir():
        click.echo(f"Error: {config.missing_content_message()}", err=True)
        sys.exit(EXIT_FATAL)
    report = check_archive(config)
    if output_format == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            click.echo(str(problem))
        click.echo(f"{counted(report.articles, 'article')} checked: {counted(len(report.errors), 'error')}, "
                   f"{counted(len(report.problems) - len(report.errors), 'warning')}.")
    sys.exit(EXIT_ARTICLES_FAILED if report.errors else EXIT_OK)


def _print_extraction(path: Path, item) -> None:
    article = item.article
    click.secho(f"{path}: {article.title}", bold=True)
    click.echo(f"  date: {article.day or '-'} ({article.date_source})")
    for m in item.entities:
        alias = f" → {m.canonical}" if m.canonical != m.text else ""
        click.echo(f"  {m.type:<12} {m.text}{alias}  [{m.start}:{m.end}]")
    for d in item.dates:
        click.echo(f"  {'date':<12} {d.text} = {d.value or '?'} ({d.kind})  [{d.start}:{d.end}]")


def _base_path(ctx, param, value: str) -> str:
    from .serve import normalize_base_path

    try:
        return normalize_base_path(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@main.command()
@_site_options
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--base-path", default="/", show_default=True, callback=_base_path,
              help="Serve the site under this path, as GitHub Pages will: /repo/ for https://user.github.io/repo/.")
def serve(content: Path | None, output: Path | None, config_file: Path | None, base_url: str | None,
          drafts: bool, port: int, base_path: str) -> None:
    """Build the site, serve it on 127.0.0.1, rebuild on changes and reload open pages.

    Rebuilds when the content, templates/, static/, entities.yaml or the config
    change; a failed rebuild keeps the last good site. Ctrl-C stops. Exit
    status 2 when it cannot start (bad config, port taken, first build failed
    with no earlier site).
    """
    from .serve import ServeError, serve_site

    # serve builds beside the cache, not into build/: a site built there for publishing
    # (say with --base-url) must not be replaced by a local preview
    overrides = {"content": str(content) if content else None, "output": str(output) if output else SERVE_OUTPUT,
                 "base_url": base_url}
    config = _config(config_file, **overrides)
    try:
        serve_site(config, lambda: load_config(config_file, overrides), port=port, base_path=base_path, drafts=drafts)
    except ServeError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FATAL)


@main.command()
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
def init(folder: Path) -> None:
    """Start a new archive in FOLDER (default: here): newsgen.yaml, content/ with an example
    article, templates/, .gitignore and a GitHub Pages workflow. Existing files are never overwritten."""
    from .scaffold import EXAMPLE_ARTICLE, ScaffoldError, init_archive

    try:
        created = init_archive(folder)
    except ScaffoldError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    for path in created:
        click.echo(f"created {path}")
    if folder / EXAMPLE_ARTICLE not in created:
        click.echo(f"{folder / 'content'} already holds articles: no example article added")
    click.echo("Next: `newsgen build` and open build/index.html; see README 'Publishing on GitHub Pages'.")


@main.command()
@click.option("--config", "config_file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Config file (default: ./newsgen.yaml when present): output folder and cname.")
@click.option("--remote", default="origin", show_default=True, help="Git remote to push to.")
@click.option("--branch", default="gh-pages", show_default=True, help="Branch that holds the published site.")
@click.option("--message", default=None, help="Commit message on the branch.")
def deploy(config_file: Path | None, remote: str, branch: str, message: str | None) -> None:
    """Commit the built site to the gh-pages branch and push it (run `newsgen build` first).

    Adds .nojekyll, and CNAME when the config sets cname. Your working tree
    and current branch are left as they are.
    """
    from .deploy import DEFAULT_MESSAGE, DeployError, deploy_site

    config = _config(config_file)
    try:
        done = deploy_site(config.output_dir, remote=remote, branch=branch,
                           message=message or DEFAULT_MESSAGE, cname=config.cname)
    except DeployError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    if done.changed:
        click.echo(f"published {config.output_dir} to {remote}/{branch} ({done.commit[:12]})")
    else:
        click.echo(f"{remote}/{branch} already holds this site ({done.commit[:12]}); no new commit")


def _authoring_config(config_file: Path | None, content: Path | None):
    config = _config(config_file, content=str(content) if content else None)
    # Without a config the content folder defaults to the sample seeds/: never write there by accident.
    if config.source is None and content is None:
        click.echo("Error: no newsgen.yaml here; run `newsgen init` first, or pass --config FILE or --content DIR",
                   err=True)
        sys.exit(EXIT_FATAL)
    return config


@main.command()
@click.argument("title")
@click.option("--config", "config_file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Config file (default: ./newsgen.yaml when present).")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), help="Content folder (overrides the config).")
def new(title: str, config_file: Path | None, content: Path | None) -> None:
    """Create a draft article TITLE as content/<slug>.md and print its path.

    The date is now, in the config's timezone. A taken name gets -2, -3, …;
    no file is ever overwritten. Set draft: false when it is ready.
    """
    from .authoring import AuthoringError, new_article

    try:
        click.echo(new_article(_authoring_config(config_file, content), title))
    except AuthoringError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FATAL)


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--config", "config_file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Config file (default: ./newsgen.yaml when present).")
@click.option("--content", type=click.Path(path_type=Path, file_okay=False), help="Content folder (overrides the config).")
def import_(files: tuple[Path, ...], config_file: Path | None, content: Path | None) -> None:
    """Turn raw .txt clippings into Markdown articles in the content folder, to check and correct.

    Prints each created path. An existing file is never overwritten: it is
    reported and the others go on (exit status 1 when any file was not imported).
    """
    from .authoring import import_clippings

    results = import_clippings(_authoring_config(config_file, content), list(files))
    for item in results:
        if item.created:
            click.echo(item.created)
        else:
            click.echo(f"{item.source}: {item.problem}", err=True)
    sys.exit(EXIT_ARTICLES_FAILED if any(item.problem for item in results) else EXIT_OK)


def run() -> None:
    """The `newsgen` command: main, then leave without tearing the interpreter down.

    A build at 10,000 articles holds millions of objects; freeing them one by one as
    Python exits took 0.07 s of every edit's rebuild (and 0.16 s more as the build ended:
    `newsgen build` leaves its largest objects in _LEFT_FOR_EXIT). Every file is written
    and closed, and every worker joined, before a command returns: only the output buffers are left.
    """
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = EXIT_OK
    if code is not None and not isinstance(code, int):
        raise SystemExit(code)  # a message: Python prints it
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe, say: nothing more can be said
            pass
    os._exit(code or EXIT_OK)


if __name__ == "__main__":
    run()
