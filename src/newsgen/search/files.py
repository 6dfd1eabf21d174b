"""How the search index's files are encoded: compact JSON, identical bytes for identical data."""

from __future__ import annotations

import json
from itertools import islice
from operator import sub
from typing import Sequence


def json_bytes(value: object) -> bytes:
    # sorted keys and fixed separators: a clean build and an incremental one write the same bytes
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def deltas(ids: Sequence[int]) -> list[int]:
    """Sorted document ids as the first id, then the differences: shorter JSON (map() keeps it in C)."""
    return [ids[0], *map(sub, islice(ids, 1, None), ids)] if len(ids) else []
