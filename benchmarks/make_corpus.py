"""Synthetic Indonesian news corpus for the benchmark, for newsgen and for Hugo.

    python benchmarks/make_corpus.py --n 1000 --seed 1 --out /tmp/newsgen-bench/n1000

Articles recombine the sentences of the seed articles (`seeds/*.txt`) with the
names, places, outlets and tags of `benchmarks/corpus_data.yaml`. Article i
depends only on (seed, i), so a corpus of N is the first N articles of any
larger one. Writes:

    OUT/content/         newsgen's input: Markdown with front matter (~80 %)
                         and raw .txt clippings with a dateline and a
                         "Baca Juga:" line (~20 %)
    OUT/hugo/            the same articles as a Hugo site: hugo.toml,
                         content/articles/*.md (clippings as equivalent
                         Markdown), layouts/_default/*.html
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DATA_FILE = HERE / "corpus_data.yaml"
SEEDS_DIR = HERE.parent / "seeds"

FIRST_DAY = dt.date(2020, 1, 1)
DAY_SPAN = 6 * 365  # dates spread over six years, as in the issue that set the targets
CLIPPING_SHARE = 0.2
TEMPLATE_SHARE = 0.25  # share of sentences from templates, the rest from the seeds
WORDS = (535, 735)  # ≈ 650 words an article
TAGS = (2, 6)
PARAGRAPHS = (4, 10)

# Boilerplate in the seeds that must not end up inside generated sentences.
_SEED_BOILERPLATE = re.compile(r"^\s*(baca juga|sumber\s*:|gabung\b)", re.IGNORECASE)
_SEED_DATELINE = re.compile(r"^(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3},\s+[\w .]{2,40}?\s+[-–—]\s+|\S+\.\w{2,4}\s+\|\s+)")
_SEED_FRAGMENT = re.compile(r"\s*\[[a-z]{2,5}\]\s*$")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”]))\s+(?=[A-Z\"“])")


# --------------------------------------------------------------------------- seeds

def seed_sentences(seeds_dir: Path = SEEDS_DIR) -> list[list[str]]:
    """The seed articles' sentences, one list per article, boilerplate removed."""
    return [_article_sentences(p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))]


def _article_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    lines = _body_lines(text)
    for i, line in enumerate(lines):
        if i == 0:
            line = _SEED_DATELINE.sub("", line)
        line = _SEED_FRAGMENT.sub("", line).strip()
        sentences += [s if s[-1] in ".!?\"”" else s + "." for s in split_sentences(line)]
    return sentences


def _body_lines(text: str) -> list[str]:
    kept, skip_next = [], False
    for line in text.splitlines():
        if not line.strip():
            continue
        if skip_next:
            skip_next = False
            continue
        if _SEED_BOILERPLATE.match(line):
            skip_next = line.strip().endswith(":")  # a bare "Baca Juga:" takes the next line
            continue
        kept.append(line)
    return kept


def split_sentences(line: str) -> list[str]:
    """Split at sentence ends, but never inside a quotation."""
    pieces, current = [], ""
    for part in _SENTENCE_END.split(line):
        current = f"{current} {part}" if current else part
        if _quotes_balanced(current):
            pieces.append(current.strip())
            current = ""
    if current.strip():
        pieces.append(current.strip())
    return [p for p in pieces if p]


def _quotes_balanced(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


# --------------------------------------------------------------------------- articles

@dataclass
class Article:
    index: int
    slug: str
    title: str
    day: dt.date
    outlet: str
    tags: list[str]
    paragraphs: list[list[str]]
    clipping: bool
    city: str
    crosslink: str  # headline of the "Baca Juga:" line of a clipping

    def body(self, separator: str = "\n\n") -> str:
        return separator.join(" ".join(p) for p in self.paragraphs)


class Generator:
    """Makes article i of the corpus for a given seed."""

    def __init__(self, seed: int, data_file: Path = DATA_FILE, seeds_dir: Path = SEEDS_DIR):
        self.seed = seed
        self.data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
        self.seed_articles = seed_sentences(seeds_dir)

    def article(self, index: int) -> Article:
        rng = random.Random(f"{self.seed}:{index}")
        slots = self._slots(rng)
        rename = _renamer(self._seed_mapping(rng, slots))
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAY_SPAN))
        slots["date"] = self._indonesian_date(day)
        title = rng.choice(self.data["titles"]).format(**slots)
        sentences = self._sentences(rng, slots, rename)
        clipping = rng.random() < CLIPPING_SHARE
        if clipping:  # the text itself must state the date: a clipping has no front matter
            sentences.insert(0, rng.choice(self.data["ledes"]).format(**slots))
        return Article(
            index=index,
            slug=f"{index:06d}-{slugify(title)[:60].rstrip('-')}",
            title=title,
            day=day,
            outlet=slots["outlet"],
            tags=self._tags(rng, slots["tag"]),
            paragraphs=_paragraphs(rng, sentences),
            clipping=clipping,
            city=slots["city"],
            crosslink=rng.choice(self.data["titles"]).format(**self._slots(rng)),
        )

    def _slots(self, rng: random.Random) -> dict[str, str]:
        d = self.data
        countries, tag = rng.sample(d["countries"], 3), rng.choice(d["tags"])
        return {
            "person": self._person(rng), "person2": self._person(rng),
            "org": rng.choice(d["organizations"]), "city": rng.choice(d["cities"]),
            "country": countries[0][0], "country2": countries[1][0], "country3": countries[2][0],
            "capital": countries[0][1], "capital2": countries[1][1], "capital3": countries[2][1],
            "tag": tag, "Tag": tag[0].upper() + tag[1:], "outlet": rng.choice(d["outlets"]),
            "role": rng.choice(d["roles"]), "number": str(rng.randint(2, 950)),
        }

    def _tags(self, rng: random.Random, main: str) -> list[str]:
        """TAGS[0] to TAGS[1] tags, the one the title's slot names among them."""
        others = [t for t in self.data["tags"] if t != main]
        return sorted([main, *rng.sample(others, rng.randint(*TAGS) - 1)])

    def _person(self, rng: random.Random) -> str:
        group = self.data["persons"]["indonesian" if rng.random() < 0.6 else "foreign"]
        return f"{rng.choice(group['first'])} {rng.choice(group['last'])}"

    def _seed_mapping(self, rng: random.Random, slots: dict[str, str]) -> dict[str, str]:
        """Seed name -> this article's name, for every person and country of the seeds."""
        mapping: dict[str, str] = {}
        cast = [slots["person"], slots["person2"]]
        for full, short in self.data["seed_names"]["persons"]:
            new = cast.pop(0) if cast else self._person(rng)
            mapping[full] = new
            if short:
                mapping[short] = new.split()[-1]
        for suffix, seed in zip(("", "2", "3"), self.data["seed_names"]["countries"]):
            for name in [seed["name"], *seed["aliases"]]:
                mapping[name] = slots["country" + suffix]
            for name in seed["capital"]:
                mapping[name] = slots["capital" + suffix]
        return mapping

    def _sentences(self, rng: random.Random, slots: dict[str, str], rename) -> list[str]:
        target, words, out = rng.randint(*WORDS), 0, []
        while words < target:
            if rng.random() < TEMPLATE_SHARE:
                run = [rng.choice(self.data["sentences"]).format(**slots)]
            else:  # a run of consecutive sentences from one seed article reads naturally
                source = rng.choice(self.seed_articles)
                start = rng.randrange(len(source))
                run = [rename(s) for s in source[start:start + rng.randint(1, 5)]]
            for sentence in run:
                out.append(sentence)
                words += len(sentence.split())
                if words >= target:
                    break
        return out

    def _indonesian_date(self, day: dt.date) -> str:
        d = self.data
        return f"{d['weekdays'][day.weekday()]} {day.day} {d['months'][day.month - 1]} {day.year}"


def _renamer(mapping: dict[str, str]):
    names = sorted(mapping, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")
    return lambda text: pattern.sub(lambda m: mapping[m.group(1)], text)


def _paragraphs(rng: random.Random, sentences: list[str]) -> list[list[str]]:
    count = min(rng.randint(*PARAGRAPHS), len(sentences))
    cuts = sorted(rng.sample(range(1, len(sentences)), count - 1))
    bounds = [0, *cuts, len(sentences)]
    return [sentences[a:b] for a, b in zip(bounds, bounds[1:])]


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --------------------------------------------------------------------------- rendering

def front_matter(article: Article) -> str:
    q = lambda value: json.dumps(value, ensure_ascii=False)  # JSON strings and lists are valid YAML
    return (f"---\ntitle: {q(article.title)}\ndate: {article.day.isoformat()}\n"
            f"outlet: {q(article.outlet)}\ntags: {q(article.tags)}\n---\n")


def as_markdown(article: Article) -> str:
    return front_matter(article) + "\n" + article.body() + "\n"


def as_clipping(article: Article) -> str:
    """A raw clipping: dateline on the lede, one paragraph a line, a "Baca Juga:" line."""
    lines = [" ".join(p) for p in article.paragraphs]
    lines[0] = f"{article.city.upper()}, {article.outlet} - {lines[0]}"
    lines.insert(min(2, len(lines)), f"Baca Juga: {article.crosslink}")
    return "\n".join(lines) + "\n"


def write_article(article: Article, out: Path) -> None:
    """The article in newsgen's content folder and in the Hugo site's."""
    write_newsgen_article(article, out / "content")
    write_hugo_article(article, out / "hugo")


def write_newsgen_article(article: Article, content_dir: Path) -> Path:
    if article.clipping:
        path, text = content_dir / f"{article.slug}.txt", as_clipping(article)
    else:
        path, text = content_dir / f"{article.slug}.md", as_markdown(article)
    path.write_text(text, encoding="utf-8")
    return path


def write_hugo_article(article: Article, hugo_dir: Path) -> Path:
    """Hugo needs front matter: a clipping becomes the equivalent Markdown."""
    path = hugo_dir / "content" / "articles" / f"{article.slug}.md"
    path.write_text(as_markdown(article), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- Hugo site

HUGO_CONFIG = """\
baseURL = "https://example.org/"
languageCode = "id"
title = "Arsip Berita (Hugo)"
paginate = 20
relativeURLs = true   # newsgen writes relative links too

[taxonomies]
  tag = "tags"
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> · <a href="{{ "/tags/" | relURL }}">Topik</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2 January 2006" }} · {{ .Params.outlet }}</p>
{{ .Content }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
<ul>
{{ range (.Paginate $pages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>
{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
    "terms.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
""",
}


def write_hugo_site(hugo_dir: Path) -> None:
    (hugo_dir / "content" / "articles").mkdir(parents=True, exist_ok=True)
    (hugo_dir / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = hugo_dir / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- main

def make_corpus(n: int, seed: int, out: Path) -> Generator:
    """Write N articles to OUT/content and OUT/hugo, replacing what was there."""
    for sub in ("content", "hugo"):
        shutil.rmtree(out / sub, ignore_errors=True)
    (out / "content").mkdir(parents=True)
    write_hugo_site(out / "hugo")
    generator = Generator(seed)
    for i in range(n):
        write_article(generator.article(i), out)
    return generator


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same corpus")
    ap.add_argument("--out", type=Path, default=Path("/tmp/newsgen-bench/corpus"), help="folder to write into")
    args = ap.parse_args()
    make_corpus(args.n, args.seed, args.out)
    print(f"{args.n} articles in {args.out / 'content'} and {args.out / 'hugo'}")


if __name__ == "__main__":
    main()
