"""The error a single article raises when it cannot be loaded."""


class ArticleError(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
