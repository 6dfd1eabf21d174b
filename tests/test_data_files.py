"""newsgen's own data files read with the fast loader give what the reference loader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newsgen.data_files import read_yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "newsgen" / "data"
SHIPPED = sorted(DATA.rglob("*.yaml"))


def test_every_shipped_yaml_file_is_found():
    assert len(SHIPPED) >= 10


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(DATA)))
def test_read_yaml_equals_safe_load(path):
    text = path.read_text(encoding="utf-8")
    assert read_yaml(text) == yaml.safe_load(text)
