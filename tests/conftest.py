from __future__ import annotations

from pathlib import Path

import pytest

from newsgen.config import Config
from newsgen.evaluate.gold import load_gold

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEEDS = REPO / "seeds"
GOLD = DATA / "seeds-gold.yaml"  # copy of shared/eval/seeds-gold.yaml
DEV_SPLIT = DATA / "idner-news-2k" / "dev.txt"  # copy of shared/ner/idner-news-2k/dev.txt


@pytest.fixture(scope="session")
def gold():
    return load_gold(GOLD, SEEDS)


@pytest.fixture
def site_config(tmp_path):
    """A config rooted in an empty temporary folder with content/ and build/."""
    (tmp_path / "content").mkdir()
    return Config(root=tmp_path, content=Path("content"), output=Path("build"))
