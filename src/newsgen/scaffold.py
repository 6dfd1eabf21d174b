"""`newsgen init`: a new archive folder, ready to build locally and to publish on GitHub Pages."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .load.files import ARTICLE_SUFFIXES

EXAMPLE_ARTICLE = "content/contoh-artikel.md"

# target path in the new archive -> data file under newsgen/data/scaffold/
# (dot-files are stored without the dot so packaging tools never mistake them for their own)
SCAFFOLD_FILES: dict[str, str] = {
    "newsgen.yaml": "newsgen.yaml",
    EXAMPLE_ARTICLE: "contoh-artikel.md",
    "templates/README.txt": "templates-README.txt",
    ".gitignore": "gitignore",
    ".github/workflows/pages.yml": "pages.yml",
}


class ScaffoldError(Exception):
    """The archive cannot be created; nothing was written."""


def scaffold_text(name: str) -> str:
    return (resources.files("newsgen") / "data" / "scaffold" / name).read_text(encoding="utf-8")


def init_archive(folder: Path) -> list[Path]:
    """Write the starter files into `folder` (created if needed); return the paths written.

    Every target is checked before anything is written, so a refusal leaves the folder as it was.
    A content folder that already holds articles gets no example article: it would be built with them.
    """
    targets = {folder / target: source for target, source in SCAFFOLD_FILES.items()
               if not (target == EXAMPLE_ARTICLE and holds_articles(folder / "content"))}
    existing = [path for path in targets if path.exists()]
    if existing:
        names = ", ".join(str(p) for p in existing)
        raise ScaffoldError(f"refusing to overwrite existing file(s): {names}; move them away or init another folder")
    for path, source in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(scaffold_text(source), encoding="utf-8")
    return list(targets)


def holds_articles(content: Path) -> bool:
    return content.is_dir() and any(p.suffix.lower() in ARTICLE_SUFFIXES for p in content.rglob("*") if p.is_file())
