"""Headless Chromium kept on this machine: the flags, a local HTTP server, a network guard.

``make pdf`` (tools/build_pdf.py) and the browser tests (tests/browser/) both use Debian's
Chromium through Playwright's Python package, with the same flags, and serve what they open from
127.0.0.1. Nothing a page asks for may leave the machine:

>>> is_local("http://127.0.0.1:8000/x.js"), is_local("data:image/png;base64,AA")
(True, True)
>>> is_local("https://cdn.example.org/mathjax.js")
False
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = Path(os.environ.get("DLMATH_CHROMIUM", "/usr/bin/chromium"))
LOCAL_HOST = "127.0.0.1"
INSTALL_HINT = (
    "install Debian's Chromium: `sudo apt-get install chromium` or `make browser-deps` as root "
    f"(Playwright's Python package drives {CHROMIUM}; never `playwright install`)"
)
# No background traffic, and every host name but 127.0.0.1 fails to resolve, so even a request
# that a page's guard missed could not leave this machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--no-first-run",
    "--no-pings",
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {LOCAL_HOST}",
]


def chromium_available() -> bool:
    """Whether the Chromium at ``CHROMIUM`` (``DLMATH_CHROMIUM`` or /usr/bin/chromium) can run."""
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def launch(playwright: Any) -> Any:
    """Start headless Chromium with the flags above: ``launch(sync_playwright().start())``."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def is_local(url: str) -> bool:
    """True for URLs that stay on this machine's 127.0.0.1 (or carry their data inline)."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname == LOCAL_HOST


def refuse_outside_requests(page: Any, refused: list[str]) -> None:
    """Abort every request (and note every websocket) of ``page`` that would leave 127.0.0.1.

    The URLs go to ``refused``, so a caller can fail on them.
    """

    def handle(route: Any, request: Any) -> None:
        if is_local(request.url):
            route.continue_()
        else:
            refused.append(request.url)
            route.abort("blockedbyclient")

    page.route("**/*", handle)
    page.on("websocket", lambda ws: None if is_local(ws.url) else refused.append(ws.url))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port, in a thread; yields the base URL (no final "/")."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
