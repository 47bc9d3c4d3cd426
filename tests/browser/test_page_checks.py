"""The page checks fail when they should: on a copy of the built book, break one thing at a time.

Each test copies the built site, damages one page the way a real regression would (MathJax missing,
an image file gone, a page loading something from the internet) and asserts that ``check_page``
reports exactly that problem. Nothing reaches the network: outside requests are aborted and
recorded, and Chromium resolves no host name but 127.0.0.1.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from site_checks import check_page, is_filename_alt, is_local, serve_directory


@pytest.fixture(scope="module")
def damaged_site(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("site") / "html"
    shutil.copytree(site, copy)
    return copy


def _rewrite(page: Path, pattern: str, replacement: str) -> None:
    html = page.read_text()
    new, count = re.subn(pattern, replacement, html, count=1)
    assert count == 1, f"pattern {pattern!r} not found in {page}"
    page.write_text(new)


def test_untouched_page_passes(browser, site, site_url):
    assert check_page(browser, site_url + "book/notation.html", None).problems() == []


def test_fails_when_math_does_not_render(browser, damaged_site):
    page = damaged_site / "book" / "notation.html"
    _rewrite(page, r'<script[^>]*src="[^"]*mathjax/tex-mml-chtml\.js[^"]*"[^>]*></script>', "")
    with serve_directory(damaged_site) as url:
        report = check_page(browser, url + "book/notation.html", None)
    assert report.untypeset_math, "math left as raw TeX was not reported"
    assert "MathJax did not load" in report.untypeset_math[0]
    assert report.raw_tex, "raw \\( \\) / $$ text was not reported"


def test_fails_when_an_image_is_missing(browser, damaged_site):
    page = damaged_site / "notebooks" / "01_first_look.html"
    image = re.search(r'<img[^>]*src="\.\./(_images/[^"]+\.png)"', page.read_text()).group(1)
    (damaged_site / image).unlink()
    with serve_directory(damaged_site) as url:
        report = check_page(browser, url + "notebooks/01_first_look.html", None)
    assert any(image in src for src in report.broken_images), report.broken_images
    assert any("404" in line for line in report.http_errors)


def test_fails_on_half_a_formula(browser, damaged_site):
    """A formula whose second line starts with "+ " becomes a list item: both halves show raw TeX."""
    page = damaged_site / "book" / "errata.html"
    original = page.read_text()
    try:
        _rewrite(
            page,
            r"(<h1>)",
            r"<p>Entry by entry, $z_{ij} = \\sum_k x_{ik} W_{kj}</p><ul><li>b_j$.</li></ul>\1",
        )
        with serve_directory(damaged_site) as url:
            report = check_page(browser, url + "book/errata.html", None)
    finally:
        page.write_text(original)
    assert report.raw_tex == ["Entry by entry, $z_{ij} = \\sum_k x_{ik} W_{kj}", "b_j$."]


def test_fails_on_a_markdown_table_shown_as_text(browser, damaged_site):
    """An output table rendered as CommonMark (no tables) shows its pipes and rule as a paragraph."""
    page = damaged_site / "book" / "errata.html"
    original = page.read_text()
    try:
        _rewrite(page, r"(<h1>)", r"<p>| trainer | epoch time |\n|---|---:|\n| NumPy | 0.9 |</p>\1")
        with serve_directory(damaged_site) as url:
            report = check_page(browser, url + "book/errata.html", None)
    finally:
        page.write_text(original)
    assert report.raw_tables and report.raw_tables[0].startswith("| trainer | epoch time |")


@pytest.mark.parametrize(
    "injected",
    [
        '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>',
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">',
        '<img src="http://203.0.113.7/pixel.png" alt="a tracking pixel">',
    ],
    ids=["cdn-script", "web-font", "remote-image"],
)
def test_fails_when_a_page_reaches_outside(browser, damaged_site, injected):
    page = damaged_site / "book" / "errata.html"
    original = page.read_text()
    try:
        _rewrite(page, r"</head>", injected + "</head>")
        with serve_directory(damaged_site) as url:
            report = check_page(browser, url + "book/errata.html", None)
    finally:
        page.write_text(original)
    remote = re.search(r'(?:src|href)="(https?://[^/"]+)', injected).group(1)
    assert any(request.startswith(remote) for request in report.outside_requests), report.outside_requests


def test_helpers():
    assert is_local("http://127.0.0.1:8000/x.js") and is_local("data:image/png;base64,AAAA")
    assert not is_local("http://localhost.example.com/") and not is_local("https://unpkg.com/thebe")
    assert is_filename_alt("../_images/abc.png") and is_filename_alt("") and is_filename_alt(None)
    assert not is_filename_alt("Figure: the first twenty training images")
