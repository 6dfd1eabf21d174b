"""Topics: front-matter tags, the config's topics (keywords and/or entities) and salient entities."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..load.text import make_slug
from ..records import TaggedArticle, tally_counts, tally_of

SALIENT_COUNT = 3
SALIENT_MIN_MENTIONS = 2


@dataclass
class Topic:
    """A named group of articles: a tag, a configured topic or an outlet."""

    slug: str
    name: str
    articles: list[TaggedArticle] = field(default_factory=list)


def topics_by_slug(articles: list[TaggedArticle], names_of) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for item in articles:
        for name in names_of(item):
            slug = make_slug(name)
            topic = topics.setdefault(slug, Topic(slug, name))
            if not topic.articles or topic.articles[-1] is not item:
                topic.articles.append(item)
    return dict(sorted(topics.items(), key=lambda kv: (-len(kv[1].articles), kv[1].name.casefold())))


def topic_names(item: TaggedArticle, rules: dict[str, dict[str, list[str]]]) -> list[str]:
    """The article's tags and every configured topic whose keywords or entities it has."""
    names = list(item.article.tags)
    if not rules:
        return names
    text = item.article.body.casefold()
    entities = {name.casefold() for name, _ in tally_of(item)[0][0::2]}
    for name, rule in rules.items():
        if name in names:
            continue
        if any(_has_word(text, k) for k in rule.get("keywords", [])) or any(
            e.casefold() in entities for e in rule.get("entities", [])
        ):
            names.append(name)
    return names


def _has_word(text: str, keyword: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(keyword.casefold())}(?!\w)", text) is not None


def salient_entities(item: TaggedArticle) -> list[tuple[str, str]]:
    """The article's most mentioned entities, (canonical, type), mentioned at least twice."""
    counts = Counter(dict(tally_counts(tally_of(item))))
    return [key for key, n in counts.most_common(SALIENT_COUNT) if n >= SALIENT_MIN_MENTIONS]
