"""Versions: short hashes of what a page shows, so unchanged pages are not rendered again."""

from __future__ import annotations

import hashlib
import marshal

from ..records import TaggedArticle, date_fields, entity_fields, later_fields, record_key

# The mentions (millions of short tuples) are marshalled: twice as fast as repr. Version 2, because
# later ones mark strings shared or interned, and equal mentions must give equal bytes.
MARSHAL_VERSION = 2


def article_versions(articles: list[TaggedArticle]) -> dict[str, str]:
    """A hash per article slug of everything the article's record holds after tagging."""
    return {item.article.slug: article_version(item) for item in articles}


def article_version(item: TaggedArticle) -> str:
    article = item.article
    # the record as loaded (its key, kept from the loader), then what later stages set
    digest = hashlib.sha1((article.record_key or record_key(article)).encode())
    # what follows is framed by its length; repr never writes a NUL, so where it ends is unambiguous
    _add_framed(digest, repr(later_fields(article)).encode())
    if item.findings_key is not None:
        # the tag cache's key stands for the body and what tagging found in it (and names unified
        # since): the mentions of an unchanged article need not be made, or read, to hash them
        _add_framed(digest, item.findings_key.encode("utf-8", "surrogatepass"))
    else:
        _add_framed(digest, article.body.encode("utf-8", "surrogatepass"))
        entities, dates = item.mentions()
        _add_framed(digest, marshal.dumps((list(map(entity_fields, entities)), list(map(date_fields, dates))),
                                          MARSHAL_VERSION))
    return digest.hexdigest()[:16]


def _add_framed(digest, data: bytes) -> None:
    digest.update(b"\0%d\0" % len(data))
    digest.update(data)
