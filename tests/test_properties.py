"""Property-based tests: the loader never crashes on any input, and slugs are always safe and unique."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.config import Config
from newsgen.load import load_archive, load_article
from newsgen.load.clipping import load_patterns, parse_clipping
from newsgen.load.decode import decode_article
from newsgen.load.errors import ArticleError
from newsgen.load.markdown import KNOWN_KEYS, markdown_renderer
from newsgen.load.text import RESERVED_SLUGS, TITLE_MAX, make_slug, unique_slugs

SAFE_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# No example database: nothing is written into the working tree; failures print their example.
PROPERTY = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
PATTERNS = load_patterns("id")
RENDERER = markdown_renderer(False)

# Text as archives have it: any Unicode, plus the characters that matter to parsers.
texts = st.text(st.characters(codec="utf-8") | st.sampled_from("\n\r\t-:#[]{}'\"*&!|>%@`\x00\x1a\u202e"), max_size=400)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts,
                    st.dates(), st.datetimes())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=3),
                      max_leaves=8)
front_matter = st.dictionaries(st.sampled_from([*KNOWN_KEYS, "categories", "x"]), values, max_size=8)


def check_slug(slug: str) -> None:
    assert SAFE_SLUG.fullmatch(slug), slug
    assert slug not in RESERVED_SLUGS


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Config:
    root = tmp_path_factory.mktemp("props")
    (root / "content").mkdir()
    return Config(root=root, content=Path("content"), output=Path("build"))


def load_or_error(config: Config, name: str, data: bytes):
    path = config.content_dir / name
    path.write_bytes(data)
    try:
        return load_article(path, config.content_dir, config, PATTERNS, RENDERER)
    except ArticleError as exc:  # the one exception a bad article may raise
        assert exc.message and "Traceback" not in exc.message
        return None


@PROPERTY
@given(texts)
def test_slugs_are_always_safe(text):
    check_slug(make_slug(text))


@PROPERTY
@given(st.lists(texts, max_size=30))
def test_unique_slugs_are_unique_and_keep_their_base(wanted):
    slugs = [make_slug(t) for t in wanted]
    unique = unique_slugs(slugs)
    assert len(set(unique)) == len(unique) == len(slugs)
    for base, slug in zip(slugs, unique):
        check_slug(slug)
        assert slug == base or slug.startswith(base + "-")


@PROPERTY
@given(texts)
def test_clipping_parser_never_crashes(text):
    clip = parse_clipping(text, PATTERNS)
    assert isinstance(clip.body, str)


@PROPERTY
@given(st.binary(max_size=600))
def test_any_bytes_decode_or_give_a_clear_error(data):
    try:
        text = decode_article(data).text
    except ArticleError as exc:
        assert "text" in exc.message or "UTF" in exc.message
    else:
        assert "\r" not in text and "\x00" not in text


@PROPERTY
@given(texts)
def test_any_clipping_loads_or_gives_a_clear_error(config, text):
    article = load_or_error(config, "klip.txt", text.encode("utf-8"))
    if article:
        check_slug(article.slug)
        assert "\n" not in article.title and article.body.strip()


@PROPERTY
@given(front_matter, texts)
def test_any_front_matter_loads_or_gives_a_clear_error(config, meta, body):
    document = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    article = load_or_error(config, "artikel.md", document.encode("utf-8"))
    if article:
        check_slug(article.slug)
        assert "\n" not in article.title and len(article.title) <= TITLE_MAX
        assert article.date is None or isinstance(article.date, dt.date)
        assert article.source_url is None or article.source_url.startswith(("http:", "https:", "HTTP", "Http"))


@PROPERTY
@given(texts, texts)
def test_raw_front_matter_text_loads_or_gives_a_clear_error(config, raw, body):
    article = load_or_error(config, "mentah.md", f"---\n{raw}\n---\n{body}".encode("utf-8"))
    if article:
        check_slug(article.slug)


@settings(PROPERTY, max_examples=40)
@given(st.lists(st.tuples(texts, st.sampled_from([".txt", ".md"]), texts), min_size=1, max_size=6))
def test_archive_slugs_unique_and_no_internal_failures(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("archive")
    content = root / "content"
    content.mkdir()
    for n, (stem, suffix, text) in enumerate(files):
        name = f"{n}-{stem}"[:60].replace("/", "_").replace("\x00", "_") + suffix
        (content / name).write_text(f"---\nslug: {stem!r}\n---\n{text}" if suffix == ".md" else text,
                                    encoding="utf-8", errors="surrogatepass")
    result = load_archive(Config(root=root, content=Path("content"), output=Path("build")))
    slugs = [a.slug for a in result.articles]
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        check_slug(slug)
    assert not [p for p in result.problems if "newsgen failed on this file" in p.message]
