"""Scoring extraction against an answer key (seeds-gold.yaml) and the NER dev split."""

from __future__ import annotations

from pathlib import Path

# Looked up from the working folder: the repository (tests/data holds copies) or a project beside ../shared.
_CANDIDATES = {
    "gold": ("../shared/eval/seeds-gold.yaml", "tests/data/seeds-gold.yaml"),
    "dev": ("../shared/ner/idner-news-2k/dev.txt", "tests/data/idner-news-2k/dev.txt"),
    "seeds": ("seeds",),
}


def default_path(kind: str) -> Path | None:
    """The first existing default for `kind` (gold, dev, seeds), or None."""
    return next((Path(p) for p in _CANDIDATES[kind] if Path(p).exists()), None)
