"""What loading one article can report: an error that stops it, or warnings that do not."""

from __future__ import annotations

from dataclasses import dataclass


class ArticleError(Exception):
    """The article cannot be loaded; `message` says what is wrong and what to do."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class ArticleWarning:
    """Something was off but the article still loads (e.g. a guessed encoding)."""

    message: str
    line: int | None = None
    kind: str = "load"
