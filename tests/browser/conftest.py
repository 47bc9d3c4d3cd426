"""Fixtures for the browser tests: headless Chromium (Debian's, driven by Playwright) and the built book.

Without /usr/bin/chromium these tests skip with a message saying how to install it; under CI=true
(`.ci/run`) they fail instead, so CI cannot pass without looking at the pages.
The ``site`` fixture is ``make book``'s build, book/_build/html, or the build that the environment
variable ``DLMATH_BOOK_HTML`` names (as in test_interactive.py and tests/book/test_book.py).
Screenshots go to .test-artifacts/screenshots/ (printed as they are written).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_checks import CHROMIUM, INSTALL_HINT, SCREENSHOTS, serve_directory

from tools.browser import chromium_available, launch

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("DLMATH_BOOK_HTML", ROOT / "book" / "_build" / "html"))


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not chromium_available():
        _unavailable(f"no Chromium at {CHROMIUM}: {INSTALL_HINT}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is missing: run `make setup`")
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def site() -> Path:
    """The built book (``make book`` writes it; ``DLMATH_BOOK_HTML`` points at another build)."""
    if not (SITE / "index.html").is_file():
        _unavailable(f"the book is not built ({SITE} has no index.html): run `make book` first")
    return SITE


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    with serve_directory(site) as url:
        yield url


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
