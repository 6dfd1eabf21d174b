"""The least time a cold build can take with newsgen's tagger, against Hugo's.

    python benchmarks/floor.py /tmp/newsgen-bench/n10000

Run after `benchmarks/run.py`, on one of its folders (its `content/` and the
`site/` newsgen built). Measures, on one core, the CPU time of three parts of
a cold build that stay however fast the rest becomes: splitting the articles
into tokens (newsgen's tokenizer, already tuned), crfsuite's own tagging of
those tokens (C++; the features are built beforehand, untimed), and writing the
site's HTML bytes. Their sum divided by the cores is the wall time they take
with perfect parallelism, and nothing else (reading, features, dates, index,
templates) is counted; with Hugo's cold wall time from the run's results.json
it prints the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from newsgen.tag.ner import EntityRecognizer
from newsgen.tag.tokenize import sentences


def cpu(fn, *args):
    start = time.process_time()
    result = fn(*args)
    return time.process_time() - start, result


def article_texts(content: Path) -> list[str]:
    texts = []
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):  # front matter is not tagged
            text = text.split("\n---\n", 1)[-1]
        texts.append(text)
    return texts


def write_pages(site: Path, scratch: Path) -> int:
    written = 0
    for page in site.rglob("*.html"):
        data = page.read_bytes()
        start = time.process_time()
        target = scratch / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
        write_pages.cpu += time.process_time() - start
    return written


write_pages.cpu = 0.0


def hugo_cold(results: Path, size: int) -> float | None:
    if not results.exists():
        return None
    runs = json.loads(results.read_text(encoding="utf-8"))["runs"]
    return next((r["wall_s"] for r in runs if r["tool"] == "hugo" and r["scenario"] == "cold" and r["size"] == size), None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", type=Path, help="a benchmark folder: nN/ with content/ and site/")
    args = ap.parse_args()
    texts = article_texts(args.root / "content")
    recognizer = EntityRecognizer.load("id")
    t_tokens, sents = cpu(lambda: [s for text in texts for s in sentences(text)])
    items = [recognizer.fx.sentence([t.text for t in s]) for s in sents]
    t_crf, _ = cpu(lambda: [recognizer.tagger.tag(x) for x in items])
    with tempfile.TemporaryDirectory() as scratch:
        pages = write_pages(args.root / "site", Path(scratch))
    cores = os.cpu_count() or 1
    total = t_tokens + t_crf + write_pages.cpu
    print(f"{len(texts):,} articles, {sum(map(len, items)):,} tokens, {pages:,} pages; CPU s on one core:")
    print(f"  tokenizing {t_tokens:.1f} · crfsuite alone {t_crf:.1f} · writing the pages {write_pages.cpu:.1f}"
          f" = {total:.1f}; on {cores} cores at best {total / cores:.1f} s wall")
    hugo = hugo_cold(args.root.parent / "results.json", len(texts))
    if hugo:
        print(f"  Hugo's cold build: {hugo:.2f} s wall; the floor is {total / cores / hugo:.1f}× it")
    else:
        print("  (no Hugo cold run for this size in ../results.json)", file=sys.stderr)


if __name__ == "__main__":
    main()
