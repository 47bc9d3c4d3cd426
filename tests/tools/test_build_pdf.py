"""tools/build_pdf.py: the toc's parts, reading and retitling a PDF's outline (pypdf), the verdict,
and the whole print on a small single-page site in Chromium (skipped without Chromium, failed
under CI=true). The real book's PDF is checked by tests/book/test_pdf.py."""

from __future__ import annotations

import concurrent.futures
import doctest
import io
import os
import re
import shutil
import subprocess

import pytest
import yaml
from PIL import Image
from pypdf import PdfReader, PdfWriter

from dlmath.quiz import Choice, Option, Quiz
from dlmath.widgets.player import Control, Frame, FramePlayer
from tools import browser, build_pdf
from tools.browser import chromium_available
from tools.build_pdf import (
    destination_pages,
    outline,
    page_count,
    problems,
    retitle_outline,
    toc_parts,
)

# --- the toc ---------------------------------------------------------------------------------------


def test_toc_parts_of_the_real_toc_put_the_notebooks_in_the_chapter_part():
    toc = yaml.safe_load(build_pdf.TOC.read_text(encoding="utf-8"))
    docnames = [
        "book/intro",
        "book/setup",
        "book/notation",
        "notebooks/01_a",
        "notebooks/02_b",
        "book/errata",
    ]
    parts = toc_parts(toc, docnames)
    assert parts[0] == {"caption": "", "docs": ["book/intro"]}
    chapter = next(part for part in parts if part["caption"].startswith("Chapter 2"))
    assert chapter["docs"] == ["notebooks/01_a", "notebooks/02_b"]
    assert [d for part in parts for d in part["docs"]] == docnames


def test_toc_parts_drop_the_file_suffix():
    toc = {"root": "intro", "parts": [{"caption": "A", "chapters": [{"file": "a.md"}, {"file": "b.ipynb"}]}]}
    assert toc_parts(toc, []) == [{"caption": "", "docs": ["intro"]}, {"caption": "A", "docs": ["a", "b"]}]


# --- reading and retitling a PDF -------------------------------------------------------------------


def _pdf(objects: dict[int, bytes]) -> bytes:
    """A PDF with a classic xref table, as Chromium writes one."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<</Size %d\n/Root 1 0 R\n/Info 9 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


PAGE = b"<</Type /Page\n/Parent %d 0 R\n/MediaBox [0 0 595.92 842.88]\n/Contents 10 0 R>>"
SAMPLE = {
    1: b"<</Type /Catalog\n/Pages 2 0 R\n/Dests 8 0 R\n/Outlines 5 0 R>>",
    2: b"<</Type /Pages\n/Count 3\n/Kids [3 0 R 11 0 R]>>",  # a nested page tree: pages 4, 12, 13
    3: b"<</Type /Pages\n/Count 1\n/Parent 2 0 R\n/Kids [4 0 R]>>",
    4: PAGE % 3,
    5: b"<</Type /Outlines\n/First 6 0 R\n/Last 6 0 R\n/Count 2>>",
    6: b"<</Title (Chapter\\) oneChapter\\) one)\n/Dest [12 0 R /XYZ 0 842.88 0]\n/Parent 5 0 R\n/First 7 0 R"
    b"\n/Last 7 0 R\n/Count 1>>",
    7: b"<</Title <FEFF0041>\n/Dest [13 0 R /XYZ 48 400 0]\n/Parent 6 0 R>>",
    8: b"<</pdf-heading-1 [12 0 R /XYZ 0 842.88 0]\n/document-book#2Fsetup [13 0 R /XYZ 48 300 0]>>",
    9: b"<</Title (Sample)\n/Producer (Skia/PDF m156)>>",
    10: b"<</Length 9>> stream\nBT 0 obj ET\nendstream",  # a stream holding "obj": skipped
    11: b"<</Type /Pages\n/Count 2\n/Parent 2 0 R\n/Kids [12 0 R 13 0 R]>>",
    12: PAGE % 11,
    13: PAGE % 11,
}


def _titles(pdf: bytes) -> list:
    def walk(items: list) -> list:
        return [walk(item) if isinstance(item, list) else item.title for item in items]

    return walk(PdfReader(io.BytesIO(pdf)).outline)


def test_pages_destinations_and_outline_as_chromium_writes_them():
    pdf = _pdf(SAMPLE)
    assert page_count(pdf) == 3
    assert destination_pages(pdf) == {"pdf-heading-1": 2, "document-book/setup": 3}
    assert outline(pdf) == [(1, 2), (2, 3)]


def test_a_pdf_written_otherwise_is_read_as_well():
    """Compressed object streams and a name tree of destinations, as other writers make them."""
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(200, 200)
    parent = writer.add_outline_item(title="one", page_number=1)
    writer.add_outline_item(title="one.one", page_number=2, parent=parent)
    writer.add_named_destination("target", 2)
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    pdf = out.getvalue()
    assert (page_count(pdf), destination_pages(pdf), outline(pdf)) == (3, {"target": 3}, [(1, 2), (2, 3)])
    assert _titles(retitle_outline(pdf, ["2.1 One", "2.1.1 One"], "S")) == ["2.1 One", ["2.1.1 One"]]


def test_retitle_outline_renames_every_bookmark_by_an_incremental_update():
    pdf = _pdf(SAMPLE)
    updated = retitle_outline(pdf, ["2.1 Chapter one", "2.1.1 Section (a) é"], "A subject")
    assert updated.startswith(pdf), "an incremental update leaves the original bytes alone"
    assert outline(updated) == outline(pdf) and destination_pages(updated) == destination_pages(pdf)
    assert _titles(updated) == ["2.1 Chapter one", ["2.1.1 Section (a) é"]]
    assert PdfReader(io.BytesIO(updated)).metadata == {
        "/Title": "Sample",
        "/Producer": "Skia/PDF m156",
        "/Subject": "A subject",
    }
    with pytest.raises(ValueError, match="2 bookmarks"):
        retitle_outline(pdf, ["only one"], "A subject")


@pytest.mark.skipif(shutil.which("pdftohtml") is None, reason="poppler-utils not installed")
def test_poppler_reads_the_retitled_outline(tmp_path):
    path = tmp_path / "retitled.pdf"
    path.write_bytes(retitle_outline(_pdf(SAMPLE), ["2.1 Chapter one", "2.1.1 Section"], "A subject"))
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-q", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert re.findall(r"<item page=\"(\d+)\">([^<]*)</item>", xml) == [
        ("2", "2.1 Chapter one"),
        ("3", "2.1.1 Section"),
    ]
    # poppler reads the document information from the update's trailer only
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Title: +Sample$", info, re.MULTILINE) and re.search(
        r"^Subject: +A subject$", info, re.M
    )


# --- the verdict -------------------------------------------------------------------------------------

CLEAN = {
    "refusedRequests": [],
    "untypesetMath": 0,
    "mathErrors": 0,
    "imagesNotLoaded": [],
    "brokenLinks": [],
    "missingTargets": [],
    "linksWithoutDestination": [],
    "overflowing": [],
    "pageNumbersSettled": True,
}


def test_a_clean_report_has_no_problems():
    assert problems(CLEAN) == []


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("refusedRequests", ["https://cdn.example/x.js"], "beyond 127.0.0.1"),
        ("untypesetMath", 3, "MathJax"),
        ("brokenLinks", ["#nowhere"], "does not have"),
        ("linksWithoutDestination", ["pdf-heading-3"], "PDF lacks"),
        ("overflowing", [{"tag": "PRE"}], "wider than the page"),
        ("pageNumbersSettled", False, "moved"),
        ("bookmarkProblem", "the PDF has 3 bookmarks", "bookmarks"),
        ("quizzesWithoutAnswer", ["2.1.1"], "without an answer"),
    ],
)
def test_each_problem_fails_the_build(key, value, message):
    found = problems({**CLEAN, key: value})
    assert len(found) == 1 and message in found[0]


def test_the_doctests_hold():
    assert doctest.testmod(build_pdf).failed == 0


def test_subtitle_is_the_sites_footer_as_plain_text():
    config = yaml.safe_load(build_pdf.CONFIG.read_text(encoding="utf-8"))
    line = build_pdf.subtitle(config)
    assert "Deep Learning with Python" in line and "<" not in line


def test_edition_line_names_the_date():
    assert re.match(r"PDF edition, built \d{4}-\d\d-\d\d", build_pdf.edition_line())


def test_main_without_chromium_says_how_to_get_it(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    assert build_pdf.main(["--site", str(tmp_path), "--out", str(tmp_path / "x.pdf")]) == 1
    assert "make browser-deps" in capsys.readouterr().err


# --- the whole print, on a small single-page site ----------------------------------------------------

SITE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tiny</title>
<script>window.MathJax = {startup: {promise: Promise.resolve()}};</script>
</head><body>
<div class="onlyprint"><h1>Tiny</h1></div>
<nav class="bd-sidebar-primary"><a href="#x">navigation</a></nav>
<main class="bd-main"><article class="bd-article">
<section id="tiny"><h1>Tiny book<a class="headerlink" href="#tiny">#</a></h1>
<p>See <a href="book/intro.html#document-notebooks/01_x">the chapter</a>,
<a href="genindex.html">the index</a> and <a href="https://example.org/">the web</a>.</p>
<p>A PDF edition: <a href="../book.pdf">book.pdf</a>.</p>
<p>A stray $x_1$ in prose.</p><pre>plt.plot(x, label="$x^2$")</pre>
<div class="toctree-wrapper compound">
<span id="document-notebooks/01_x"></span><section id="first">
<h2><span class="section-number">2.1. </span>First chapter<a class="headerlink" href="#first">#</a></h2>
<p>Drag the slider.</p>
<div class="cell tag_remove-input"><div class="cell_output docutils container">
<div class="output text_html">{player}</div></div></div>
<p>The same settings side by side: a static grid.</p>
<div class="cell tag_remove-input"><div class="cell_output docutils container">
<div class="output text_html">{quiz}</div></div></div>
<section id="exercises"><h3><span class="section-number">2.1.1. </span>Exercises</h3>
<p><strong>Exercise 1 (recall).</strong> What is
<span class="math"><mjx-container>1 + 1</mjx-container></span>?</p>
<details class="sd-dropdown"><summary>Hint</summary><p>Count.</p></details>
<div class="cell tag_solution tag_hide-cell"><details class="admonition hide above-input">
<summary><p>Show code cell content</p></summary>
<div class="cell_input"><div class="highlight"><pre>answer = 1 + 1  # {long}</pre></div></div>
<div class="cell_output"><p>\u2705 <strong>Correct:</strong> two.</p></div></details></div>
<div class="cell tag_solution"><div class="cell_input"><pre>print(answer)</pre></div></div>
<p><strong>Exercise 2 (build).</strong> Build it.</p>
<div class="cell tag_solution"><div class="cell_input"><pre>build()</pre></div></div>
</section></section>
</div></section>
</article></main></body></html>
"""


@pytest.fixture
def tiny_site(tmp_path):
    if not chromium_available():
        reason = f"no Chromium at {browser.CHROMIUM}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    (tmp_path / "book").mkdir()
    long = " ".join(f"word{i}" for i in range(60))
    page = SITE_PAGE.replace("{long}", long).replace("{player}", _player()._repr_html_())
    page = page.replace("{quiz}", QUIZ._repr_html_())
    (tmp_path / "book" / "intro.html").write_text(page, encoding="utf-8")
    return tmp_path


# The book's own HTML for a self-check question and an explorer's frame player.
QUIZ = Quiz(
    "2.1.9",
    Choice(
        "Which tensor has rank 3?",
        (
            Option("A matrix of pixels", "That is rank 2."),
            Option("A batch of grey images", "Samples, rows, columns.", correct=True),
        ),
    ),
)


def _player() -> FramePlayer:
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(png, format="PNG")
    frames = [Frame(png.getvalue(), f"zoomcaption {n}") for n in (2, 3)]
    return FramePlayer("demo", [Control("zoomlabel", [2, 3])], frames, alt="A demo")


def test_the_print_of_a_small_site(tiny_site, tmp_path):
    toc = {"root": "book/intro", "parts": [{"caption": "Chapter 2", "chapters": [{"glob": "notebooks/*"}]}]}
    out = tmp_path / "out" / "tiny.pdf"
    # In a thread of its own: in a whole test session the browser tests' fixture keeps Playwright's
    # sync API open in the main thread, where a second one refuses to start.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        job = pool.submit(
            build_pdf.build_pdf, tiny_site, out, title="Tiny", subtitle="A", edition="E", toc=toc
        )
        report = job.result()
    assert problems(report) == []
    assert out.read_bytes().startswith(b"%PDF") and report["pageCount"] == page_count(out.read_bytes())
    # Two exercises, three solution cells: the first two belong to exercise 2.1.1.
    assert [s["exercise"] for s in report["solutions"]] == ["2.1.1", "2.1.2"]
    assert report["quizAnswers"] == [{"quiz": "2.1.9", "doc": "notebooks/01_x"}]
    assert report["playersRemoved"] == 1
    assert [b["title"] for b in report["bookmarks"]] == [
        "Contents",
        "Tiny book",
        "2.1 First chapter",
        "2.1.1 Exercises",
        "Solutions to the exercises",
        "Solutions to 2.1 First chapter",
        "Answers to the self-check questions",
        "Answers to 2.1 First chapter",
    ]
    assert [e["depth"] for e in report["outline"]] == [1, 1, 1, 2, 1, 2, 1, 2]
    # The question and its options stay in the chapter, with a pointer to the answer, which is
    # printed once, in the last appendix; the player's controls and caption are not printed.
    texts = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    chapter = next(i for i, text in enumerate(texts) if "Exercise 2.1.1 (recall)" in text)
    answers_page = next(i for i, text in enumerate(texts) if text.startswith("Answers to the self-check"))
    assert "Self-check 2.1.9. Which tensor has rank 3?" in texts[chapter]
    assert "(b) A batch of grey images" in texts[chapter]
    assert re.search(rf"Answer: page {answers_page + 1}\b", texts[chapter])
    answer = "Answer: (b) A batch of grey images. Samples, rows, columns."
    assert [i for i, text in enumerate(texts) if answer in text] == [answers_page]
    assert re.search(rf"Self-check 2.1.9, page {chapter + 1}\b", texts[answers_page])
    assert "That is rank 2" not in " ".join(texts)
    assert "zoomlabel" not in " ".join(texts) and "zoomcaption" not in " ".join(texts)
    assert "The same settings side by side" in texts[chapter]
    assert report["unwrappedLinks"] == ["genindex.html"] and report["externalLinks"] == 1
    assert report["glyphsReplaced"] == 1 and report["pageNumbersSettled"]
    assert report["formulasKeptWithPunctuation"] == 1
    assert report["rawTex"] == ["A stray $x_1$ in prose."]
    # Each page of the book starts on a new page: title, contents, intro, chapter, appendix.
    assert report["pageCount"] >= 5
    pages = destination_pages(out.read_bytes())
    assert all(target in pages for target in report["linkTargets"])
    assert (tiny_site / build_pdf.PRINT_PAGE).is_file()
