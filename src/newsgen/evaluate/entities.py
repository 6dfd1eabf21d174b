"""Entity scoring: exact span + type, P/R/F1 per type and micro.

Two references:
- the idner-news-2k dev split (CoNLL, PER/ORG/LOC mapped to person /
  organization / place); each sentence is rebuilt as text by joining its
  tokens with spaces and run through the full recognizer;
- the seeds answer key, via newsgen.evaluate.gold: a predicted span counts
  as (surface, type, raw line), matched with multiplicity.

    python -m newsgen.evaluate.entities [--dev PATH] [--gold PATH --seeds DIR]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from newsgen.records import ENTITY_TYPES
from newsgen.tag.ner_features import bio_spans  # noqa: F401  (re-exported for scripts)

CONLL_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences as (tokens, BIO tags); CRLF and blank-line separated."""
    out, words, tags = [], [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if not cols:
            if words:
                out.append((words, tags))
            words, tags = [], []
            continue
        words.append(cols[0])
        tags.append(cols[-1])
    if words:
        out.append((words, tags))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def span_prf(gold, pred) -> dict[str, tuple[float, float, float]]:
    """Multiset scoring; the last element of each item is its type."""
    g, p = Counter(gold), Counter(pred)
    tp = g & p
    result = {}
    for t in sorted({x[-1] for x in g} | {x[-1] for x in p}):
        result[t] = prf(*(sum(c.values()) for c in (
            Counter({k: v for k, v in tp.items() if k[-1] == t}),
            Counter({k: v for k, v in p.items() if k[-1] == t}),
            Counter({k: v for k, v in g.items() if k[-1] == t}))))
    result["micro"] = prf(sum(tp.values()), sum(p.values()), sum(g.values()))
    return result


def score_dev(recognizer, dev_path: Path, model_only: bool = False, errors: list | None = None) -> dict:
    """Full recognizer, or (model_only) the CRF alone. The corpus leaves
    metonymic countries untagged ("serangan Israel"), while newsgen's
    convention (and the gazetteer) tags every country as a place, so the
    full recognizer loses place precision here by design."""
    recognize = recognizer.recognize_model_only if model_only else recognizer.recognize
    gold, pred = [], []
    for k, (words, tags) in enumerate(read_conll(dev_path)):
        starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
        n_gold, n_pred = len(gold), len(pred)
        for s, e, t in bio_spans(tags):
            gold.append((k, starts[s], starts[e - 1] + len(words[e - 1]), CONLL_TYPES[t]))
        text = " ".join(words)
        for m in recognize(text):
            pred.append((k, m.start, m.end, m.type))
        if errors is not None:
            g, p = set(gold[n_gold:]), set(pred[n_pred:])
            errors += [(k, kind, text[x[1]:x[2]], x[3], text) for kind, diff in (("missed", g - p), ("spurious", p - g))
                       for x in sorted(diff)]
    return span_prf(gold, pred)


def score_seeds(recognizer, gold_path: Path, seeds_dir: Path, errors: list | None = None) -> dict:
    from newsgen.evaluate.gold import load_gold

    gold, pred = Counter(), Counter()
    for art in load_gold(gold_path, seeds_dir):
        gold += Counter({(art.name, s, line, t): c for (s, t, line), c in art.entity_mentions.items()})
        for m in recognizer.recognize(art.body):
            pred[(art.name, m.text, art.line_of(m.start), m.type)] += 1
    if errors is not None:
        errors += [("missed", k, v) for k, v in (gold - pred).items()]
        errors += [("spurious", k, v) for k, v in (pred - gold).items()]
    return span_prf(list(gold.elements()), list(pred.elements()))


def format_table(title: str, scores: dict) -> str:
    lines = [title, f"  {'type':<13} {'P':>6} {'R':>6} {'F1':>6}"]
    for t in [*ENTITY_TYPES, "micro"]:
        if t in scores:
            p, r, f = scores[t]
            lines.append(f"  {t:<13} {p:6.3f} {r:6.3f} {f:6.3f}")
    return "\n".join(lines)


def _first_existing(*paths: Path) -> Path:
    """The shared copy when present, else the repository's test copy."""
    return next((p for p in paths if p.exists()), paths[-1])


def main() -> None:
    from newsgen.tag.ner import EntityRecognizer

    repo = Path(__file__).resolve().parents[3]
    shared = repo.parent / "shared"
    ap = argparse.ArgumentParser(description="Score the entity recognizer")
    ap.add_argument("--dev", type=Path, default=_first_existing(
        shared / "ner" / "idner-news-2k" / "dev.txt", repo / "tests" / "data" / "idner-news-2k" / "dev.txt"))
    ap.add_argument("--gold", type=Path, default=_first_existing(
        shared / "eval" / "seeds-gold.yaml", repo / "tests" / "data" / "seeds-gold.yaml"))
    ap.add_argument("--seeds", type=Path, default=repo / "seeds")
    ap.add_argument("--errors", action="store_true", help="list seed misses and spurious spans")
    ap.add_argument("--dev-errors", action="store_true",
                    help="list the full recognizer's misses and spurious spans on dev, per sentence")
    args = ap.parse_args()
    rec = EntityRecognizer.load("id")
    print(format_table(f"dev, CRF model alone ({args.dev})", score_dev(rec, args.dev, model_only=True)))
    dev_errors: list | None = [] if args.dev_errors else None
    print(format_table("dev, full recognizer (newsgen conventions differ, see score_dev)",
                       score_dev(rec, args.dev, errors=dev_errors)))
    for k, kind, surface, etype, text in dev_errors or ():
        print(f"  dev {k:>3} {kind:<8} {etype:<12} {surface!r}  | {text[:160]}")
    errors: list = []
    print(format_table(f"seeds ({args.gold})", score_seeds(rec, args.gold, args.seeds, errors)))
    if args.errors:
        for kind, key, count in sorted(errors, key=lambda e: (e[1][0], e[1][2], e[0])):
            print(f"  {kind:<8} {key[0][:3]} line {key[2]:>2} {key[3]:<12} {key[1]!r} x{count}")


if __name__ == "__main__":
    main()
