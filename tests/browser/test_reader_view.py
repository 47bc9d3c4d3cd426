"""Every page of the built book as a reader sees it: light and dark, at 1280 and 390 px.

Each page is opened once per view (light/dark x 1280/390 px) and measured by
``reader_checks.view_page``; the tests below read those measurements:

- no page scrolls sideways as a whole, at any width; no code or output block needs sideways
  scrolling at a 1280 px window (78 columns fit);
- no heading, table-of-contents entry, prev/next link or page title shows a number twice;
- axe-core finds no serious or critical accessibility violation, in any view;
- in dark mode every figure is opaque (no transparent background vanishing into the dark page);
- the exercise solutions (cells tagged ``solution``) show neither code nor output before a click,
  and one click on the toggle shows both.

axe-core runs in three views (light and dark at 1280 px, light at 390 px): seconds per long page.
With ``DLMATH_REVIEW_SCREENSHOTS=1`` the fourth view (dark, 390 px) is visited too and full-page
screenshots of all four go to .test-artifacts/screenshots/review/, for a person to look at
(about 60 MB; three more minutes on two cores).
"""

from __future__ import annotations

import os

import pytest
from reader_checks import (
    AXE_HINT,
    AXE_JS,
    book_pages,
    doubled_numbers,
    solution_visibility,
    transparent_figures,
    view_page,
)

REVIEW = os.environ.get("DLMATH_REVIEW_SCREENSHOTS", "") == "1"
# (mode, window width, run axe-core)
VIEWS = [("light", 1280, True), ("dark", 1280, True), ("light", 390, True)]
VIEWS += [("dark", 390, False)] if REVIEW else []
WIDE = 1280  # the window width at which no code or output block may scroll sideways


@pytest.fixture(scope="module")
def views(browser, site, site_url, screenshot_dir) -> dict[tuple[str, str, int], object]:
    """Every page in every view, measured once: ``{(page, mode, width): PageView}``."""
    pages = book_pages(site)
    if not pages:
        pytest.fail(f"no pages found in {site}")
    measured = {}
    for page in pages:
        stem = page.removesuffix(".html").replace("/", "__")
        for mode, width, axe in VIEWS:
            shot = screenshot_dir / "review" / f"{stem}-{width}-{mode}.png" if REVIEW else None
            measured[page, mode, width] = view_page(browser, site_url + page, page, mode, width, shot, axe)
    if REVIEW:
        print(f"screenshots: {screenshot_dir / 'review'} ({len(measured)} views)")
    return measured


def _views(views, mode=None, width=None):
    return [
        v for (_, m, w), v in views.items() if (mode is None or m == mode) and (width is None or w == width)
    ]


def test_every_view_loaded_in_its_mode(views):
    problems = []
    for v in views.values():
        if v.error:
            problems.append(f"{v.name}: {v.error}")
        elif v.theme != v.mode:
            problems.append(f"{v.name}: data-theme is {v.theme!r}")
        problems += [f"{v.name}: request beyond 127.0.0.1: {url}" for url in v.outside_requests]
    assert problems == [], "\n".join(problems)


def test_no_code_or_output_block_scrolls_sideways(views):
    """At a 1280 px window every code and output block shows its longest line whole."""
    found = [
        f"{v.page} [{b['section']}] {b['kind']} block, {b['chars']} chars, "
        f"{b['scrollWidth']} > {b['clientWidth']} px: {b['line']}"
        for v in _views(views, "light", WIDE)
        for b in v.overflowing
    ]
    assert found == [], f"{len(found)} blocks need sideways scrolling at {WIDE} px:\n" + "\n".join(found)


def test_no_page_scrolls_sideways_as_a_whole(views):
    """At any width, only a code block, table or formula may scroll on its own; never the page.

    Nor may a prev/next link or a heading be cut off at the edge of its box.
    """
    found = [
        f"{v.name}: page {v.page_width} px wide in a {v.window_width} px window; sticking out: {v.sticks_out}"
        for v in views.values()
        if not v.error and v.page_width > v.window_width
    ]
    found += [f"{v.name}: cut off at its box's edge: {label}" for v in views.values() for label in v.clipped]
    assert found == [], "\n".join(found)


def test_headings_and_contents_show_each_number_once(views, browser, site_url):
    found = {
        f"{v.page}: {kind}: {text}"
        for v in _views(views, "light", WIDE)
        for kind, text in v.labels
        if doubled_numbers([text])
    }
    # Search results list page titles too.
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_url + "search.html?q=gradient")
        results = page.locator("#search-results ul.search li a")
        results.first.wait_for(timeout=15_000)
        titles = [results.nth(i).inner_text() for i in range(results.count())]
    finally:
        context.close()
    found |= {f"search.html?q=gradient: result: {t}" for t in doubled_numbers(titles)}
    assert sorted(found) == [], "numbers shown twice:\n" + "\n".join(sorted(found))


AXE_VIEWS = [(m, w) for m, w, axe in VIEWS if axe]


@pytest.mark.parametrize(("mode", "width"), AXE_VIEWS, ids=[f"{m}-{w}" for m, w in AXE_VIEWS])
def test_no_serious_accessibility_violation(views, mode, width):
    if not AXE_JS.is_file():
        pytest.fail(AXE_HINT, pytrace=False)
    found = [
        f"{v.name}: {a['impact']} {a['id']} ({a['help']}), {len(a['nodes'])} elements, e.g. {a['nodes'][:3]}"
        for v in _views(views, mode, width)
        for a in v.axe
    ]
    assert found == [], "axe-core:\n" + "\n".join(found)


def test_figures_are_opaque_in_dark_mode(views):
    dark = _views(views, "dark")
    assert sum(len(v.figures) for v in dark) > 0, "no figure found on any page"
    found = [f"{v.name}: {problem}" for v in dark for problem in transparent_figures(v)]
    assert found == [], "figures that would vanish into the dark page:\n" + "\n".join(found)


@pytest.mark.skipif(not REVIEW, reason="set DLMATH_REVIEW_SCREENSHOTS=1 for the review screenshots")
def test_review_screenshots_cover_every_page(views):
    missing = [v.name for v in views.values() if v.screenshot is None or not v.screenshot.is_file()]
    assert missing == []


def test_solutions_hidden_until_one_click(browser, site, site_url):
    """No answer visible before the reader asks; one click on the toggle shows code and check."""
    chapters = [p for p in book_pages(site) if p.startswith("notebooks/")]
    assert chapters
    problems = []
    for chapter in chapters:
        before, after = solution_visibility(browser, site_url + chapter)
        if not before:
            problems.append(f"{chapter}: no cell tagged `solution`")
        for cell, opened in zip(before, after, strict=True):
            where = f"{chapter}: solution {cell['index'] + 1} ({cell['firstLine']})"
            if cell["codeVisible"] or cell["outputVisible"]:
                shown = " and ".join(k for k in ("code", "output") if cell[f"{k}Visible"])
                problems.append(f"{where}: {shown} visible before any click")
            if not cell["toggles"]:
                problems.append(f"{where}: no toggle")
            elif cell["toggles"] > 1:
                problems.append(f"{where}: {cell['toggles']} toggles, one click should do")
            if not opened["codeVisible"] or (cell["hasOutput"] and not opened["outputVisible"]):
                problems.append(f"{where}: one click did not show both code and output")
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)
