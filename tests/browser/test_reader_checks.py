"""The reader-view checks fail when they should: damage a copy of one chapter page, one thing per kind.

On a copy of the built site, chapter 2.1's page gets a heading that repeats its number, a paragraph
wider than the window, a code line of 121 characters, a transparent figure, the theme's old
search-button label (its visible text missing from its accessible name) and an opened solution
toggle. ``view_page`` and ``solution_visibility`` (tests/browser/reader_checks.py) must report each
one; the untouched page reports none of them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from reader_checks import (
    AXE_HINT,
    AXE_JS,
    doubled_numbers,
    solution_visibility,
    transparent_figures,
    view_page,
)
from site_checks import serve_directory

PAGE = "notebooks/01_first_look.html"
ARTICLE_H1 = r'(<h1><span class="section-number">)'  # the page title in the article, not the header's
LONG_LINE = "x = " + "1 + " * 29 + "1"  # 121 characters


def _rewrite(html: str, pattern: str, replacement: str) -> str:
    new, count = re.subn(pattern, replacement, html, count=1)
    assert count == 1, f"pattern {pattern!r} not found in {PAGE}"
    return new


@pytest.fixture(scope="module")
def damaged_site(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from PIL import Image

    copy = tmp_path_factory.mktemp("reader-site") / "html"
    shutil.copytree(site, copy)
    Image.new("RGBA", (40, 30), (0, 0, 0, 0)).save(copy / "_images" / "transparent.png")
    page = copy / PAGE
    html = page.read_text()
    html = _rewrite(html, ARTICLE_H1, r'<h2 id="doubled">2.1.9. 2.1.9 A doubled number</h2>\1')
    html = _rewrite(html, ARTICLE_H1, rf'<div class="highlight"><pre><span></span>{LONG_LINE}</pre></div>\1')
    html = _rewrite(html, ARTICLE_H1, r'<p style="width: 2000px">A paragraph wider than the window.</p>\1')
    html = _rewrite(html, r'(<img[^>]*src=")\.\./_images/[^"]+\.png"', r'\1../_images/transparent.png"')
    html = _rewrite(html, r'(<button class="btn search-button-field[^>]*)>', r'\1 aria-label="Search">')
    html = _rewrite(
        html,
        r'<details class="admonition hide above-input">',
        '<details open class="admonition hide above-input">',
    )
    page.write_text(html)
    return copy


def test_untouched_page_passes(browser, site, site_url):
    view = view_page(browser, site_url + PAGE, PAGE, "dark", 1280, None)
    assert view.error == "" and view.theme == "dark"
    assert view.page_width == view.window_width == 1280 and view.sticks_out == []
    assert doubled_numbers([text for _, text in view.labels]) == []
    assert transparent_figures(view) == []
    assert view.axe == []


def test_each_damage_is_reported(browser, damaged_site):
    if not AXE_JS.is_file():
        pytest.fail(AXE_HINT, pytrace=False)
    with serve_directory(damaged_site) as url:
        view = view_page(browser, url + PAGE, PAGE, "dark", 1280, None)
        before, _ = solution_visibility(browser, url + PAGE)
    assert view.error == ""
    assert doubled_numbers([text for _, text in view.labels]) == ["2.1.9. 2.1.9 A doubled number"]
    assert [block["chars"] for block in view.overflowing] == [len(LONG_LINE)]
    assert view.page_width >= 2000 and view.sticks_out[0].endswith("A paragraph wider than the window.")
    assert transparent_figures(view) == [
        "../_images/transparent.png: corner alpha [0, 0, 0, 0] (255 is opaque)"
    ]
    assert [v["id"] for v in view.axe] == ["label-content-name-mismatch"]
    assert before[0]["codeVisible"] and not any(cell["codeVisible"] for cell in before[1:])
