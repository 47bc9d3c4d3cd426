"""Print the book to a PDF (``make pdf``): the single-page build, typeset by MathJax, printed by Chromium.

``make pdf`` first builds the book with Sphinx's ``singlehtml`` builder (the same sources, config and
stored outputs as the site) into ``build/pdf-site/_build/singlehtml/`` (a folder of its own, so
``make -j book pdf`` builds both at once); this script then

1. serves that folder on 127.0.0.1 and opens it in Debian's Chromium (driven by Playwright, as the
   browser tests do), refusing every request that would leave 127.0.0.1;
2. waits for MathJax to typeset, for the web fonts and for every image;
3. rearranges the page into a book (``PREPARE_JS``): a title page, a contents page with page
   numbers, each page of the site starting on a new page with its number as on the site (2.1,
   2.1.1, ...), the exercise solutions (cells tagged ``solution``) moved into an appendix with
   "Exercise 2.N.k" labels and links both ways, the self-check questions' answers (hidden on the
   page) moved into a second appendix, linked both ways, while each question and its options stay
   in the chapter, hints and collapsed cells opened, widget outputs hidden and the explorers'
   frame players left out (each is followed by its static grid), the site's navigation removed,
   links turned into links inside the PDF, and code and output lines wrapped so none is cut at
   the page edge;
4. prints A4 pages with page numbers and bookmarks (the PDF outline, one per page of the site and
   per section), twice: the first print tells on which page each heading landed, which the
   contents page then shows (the second print must put every heading on the same page); pypdf
   reads the printed PDF and gives the bookmarks the headings' real titles.

Next to the PDF it writes ``build-report.json`` (pages, headings, solutions and answers moved,
players left out, links, what was scaled to fit), which ``tests/book/test_pdf.py`` reads beside the
PDF itself.

Why Chromium and not LaTeX: the browser tests already install Chromium, so the PDF costs CI and a
reader nothing more to build, and it shows the outputs exactly as the site does (HTML tables,
MathJax); jupyter-book's ``pdflatex`` builder needs about 190 MB of TeX Live packages.
"""

from __future__ import annotations

import argparse
import datetime
import fnmatch
import html
import io
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tools import browser

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "pdf-site" / "_build" / "singlehtml"
OUT = ROOT / "book" / "_build" / "pdf" / "book.pdf"
CONFIG = ROOT / "book" / "_config.yml"
TOC = ROOT / "book" / "_toc.yml"

# A4 with room for the page number at the bottom. The page is laid out at the width of the printed
# column (CSS px, 96 per inch), so what the script measures is what gets printed.
PAPER = "A4"
MARGIN_MM = {"top": 16, "bottom": 18, "left": 17, "right": 17}
PAPER_WIDTH_MM = 210
PX_PER_MM = 96 / 25.4
COLUMN_PX = round((PAPER_WIDTH_MM - MARGIN_MM["left"] - MARGIN_MM["right"]) * PX_PER_MM)

FOOTER = """
<div style="width:100%; font-size:8px; color:#555; padding:0 17mm; display:flex;
            justify-content:space-between; font-family:sans-serif;">
  <span>{title}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span>
</div>
"""


def root_page(site: Path, toc: dict) -> Path:
    """The single HTML page of a singlehtml build: the root document of the toc."""
    page = site / f"{toc['root']}.html"
    if not page.is_file():
        raise FileNotFoundError(f"{page} is missing: build the book with --builder singlehtml first")
    return page


def toc_parts(toc: dict, docnames: list[str]) -> list[dict]:
    """The toc's parts as [{"caption", "docs"}], globs resolved against the documents in the page.

    The root document comes first, in a part without a caption.

    >>> toc = {"root": "intro", "parts": [{"caption": "A", "chapters": [{"file": "a"}]},
    ...        {"caption": "B", "numbered": True, "chapters": [{"glob": "n/0*"}]}]}
    >>> for part in toc_parts(toc, ["intro", "a", "n/01_x", "n/02_y", "z"]):
    ...     print(part)
    {'caption': '', 'docs': ['intro']}
    {'caption': 'A', 'docs': ['a']}
    {'caption': 'B', 'docs': ['n/01_x', 'n/02_y']}
    """
    parts = [{"caption": "", "docs": [toc["root"]]}]
    for part in toc.get("parts", []):
        docs: list[str] = []
        for entry in part.get("chapters", []):
            if "file" in entry:
                docs.append(str(entry["file"]).removesuffix(".md").removesuffix(".ipynb"))
            elif "glob" in entry:
                docs.extend(sorted(d for d in docnames if fnmatch.fnmatch(d, entry["glob"])))
        parts.append({"caption": str(part.get("caption", "")), "docs": docs})
    return parts


SUBTITLE = (
    "It follows the outline of chapter 2 of Deep Learning with Python by Fran\u00e7ois Chollet, "
    "in its own words and code."
)


def subtitle(config: dict) -> str:
    """The title page's line under the title: the site's footer text, as plain text.

    >>> subtitle({"sphinx": {"config": {"html_theme_options": {"extra_footer": "<p>By <em>us</em>.</p>"}}}})
    'By us.'
    >>> subtitle({}) == SUBTITLE
    True
    """
    theme = ((config.get("sphinx") or {}).get("config") or {}).get("html_theme_options") or {}
    footer = theme.get("extra_footer") or (config.get("html") or {}).get("extra_footer") or ""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", str(footer))).split())
    return text or SUBTITLE


def edition_line() -> str:
    """Which version of the book this is: the date, and the git commit when there is one."""
    today = datetime.date.today().isoformat()
    git = shutil.which("git")
    commit = ""
    if git:
        command = [git, "rev-parse", "--short", "HEAD"]  # fixed arguments, no shell
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
        commit = result.stdout.strip() if result.returncode == 0 else ""
    return f"PDF edition, built {today}" + (f" from commit {commit}" if commit else "")


# --- reading back the printed PDF (pypdf): where each target landed; the bookmarks ---------------


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def destination_pages(pdf: bytes) -> dict[str, int]:
    """Named destination (an HTML id that a link points at) -> its 1-based page."""
    reader = PdfReader(io.BytesIO(pdf))
    return {
        str(name).removeprefix("/"): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


def outline(pdf: bytes) -> list[tuple[int, int]]:
    """Every bookmark in document order: (depth from 1, 1-based page)."""
    reader = PdfReader(io.BytesIO(pdf))
    found: list[tuple[int, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:  # pypdf gives an item's children as a list right after it
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return found


def _outline_items(writer: PdfWriter) -> list[DictionaryObject]:
    """The outline's item dictionaries in document order (each one, then its children)."""
    items: list[DictionaryObject] = []

    def walk(node: object) -> None:
        while node is not None:
            item = node.get_object()
            items.append(item)
            walk(item.get("/First"))
            node = item.get("/Next")

    outlines = writer.root_object.get("/Outlines")
    if outlines is not None:
        walk(outlines.get_object().get("/First"))
    return items


def retitle_outline(pdf: bytes, titles: list[str], subject: str) -> bytes:
    """``pdf`` with its bookmarks renamed, in order, and ``subject`` in its document information.

    Chromium names a bookmark after the heading's printed lines, run together without a space
    ("Neural" + "Networks") and sometimes twice; the book knows the real titles. The change is an
    incremental update (the printed bytes stay as they are). pypdf names the document information
    in the update's trailer only when it changed, and poppler reads only the last trailer: the
    subject changes it, so that the title stays visible to every reader.
    """
    writer = PdfWriter(PdfReader(io.BytesIO(pdf)), incremental=True)
    items = _outline_items(writer)
    if len(items) != len(titles):
        raise ValueError(f"the PDF has {len(items)} bookmarks, the book {len(titles)} headings")
    for item, title in zip(items, titles, strict=True):
        item[NameObject("/Title")] = TextStringObject(title)
    writer.add_metadata({"/Subject": subject})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- printing -------------------------------------------------------------------------------------


PREPARE_JS = Path(__file__).with_name("build_pdf.js").read_text(encoding="utf-8")
PRINT_CSS = Path(__file__).with_name("build_pdf.css").read_text(encoding="utf-8")
PRINT_PAGE = "print.html"  # the page, copied to the build's root (see build_pdf)
MAX_PASSES = 4


def pdf_options(title: str) -> dict:
    """Playwright's page.pdf arguments: A4, page numbers in the footer, bookmarks."""
    return {
        "format": PAPER,
        "margin": {side: f"{mm}mm" for side, mm in MARGIN_MM.items()},
        "print_background": True,
        "display_header_footer": True,
        "header_template": "<span></span>",
        "footer_template": FOOTER.format(title=html.escape(title)),
        "outline": True,  # bookmarks from the headings (needs the tagged PDF)
        "tagged": True,
    }


def build_pdf(site: Path, out: Path, *, title: str, subtitle: str, edition: str, toc: dict) -> dict:
    """Print the singlehtml build at ``site`` into ``out``; returns the build report."""
    from playwright.sync_api import sync_playwright

    # Sphinx writes the single page at the root document's path (book/intro.html) but makes its
    # links relative to the build's root (_static/..., _images/...): serve a copy from the root.
    source = root_page(site, toc)
    (site / PRINT_PAGE).write_bytes(source.read_bytes())
    docnames = re.findall(r'id="document-([^"]+)"', source.read_text(encoding="utf-8"))
    config = {
        "title": title,
        "subtitle": subtitle,
        "edition": edition,
        "rootDoc": toc["root"],
        "parts": toc_parts(toc, docnames),
        "css": PRINT_CSS,
    }
    options = pdf_options(title)
    refused: list[str] = []
    with browser.serve_directory(site) as base, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            page = chromium.new_page(viewport={"width": COLUMN_PX, "height": 1100}, color_scheme="light")
            browser.refuse_outside_requests(page, refused)
            page.emulate_media(media="print", color_scheme="light")
            page.goto(f"{base}/{PRINT_PAGE}", wait_until="load")
            report = page.evaluate(PREPARE_JS, config)
            # Print, read where each target landed, write the page numbers in, print again: until
            # the numbers written are the numbers printed.
            numbers: dict[str, int] = {}
            for passes in range(1, MAX_PASSES + 1):
                pdf = page.pdf(**options)
                landed = destination_pages(pdf)
                if passes > 1 and all(landed.get(t) == numbers.get(t) for t in report["pageTargets"]):
                    break
                numbers = landed
                report["missingTargets"] = page.evaluate(
                    "(pages) => window.dlmathSetPageNumbers(pages)", numbers
                )
            report["passes"] = passes
        finally:
            chromium.close()
    report["pageNumbersSettled"] = all(landed.get(t) == numbers.get(t) for t in report["pageTargets"])
    report["targetPages"] = {t: landed.get(t) for t in report["pageTargets"]}
    report["linksWithoutDestination"] = [t for t in report["linkTargets"] if t not in landed]
    report["refusedRequests"] = refused
    titles = [entry["title"] for entry in report["bookmarks"]]
    try:
        pdf = retitle_outline(pdf, titles, subtitle)
    except ValueError as error:
        report["bookmarkProblem"] = str(error)
    report["outline"] = [{"depth": d, "page": p} for d, p in outline(pdf)]
    report["pageCount"] = page_count(pdf)
    report["bytes"] = len(pdf)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    return report


def problems(report: dict) -> list[str]:
    """What makes a build unfit to ship: the build fails on any of these."""
    found = []
    checks = {
        "requests beyond 127.0.0.1": report["refusedRequests"],
        "math MathJax did not typeset": report["untypesetMath"] or report["mathErrors"],
        "images that did not load": report["imagesNotLoaded"],
        "links to a place the book does not have": report["brokenLinks"],
        "self-check questions without an answer": report.get("quizzesWithoutAnswer"),
        "cross-references with no page": report.get("missingTargets"),
        "links whose target the PDF lacks": report["linksWithoutDestination"],
        "bookmarks that do not match the headings": report.get("bookmarkProblem"),
        "elements wider than the page": report["overflowing"],
        "page numbers that moved on every print": not report["pageNumbersSettled"],
    }
    for what, value in checks.items():
        if value:
            found.append(f"{what}: {value}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site", type=Path, default=SITE, help="the singlehtml build (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=OUT, help="the PDF to write (default: %(default)s)")
    args = parser.parse_args(argv)
    if not browser.chromium_available():
        print(
            f"error: no Chromium at {browser.CHROMIUM}: {browser.INSTALL_HINT}, or set DLMATH_CHROMIUM",
            file=sys.stderr,
        )
        return 1
    start = time.monotonic()
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    toc = yaml.safe_load(TOC.read_text(encoding="utf-8"))
    report = build_pdf(
        args.site,
        args.out,
        title=config["title"],
        subtitle=subtitle(config),
        edition=edition_line(),
        toc=toc,
    )
    report["seconds"] = round(time.monotonic() - start, 1)
    args.out.with_name("build-report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(
        f"pdf: {args.out}: {report['pageCount']} pages, {report['bytes'] / 1e6:.1f} MB, "
        f"{len(report['outline'])} bookmarks, {len(report['solutions'])} solutions and "
        f"{len(report['quizAnswers'])} self-check answers in the appendices, "
        f"{report['playersRemoved']} players left out, "
        f"printed {report['passes']} times, {report['seconds']} s"
    )
    found = problems(report)
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
