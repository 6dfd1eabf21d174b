"""Faces: a hash of what the pages of other things show of an article.

An article is listed (headline, date, outlet, summary), quoted on its entities'
pages and on the event timeline (the sentence of a mention, and where in it the
mention is), and counted (its entities, the names they are said by, its dates).
Its version (versions.py) hashes all of it; its face hashes only that: the record
but its body and Markdown source, and the sentences that hold a mention. Pages
but the article's own are keyed by faces, so an edit that changes no such
sentence (a typo fixed, a sentence added that names nothing and no date)
re-renders the article's page alone instead of a hundred pages that would come
out the same. This holds for the default theme's templates: a site with
templates of its own keys every page by versions (build_index(faces=False)).
"""

from __future__ import annotations

import hashlib
import marshal
from array import array
from bisect import bisect_right

from ..records import TaggedArticle, later_fields, record_fields, tally_of
from .sentences import NOT_QUOTED, SENTENCE_BOUNDARY, headline_end, line_layout
from .versions import MARSHAL_VERSION


Face = tuple[str, "array | None"]  # the face, and first_starts


def article_faces(articles: list[TaggedArticle], versions: dict[str, str], known: dict[str, Face]) -> dict[str, Face]:
    """Each article's face and first starts by slug: the last build's (`known`, by version) when its
    version is the same, else made from its mentions, read once for both."""
    faces = {}
    for item in articles:
        slug = item.article.slug
        face = known.get(versions[slug])
        if face is None:
            entities, dates = item.mentions()
            face = article_face(item, entities, dates), first_starts(item, entities)
        faces[slug] = face
    return faces


def article_face(item: TaggedArticle, entities: list | None = None, dates: list | None = None) -> str:
    article = item.article
    if entities is None or dates is None:
        entities, dates = item.mentions()
    digest = hashlib.sha1(repr((record_fields(article), later_fields(article))).encode("utf-8", "surrogatepass"))
    digest.update(marshal.dumps(_said(article.body, entities, dates), MARSHAL_VERSION))
    return digest.hexdigest()[:16]


def first_starts(item: TaggedArticle, entities: list) -> array | None:
    """Where each of the article's entities is first mentioned past a headline derived from the body
    (NOT_QUOTED when only the headline says it), in the order of its tally (what pages quote it by, see
    sentences.MentionQuotes); None when the tally names one the mentions do not. An array: the memo
    keeps one per article, and as tuples of ints its loading took longer."""
    after = headline_end(item.article)
    first: dict[tuple[str, str], int] = {}
    for mention in entities:
        key = (mention.canonical, mention.type)
        if first.get(key, NOT_QUOTED) == NOT_QUOTED:
            first[key] = mention.start if mention.start >= after else NOT_QUOTED
    keys = tally_of(item)[0][0::2]
    return array("I", (first[key] for key in keys)) if all(key in first for key in keys) else None


def _said(body: str, entities: list, dates: list) -> list:
    """Per sentence holding a mention, in order: its paragraph, its text and its mentions, each with its
    offset in the sentence (a long sentence is quoted from around the mention)."""
    line_starts, paragraphs = line_layout(body)
    # the sentences SentenceMap finds, all at once: they begin at a line's start or after a boundary
    # (no boundary inside a line depends on the lines around it)
    starts = sorted({*line_starts, *(match.end() for match in SENTENCE_BOUNDARY.finditer(body))})
    found: dict[int, list] = {}
    mentions = [(m.start, ("e", m.canonical, m.type, m.text)) for m in entities]
    mentions += [(d.start, ("d", d.value, d.text)) for d in dates]
    for at, mention in mentions:
        n = bisect_right(starts, at) - 1  # starts[0] is 0
        row = found.get(n)
        if row is None:
            start, end = starts[n], starts[n + 1] if n + 1 < len(starts) else len(body)
            row = found[n] = [paragraphs[bisect_right(line_starts, start) - 1], body[start:end].strip()]
        row.append((at - starts[n], *mention))
    return [row for _, row in sorted(found.items())]
