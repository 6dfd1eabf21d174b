"""`newsgen extract --json`: the contract extraction quality is measured with."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsgen.cli import main

from .conftest import SEEDS

KEYS = {"path", "title", "date", "entities", "dates"}


def run_extract(*paths):
    result = CliRunner().invoke(main, ["extract", "--json", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_one_json_object_per_file_with_the_contract_keys():
    files = sorted(SEEDS.glob("*.txt"))
    records = run_extract(*files)
    assert [r["path"] for r in records] == [str(f) for f in files]
    for record in records:
        assert KEYS <= set(record)
        assert record["entities"], record["path"]
        for entity in record["entities"]:
            assert {"text", "type", "start", "end", "canonical"} <= set(entity)
            assert entity["type"] in {"person", "organization", "place", "event"}
        for date in record["dates"]:
            assert {"text", "start", "end", "value"} <= set(date)


def test_offsets_are_file_offsets_for_a_clean_clipping(tmp_path):
    text = "Presiden Joko Widodo tiba di Surabaya pada Senin (3/4/2023).\nIa bertemu Gubernur Jawa Timur.\n"
    path = tmp_path / "bersih.txt"
    path.write_text(text, encoding="utf-8")
    (record,) = run_extract(path)
    assert record["entities"] and record["dates"]
    for span in record["entities"] + record["dates"]:
        assert text[span["start"]:span["end"]] == span["text"]
    assert {"Joko Widodo", "Surabaya"} <= {e["text"] for e in record["entities"]}


def test_offsets_index_the_cleaned_body_when_boilerplate_was_removed(tmp_path):
    path = tmp_path / "kotor.txt"
    path.write_text("MEDAN, Harian Contoh - Gubernur Sumatera Utara meninjau banjir di Medan.\n"
                    "Baca Juga: Berita Lain\nWarga Medan mengungsi ke masjid.", encoding="utf-8")
    (record,) = run_extract(path)
    body = "Gubernur Sumatera Utara meninjau banjir di Medan.\nWarga Medan mengungsi ke masjid."
    for span in record["entities"]:
        assert body[span["start"]:span["end"]] == span["text"]
    assert "Medan" in {e["text"] for e in record["entities"]}


def test_bad_file_is_reported_and_others_still_extracted(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [x\n---\nIsi.", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--json", str(bad), str(SEEDS / "003_899dac26f7ecad5b.txt")])
    assert result.exit_code == 1
    assert f"{bad}:2: error:" in result.output
    assert '"path"' in result.output
