"""Where every page lives, and links between pages: the one place URLs come from.

Pages are addressed by their output path ("articles/x.html"). Links between pages
are relative, so one build works from disk (file://), on localhost and under a
GitHub Pages project subpath; absolute URLs (feeds, canonical) join base_url.
"""

from __future__ import annotations

from functools import lru_cache

HOME = "index.html"
TOPICS = "topics/index.html"
TIMELINE = "timeline/index.html"
OUTLETS = "outlets/index.html"
UNDATED = "timeline/undated.html"
NOT_FOUND = "404.html"  # GitHub Pages and most servers show it for missing pages


def paged(path: str, page: int) -> str:
    """Page `page` of a paginated listing whose first page is `path`: in a folder of that name,
    which no first page has (page 10 of "timeline/2023-06.html" was once the page of June 10)."""
    return path if page == 1 else f"{path[:-len('.html')]}/{page}.html"


def article(slug: str) -> str:
    return f"articles/{slug}.html"


def entity(slug: str) -> str:
    return f"entities/{slug}.html"


def tag(slug: str) -> str:
    return f"topics/{slug}.html"


def month(year: int, month_number: int) -> str:
    return f"timeline/{year:04d}-{month_number:02d}.html"


def entity_type(entity_type: str, a_to_z: bool = False) -> str:
    return f"types/{entity_type}{'-a-z' if a_to_z else ''}.html"


def year(year_number: int) -> str:
    return f"timeline/{year_number:04d}.html"


def day(date) -> str:
    return f"timeline/{date.isoformat()}.html"


EVENTS = "events/index.html"


def events_year(year_number: int) -> str:
    return f"events/{year_number:04d}.html"


def events_month(year_number: int, month_number: int) -> str:
    return f"events/{year_number:04d}-{month_number:02d}.html"


def event_date(value: str) -> str:
    """A mentioned date ("2022-02-24", "2022-02" or "2022") on the event timeline, with all its sentences:
    a year on its year's page, a month or a day on its month's."""
    page = events_year(int(value[:4])) if len(value) == 4 else events_month(int(value[:4]), int(value[5:7]))
    return f"{page}#d-{value}"


def paragraph(slug: str, number: int) -> str:
    """A paragraph of an article (0-based), for links to the sentence that mentions something."""
    return f"{article(slug)}#p-{number + 1}"


def outlet(slug: str) -> str:
    return f"outlets/{slug}.html"


def static(name: str) -> str:
    return f"static/{name}"


def relative(target: str, from_page: str) -> str:
    """Link from the page at `from_page` to the file at `target` (both output paths)."""
    folder = from_page.rpartition("/")[0]  # posixpath.dirname, without its checks: pages link hundreds of times
    if "#" not in target:
        return _relpath(target, folder)
    target_path, _, fragment = target.partition("#")
    link = _relpath(target_path, folder)
    return f"{link}#{fragment}" if fragment else link


@lru_cache(maxsize=262144)  # every page links the same menu, types and neighbours again
def _relpath(target: str, from_dir: str) -> str:
    # posixpath.relpath asks the OS for the working folder on every call; output paths
    # are already clean and relative, so plain list work gives the same answer fast
    target_parts = target.split("/")
    from_parts = from_dir.split("/") if from_dir else []
    common = 0
    while common < min(len(target_parts) - 1, len(from_parts)) and target_parts[common] == from_parts[common]:
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + target_parts[common:])


def absolute(target: str, base_url: str) -> str:
    return base_url.rstrip("/") + "/" + target.lstrip("/")


# Machine-readable outputs (machine.py): feeds, sitemap, robots.txt, open data.
FEED = "feed.xml"  # Atom, the newest articles of the whole site
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
DATA_ARTICLES = "data/articles.jsonl"
DATA_ENTITIES = "data/entities.csv"
DATA_MENTIONS = "data/mentions.csv"


def tag_feed(slug: str) -> str:
    """Atom feed of a tag (topic), beside its page."""
    return f"topics/{slug}.xml"


def entity_feed(slug: str) -> str:
    """Atom feed of an entity, beside its page."""
    return f"entities/{slug}.xml"


def sitemap_part(number: int) -> str:
    """Part `number` of a sitemap too large for one file (sitemap.xml is then their index)."""
    return f"sitemap-{number}.xml"


SEARCH = "search.html"  # static/search.js over the index below (needs the site served, not file://)

# The search index (newsgen.search): a manifest, from which search.js finds every other file.
SEARCH_INDEX = "search/index.json"
SEARCH_TABLE = "search/documents.json"  # every document's date and length


def search_shard(name: str) -> str:
    """Postings of the words of one shard (`name` is its file-safe key)."""
    return f"search/terms/{name}.json"


def search_records(number: int | str) -> str:
    """What results show of the documents of one group of ids."""
    return f"search/results/{number}.json"


def search_facet(facet: str) -> str:
    """A filter's values (entity names, outlets, years) with their documents."""
    return f"search/facets/{facet}.json"
