"""`newsgen serve`: the HTTP side. Serves the built site, under a base path, with live reload.

The live-reload script is added to HTML *responses* only; the files on disk stay
exactly what `newsgen build` writes and what gets published.
"""

from __future__ import annotations

import html
import re
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

INTERNAL = "/__newsgen/"  # at the server's root whatever --base-path is: no site page lives there
VERSION_URL, SCRIPT_URL = INTERNAL + "version", INTERNAL + "livereload.js"

# Polls the build number and reloads when it changes. A separate file, not inline:
# the site's Content-Security-Policy forbids inline script.
LIVERELOAD_JS = """\
// newsgen serve: reload the page when the site is rebuilt. Added by the server, never part of the site.
(function () {
  var build = document.currentScript.getAttribute("data-build");
  function poll() {
    fetch("%(version)s", {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (current) {
        if (current.trim() !== build) { location.reload(); } else { setTimeout(poll, 700); }
      })
      .catch(function () { setTimeout(poll, 2000); });  // server stopped or restarting: keep trying
  }
  setTimeout(poll, 700);
})();
""" % {"version": VERSION_URL}


class SiteServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a browser that reloaded or navigated away mid-response: nothing went wrong
        super().handle_error(request, client_address)


def make_server(port: int, site_dir: Callable[[], Path], build_number: Callable[[], int], base_path: str) -> SiteServer:
    """Bind 127.0.0.1:port (raises OSError when taken); site_dir and build_number are read per request."""

    class Handler(SiteHandler):
        pass

    Handler.site_dir, Handler.build_number, Handler.base_path = staticmethod(site_dir), staticmethod(build_number), base_path
    return SiteServer(("127.0.0.1", port), Handler)


class SiteHandler(SimpleHTTPRequestHandler):
    site_dir: Callable[[], Path]
    build_number: Callable[[], int]
    base_path: str = "/"

    def __init__(self, *args, **kwargs):
        # per request: a config change may move the output folder
        super().__init__(*args, directory=str(self.site_dir()), **kwargs)

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path.startswith(INTERNAL):
            self._internal(path, head)
        elif path + "/" == self.base_path:
            self._redirect(self.base_path)
        elif not path.startswith(self.base_path):
            self._outside_base(path, head)
        else:
            page = self._html_file(path)
            if page:
                self._send_html(page.read_bytes(), HTTPStatus.OK, head)
            elif head:
                super().do_HEAD()
            else:
                super().do_GET()

    def translate_path(self, path: str) -> str:
        # /repo/articles/x.html is articles/x.html in the output folder
        return super().translate_path("/" + path[len(self.base_path):] if path.startswith(self.base_path) else path)

    def _html_file(self, path: str) -> Path | None:
        target = Path(self.translate_path(path))
        if target.is_dir():
            if not path.endswith("/"):
                return None  # the standard handler redirects to the slash form, as GitHub Pages does
            target = target / "index.html"
        return target if target.suffix == ".html" and target.is_file() else None

    def list_directory(self, path):
        # GitHub Pages lists no folders; a link to one without index.html is broken there
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code == HTTPStatus.NOT_FOUND and not_found.is_file():
            self._send_html(not_found.read_bytes(), HTTPStatus.NOT_FOUND, self.command == "HEAD")
        else:
            super().send_error(code, message, explain)

    def end_headers(self) -> None:
        # after a rebuild the browser must fetch the new files, not reuse the old ones
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _internal(self, path: str, head: bool) -> None:
        if path == VERSION_URL:
            self._send(HTTPStatus.OK, "text/plain; charset=utf-8", str(self.build_number()).encode(), head)
        elif path == SCRIPT_URL:
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", LIVERELOAD_JS.encode(), head)
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"newsgen serve: no such endpoint\n", head)

    def _outside_base(self, path: str, head: bool) -> None:
        host, port = self.server.server_address[:2]
        message = (f"404 Not Found: {path} is outside the site.\n\n"
                   f"The site is served under {self.base_path} (--base-path), as it will be on GitHub Pages:\n"
                   f"open http://{host}:{port}{self.base_path}\n\n"
                   f"A link that led here starts with / and will be broken once the site is published.\n")
        self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", message.encode(), head)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send_html(self, page: bytes, status: int, head: bool) -> None:
        body = with_livereload(page.decode("utf-8", "surrogateescape"), self.build_number())
        self._send(status, "text/html; charset=utf-8", body.encode("utf-8", "surrogateescape"), head)

    def _send(self, status: int, content_type: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_request(self, code="-", size="-") -> None:
        # only failures: a 404 here is a broken link to fix before publishing
        if isinstance(code, int) and code >= 400:
            sys.stderr.write(f"  {code} {self.command} {self.path}\n")

    def log_error(self, format, *args) -> None:
        pass  # log_request reports the same failure


# -- the page as served ---------------------------------------------------------------

_BODY_END = re.compile(r"</body\s*>", re.I)
_META = re.compile(r"<meta\b[^>]*>", re.I)
_IS_CSP = re.compile(r"""\bhttp-equiv\s*=\s*["']?content-security-policy\b""", re.I)
_CONTENT = re.compile(r"""(\bcontent\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


def with_livereload(page: str, build: int) -> str:
    """The page with the live-reload script at the end of <body>, and a CSP that lets it run."""
    tag = f'<script src="{SCRIPT_URL}" data-build="{build}"></script>\n'
    ends = list(_BODY_END.finditer(page))
    at = ends[-1].start() if ends else len(page)
    return _META.sub(_allow_livereload, page[:at] + tag + page[at:])


def _allow_livereload(meta: re.Match) -> str:
    tag = meta.group(0)
    if not _IS_CSP.search(tag):
        return tag
    return _CONTENT.sub(lambda m: m.group(1) + m.group(2) + _escape(allow_self(html.unescape(m.group(3)))) + m.group(2),
                        tag, count=1)


def _escape(policy: str) -> str:
    return policy.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def allow_self(policy: str) -> str:
    """`policy` letting same-origin scripts load and fetch: what the live-reload script needs, nothing more."""
    directives = [d.split() for d in policy.split(";") if d.strip()]
    names = [d[0].lower() for d in directives]
    default = directives[names.index("default-src")][1:] if "default-src" in names else None
    for name in ("script-src", "connect-src"):
        if name in names:
            sources = directives[names.index(name)]
        elif default is not None:
            # a new directive replaces default-src for its kind: carry default-src's sources over
            sources = [name, *default]
            directives.append(sources)
        else:
            continue  # no default-src and no directive of this kind: not restricted at all
        sources[1:] = [s for s in sources[1:] if s.lower() != "'none'"]
        if "'self'" not in (s.lower() for s in sources[1:]):
            sources.append("'self'")
    return "; ".join(" ".join(d) for d in directives)
