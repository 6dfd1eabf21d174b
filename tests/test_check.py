"""`newsgen check`: problems found without writing a site."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

from click.testing import CliRunner

from newsgen.cli import main

from .conftest import SEEDS


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_check(content, *args):
    return CliRunner().invoke(main, ["check", "--content", str(content), *args])


def test_check_reports_each_kind_and_writes_nothing(tmp_path):
    content = tmp_path / "content"
    write(content, "a.md", "---\ntitle: A\ndate: 2024-01-02\n---\nPresiden Joko Widodo tiba di Surabaya. "
                           "Lihat [catatan](catatan.md) dan [hilang](tidak-ada.md).")
    write(content, "catatan.md", "---\ntitle: Catatan\ndate: 2024-01-03\n---\nJoko Widodo berbicara di Bandung.")
    write(content, "b.md", "---\ntitle: B\n---\nPresiden Joko Widod0 tiba di Bandung untuk meninjau proyek.")
    write(content, "rusak.md", "---\ntitle: [x\n---\nIsi.")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = run_check(content, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    kinds = {(p["kind"], p["path"].rsplit("/", 1)[-1]) for p in report["problems"]}
    assert ("load", "rusak.md") in kinds
    assert ("undated", "b.md") in kinds
    assert ("broken-link", "a.md") in kinds
    assert any(p["kind"] == "similar-entities" and "Joko Widod0" in p["message"] for p in report["problems"])
    assert not any("catatan.md" in p["message"] for p in report["problems"])  # the link that resolves is fine
    assert report["errors"] == 2 and report["articles"] == 3
    after = sorted(p.name for p in tmp_path.rglob("*") if ".newsgen-cache" not in p.parts)
    assert [n for n in after if n != ".newsgen-cache"] == before  # no site written


def test_clean_archive_passes_in_text_format(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SEEDS, content)
    result = run_check(content)
    assert result.exit_code == 0, result.output
    assert "5 articles checked: 0 errors" in result.output
    (content / "rusak.md").write_text("---\ntitle: [\n---\nIsi.\n", encoding="utf-8")
    assert "5 articles checked: 1 error, " in run_check(content).output  # the bad file is no article; not "1 errors"


def test_an_undated_clipping_is_told_how_a_clipping_gets_its_date(tmp_path):
    content = tmp_path / "content"
    write(content, "kliping.txt", "Warga mengungsi karena banjir.\n\nBantuan belum tiba.")
    report = json.loads(run_check(content, "--format", "json").output)
    [undated] = [p for p in report["problems"] if p["kind"] == "undated"]
    assert "front matter" not in undated["message"].split(";")[1].split(", or")[0]  # a clipping has none
    # the command it suggests names the file as it can be typed here, in an archive of one's own
    command = undated["message"].split("`newsgen import ", 1)[1].split("`", 1)[0]
    assert Path(shlex.split(command)[0]).resolve() == (content / "kliping.txt").resolve()
    assert "in an archive made with `newsgen init`" in undated["message"]  # no newsgen.yaml here
    # the dateline the message suggests does date it
    (content / "kliping.txt").write_text("Jakarta, Senin (14/3/2022) - Warga mengungsi karena banjir.\n",
                                         encoding="utf-8")
    report = json.loads(run_check(content, "--format", "json").output)
    assert not [p for p in report["problems"] if p["kind"] in ("undated", "low-confidence-date")]


def test_names_that_differ_in_a_whole_other_word_are_not_called_one_entity(tmp_path):
    content = tmp_path / "content"
    write(content, "a.md", "---\ntitle: A\ndate: 2024-01-02\n---\nKementerian Luar Negeri Korea menolak tuduhan itu. "
                           "Kementerian Luar Negeri Kenya membantah. Presiden Joko Widodo tiba di Surabaya.")
    write(content, "b.md", "---\ntitle: B\ndate: 2024-01-03\n---\nPresiden Joko Widod0 tiba di Bandung.")
    report = json.loads(run_check(content, "--format", "json").output)
    similar = [p["message"] for p in report["problems"] if p["kind"] == "similar-entities"]
    assert any("Joko Widod0" in message for message in similar)  # one letter off: one entity
    assert not any("Luar Negeri" in message for message in similar), similar
