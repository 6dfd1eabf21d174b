"""The tag stage: entities and dates in each article's body.

`tag_article` is a function of the article and a loaded `Tagger`; articles
without a date get a publication estimate inferred from their own text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..records import Article, TaggedArticle
from .canonical import EntityCatalog
from .dates import find_dates
from .ner import EntityRecognizer
from .pubdate import infer_publication_date


@dataclass
class Tagger:
    recognizer: EntityRecognizer
    catalog: EntityCatalog

    @classmethod
    def load(cls, language: str = "id", entities_file: Path | None = None) -> "Tagger":
        user_file = entities_file if entities_file and entities_file.is_file() else None
        return cls(EntityRecognizer.load(language), EntityCatalog.load(user_file, language))


def tag_article(article: Article, tagger: Tagger) -> TaggedArticle:
    article = with_publication_estimate(article)
    entities = tagger.catalog.canonicalize(tagger.recognizer.recognize(article.body))
    dates = find_dates(article.body, article.day, article.language)
    return TaggedArticle(article=article, entities=entities, dates=dates)


def with_publication_estimate(article: Article) -> Article:
    """An undated article gets the date its text supports, marked as inferred."""
    if article.date is not None:
        return article
    estimate = infer_publication_date(article.body, article.language)
    if estimate is None:
        return article
    return replace(
        article,
        date=estimate.value,
        date_source="inferred",
        date_precision=estimate.precision,
        date_confidence=estimate.confidence,
    )
