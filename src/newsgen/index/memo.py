"""The index's archive-wide answers kept for the next build, each under a digest of its inputs.

Related articles and co-mentions each read many articles. After an edit most of them
have the same inputs as before, and the last build's answer is taken instead of
being worked out again (2.5 s of a 10,000-article edit). A co-mention answer is kept
by the entity's digest (its articles' faces), which holds while no slug moved. An article's dated sentences
depend on the article alone: they are kept by its version (1 s). A month's entity counts are kept by
its articles' faces (month_parts), the months merged by the months' digests (whole), and an article's
face by its version (faces).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class CompanionCounts:
    """Large entities' full co-mention counts (see companions), and the months they were counted from."""

    counts: dict[tuple[str, str], bytes] = field(default_factory=dict)  # marshalled {slug: articles}, its own too
    months: dict[tuple[int, int] | None, bytes] = field(default_factory=dict)  # month -> its part's digest


@dataclass
class IndexMemo:
    related: dict[bytes, tuple[str, ...]] = field(default_factory=dict)  # -> related slugs, best first
    co_mentions: dict[bytes, list[tuple[str, int]]] = field(default_factory=dict)  # -> (entity slug, articles)
    events: dict[str, tuple] = field(default_factory=dict)  # article version -> its event rows (events.event_rows)
    slugs: dict[tuple[str, str], str] = field(default_factory=dict)  # (canonical, type) -> the entity's slug
    months: dict[bytes, bytes] = field(default_factory=dict)  # month_parts.month_digest -> a MonthPart, marshalled
    companions: CompanionCounts = field(default_factory=CompanionCounts)  # large entities' full co-mention counts
    faces: dict[str, tuple] = field(default_factory=dict)  # article version -> its face and first starts (faces)
    # the whole entity index (whole.py): (its key, marshalled), or what makes them (see settled)
    whole: tuple[bytes, bytes] | Callable[[], tuple[bytes, bytes]] | None = None

    def settled(self) -> IndexMemo:
        """The memo with its whole entity index made (when it was left to the process that saves it)."""
        if callable(self.whole):
            self.whole = self.whole()
        return self


def digests_digest(head: str, digests) -> bytes:
    """A digest of a string and of digests (20 bytes each, so joined they need no framing)."""
    return hashlib.sha1(b"%s\0%s" % (head.encode("utf-8", "surrogatepass"), b"".join(digests))).digest()


def text_digest(texts) -> bytes:
    """A digest of strings in order; a NUL never occurs in a slug, a name or a key."""
    return hashlib.sha1("\0".join(texts).encode("utf-8", "surrogatepass")).digest()
