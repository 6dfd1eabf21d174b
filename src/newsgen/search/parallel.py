"""Indexing every document on several cores: most of a full search index's time is splitting words.

Each worker indexes a contiguous range of document ids and sends its postings back;
appended in id order they are exactly what one process makes, so the files are the
same whatever --jobs says.
"""

from __future__ import annotations

from ..parallel import fork_map
from .postings import Postings

LEAST_PER_PROCESS = 1000  # fewer documents than this each: one process is quicker than forking


def index_documents(texts: list[tuple[str, str]], stop: frozenset[bytes], processes: int = 1) -> Postings:
    """Postings of (title, body) documents, ids in list order."""
    parts = max(1, min(processes, len(texts) // LEAST_PER_PROCESS))
    bounds = [len(texts) * n // parts for n in range(parts + 1)]
    ranges = list(zip(bounds[:-1], bounds[1:]))
    # the workers see `texts` by forking; only the postings come back
    first, *rest = fork_map(lambda span: _index_range(texts, stop, *span), ranges, parts, min_items=2)
    for postings in rest:
        first.extend(postings)
    return first


def _index_range(texts: list[tuple[str, str]], stop: frozenset[bytes], start: int, end: int) -> Postings:
    postings = Postings(first=start)
    for title, body in texts[start:end]:
        postings.add(title, body, stop)
    return postings
