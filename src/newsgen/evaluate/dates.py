"""Score the date tagger against the seeds answer key.

* Expressions: a gold date counts as found when a predicted mention has the
  same surface on the same raw line (with multiplicity), and as right when that
  mention also has the gold value.  Values are resolved against the gold
  publication date, as the key's are.
* Publication dates: the estimate from the body alone must fall within the
  key's earliest-latest bounds (an open bound is unbounded).

Usage: python -m newsgen.evaluate.dates [gold.yaml] [seeds_dir]
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from newsgen.evaluate.gold import GoldArticle, load_gold

REPO = Path(__file__).resolve().parents[3]
DEFAULT_SEEDS = REPO / "seeds"
# The shared key when present, else the repository's copy of it.
DEFAULT_GOLD = next((p for p in (Path("/work/shared/eval/seeds-gold.yaml"), REPO / "tests/data/seeds-gold.yaml") if p.is_file()),
                    REPO / "tests/data/seeds-gold.yaml")
TODAY = dt.date(2026, 11, 22)


@dataclass
class DateScores:
    gold: Counter = field(default_factory=Counter)  # per kind
    found: Counter = field(default_factory=Counter)
    right: Counter = field(default_factory=Counter)
    predicted: int = 0
    misses: list[str] = field(default_factory=list)
    pubdates: list[tuple[str, object, str | None, str | None, bool]] = field(default_factory=list)

    def rate(self, counter: Counter, kind: str | None = None) -> float:
        total = self.gold[kind] if kind else sum(self.gold.values())
        hits = counter[kind] if kind else sum(counter.values())
        return hits / total if total else 1.0

    @property
    def precision(self) -> float:
        return sum(self.found.values()) / self.predicted if self.predicted else 1.0

    @property
    def pubdates_within(self) -> int:
        return sum(ok for *_, ok in self.pubdates)


def score_expressions(article: GoldArticle, predicted, scores: DateScores) -> None:
    by_key = defaultdict(list)
    for m in predicted:
        by_key[(m.text, article.line_of(m.start))].append(m)
    scores.predicted += len(predicted)
    for g in article.record.get("dates") or []:
        kind = g["kind"]
        scores.gold[kind] += 1
        candidates = by_key.get((g["surface"], g["line"]))
        if not candidates:
            scores.misses.append(f"{article.name}:{g['line']}: missed {g['surface']!r}")
            continue
        m = candidates.pop(0)
        scores.found[kind] += 1
        if m.value == g.get("value"):
            scores.right[kind] += 1
        else:
            scores.misses.append(f"{article.name}:{g['line']}: {g['surface']!r} value {m.value} != {g.get('value')}")


def within(value: dt.date | None, earliest: str | None, latest: str | None) -> bool:
    if value is None:
        return False
    lo = dt.date.fromisoformat(str(earliest)) if earliest else dt.date.min
    hi = dt.date.fromisoformat(str(latest)) if latest else dt.date.max
    return lo <= value <= hi


def evaluate(gold_path: Path = DEFAULT_GOLD, seeds_dir: Path = DEFAULT_SEEDS, today: dt.date = TODAY) -> DateScores:
    from newsgen.tag.dates import find_dates
    from newsgen.tag.pubdate import infer_publication_date

    scores = DateScores()
    for article in load_gold(gold_path, seeds_dir):
        gold_pub = article.record.get("publication_date") or {}
        pub = dt.date.fromisoformat(str(gold_pub["value"])) if gold_pub.get("value") else None
        score_expressions(article, find_dates(article.body, pub), scores)
        estimate = infer_publication_date(article.body, today=today)
        value = estimate.value if estimate else None
        lo, hi = gold_pub.get("earliest"), gold_pub.get("latest")
        scores.pubdates.append((article.name, estimate, lo, hi, within(value, lo, hi)))
    return scores


def report(scores: DateScores) -> str:
    lines = [f"date expressions: {sum(scores.gold.values())} gold, {scores.predicted} predicted, "
             f"found {scores.rate(scores.found):.1%}, right value {scores.rate(scores.right):.1%}, "
             f"precision {scores.precision:.1%}"]
    for kind in sorted(scores.gold):
        lines.append(f"  {kind:9s} {scores.gold[kind]:3d} gold  found {scores.rate(scores.found, kind):6.1%}"
                     f"  right {scores.rate(scores.right, kind):6.1%}")
    lines += [f"  {m}" for m in scores.misses]
    lines.append(f"publication dates within bounds: {scores.pubdates_within}/{len(scores.pubdates)}")
    for name, est, lo, hi, ok in scores.pubdates:
        shown = f"{est.value} ({est.precision}, conf {est.confidence:.2f})" if est else "none"
        lines.append(f"  {'ok ' if ok else 'NO '} {name}: {shown}  gold [{lo} .. {hi}]")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    gold = Path(args[0]) if args else DEFAULT_GOLD
    seeds = Path(args[1]) if len(args) > 1 else DEFAULT_SEEDS
    print(report(evaluate(gold, seeds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
