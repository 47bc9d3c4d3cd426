"""The static book: its configuration, its extension, and the built site's HTML (``make book``).

Checks that need no browser. What a reader sees (math typeset, images loaded, no request beyond
127.0.0.1) is checked in Chromium by tests/browser/. Site checks skip when the book is not built,
except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
SITE = Path(os.environ.get("DLMATH_BOOK_HTML", BOOK / "_build" / "html"))
CHAPTERS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

sys.path.insert(0, str(BOOK / "_ext"))
import dlmath_book  # noqa: E402


def _config() -> dict:
    return yaml.safe_load((BOOK / "_config.yml").read_text())


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        message = f"{SITE} is not built: run `make book`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SITE


def _pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if not {"_static", "_sources", "_images"} & set(p.parts)]


# --- configuration ---------------------------------------------------------------------------


def test_book_shows_stored_outputs_and_skips_md_pairs():
    config = _config()
    assert config["execute"]["execute_notebooks"] == "off"
    assert "notebooks/*.md" in config["exclude_patterns"]
    assert ".venv" in config["exclude_patterns"]


def test_math_and_assets_come_from_the_build():
    sphinx = _config()["sphinx"]["config"]
    assert not sphinx["mathjax_path"].startswith(("http:", "https:", "//"))
    assert sphinx["html_static_path"] == ["book/_static_mathjax", "book/_static"]
    assert sorted(p.name for p in (BOOK / "_static").iterdir()) == ["dlmath.css"]
    launch = _config()["launch_buttons"]
    assert launch["thebe"] is False and not launch["binderhub_url"] and not launch["colab_url"]


def test_toc_globs_the_chapters():
    toc = yaml.safe_load((BOOK / "_toc.yml").read_text())
    numbered = [part for part in toc["parts"] if part.get("numbered")]
    assert numbered[0]["chapters"] == [{"glob": "notebooks/[0-9][0-9]_*"}]


# --- the extension ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("docname", "expected"),
    [("notebooks/01_first_look", (2, 1)), ("notebooks/05_looking_back", (2, 5)), ("book/intro", None)],
)
def test_chapter_number_comes_from_the_file_name(docname, expected):
    assert dlmath_book.chapter_number(docname) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("2.1 A first look", ("2.1", "A first look")),
        ("2.3. Tensor operations", ("2.3", "Tensor operations")),
        ("2.4.3 Stochastic gradient descent", ("2.4.3", "Stochastic gradient descent")),
        ("3. Tensor operations", ("3", "Tensor operations")),
        ("Notation", (None, "Notation")),
        ("2D tensors", (None, "2D tensors")),
        ("784 pixels per image", (None, "784 pixels per image")),
        ("Exercise 2.4.1 (recall)", (None, "Exercise 2.4.1 (recall)")),
    ],
)
def test_split_title_number(title, expected):
    assert dlmath_book.split_title_number(title) == expected


def test_typed_heading_numbers_finds_section_titles_only():
    from docutils import nodes

    doc = nodes.document(None, None)
    page = nodes.section("", nodes.title(text="Gradient-based optimization"))
    typed = nodes.section("", nodes.title(text="2.4.3 Stochastic gradient descent"))
    plain = nodes.section("", nodes.title(text="2D tensors"))
    note = nodes.admonition("", nodes.title(text="2.1 in the original"))
    typed += [plain, note]
    page += typed
    doc += page
    found = [(title.astext(), number, rest) for title, number, rest in dlmath_book.typed_heading_numbers(doc)]
    assert found == [("2.4.3 Stochastic gradient descent", "2.4.3", "Stochastic gradient descent")]


def _build_tiny_book(tmp_path: Path, page: str) -> tuple[int, str, str]:
    """Build a one-page Sphinx project with the book's extension and -W; (status, warnings, html).

    In a subprocess: a second Sphinx application in one process warns about every node class.
    """
    import subprocess

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(BOOK / '_ext')!r})\nextensions = ['myst_nb', 'dlmath_book']\n"
    )
    (src / "index.md").write_text(page)
    out = tmp_path / "html"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(src), str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    html = (out / "index.html").read_text() if (out / "index.html").is_file() else ""
    return done.returncode, done.stderr, html


def test_a_heading_that_types_a_number_fails_the_build(tmp_path):
    status, warnings, html = _build_tiny_book(
        tmp_path, "# Gradients\n\n## 2.4.3 Stochastic gradient descent\n\nText.\n"
    )
    assert status != 0
    assert "index.md" in warnings and "'2.4.3 Stochastic gradient descent' types the number 2.4.3" in warnings
    assert "2.4.3 Stochastic" not in html  # still shown once (without -W the build goes on)


def test_headings_without_typed_numbers_build(tmp_path):
    status, warnings, _ = _build_tiny_book(tmp_path, "# Gradients\n\n## 2D tensors and 784 pixels\n\nText.\n")
    assert (status, warnings) == (0, ""), warnings


def test_fallback_alt_text_uses_the_introducing_paragraph():
    from docutils import nodes

    section = nodes.section("", nodes.title(text="Loading the data"))
    intro = nodes.paragraph(text="Here are the first twenty training images:")
    image = nodes.image(uri="x.png")
    cell = nodes.container("", nodes.container("", image), classes=["cell"])
    section += [intro, cell]
    assert dlmath_book.fallback_alt_text(image, "doc") == "Figure: Here are the first twenty training images"
    lone = nodes.image(uri="y.png")
    section += nodes.container("", lone, classes=["cell"])
    assert (
        dlmath_book.fallback_alt_text(lone, "doc")
        == "Figure computed by a code cell in \u201cLoading the data\u201d"
    )


# --- the built site --------------------------------------------------------------------------


def test_every_chapter_is_a_numbered_page(site):
    built = sorted(p.stem for p in (site / "notebooks").glob("*.html"))
    assert built == CHAPTERS
    for index, name in enumerate(CHAPTERS, start=1):
        html = (site / "notebooks" / f"{name}.html").read_text()
        number = int(name[:2])
        assert f'<h1><span class="section-number">2.{number}. </span>' in html, name
        assert not re.search(r'section-number">[\d.]+ </span>\s*\d+\.\d+ ', html), (
            f"{name}: number printed twice"
        )
        del index


def test_pages_offer_navigation_download_and_search(site):
    for name in CHAPTERS:
        html = (site / "notebooks" / f"{name}.html").read_text()
        assert 'class="left-prev"' in html and 'class="right-next"' in html, name
        assert f"_sources/notebooks/{name}.ipynb" in html, f"{name}: no .ipynb download"
        assert (site / "_sources" / "notebooks" / f"{name}.ipynb").is_file()
    assert (site / "search.html").is_file() and (site / "searchindex.js").is_file()


def test_no_page_names_an_outside_resource(site):
    """No <script>, <link>, <img> or <iframe> in any page points beyond the site."""
    tag = re.compile(r"<(script|link|img|iframe|source)\b[^>]*\b(src|href)=\"(https?:)?//", re.I)
    offenders = {
        p.relative_to(site).as_posix(): m.group(0) for p in _pages(site) if (m := tag.search(p.read_text()))
    }
    assert offenders == {}
    assert not any("unpkg.com" in p.read_text() or "thebe" in p.read_text() for p in _pages(site))


def test_mathjax_is_served_from_the_build(site):
    assert (site / "_static" / "mathjax" / "tex-mml-chtml.js").is_file()
    assert (site / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    notation = (site / "book" / "notation.html").read_text()
    assert re.search(r'<script[^>]*src="\.\./_static/mathjax/tex-mml-chtml\.js', notation)


def test_figures_have_alt_text(site):
    for page in _pages(site):
        for alt in re.findall(r'<img[^>]*\balt="([^"]*)"', page.read_text()):
            assert alt.strip() and not alt.endswith(".png"), f"{page.name}: image alt {alt!r}"


def test_footer_is_honest(site):
    """No invented author and no stale year: what the book is, written in 2026."""
    config = _config()
    assert config["author"] == "" and config["copyright"] == ""
    html = (site / "book" / "intro.html").read_text()
    assert "dlmath authors" not in html and "© 2025" not in html and "Copyright" not in html
    assert "Written in 2026 for this project" in html


def test_solution_toggles_are_named_by_their_text(site):
    """myst-nb's aria-label "Toggle hidden content" hid the toggle's visible text from screen readers."""
    for name in CHAPTERS:
        html = (site / "notebooks" / f"{name}.html").read_text()
        assert "Toggle hidden content" not in html, name


def test_errata_lists_every_correction(site):
    text = (site / "book" / "errata.html").read_text()
    for fact in [
        "_create_unverified_context",  # security-scan: names it, does not use it
        "97.8%",
        "0.9805",
        "five entries",
        "28 x 8",
        "input_shape",
        "keep_dims",
        "0x...",
    ]:
        assert fact in text.replace("&lt;", "<").replace("&gt;", ">"), fact


def test_errata_name_the_source_of_each_row(site):
    """Each correction says where the fault is: the transcript, Chollet's notebook, the published text."""
    text = (site / "book" / "errata.html").read_text().replace("&#8217;", "'").replace("’", "'")
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", text, flags=re.S)[1:]  # the header row aside
    assert rows, "the errata table has no rows"
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        assert len(cells) >= 2 and re.search(r"transcript|Chollet's notebook|published", cells[1]), row[:200]


def test_chapters_carry_their_players_and_questions_without_code(site):
    """Each explorer's player and each self-check question is in its page, its code cell hidden."""
    from dlmath.quiz_questions import QUESTIONS

    players = {"02": 2, "03": 2, "04": 1}
    for name in CHAPTERS:
        html = (site / "notebooks" / f"{name}.html").read_text()
        section = f"2.{int(name[:2])}"
        keys = re.findall(r'<div class="dlmath-quiz" data-quiz="([\d.]+)">', html)
        assert keys == [k for k in QUESTIONS if k.rsplit(".", 1)[0] == section], name
        assert html.count('<div class="dlmath-player"') == players.get(name[:2], 0), name
        assert "self_check(" not in html and "_player(" not in html, f"{name}: a hidden cell's code shows"
    css = (site / "_static" / "dlmath.css").read_text()
    assert re.search(r"@media print \{\s*\.cell:has\(\.dlmath-player\)", css), (
        "the PDF must leave players out"
    )
