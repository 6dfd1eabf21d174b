"""Reading the data newsgen ships (src/newsgen/data): gazetteers, word lists, patterns, translations."""

from __future__ import annotations

import yaml

# libyaml's parser where PyYAML has it: every build reads the gazetteers, ≈ 5x faster than in Python
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str):
    """yaml.safe_load, for files newsgen ships (an article's front matter and the user's files keep
    the Python loader, which newsgen extends to name lines and refuse aliases)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 — a safe loader, C or Python
