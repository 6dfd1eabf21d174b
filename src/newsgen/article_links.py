"""Links in Markdown bodies to other article files ("[earlier](flood.md)"): to their pages.

Authors link articles by file, as they see them in the content folder; on the
site that file is not there, its page is. A link to a file that is no built
article (a draft, an image, a missing file) is left as written: `newsgen check`
reports the missing ones.
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

from . import urls
from .load.markdown import names_article_file
from .records import Article


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
        if not article.linked_files:
            return ""  # most articles: no Markdown to read again
        return "\x1f".join(self.slug(article, href) or "" for href in article.linked_files)

    def href_for(self, article: Article, page: str):
        """For `linked_html`: an article file's href -> its page's URL relative to `page`."""
        def href(original: str) -> str | None:
            if not names_article_file(original):
                return None
            slug = self.slug(article, original)
            if slug is None:
                return None
            fragment = urlsplit(original).fragment
            return urls.relative(urls.article(slug), page) + (f"#{fragment}" if fragment else "")
        return href
