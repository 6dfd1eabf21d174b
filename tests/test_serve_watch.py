"""Which file changes make `newsgen serve` rebuild."""

from __future__ import annotations

from newsgen.config import Config
from newsgen.serve_watch import Sources


def test_only_what_a_build_reads_calls_for_a_rebuild(tmp_path):
    config = Config(root=tmp_path, source=tmp_path / "newsgen.yaml")
    sources = Sources.of(config)
    content, root = config.content_dir.resolve(), tmp_path.resolve()
    assert sources.matters(str(content / "2024" / "banjir.md"))
    assert sources.matters(str(content / "KLIPING.TXT"))
    assert sources.matters(str(content / "2024"), folder=True)  # a folder of articles moved or deleted
    assert not sources.matters(str(content / "2024" / "sed6DzCsK"))  # sed -i's temporary file
    assert not sources.matters(str(content / "banjir.md~"))  # an editor's backup
    assert not sources.matters(str(content / ".banjir.md.swp"))
    assert sources.matters(str(root / "templates" / "partials" / "x.html"))
    assert sources.matters(str(root / "static" / "logo"))  # the theme's folders: every file
    assert sources.matters(str(root / "newsgen.yaml")) and sources.matters(str(root / "entities.yaml"))
    assert not sources.matters(str(config.output_dir.resolve() / "index.html"))
