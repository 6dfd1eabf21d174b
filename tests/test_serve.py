"""`newsgen serve` as a user runs it: a subprocess on 127.0.0.1, driven over HTTP.

One server for the module (a build takes a while); the tests run in file order and
the last one stops it with SIGINT, as Ctrl-C would.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsgen.serve_http import allow_self

from .conftest import SEEDS

NOTE = """\
---
title: Catatan versi {version}
date: 2024-01-05
---
Banjir merendam tiga kecamatan di Jakarta pada hari Jumat.
"""
NOTE_PAGE = "/repo/articles/catatan.html"
DEADLINE = 20.0  # seconds for any one thing to happen; the whole module stays well under 40 s


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    root: Path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url(path), timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def version(self) -> int:
        status, body = self.get("/__newsgen/version")
        assert status == 200
        return int(body)

    @property
    def log(self) -> str:
        return (self.root / "serve.log").read_text(encoding="utf-8", errors="replace")

    def wait_for(self, what: str, check) -> None:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"newsgen serve exited ({self.process.returncode}) waiting for {what}:\n{self.log}")
            try:
                if check():
                    return
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass  # not listening yet
            time.sleep(0.1)
        pytest.fail(f"no {what} within {DEADLINE} s; newsgen serve said:\n{self.log}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def newsgen_serve(root: Path, port: int, *args: str, **kwargs):
    command = [sys.executable, "-m", "newsgen.cli", "serve", "--content", "content", "--port", str(port), *args]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(command, cwd=root, env=env, preexec_fn=_sigint_as_in_a_terminal, **kwargs)


def _sigint_as_in_a_terminal() -> None:
    # a test run started in the background (`pytest &` in a script) ignores SIGINT, and the
    # child would inherit that; Ctrl-C in a terminal is what the last test stands for
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    shutil.copytree(SEEDS, root / "content")
    (root / "content" / "catatan.md").write_text(NOTE.format(version="satu"), encoding="utf-8")
    with open(root / "serve.log", "wb") as log:
        process = newsgen_serve(root, free_port(), "--output", "site", "--base-path", "/repo/",
                                stdout=log, stderr=subprocess.STDOUT)
    served = Server(process, int(process.args[process.args.index("--port") + 1]), root)
    try:
        served.wait_for("home page", lambda: served.get("/repo/")[0] == 200)
        yield served
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def csp(page: str) -> str:
    return re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)


def test_pages_are_served_with_the_livereload_script_added_to_responses_only(server):
    status, page = server.get(NOTE_PAGE)
    assert status == 200 and "Catatan versi satu" in page
    assert '<script src="/__newsgen/livereload.js" data-build="1"></script>' in page
    on_disk = (server.root / "site" / "articles" / "catatan.html").read_text(encoding="utf-8")
    assert "__newsgen" not in on_disk and "livereload" not in on_disk
    served_policy = csp(page).split("; ")
    assert "script-src 'self'" in served_policy and "connect-src 'self'" in served_policy
    assert set(csp(on_disk).split("; ")) <= set(served_policy)  # everything else as published

    status, script = server.get("/__newsgen/livereload.js")
    assert status == 200 and "/__newsgen/version" in script and "location.reload()" in script
    status, stylesheet = server.get("/repo/static/style.css")
    assert status == 200 and "__newsgen" not in stylesheet


def test_base_path_serves_the_site_under_it_and_404s_outside(server):
    status, message = server.get("/")
    assert status == 404 and "outside the site" in message and f"http://127.0.0.1:{server.port}/repo/" in message
    assert server.get("/articles/catatan.html")[0] == 404
    assert server.get("/repo")[0] == 200  # redirected to /repo/
    status, page = server.get("/repo/articles/no-such-article.html")
    assert status == 404 and "<html" in page and "/__newsgen/livereload.js" in page  # the site's own 404.html
    assert "404 GET /articles/catatan.html" in server.log  # broken links show in the terminal


def test_editing_an_article_rebuilds_and_bumps_the_build_number(server):
    before = server.version()
    (server.root / "content" / "catatan.md").write_text(NOTE.format(version="dua"), encoding="utf-8")
    # the new files are in place before the number changes, so a page reloading on it sees them
    server.wait_for("a new build number", lambda: server.version() > before)
    assert "Catatan versi dua" in server.get(NOTE_PAGE)[1]
    assert "catatan.md; rebuilding" in server.log


def test_a_failed_rebuild_keeps_serving_the_last_good_site(server):
    before = server.version()
    entities = server.root / "entities.yaml"
    entities.write_text("aliases: [\n", encoding="utf-8")
    try:
        server.wait_for("the build error", lambda: "still serving the last good site" in server.log)
        assert "entities.yaml:2: not valid YAML" in server.log
        status, page = server.get(NOTE_PAGE)
        assert status == 200 and "Catatan versi dua" in page
        assert server.version() == before
    finally:
        entities.unlink()
    server.wait_for("a good build again", lambda: server.version() > before)


CHROMIUM = Path(os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium"))
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None


@pytest.mark.skipif(sync_playwright is None or not CHROMIUM.is_file(), reason="needs playwright and chromium")
def test_an_open_page_reloads_itself_under_the_sites_csp(server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            console: list[str] = []
            page.on("console", lambda message: console.append(message.text))
            page.goto(server.url(NOTE_PAGE))
            assert "Catatan versi dua" in page.title()
            (server.root / "content" / "catatan.md").write_text(NOTE.format(version="tiga"), encoding="utf-8")
            # nobody navigates: only the live-reload script can bring the new title
            # (wait_for_function would eval a string in the page, which the CSP rightly forbids)
            server.wait_for("the page to reload itself", lambda: "Catatan versi tiga" in _title(page))
            assert not [m for m in console if "Content Security Policy" in m]
        finally:
            browser.close()


def _title(page) -> str:
    try:
        return page.title()
    except Exception:  # the page is between two loads
        return ""


def test_a_taken_port_is_named_with_the_fix(server, tmp_path):
    (tmp_path / "content").mkdir()
    second = newsgen_serve(tmp_path, server.port, "--output", "site", stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    out, err = second.communicate(timeout=DEADLINE)
    assert second.returncode == 2
    assert f"port {server.port} on 127.0.0.1 is already in use" in err and "--port" in err
    assert "Traceback" not in out + err
    assert not (tmp_path / "site").exists()  # refused before building anything


@pytest.mark.parametrize("policy, served", [
    ("default-src 'none'; style-src 'self'",
     "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'"),
    # a new directive replaces default-src for its kind, so default-src's sources carry over
    ("default-src https://cdn.example 'self'", "default-src https://cdn.example 'self'; "
     "script-src https://cdn.example 'self'; connect-src https://cdn.example 'self'"),
    ("script-src 'none'; img-src 'self'", "script-src 'self'; img-src 'self'"),  # connect-src: not restricted
    ("", ""),
])
def test_the_served_csp_lets_same_origin_scripts_in_and_nothing_else(policy, served):
    assert allow_self(policy) == served


def test_ctrl_c_stops_cleanly(server):
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=DEADLINE) == 0
    assert "Traceback" not in server.log and server.log.rstrip().endswith("Stopping.")
    with pytest.raises(ConnectionRefusedError):  # the listening socket is closed, not left to the OS
        socket.create_connection(("127.0.0.1", server.port), timeout=5).close()
