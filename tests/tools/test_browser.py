"""tools/browser.py: the local server, the network guard and the flags that keep Chromium home."""

from __future__ import annotations

import doctest
import urllib.request

from tools import browser
from tools.browser import CHROMIUM_ARGS, LOCAL_HOST, is_local, refuse_outside_requests, serve_directory


def test_the_doctests_hold():
    assert doctest.testmod(browser).failed == 0


def test_serve_directory_serves_the_folder_on_loopback_and_stops(tmp_path):
    (tmp_path / "page.html").write_text("<p>hi</p>", encoding="utf-8")
    with serve_directory(tmp_path) as base:
        assert base.startswith(f"http://{LOCAL_HOST}:") and not base.endswith("/")
        with urllib.request.urlopen(f"{base}/page.html", timeout=10) as response:  # noqa: S310
            assert response.read() == b"<p>hi</p>"
    try:
        urllib.request.urlopen(f"{base}/page.html", timeout=2)  # noqa: S310
    except OSError:
        pass
    else:
        raise AssertionError("the server still answers after the block ended")


def test_is_local_keeps_only_loopback_and_inline_data():
    assert is_local("http://127.0.0.1:9/a") and is_local("about:blank")
    assert is_local("blob:http://127.0.0.1/x")
    assert not is_local("http://localhost.example:9/a") and not is_local("http://10.0.0.1/a")


def test_every_host_but_loopback_fails_to_resolve_in_chromium():
    rule = next(arg for arg in CHROMIUM_ARGS if arg.startswith("--host-resolver-rules="))
    assert rule.endswith(f"MAP * ~NOTFOUND, EXCLUDE {LOCAL_HOST}")
    assert "--disable-background-networking" in CHROMIUM_ARGS


class _Route:
    def __init__(self) -> None:
        self.done = ""

    def continue_(self) -> None:
        self.done = "continued"

    def abort(self, reason: str) -> None:
        self.done = f"aborted: {reason}"


class _Request:
    def __init__(self, url: str) -> None:
        self.url = url


class _Page:
    """What refuse_outside_requests asks of a Playwright page: route() and on()."""

    def __init__(self) -> None:
        self.handlers: dict = {}

    def route(self, pattern: str, handler) -> None:
        self.handlers[pattern] = handler

    def on(self, event: str, handler) -> None:
        self.handlers[event] = handler


def test_refuse_outside_requests_aborts_and_records_what_would_leave():
    page, refused = _Page(), []
    refuse_outside_requests(page, refused)
    inside, outside = _Route(), _Route()
    page.handlers["**/*"](inside, _Request("http://127.0.0.1:8000/x.js"))
    page.handlers["**/*"](outside, _Request("https://cdn.example.org/x.js"))
    assert (inside.done, outside.done) == ("continued", "aborted: blockedbyclient")
    page.handlers["websocket"](_Request("wss://example.org/socket"))
    assert refused == ["https://cdn.example.org/x.js", "wss://example.org/socket"]
