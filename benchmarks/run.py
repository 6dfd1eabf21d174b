"""Benchmark `newsgen build` (and Hugo, when it is on PATH) on synthetic archives.

    python benchmarks/run.py                              # 1,000 and 10,000 articles
    python benchmarks/run.py --sizes 1000,10000,100000 --work /tmp/newsgen-bench

For each size N a corpus is generated (benchmarks/make_corpus.py) in
WORK/nN/ and newsgen is timed in five scenarios: cold build (no cache, no
output), no-change rebuild, one article edited (a sentence appended), one
article added, one removed. With `hugo` on PATH, Hugo builds the same corpus
cold and again after one file is touched, and the newsgen/Hugo ratios are
printed. Every measured command runs in a fresh child process; wall time,
CPU time (user + sys) and peak RSS are that child's (os.wait4).

Prints a Markdown table and writes the figures as JSON (WORK/results.json or
--results).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import Generator, make_corpus, write_newsgen_article  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
APPENDED = " Kalimat ini ditambahkan oleh benchmark untuk mengukur pembangunan ulang."
NEWSGEN_SCENARIOS = ("cold", "no-change", "edit", "add", "remove")
HUGO_REFERENCE = {"cold": "cold"}  # newsgen scenario -> Hugo run it is compared with; others: "touch"


@dataclass
class Run:
    size: int
    tool: str
    scenario: str
    wall_s: float
    cpu_s: float
    rss_mb: float
    exit_status: int
    load_avg: float  # 1-minute load average before the run: other work on the machine
    html_pages: int | None = None
    ratio: dict[str, float] = field(default_factory=dict)  # newsgen / Hugo: wall, cpu, rss


# --------------------------------------------------------------------------- measuring

def measure(cmd: list[str], log: Path, cwd: Path | None = None, env: dict | None = None
            ) -> tuple[float, float, float, int]:
    """Run `cmd` in a fresh child process: (wall s, CPU s, peak RSS MB, exit status).

    CPU and peak RSS cover the child's own children too (newsgen forks workers)."""
    with log.open("ab") as out:
        out.write(f"$ {' '.join(cmd)}\n".encode())
        out.flush()
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # already reaped; keep Popen quiet
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode


def timed(size: int, tool: str, scenario: str, cmd: list[str], log: Path, cwd: Path | None = None,
          env: dict | None = None) -> Run:
    load = os.getloadavg()[0]
    wall, cpu, rss, status = measure(cmd, log, cwd, env)
    if status not in (0, 1):  # newsgen: 1 = some articles failed to load; the site is still built
        raise SystemExit(f"{tool} {scenario} at {size} failed with exit status {status}; see {log}")
    run = Run(size, tool, scenario, round(wall, 2), round(cpu, 2), round(rss, 1), status, round(load, 2))
    print(f"  {tool:16} {scenario:9} {run.wall_s:8.2f} s wall {run.cpu_s:8.2f} s CPU {run.rss_mb:7.0f} MB",
          flush=True)
    return run


def count_html(folder: Path) -> int:
    return sum(name.endswith(".html") for _, _, names in os.walk(folder) for name in names)


# --------------------------------------------------------------------------- newsgen

def newsgen_command(root: Path, python: str, search: bool = True) -> list[str]:
    return [python, "-m", "newsgen.cli", "build", "--config", str(root / "newsgen.yaml"),
            "--content", str(root / "content"), "--output", str(root / "site"), "-q",
            *([] if search else ["--no-search"])]


def newsgen_env(src: Path | None) -> dict | None:
    """Run the newsgen in `src` (a checkout's src/ folder) rather than the installed one."""
    if src is None:
        return None
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))}


def article_file(content: Path, index: int) -> Path:
    return next(content.glob(f"{index:06d}-*"))


def append_sentence(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + APPENDED + "\n", encoding="utf-8")


def bench_newsgen(root: Path, size: int, generator: Generator, args: argparse.Namespace) -> list[Run]:
    """The five scenarios in order, each changing the archive the next one starts from."""
    search = not args.no_search
    cmd, log, content = newsgen_command(root, args.python, search), root / "newsgen.log", root / "content"
    env, tool = newsgen_env(args.newsgen_src), "newsgen" if search else "newsgen --no-search"

    def run(scenario: str) -> Run:
        return timed(size, tool, scenario, cmd, log, root, env)

    for leftover in ("site", ".site.spare", ".newsgen-cache"):  # cold: no site, no spare, no cache
        shutil.rmtree(root / leftover, ignore_errors=True)
    runs = [run("cold")]
    runs[0].html_pages = count_html(root / "site")
    runs.append(run("no-change"))
    append_sentence(article_file(content, size // 2))
    runs.append(run("edit"))
    write_newsgen_article(generator.article(size), content)  # article N: new to a corpus of N
    runs.append(run("add"))
    article_file(content, size // 3).unlink()
    runs.append(run("remove"))
    return runs


# --------------------------------------------------------------------------- Hugo

def bench_hugo(root: Path, size: int, hugo: str) -> list[Run]:
    """Hugo has no build cache between runs: cold, then again after touching one file."""
    site = root / "hugo"
    cmd, log = [hugo, "--source", str(site), "--destination", str(site / "public"), "--quiet"], root / "hugo.log"
    for leftover in ("public", "resources"):
        shutil.rmtree(site / leftover, ignore_errors=True)
    cold = timed(size, "hugo", "cold", cmd, log)
    cold.html_pages = count_html(site / "public")
    append_sentence(article_file(site / "content" / "articles", size // 2))
    return [cold, timed(size, "hugo", "touch", cmd, log)]


def add_ratios(newsgen_runs: list[Run], hugo_runs: list[Run]) -> None:
    hugo = {r.scenario: r for r in hugo_runs}
    for run in newsgen_runs:
        ref = hugo[HUGO_REFERENCE.get(run.scenario, "touch")]
        run.ratio = {k: round(getattr(run, k + suffix) / max(getattr(ref, k + suffix), 1e-9), 1)
                     for k, suffix in (("wall", "_s"), ("cpu", "_s"), ("rss", "_mb"))}


# --------------------------------------------------------------------------- report

def markdown_table(runs: list[Run]) -> str:
    rows = ["| size | tool | scenario | wall s | CPU s | peak RSS MB | HTML pages | ×Hugo wall | ×Hugo CPU | ×Hugo RSS |",
            "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        ratio = [f"{r.ratio[k]:g}" if r.ratio else "" for k in ("wall", "cpu", "rss")]
        pages = f"{r.html_pages:,}" if r.html_pages is not None else ""
        rows.append(f"| {r.size:,} | {r.tool} | {r.scenario} | {r.wall_s:.2f} | {r.cpu_s:.2f} | {r.rss_mb:.0f} "
                    f"| {pages} | {' | '.join(ratio)} |")
    return "\n".join(rows)


def machine(hugo: str | None, src: Path | None, python: str) -> dict:
    def output(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO).stdout.strip()
        except OSError:
            return ""
    return {
        "python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
        "newsgen_src": str(src) if src else "installed",
        "newsgen_module": subprocess.run([python, "-c", "import newsgen; print(newsgen.__file__)"],
                                          capture_output=True, text=True, env=newsgen_env(src)).stdout.strip(),
        "repo_commit": output(["git", "rev-parse", "--short", "HEAD"]),
        "repo_src_dirty": bool(output(["git", "status", "--porcelain", "src"])),
        "hugo": output([hugo, "version"]) if hugo else None,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }


# --------------------------------------------------------------------------- main

def bench_size(size: int, args: argparse.Namespace, hugo: str | None) -> list[Run]:
    root = args.work / f"n{size}"
    print(f"\n## {size:,} articles in {root}", flush=True)
    started = time.perf_counter()
    shutil.rmtree(root, ignore_errors=True)  # no output, cache or staging leftovers from an earlier run
    generator = make_corpus(size, args.seed, root)
    (root / "newsgen.yaml").write_text("content: content\noutput: site\n", encoding="utf-8")
    print(f"  corpus generated in {time.perf_counter() - started:.1f} s", flush=True)
    runs = bench_newsgen(root, size, generator, args)
    if hugo:
        hugo_runs = bench_hugo(root, size, hugo)
        add_ratios(runs, hugo_runs)
        runs += hugo_runs
    return runs


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated article counts (default 1000,10000)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/newsgen-bench"), help="corpus and output folder")
    ap.add_argument("--results", type=Path, help="JSON results file (default WORK/results.json)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--python", default=sys.executable, help="Python that runs newsgen (default: this one)")
    ap.add_argument("--no-hugo", action="store_true", help="skip Hugo even when it is on PATH")
    ap.add_argument("--no-search", action="store_true", help="newsgen build --no-search (no search index)")
    ap.add_argument("--newsgen-src", type=Path,
                    help="benchmark the newsgen in this src/ folder (e.g. of another checkout) via PYTHONPATH")
    args = ap.parse_args()
    args.work = args.work.resolve()
    args.newsgen_src = args.newsgen_src.resolve() if args.newsgen_src else None
    if args.work == REPO or REPO in args.work.parents:
        ap.error("--work must be outside the repository")
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    return args


def byte_compile(python: str, src: Path | None) -> None:
    """Compile newsgen's modules first, as pip does when it installs a package: where
    PYTHONDONTWRITEBYTECODE is set (this project's CI machines set it) a checkout's modules would
    otherwise be compiled again by every run (≈ 0.07 s of each)."""
    code = "import compileall, os, newsgen; compileall.compile_dir(os.path.dirname(newsgen.__file__), quiet=1)"
    subprocess.run([python, "-c", code], check=True, env=newsgen_env(src))


def main() -> None:
    args = parse_args()
    byte_compile(args.python, args.newsgen_src)
    hugo = None if args.no_hugo else shutil.which("hugo")
    if not hugo and not args.no_hugo:
        print("hugo is not on PATH: newsgen only, no ratios", file=sys.stderr)
    runs = [run for size in args.sizes for run in bench_size(size, args, hugo)]
    table = markdown_table(runs)
    print("\n" + table)
    results = args.results or args.work / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps({"machine": machine(hugo, args.newsgen_src, args.python), "seed": args.seed, "table": table,
                                   "runs": [asdict(r) for r in runs]}, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    print(f"\nresults: {results}")


if __name__ == "__main__":
    main()
