"""Indexing every document on several cores: most of a full search index's time is splitting words.

Each forked child indexes a contiguous range of document ids and sends its postings
back; appended in id order they are exactly what one process makes, so the files
are the same whatever --jobs says.
"""

from __future__ import annotations

import multiprocessing

from ..page_writer import can_fork, ignore_interrupts
from .postings import Postings

LEAST_PER_PROCESS = 1000  # fewer documents than this each: one process is quicker than forking


def index_documents(texts: list[tuple[str, str]], stop: frozenset[bytes], processes: int = 1) -> Postings:
    """Postings of (title, body) documents, ids in list order."""
    parts = min(processes, len(texts) // LEAST_PER_PROCESS)
    if parts < 2 or not can_fork():
        return _index_range(texts, stop, 0, len(texts))
    bounds = [len(texts) * n // parts for n in range(parts + 1)]
    context = multiprocessing.get_context("fork")  # the children see `texts` without pickling it
    children = []
    for start, end in zip(bounds[1:-1], bounds[2:]):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(sender, texts, stop, start, end), daemon=True)
        child.start()
        sender.close()
        children.append((receiver, child, start, end))
    postings = _index_range(texts, stop, 0, bounds[1])  # the first range here, meanwhile
    for receiver, child, start, end in children:
        postings.extend(_received(receiver, child) or _index_range(texts, stop, start, end))
    return postings


def _index_range(texts: list[tuple[str, str]], stop: frozenset[bytes], start: int, end: int) -> Postings:
    postings = Postings(first=start)
    for title, body in texts[start:end]:
        postings.add(title, body, stop)
    return postings


def _child(sender, texts, stop, start, end) -> None:
    ignore_interrupts()  # Ctrl-C and the build lock are the parent's
    sender.send(_index_range(texts, stop, start, end))
    sender.close()


def _received(receiver, child) -> Postings | None:
    """The child's postings, or None when it died (its range is then indexed here)."""
    try:
        return receiver.recv()
    except (EOFError, OSError):
        return None
    finally:
        receiver.close()
        child.join()
