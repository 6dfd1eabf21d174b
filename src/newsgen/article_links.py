"""Links in Markdown bodies to other article files ("[earlier](flood.md)"): to their pages.

Authors link articles by file, as they see them in the content folder; on the
site that file is not there, its page is. A link to a file that is no built
article (a draft, an image, a missing file) is left as written: `newsgen check`
reports the missing ones.
"""

from __future__ import annotations

import os
import re
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from . import urls
from .load.files import ARTICLE_SUFFIXES
from .records import Article

# Bodies naming no article file need no Markdown parse: most bodies, every build.
_NAMES_AN_ARTICLE_FILE = re.compile("|".join(re.escape(s) for s in ARTICLE_SUFFIXES) + r"\b", re.I)
_LINKS = MarkdownIt("commonmark")


def local_hrefs(markdown: str) -> list[str]:
    """Hrefs of the body's links (inline and reference) that may be article files."""
    if not _NAMES_AN_ARTICLE_FILE.search(markdown):
        return []
    return [href for href in body_hrefs(markdown, images=False) if _is_local(href)]


def body_hrefs(markdown: str, images: bool = True) -> list[str]:
    """The targets of a Markdown body's links, and of its images unless told not."""
    hrefs = []
    for token in _LINKS.parse(markdown):
        for child in token.children or []:
            href = child.attrGet("href") if child.type == "link_open" else \
                child.attrGet("src") if images and child.type == "image" else None
            if href:
                hrefs.append(href)
    return hrefs


def _is_local(href: str) -> bool:
    parts = urlsplit(href)
    return not (parts.scheme or parts.netloc) and os.path.splitext(parts.path)[1].lower() in ARTICLE_SUFFIXES


class ArticleFiles:
    """Built articles by their source file, to resolve links between them."""

    def __init__(self, articles: list[Article]):
        self._articles, self._slugs = articles, None  # made on the first link: most archives have none

    def slug(self, source: Article, href: str) -> str | None:
        if self._slugs is None:
            self._slugs = {os.path.abspath(a.source_path): a.slug for a in self._articles}
        path = urlsplit(href).path
        target = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(source.source_path)), unquote(path)))
        return self._slugs.get(target)

    def targets(self, article: Article) -> str:
        """What the article's page shows of the articles it links: their slugs, for its page key."""
        if article.body_markdown is None:
            return ""
        return "\x1f".join(self.slug(article, href) or "" for href in local_hrefs(article.body_markdown))

    def href_for(self, article: Article, page: str):
        """For `linked_html`: an article file's href -> its page's URL relative to `page`."""
        def href(original: str) -> str | None:
            if not _is_local(original):
                return None
            slug = self.slug(article, original)
            if slug is None:
                return None
            fragment = urlsplit(original).fragment
            return urls.relative(urls.article(slug), page) + (f"#{fragment}" if fragment else "")
        return href
