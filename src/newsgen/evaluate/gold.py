"""The seeds answer key (shared/eval/seeds-gold.yaml) as plain records.

The key counts mentions per (surface, line) of the raw file; a predicted span is
mapped back to its raw line through the gold body, so scoring is exact surface +
type + line, with multiplicity.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass
class GoldArticle:
    name: str
    raw_text: str
    body: str  # the body as the key defines it: body lines, dateline prefix and fragments removed
    body_line_numbers: list[int]
    record: dict
    entity_mentions: Counter = field(default_factory=Counter)  # (surface, type, line) -> count

    def line_of(self, offset: int) -> int:
        """Raw 1-based line number of a body offset."""
        return self.body_line_numbers[self.body.count("\n", 0, offset)]


def gold_body(raw_text: str, record: dict) -> str:
    lines = raw_text.split("\n")
    kept = [lines[n - 1] for n in record["body_line_numbers"]]
    prefix = record.get("dateline_prefix")
    if prefix and kept and kept[0].startswith(prefix):
        kept[0] = kept[0][len(prefix):]
    for fragment in record.get("boilerplate_fragments") or []:
        last = kept[-1].rstrip()
        if last.endswith(fragment):
            kept[-1] = last[: -len(fragment)].rstrip()
    return "\n".join(kept)


def load_gold(gold_path: Path, seeds_dir: Path) -> list[GoldArticle]:
    data = yaml.safe_load(Path(gold_path).read_text(encoding="utf-8"))
    articles = []
    for name, record in data.items():
        raw = (Path(seeds_dir) / name).read_text(encoding="utf-8")
        mentions: Counter = Counter()
        for entity in record.get("entities") or []:
            for mention in entity["mentions"]:
                for line in mention["lines"]:
                    mentions[(mention["surface"], entity["type"], line)] += 1
        articles.append(
            GoldArticle(
                name=name,
                raw_text=raw,
                body=gold_body(raw, record),
                body_line_numbers=list(record["body_line_numbers"]),
                record=record,
                entity_mentions=mentions,
            )
        )
    return articles
