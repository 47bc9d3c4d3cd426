"""What the browser tests check on a page, as plain functions (the tests and their own tests share them).

``check_page`` opens one URL in headless Chromium and reports, as a person would see it:

- every request that tried to leave 127.0.0.1 (it is aborted, so nothing actually leaves);
- console errors and uncaught JavaScript errors, and local files answered with an HTTP error;
- images that did not load (``naturalWidth == 0``) or have no real alt text;
- math that MathJax did not typeset, and raw TeX (``$$``, ``\\[``, ``\\(``) left in the text.

It saves a full-page screenshot and returns a ``PageReport`` whose ``problems()`` is empty for a good page.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# The browser, its flags and the local server, shared with `make pdf` (tools/browser.py); these
# names stay importable from here for the tests that use them.
from tools import browser as _browser
from tools.browser import CHROMIUM, LOCAL_HOST, is_local, refuse_outside_requests

__all__ = ["CHROMIUM", "LOCAL_HOST", "INSTALL_HINT", "is_local", "serve_directory", "watch_network"]

INSTALL_HINT = f"{_browser.INSTALL_HINT}. Under CI=true a missing browser fails the run."
ARTIFACTS = Path(__file__).resolve().parents[2] / ".test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

# Runs in the page once it has loaded: waits for MathJax, then inspects math, text and images.
INSPECT_PAGE_JS = r"""
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  const mathElements = [...document.querySelectorAll('.math')];
  const untypesetMath = mathElements
    .filter((el) => !el.querySelector('mjx-container'))
    .map((el) => el.textContent.trim().slice(0, 80));
  const mathErrors = [...document.querySelectorAll('mjx-merror')]
    .map((el) => el.textContent.slice(0, 80));
  const skip = new Set(['PRE', 'CODE', 'SCRIPT', 'STYLE', 'TEXTAREA', 'MJX-CONTAINER', 'NOSCRIPT']);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      for (let el = node.parentElement; el; el = el.parentElement) {
        if (skip.has(el.tagName) || el.classList.contains('highlight')) return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const rawTex = [];
  // Also half a formula: "$z_{ij} = \sum_k ..." whose closing "b_j$" Markdown took for a list item.
  const texPattern = new RegExp([
    /\$\$|\\\[|\\\(|\\begin\{|\$[^$\s][^$\n]*[\\^_][^$\n]*\$/.source,
    /\$[^$\s][^$]*\\[A-Za-z]+|[A-Za-z0-9}][_^]\{?[A-Za-z0-9]+\}?\$/.source,
  ].join('|'));
  // A Markdown table shown as text (an output rendered as CommonMark, which has no tables).
  const tableRule = /\|\s*:?-{3,}:?\s*\|/;
  const rawTables = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (texPattern.test(node.textContent)) rawTex.push(node.textContent.trim().slice(0, 80));
    if (tableRule.test(node.textContent)) rawTables.push(node.textContent.trim().slice(0, 80));
  }
  const images = [...document.images].map((img) => ({
    src: img.getAttribute('src'), alt: img.getAttribute('alt'),
    loaded: img.complete && img.naturalWidth > 0,
  }));
  return {
    mathCount: mathElements.length, untypesetMath, mathErrors, rawTex, rawTables, images,
    mathjaxLoaded: Boolean(window.MathJax && MathJax.startup),
  };
}
"""


@dataclass
class PageReport:
    url: str
    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    missing_alt: list[str] = field(default_factory=list)
    untypeset_math: list[str] = field(default_factory=list)
    raw_tex: list[str] = field(default_factory=list)
    raw_tables: list[str] = field(default_factory=list)
    math_count: int = 0
    screenshot: Path | None = None

    def problems(self) -> list[str]:
        """One line per problem found; empty when the page is good."""
        found = []
        for name in (
            "outside_requests",
            "console_errors",
            "http_errors",
            "broken_images",
            "missing_alt",
            "untypeset_math",
            "raw_tex",
            "raw_tables",
        ):
            found += [f"{self.url}: {name.replace('_', ' ')}: {item}" for item in getattr(self, name)]
        return found


def is_filename_alt(alt: str | None) -> bool:
    """An alt text that is missing, empty or just a file name is no description."""
    if not alt or not alt.strip():
        return True
    return alt.strip().lower().endswith((".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp"))


@contextlib.contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` over HTTP on 127.0.0.1 (a free port) in a thread; yields the base URL, with its "/"."""
    with _browser.serve_directory(root) as base:
        yield base + "/"


def watch_network(page, report_list: list[str]) -> None:
    """Abort (and record) every request from ``page`` that would leave 127.0.0.1."""
    refuse_outside_requests(page, report_list)


def check_page(browser, url: str, screenshot: Path | None) -> PageReport:
    """Open ``url`` in a fresh browser context and report what a reader would see go wrong."""
    report = PageReport(url=url)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    try:
        watch_network(page, report.outside_requests)
        page.on(
            "console",
            lambda msg: report.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: report.console_errors.append(f"uncaught: {exc}"))
        page.on(
            "response",
            lambda resp: (
                report.http_errors.append(f"{resp.status} {resp.url}") if resp.status >= 400 else None
            ),
        )
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        seen = page.evaluate(INSPECT_PAGE_JS)
        report.math_count = seen["mathCount"]
        report.untypeset_math = seen["untypesetMath"] + [f"MathJax error: {e}" for e in seen["mathErrors"]]
        if seen["mathCount"] and not seen["mathjaxLoaded"]:
            report.untypeset_math.insert(0, "the page has math but MathJax did not load")
        report.raw_tex = seen["rawTex"]
        report.raw_tables = seen["rawTables"]
        report.broken_images = [img["src"] for img in seen["images"] if not img["loaded"]]
        report.missing_alt = [img["src"] for img in seen["images"] if is_filename_alt(img["alt"])]
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
            report.screenshot = screenshot
    finally:
        context.close()
    return report
