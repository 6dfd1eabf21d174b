"""Article bodies as HTML: entity links on first mentions, paragraph anchors for quotes."""

from __future__ import annotations

from markupsafe import Markup, escape

from . import urls
from .article_links import ArticleFiles
from .index import SiteIndex
from .load.markdown import linked_html
from .records import EntityMention, TaggedArticle


def article_body(item: TaggedArticle, index: SiteIndex, renderer, files: ArticleFiles | None = None) -> Markup:
    """The body with the first mention of each entity linked to its page, and links
    to other articles' files pointing at their pages."""
    article = item.article
    page = urls.article(article.slug)
    to_link = _first_mentions(item.mentions()[0])

    def link_text(text: str, offset: int) -> Markup:
        inside = [m for m in to_link if offset <= m.start and m.end <= offset + len(text)]
        return _linked(text, offset, inside, index, page)

    if article.body_markdown is not None:
        # only bodies that link article files have hrefs to replace (found when the file was loaded)
        href_for = files.href_for(article, page) if files is not None and article.linked_files else None
        return Markup(linked_html(article.body_markdown, renderer, link_text, href_for))
    paragraphs, start = [], 0
    for text in article.body.split("\n"):
        if text.strip():
            # ids match urls.paragraph(): quotes on entity and event pages link here
            number = len(paragraphs) + 1
            paragraphs.append(Markup('<p id="p-{}">{}</p>').format(number, link_text(text, start)))
        start += len(text) + 1
    return Markup("\n").join(paragraphs)


def _first_mentions(mentions: list[EntityMention]) -> list[EntityMention]:
    # linking every "Rusia" makes a paragraph look busy; the first one is enough
    seen, first = set(), []
    for mention in sorted(mentions, key=lambda m: m.start):
        if (mention.canonical, mention.type) not in seen:
            seen.add((mention.canonical, mention.type))
            first.append(mention)
    return first


def _linked(text: str, offset: int, mentions: list[EntityMention], index: SiteIndex, page: str) -> Markup:
    parts, cursor = [], 0
    for mention in mentions:
        begin, finish = mention.start - offset, mention.end - offset
        if begin < cursor:
            continue  # overlapping spans are not expected; keep the first
        href = urls.relative(urls.entity(index.entity_link_slug(mention.canonical, mention.type)), page)
        parts.append(escape(text[cursor:begin]))
        parts.append(
            Markup('<a class="entity entity-{}" href="{}">{}</a>').format(mention.type, href, text[begin:finish])
        )
        cursor = finish
    parts.append(escape(text[cursor:]))
    return Markup("").join(parts)
