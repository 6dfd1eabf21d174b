"""newsgen: a static news-archive generator."""

from __future__ import annotations

import hashlib
from pathlib import Path

__version__ = "0.1.0"


def code_digest(folder: Path | None = None) -> str:
    """A digest of newsgen's own Python files under `folder` (default: all of them).

    Caches made by other code are not used: the version changes only with a release,
    and a checkout (pip install -e) changes its code between releases.
    """
    root = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted((folder or root).rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
