"""The tag stage: entities and dates in each article's body.

`tag_article` is a function of the article and a loaded `Tagger`; articles
without a date get a publication estimate inferred from their own text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from .. import code_digest
from ..records import Article, TaggedArticle
from ..parallel import fork_map
from .cache import TagCache, compact, findings_of, with_findings
from .canonical import EntityCatalog
from .dates import find_dates
from .ner import EntityRecognizer
from .pubdate import infer_publication_date


@dataclass
class Tagger:
    language: str
    user_file: Path | None  # the user's entities.yaml, when there is one
    fingerprint: str  # changes whenever tagging could give another result
    _model: tuple[EntityRecognizer, EntityCatalog] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, language: str = "id", entities_file: Path | None = None) -> "Tagger":
        """The tagger; its model and gazetteers are loaded when it first tags (an edit whose
        articles were tagged ahead, or are unchanged, needs only the fingerprint)."""
        user_file = entities_file if entities_file and entities_file.is_file() else None
        return cls(language, user_file, _fingerprint(user_file))

    def model(self) -> tuple[EntityRecognizer, EntityCatalog]:
        """The recognizer and the entity catalog, loaded on first use."""
        if self._model is None:
            self._model = EntityRecognizer.load(self.language), EntityCatalog.load(self.user_file, self.language)
        return self._model


def _fingerprint(user_file: Path | None) -> str:
    # the tagger's code, its data and the user's entities: any change there tags again
    digest = hashlib.sha256(code_digest(Path(__file__).parent).encode())
    data = resources.files("newsgen") / "data"
    files = sorted(p for p in Path(str(data)).rglob("*") if p.is_file())
    if user_file:
        files.append(user_file)
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def tag_articles(
    articles: list[Article], tagger: Tagger, cache: TagCache | None = None,
    on_each: Callable[[], None] | None = None, processes: int = 1,
) -> list[TaggedArticle]:
    """Tag each article, taking unchanged ones from the cache and sharing the rest across processes."""
    tagged: list[TaggedArticle | None] = [cache.get(a) if cache else None for a in articles]
    missing = [i for i, item in enumerate(tagged) if item is None]
    for done, (i, item) in enumerate(zip(missing, _tag_many([articles[i] for i in missing], tagger, processes))):
        tagged[i] = cache.put(item, articles[i]) if cache else item
        if on_each:
            on_each()
    if on_each:
        for _ in range(len(articles) - len(missing)):
            on_each()
    return tagged  # type: ignore[return-value]


def _tag_many(articles: list[Article], tagger: Tagger, processes: int) -> list[TaggedArticle]:
    # workers send back only what tagging found (a copy of every article would double the memory),
    # compacted there (a chunk crosses as one pickle, sharing equal names) and here (across chunks)
    # (indexes, not articles, go to the workers: they inherit the articles by forking, and the tagger
    # loaded once here)
    if articles:
        tagger.model()  # loaded here, once for every worker
    found = fork_map(lambda i: compact(findings_of(tag_article(articles[i], tagger))), range(len(articles)),
                     processes, then=compact)
    return [with_findings(article, findings) for article, findings in zip(articles, found)]


def tag_article(article: Article, tagger: Tagger) -> TaggedArticle:
    article = with_publication_estimate(article)
    recognizer, catalog = tagger.model()
    entities = catalog.canonicalize(recognizer.recognize(article.body))
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
