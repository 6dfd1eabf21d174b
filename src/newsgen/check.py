"""`newsgen check`: validate the archive without writing a site."""

from __future__ import annotations

import difflib
import os
import shlex
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .config import Config
from .load import load_archive
from .load.markdown import body_hrefs
from .records import Article, Problem, TaggedArticle
from .tag import Tagger, tag_articles
from .tag.archive import unify_person_names
from .tag.cache import TagCache

LOW_CONFIDENCE = 0.5
SIMILAR_NAMES = 0.88  # difflib ratio above which two names of one type look like one entity
SIMILAR_WORDS = 0.8  # ... and two words one word misspelt ("Widodo" / "Widod0" 0.83, "Iran" / "Irak" 0.75)


@dataclass
class CheckReport:
    articles: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def as_json(self) -> dict:
        return {
            "articles": self.articles,
            "errors": len(self.errors),
            "warnings": len(self.problems) - len(self.errors),
            "problems": [
                {"path": str(p.path), "line": p.line, "severity": p.severity, "kind": p.kind, "message": p.message}
                for p in self.problems
            ],
        }


def check_archive(config: Config) -> CheckReport:
    loaded = load_archive(config)
    report = CheckReport(articles=len(loaded.articles), problems=list(loaded.problems))
    tagger = Tagger.load(config.language, config.entities_file)
    tagged = unify_person_names(tag_articles(loaded.articles, tagger, TagCache(config.cache_dir, tagger.fingerprint)))
    report.problems += date_problems(tagged, config.source is not None)
    report.problems += similar_entity_problems(tagged)
    report.problems += body_link_problems(loaded.articles, config.content_dir)
    return report


def _how_to_date(article, has_config: bool) -> str:
    if article.format == "md":
        return "add `date:` front matter"
    # a clipping has no front matter: a dated first line, or the Markdown that `newsgen import` makes of it;
    # the path as it can be typed here, and import needs an archive of the user's own (it never writes to seeds/)
    path = shlex.quote(os.path.relpath(article.source_path))
    archive = "" if has_config else " in an archive made with `newsgen init`"
    return (f"start the clipping with a dateline such as 'Jakarta, Senin (14/3/2022) -', or turn it into "
            f"Markdown with `newsgen import {path}`{archive} and add `date:` front matter")


def date_problems(tagged: list[TaggedArticle], has_config: bool = True) -> list[Problem]:
    """Undated articles and estimates to confirm; `has_config`: whether the archive has a newsgen.yaml."""
    problems = []
    for item in tagged:
        article = item.article
        if article.date is None:
            problems.append(_warning(article, "undated", f"no date in front matter or text; {_how_to_date(article, has_config)}"))
        elif article.date_source == "inferred" and (article.date_confidence or 0) < LOW_CONFIDENCE:
            problems.append(_warning(
                article, "low-confidence-date",
                f"publication date estimated as {article.day.isoformat()} ({article.date_precision}, confidence "
                f"{article.date_confidence:.2f}); confirm it: {_how_to_date(article, has_config)}",
            ))
    return problems


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def similar_entity_problems(tagged: list[TaggedArticle]) -> list[Problem]:
    """Pairs of entity names of one type that look like one entity ("Xi Jinping" / "Xi Jin Ping")."""
    first_seen: dict[tuple[str, str], Path] = {}
    for item in tagged:
        for mention in item.entities:
            first_seen.setdefault((mention.type, mention.canonical), item.article.source_path)
    by_type: dict[str, list[str]] = defaultdict(list)
    for entity_type, name in first_seen:
        by_type[entity_type].append(name)
    problems = []
    for entity_type, names in by_type.items():
        for a, b in _similar_pairs(sorted(names)):
            problems.append(Problem(
                first_seen[(entity_type, b)],
                f"{entity_type} names '{a}' and '{b}' look like one entity; merge them in entities.yaml "
                f"(aliases: {{{a}: [{b}]}}) or ignore this",
                severity="warning", kind="similar-entities",
            ))
    return problems


def _similar_pairs(names: list[str]) -> list[tuple[str, str]]:
    folded = {name: _fold(name) for name in names}
    pairs = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            fa, fb = folded[a], folded[b]
            if fa and abs(len(fa) - len(fb)) <= 3 and (fa == fb or _ratio(fa, fb) >= SIMILAR_NAMES) \
                    and not _other_words(a, b):
                pairs.append((a, b))
    return pairs


def _other_words(a: str, b: str) -> bool:
    """True when the names differ only in whole words that are not spellings of each other: the
    foreign ministries of two countries ("... Luar Negeri Korea" / "... Luar Negeri Kenya") are two
    entities, where "Joko Widodo" / "Joko Widod0" are one."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b):
        return False
    differing = [(x, y) for x, y in zip(words_a, words_b) if _fold(x) != _fold(y)]
    return bool(differing) and all(_ratio(_fold(x), _fold(y)) < SIMILAR_WORDS for x, y in differing)


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def body_link_problems(articles: list[Article], content_dir: Path) -> list[Problem]:
    """Relative links in Markdown bodies that point at files that are not there."""
    problems = []
    for article in articles:
        if article.body_markdown is None:
            continue
        for href in body_hrefs(article.body_markdown):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (article.source_path.parent / unquote(parts.path)).resolve()
            if not target.exists():
                problems.append(Problem(
                    article.source_path, f"link to '{href}' points at nothing in {content_dir}; fix or remove it",
                    severity="error", kind="broken-link",
                ))
    return problems


def _warning(article: Article, kind: str, message: str) -> Problem:
    return Problem(article.source_path, message, severity="warning", kind=kind)
