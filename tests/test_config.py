from __future__ import annotations

from pathlib import Path

import pytest

from newsgen.config import ConfigError, load_config


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsgen.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_work_without_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert (config.language, config.content, config.output, config.per_page) == ("id", Path("seeds"), Path("build"), 20)


def test_values_are_read_and_paths_resolve_against_the_config_folder(tmp_path):
    config = load_config(write_config(tmp_path, "title: Arsip\nper_page: 5\ncontent: artikel\nlanguage: en\n"))
    assert config.title == "Arsip" and config.per_page == 5 and config.language == "en"
    assert config.content_dir == tmp_path / "artikel"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("titel: x", "unknown option 'titel'"),
        ("per_page: banyak", "'per_page' must be a whole number"),
        ("per_page: true", "'per_page' must be"),
        ("per_page: 0", "'per_page' must be ≥ 1"),
        ("timezone: Mars/Olympus", "unknown time zone"),
        ("base_url: example.org", "must start with http"),
        ("boilerplate: {promo: ['(']}", "invalid regular expression"),
        ("boilerplate: {iklan: []}", "boilerplate.iklan: unknown kind"),
        ("- a", "must be a mapping"),
        ("title: [", "invalid YAML"),
    ],
)
def test_errors_name_the_file_and_key(tmp_path, text, words):
    path = write_config(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(path) in str(error.value) and words in str(error.value)


def test_command_line_overrides_win(tmp_path):
    config = load_config(write_config(tmp_path, "output: situs\n"), {"output": "lain", "content": None})
    assert config.output == Path("lain")
