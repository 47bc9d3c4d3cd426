"""The PDF edition (``make pdf`` writes book/_build/pdf/book.pdf): checked as a reader gets it.

The PDF is read with poppler's tools (``pdfinfo``, ``pdftotext``, ``pdfimages``, ``pdftohtml``;
Debian package poppler-utils) and compared with the notebooks themselves: every chapter and section
title is a bookmark, every line of code and of printed output is there in full, every figure is
there; and with the single-page build it was printed from (``build/pdf-site/``): every self-check
question is asked in its chapter and answered in the appendix, no explorer's frame player is
printed. The tests skip when the PDF is not built or poppler is missing, except under CI=true
(``.ci/run`` builds the PDF and installs poppler), where they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from functools import cache
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "book" / "_build" / "pdf" / "book.pdf"
REPORT = PDF.with_name("build-report.json")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
POPPLER = ("pdfinfo", "pdftotext", "pdfimages", "pdftohtml")

A4_POINTS = (595.92, 842.88)
MARGIN_POINTS = 17 / 25.4 * 72  # tools/build_pdf.py prints with 17 mm left and right margins
# How far a glyph's box may pass the margin: justified text and italics overhang by up to about
# 0.5 pt here, while a line cut at the edge leaves a clipped word about 1.3 pt past it.
OVERHANG_POINTS = 1.0

sys.path.insert(0, str(ROOT / "book" / "_ext"))
from dlmath_book import BOOK_CHAPTER, split_title_number  # noqa: E402

from dlmath.quiz import Quiz  # noqa: E402
from dlmath.quiz_questions import QUESTIONS  # noqa: E402
from tools import build_pdf  # noqa: E402


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def pdf() -> Path:
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        _unavailable(f"{', '.join(missing)} not found: install poppler-utils (apt-get install poppler-utils)")
    if not PDF.is_file():
        _unavailable(f"{PDF.relative_to(ROOT)} is not built: run `make pdf`")
    return PDF


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@cache
def _text(path: Path, *options: str) -> str:
    return _run("pdftotext", "-enc", "UTF-8", *options, str(path), "-")


@cache
def _bookmarks(path: Path) -> list[tuple[int, str]]:
    """(page, title) of every bookmark, in order (pdftohtml -xml prints the outline)."""
    xml = _run("pdftohtml", "-xml", "-i", "-stdout", "-q", str(path))
    outline = xml[xml.find("<outline>") :]
    return [
        (int(page), _plain(title))
        for page, title in re.findall(r'<item page="(\d+)">([^<]*)</item>', outline)
    ]


def _plain(text: str) -> str:
    """Text as a reader sees it: markdown marks dropped, typographic quotes plain, spaces single."""
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(re.sub(r"[`*]", "", text).split())


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _chapter(path: Path) -> int:
    return int(path.name[:2])


def _headings(path: Path) -> list[tuple[int, str]]:
    """(level, title) of the markdown headings of a notebook, typed numbers removed."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown":
            continue
        fenced = False
        for line in cell.source.splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            match = None if fenced else re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
            if match:
                found.append((len(match.group(1)), _plain(split_title_number(match.group(2))[1])))
    return found


def _numbered_titles(path: Path) -> list[str]:
    """'2.1 A first look ...', '2.1.1 Loading the data', ...: the titles the site shows."""
    counts = [0] * 7
    titles = []
    for level, title in _headings(path):
        if level == 1:
            counts = [0] * 7
            number = [BOOK_CHAPTER, _chapter(path)]
        else:
            counts[level] += 1
            counts[level + 1 :] = [0] * (6 - level)
            number = [BOOK_CHAPTER, _chapter(path), *counts[2 : level + 1]]
        titles.append(f"{'.'.join(map(str, number))} {title}")
    return titles


def _shown_lines(path: Path) -> list[str]:
    """Every line of code and of plain-text output the book shows for a notebook."""
    lines = []
    for cell in nbformat.read(path, as_version=4).cells:
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type != "code" or "remove-cell" in tags:
            continue
        if "remove-input" not in tags:
            lines += cell.source.splitlines()
        if "remove-output" in tags:
            continue
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                lines += output.text.splitlines()
            elif output.output_type in ("execute_result", "display_data"):
                data = output.get("data", {})
                if set(data) == {"text/plain"}:
                    lines += data["text/plain"].splitlines()
    return [line for line in lines if line.strip()]


def _figures(path: Path) -> int:
    """How many images the book shows for a notebook (PNG outputs of cells whose output shows)."""
    count = 0
    for cell in nbformat.read(path, as_version=4).cells:
        tags = set(cell.metadata.get("tags", []))
        if cell.cell_type == "code" and not tags & {"remove-output", "remove-cell"}:
            count += sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
    return count


# --- the file --------------------------------------------------------------------------------------


def test_pdf_is_an_a4_book_with_tagged_pages(pdf):
    info = dict(line.split(":", 1) for line in _run("pdfinfo", str(pdf)).splitlines() if ":" in line)
    width, height = map(float, re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (round(width), round(height)) == tuple(round(x) for x in A4_POINTS)
    assert int(info["Pages"]) >= 50
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == "The Mathematical Building Blocks of Neural Networks"


def test_title_page_and_contents_come_first(pdf):
    first = _plain(_text(pdf, "-f", "1", "-l", "1"))
    assert first.startswith("The Mathematical Building Blocks of Neural Networks")
    assert "PDF edition, built" in first
    assert "Deep Learning with Python" in first
    assert _bookmarks(pdf)[0] == (2, "Contents")


# --- what the book holds ---------------------------------------------------------------------------


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chapter_section_and_subsection_is_a_bookmark(pdf, notebook):
    bookmarks = {title for _, title in _bookmarks(pdf)}
    missing = [title for title in _numbered_titles(notebook) if title not in bookmarks]
    assert not missing, f"not bookmarked (numbered as on the site): {missing}"


def test_chapter_titles_and_glossary_are_in_the_text(pdf):
    text = _plain(_text(pdf))
    for notebook in NOTEBOOKS:
        title = _headings(notebook)[0][1]
        assert title in text, title
    assert "Glossary" in text
    assert any(title == "Glossary" for _, title in _bookmarks(pdf))


def test_no_raw_tex_in_the_text(pdf):
    text = _text(pdf)
    for tex in ("\\frac", "$$", "\\(", "\\[", "\\begin{", "\\mathbf"):
        assert tex not in text, f"raw TeX {tex!r} in the PDF's text: MathJax did not typeset it"
    # What the print found outside code (a stray "$b_j$" is plain text to pdftotext, and code may
    # hold "$x^2$" in a plot label): tools/build_pdf.js looks for it in the page before printing.
    assert _report()["rawTex"] == [], "TeX that MathJax left as text"


def test_every_figure_is_in_the_pdf(pdf):
    rows = _run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    images = [row for row in rows if row.split()[2] == "image"]
    expected = sum(_figures(notebook) for notebook in NOTEBOOKS)
    assert expected > 20
    assert len(images) >= expected


def test_widgets_show_as_static_figures_not_as_widget_reprs(pdf):
    text = _text(pdf)
    for widget in ("VBox(children=", "IntSlider(", "FloatSlider(", "Loading widget"):
        assert widget not in text


# --- nothing cut at the page edge -------------------------------------------------------------------


def test_no_text_runs_past_the_margins(pdf):
    """Every word's box (pdftotext -bbox) lies within the page less its margins."""
    html = _run("pdftotext", "-bbox", str(pdf), "-")
    outside = []
    for number, page in enumerate(html.split("<page ")[1:], 1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        for x_min, x_max, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', page
        ):
            if (
                float(x_max) > width - MARGIN_POINTS + OVERHANG_POINTS
                or float(x_min) < MARGIN_POINTS - OVERHANG_POINTS
            ):
                outside.append(
                    f"page {number}: {word!r} at x {float(x_min):.1f}-{float(x_max):.1f} of {width:.1f}"
                )
    assert not outside, outside[:20]


def test_pages_are_printed_at_full_size(pdf):
    """Chromium shrinks every page when anything is wider than the column: the text stays 10 pt.

    The median word box (pdftotext -bbox) of 10 pt body text is 11.6 pt high; with one code line
    too wide for the page, the whole book came out at 8.6 pt.
    """
    html = _run("pdftotext", "-bbox", str(pdf), "-")
    heights = [
        float(y1) - float(y0) for y0, y1 in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', html)
    ]
    assert statistics.median(heights) > 11.0


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_and_output_line_is_printed_in_full(pdf, notebook):
    """Each line of code and plain-text output is in the PDF's text, wrapped maybe but whole.

    A line cut at the page edge would lose its end; compared without whitespace, as wrapping adds
    line breaks (and the running footer, dropped here, can fall inside a line split over two pages).
    """
    text = _text(pdf, "-layout")  # physical lines: the default order splits aligned columns
    text = re.sub(r"The Mathematical Building Blocks of Neural Networks\s+\d+ / \d+", "", text)
    text = _squeeze(text.replace("\f", ""))
    missing = [line for line in _shown_lines(notebook) if _squeeze(line) not in text]
    assert not missing, f"{len(missing)} lines not printed in full, e.g. {missing[:5]}"


# --- solutions, page numbers, links -----------------------------------------------------------------


@cache
def _report() -> dict:
    return json.loads(REPORT.read_text(encoding="utf-8"))


def test_solutions_are_in_the_appendix_not_beside_the_exercises(pdf):
    bookmarks = _bookmarks(pdf)
    start = next(page for page, title in bookmarks if title == "Solutions to the exercises")
    chapters = _text(pdf, "-l", str(start - 1))
    appendix = _text(pdf, "-f", str(start))
    solutions = 0
    for notebook in NOTEBOOKS:
        cells = [
            c for c in nbformat.read(notebook, as_version=4).cells if "solution" in c.metadata.get("tags", [])
        ]
        solutions += bool(cells)
        for cell in cells:
            last = [line for line in cell.source.splitlines() if line.strip()][-1]
            assert _squeeze(last) in _squeeze(appendix), (
                f"{notebook.stem}: solution ending {last!r} not in the appendix"
            )
    assert chapters.count("\u2713 Correct") == 0, "a solution's output is still printed in a chapter"
    assert appendix.count("\u2713 Correct") >= len(_report()["solutions"]) > 0
    labels = re.findall(r"Exercise (2\.\d+\.\d+)", appendix)
    assert len(set(labels)) >= len({s["exercise"] for s in _report()["solutions"]})
    assert sum(title.startswith("Solutions to 2.") for _, title in bookmarks) == solutions


def test_contents_page_numbers_are_the_pages_of_the_headings(pdf):
    bookmarks = _bookmarks(pdf)
    contents_end = next(page for page, _ in bookmarks[1:]) - 1
    contents = _text(pdf, "-layout", "-f", "2", "-l", str(contents_end))
    rows = {
        _plain(title): int(page) for title, page in re.findall(r"^\s*(\S.*?)\s+(\d+)\s*$", contents, re.M)
    }
    checked = 0
    for page, title in bookmarks[1:]:
        if title in rows:
            assert rows[title] == page, (
                f"contents says {title!r} is on page {rows[title]}, it is on page {page}"
            )
            checked += 1
    assert checked >= len(NOTEBOOKS) * 3


def test_every_link_in_the_book_leads_somewhere(pdf):
    report = _report()
    assert report["bytes"] == pdf.stat().st_size, "build-report.json is not the report of this PDF"
    assert report["brokenLinks"] == [] and report["linksWithoutDestination"] == []
    assert report["internalLinks"] > 100
    assert report["pageNumbersSettled"] and report["refusedRequests"] == []
    assert report["untypesetMath"] == 0 and report["mathErrors"] == 0 and report["imagesNotLoaded"] == []


# --- self-check questions and explorers --------------------------------------------------------------


@cache
def _singlehtml() -> str:
    """The single page ``make pdf`` printed (Sphinx's singlehtml build of the same sources)."""
    toc = yaml.safe_load(build_pdf.TOC.read_text(encoding="utf-8"))
    try:
        return build_pdf.root_page(build_pdf.SITE, toc).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        _unavailable(f"{error}: run `make pdf`")
        raise


def _page_of(bookmarks: list[tuple[int, str]], title: str) -> int:
    return next(page for page, found in bookmarks if found == title)


def test_every_self_check_is_asked_in_its_chapter_and_answered_in_the_appendix(pdf):
    """Each question and its options print in the chapter with "Answer: page N"; its answer (hidden
    on the site) prints once, in "Answers to the self-check questions", with the question's page."""
    containers = re.findall(r'<div class="dlmath-quiz" data-quiz="([^"]+)"', _singlehtml())
    assert sorted(containers) == sorted(QUESTIONS), "the book does not ask each question once"
    bookmarks = _bookmarks(pdf)
    start = _page_of(bookmarks, "Answers to the self-check questions")
    chapters = _plain(_text(pdf, "-l", str(_page_of(bookmarks, "Solutions to the exercises") - 1)))
    appendix = _plain(_text(pdf, "-f", str(start)))
    pointers = [int(page) for page in re.findall(r"Answer: page (\d+)", chapters)]
    assert len(pointers) == len(QUESTIONS) and all(page >= start for page in pointers), pointers
    labels = re.findall(r"Self-check (2\.\d+\.\d+), page (\d+)", appendix)
    assert sorted(key for key, _ in labels) == sorted(QUESTIONS)
    assert len(_report()["quizAnswers"]) == len(QUESTIONS)
    for key, page in labels:
        question = QUESTIONS[key]
        # pdftotext joins a word hyphenated at a line's end ("held-" "back" -> "heldback"):
        # compare without hyphens on both sides.
        answer = _squeeze(_plain(Quiz(key, question).answer_text())).replace("-", "")
        found = _squeeze(appendix).replace("-", "").count(answer)
        assert found == 1, f"{key}: its answer is not in the appendix once"
        beside = answer in _squeeze(chapters).replace("-", "")
        assert not beside, f"{key}: its answer is printed beside the question"
        assert _squeeze(_plain(question.prompt)) in _squeeze(chapters), f"{key}: its question is not printed"
        for option in getattr(question, "options", ()):
            assert _squeeze(_plain(option.text)) in _squeeze(chapters), f"{key}: option {option.text!r}"
        # The appendix's link back names the page the question is on.
        assert f"Self-check {key}." in _plain(_text(pdf, "-f", page, "-l", page)), (
            f"{key}: the appendix says page {page}"
        )


def _player_texts(page: str) -> list[str]:
    """What each frame player shows as text: each control's label and value, then the caption."""
    texts = []
    for player in re.findall(r'<div class="dlmath-player".*?<img class="dlmath-player-figure"', page, re.S):
        shown = []
        for control in re.findall(r'<label class="dlmath-player-control">(.*?)</label>', player, re.S):
            label = re.search(r'<span class="dlmath-player-label">(.*?)</span>', control).group(1)
            value = re.search(
                r'<output class="dlmath-player-value">(.*?)</output>|<option [^>]*selected>(.*?)<', control
            )
            shown += [label, next(v for v in value.groups() if v is not None)]
        caption = re.search(r'<p class="dlmath-player-caption"[^>]*>(.*?)</p>', player, re.S).group(1)
        texts.append(_plain(re.sub(r"<[^>]+>", "", " ".join([*shown, caption]))))
    return texts


def test_explorers_players_are_left_out_of_the_pdf(pdf):
    """A player cannot move on paper: neither its controls nor its caption print (the static grid
    that follows each one does: ``test_every_figure_is_in_the_pdf``)."""
    texts = _player_texts(_singlehtml())
    assert len(texts) == _report()["playersRemoved"] >= 5
    printed = _squeeze(_plain(_text(pdf)))
    shown = [text for text in texts if _squeeze(text) in printed]
    assert not shown, f"printed in the PDF: {shown}"
