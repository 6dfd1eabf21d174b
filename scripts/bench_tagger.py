"""Entity tagger throughput on one core (tokens/second).

    python scripts/bench_tagger.py [--repeat N] [--profile]

Text: the seeds plus the dev split rebuilt as text, tagged N times. Reports
warm throughput (per-word feature caches filled) and, with --profile, where
the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newsgen.evaluate.entities import read_conll  # noqa: E402
from newsgen.tag.ner import EntityRecognizer  # noqa: E402
from newsgen.tag.tokenize import tokenize  # noqa: E402


def corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    dev = REPO.parent / "shared" / "ner" / "idner-news-2k" / "dev.txt"
    if not dev.exists():
        dev = REPO / "tests" / "data" / "idner-news-2k" / "dev.txt"  # same file, repo copy
    if dev.exists():
        sents = [" ".join(w) for w, _ in read_conll(dev)]
        texts += ["\n".join(sents[i:i + 20]) for i in range(0, len(sents), 20)]
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    texts = corpus()
    n_tokens = sum(len(tokenize(t)) for t in texts)
    t0 = time.perf_counter()
    rec = EntityRecognizer.load("id")
    print(f"load: {time.perf_counter() - t0:.3f}s")
    t0 = time.perf_counter()
    for t in texts:
        rec.recognize(t)
    print(f"cold: {n_tokens / (time.perf_counter() - t0):,.0f} tok/s ({n_tokens} tokens)")
    prof = cProfile.Profile() if args.profile else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    for _ in range(args.repeat):
        for t in texts:
            rec.recognize(t)
    if prof:
        prof.disable()
    dt = time.perf_counter() - t0
    print(f"warm: {n_tokens * args.repeat / dt:,.0f} tok/s")
    if prof:
        pstats.Stats(prof).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
