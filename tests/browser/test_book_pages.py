"""Open every page of the built book in headless Chromium, the way a reader would, with the network off.

Each page must load everything from 127.0.0.1 only, log no console error, show every image, and have
its math typeset by the MathJax copy inside the build. A full-page screenshot of each page goes to
.test-artifacts/screenshots/book/ (paths are printed; run pytest with -s to see them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from site_checks import check_page

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("DLMATH_BOOK_HTML", ROOT / "book" / "_build" / "html"))
SKIP_FOLDERS = {"_static", "_sources", "_images", "_downloads"}


def book_pages() -> list[str]:
    if not SITE.is_dir():
        return ["(book not built)"]
    pages = sorted(
        p.relative_to(SITE).as_posix()
        for p in SITE.rglob("*.html")
        if not SKIP_FOLDERS.intersection(p.relative_to(SITE).parts)
    )
    return pages or ["(book not built)"]


@pytest.mark.parametrize("page", book_pages())
def test_page_renders_offline(browser, site, site_url, screenshot_dir, page):
    if page == "(book not built)":
        pytest.fail("no pages found in book/_build/html")
    shot = screenshot_dir / "book" / (page.removesuffix(".html").replace("/", "__") + ".png")
    report = check_page(browser, site_url + page, shot)
    print(f"screenshot: {shot.relative_to(ROOT)}")
    assert report.problems() == []


def test_chapter_pages_have_math_figures_and_navigation(browser, site, site_url):
    """The pages exist where the toc says, with typeset math and working prev/next links."""
    notation = check_page(browser, site_url + "book/notation.html", None)
    assert notation.math_count >= 10, "the notation page should be mostly math"
    assert notation.problems() == []
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_url + "book/intro.html")
        # Follow "next" from the first page to the last: every page is reachable in order.
        visited = [page.url]
        while page.locator("a.right-next").count():
            page.locator("a.right-next").first.click()
            page.wait_for_load_state("load")
            assert page.url not in visited, f"next-link loop at {page.url}"
            visited.append(page.url)
        chapters = [url for url in visited if "/notebooks/" in url]
        assert chapters, f"no chapter page reached by next-links: {visited}"
        assert visited[-1].endswith("book/errata.html")
    finally:
        context.close()


def test_search_finds_a_chapter(browser, site, site_url, screenshot_dir):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_url + "search.html?q=gradient")
        results = page.locator("#search-results ul.search li")
        results.first.wait_for(timeout=15_000)
        assert results.count() >= 1
        shot = screenshot_dir / "book" / "search-gradient.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot: {shot.relative_to(ROOT)}")
    finally:
        context.close()


def test_hidden_solutions_open_with_a_click(browser, site, site_url):
    """Cells tagged hide-input show a toggle; clicking it reveals the code (no network needed)."""
    pages = [p for p in book_pages() if p.startswith("notebooks/")]
    context = browser.new_context()
    page = context.new_page()
    checked = 0
    try:
        for name in pages:
            page.goto(site_url + name)
            toggles = page.locator("details.hide.above-input")
            if not toggles.count():
                continue
            toggle = toggles.first
            code = toggle.locator("pre").first
            assert not code.is_visible(), f"{name}: solution code visible before the toggle is clicked"
            toggle.locator("summary").click()
            assert code.is_visible(), f"{name}: clicking the toggle did not reveal the solution"
            checked += 1
    finally:
        context.close()
    if not checked:
        pytest.skip("no chapter has a hide-input cell yet")
