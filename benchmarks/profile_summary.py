"""Top hot spots of a py-spy profile in raw (collapsed stack) format.

    py-spy record -r 100 -f raw -o profile.raw -- python -m newsgen.cli build --config newsgen.yaml -q
    python benchmarks/profile_summary.py profile.raw [--top 25]

Prints, per function, the share of samples where it is running (self) and
where it is on the stack (total), largest first.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.+?) \((?P<file>[^()]*?)(?::\d+)?\)$")


def frame_name(frame: str) -> str:
    """'render_page (newsgen/render.py:42)' -> 'render_page (newsgen/render.py)'; keeps the last two path parts."""
    match = _FRAME.match(frame)
    if not match:
        return frame
    parts = match["file"].split("/")
    return f"{match['func']} ({'/'.join(parts[-2:])})"


def read_stacks(path: Path) -> Counter[tuple[str, ...]]:
    stacks: Counter[tuple[str, ...]] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks[tuple(frame_name(f) for f in stack.split(";"))] += int(count)
    return stacks


def hot_spots(stacks: Counter[tuple[str, ...]]) -> tuple[int, Counter[str], Counter[str]]:
    total, own, inclusive = sum(stacks.values()), Counter(), Counter()
    for stack, count in stacks.items():
        own[stack[-1]] += count
        for name in set(stack):
            inclusive[name] += count
    return total, own, inclusive


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("profile", type=Path)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    total, own, inclusive = hot_spots(read_stacks(args.profile))
    for title, counter in (("self", own), ("total (on the stack)", inclusive)):
        print(f"\n{title}: % of {total} samples")
        for name, count in counter.most_common(args.top):
            print(f"{100 * count / total:6.1f} %  {name}")


if __name__ == "__main__":
    main()
