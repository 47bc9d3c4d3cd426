"""What a reader sees on a page of the book, measured in Chromium (tests/browser/test_reader_view.py).

``view_page`` opens one page at a given window width in light or dark mode and measures:

- **sideways scrolling**: the page as a whole wider than the window (and what sticks out), and
  every code or output block (``pre``, an output area) wider than the box
  that shows it (``scrollWidth > clientWidth``), with its solutions and other toggles opened first;
- **numbers**: the text of every heading, table-of-contents entry, prev/next link and the page title,
  so that ``doubled_numbers`` can find "2.4.3. 2.4.3 Stochastic ...";
- **accessibility**: the serious and critical violations axe-core finds (``make book-deps`` copies
  axe-core from npm into build/axe/; it is injected into the page, never served by the book);
- **figures**: the alpha of the four corner pixels of every image in the article, read back
  from a canvas (a transparent figure vanishes into a dark page);

and saves a full-page screenshot. ``solution_visibility`` checks the exercise solutions: hidden
(code and output) until their toggle is clicked, and both shown by one click.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from site_checks import watch_network

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("DLMATH_BOOK_HTML", ROOT / "book" / "_build" / "html"))
SKIP_FOLDERS = {"_static", "_sources", "_images", "_downloads"}
AXE_JS = ROOT / "build" / "axe" / "axe.min.js"
AXE_HINT = f"axe-core is missing ({AXE_JS}): run `make book-deps` (it needs npm once)"
# Impacts that fail the tests; axe also reports "moderate" and "minor".
FAILING_IMPACTS = ("serious", "critical")

# A section number typed by hand or printed by Sphinx: "2.1", "2.4.3.", "3." (a bare "784" is text).
_NUMBER = r"(?:\d+(?:\.\d+)+\.?|\d+\.)"
DOUBLED_NUMBER = re.compile(rf"^\s*(?:§\s*)?({_NUMBER})\s+({_NUMBER})(?=\s|$)")

MEASURE_JS = r"""
async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  const text = (el) => el.textContent.replace(/[#¶]/g, ' ').replace(/\s+/g, ' ').trim();
  // Numbers: headings, every navigation link (sidebar, page contents, prev/next), the <title>.
  const labels = [
    ...[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((el) => ['heading', text(el)]),
    ...[...document.querySelectorAll('nav a, .prev-next-area a .prev-next-title, .toctree-wrapper a')]
      .map((el) => ['contents', text(el)]),
    ['title', document.title],
  ].filter(([, t]) => t);
  // Sideways scrolling: open every toggle first, so hidden solutions are measured too.
  const closed = [...document.querySelectorAll('details:not([open])')];
  closed.forEach((d) => { d.open = true; });
  const blocks = [...document.querySelectorAll(
    '.bd-article pre, .bd-article div.cell_output .output, .bd-article .output_area')];
  const overflowing = blocks
    .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
    .map((el) => {
      const lines = el.textContent.split('\n');
      const longest = lines.reduce((a, b) => (b.length > a.length ? b : a), '');
      const section = el.closest('section');
      const heading = section && section.querySelector('h1, h2, h3, h4, h5, h6');
      return {
        kind: el.tagName === 'PRE' ? (el.closest('.cell_output') ? 'output' : 'code') : 'output',
        scrollWidth: el.scrollWidth, clientWidth: el.clientWidth,
        chars: longest.length, line: longest.trim().slice(0, 100),
        section: heading ? text(heading).slice(0, 60) : '',
      };
    });
  closed.forEach((d) => { d.open = false; });
  // Figures: the corner pixels' alpha, drawn at the image's own size.
  const figures = [];
  for (const img of document.querySelectorAll('.bd-article img')) {
    try { await img.decode(); } catch (e) { /* reported below as not loaded */ }
    const w = img.naturalWidth, h = img.naturalHeight;
    const entry = { src: img.getAttribute('src'), width: w, height: h, corners: null };
    if (w && h) {
      const canvas = document.createElement('canvas');
      canvas.width = w; canvas.height = h;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      entry.corners = [[0, 0], [w - 1, 0], [0, h - 1], [w - 1, h - 1]]
        .map(([x, y]) => ctx.getImageData(x, y, 1, 1).data[3]);
    }
    figures.push(entry);
  }
  const pageWidth = document.documentElement.scrollWidth;
  // What sticks out past the window's right edge, outside the blocks that scroll on their own.
  const ownScroll = 'pre, .pst-scrollable-table-container, mjx-container, .bd-sidebar-primary, '
    + '.bd-sidebar-secondary, dialog';
  const sticksOut = pageWidth <= innerWidth ? [] : [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > innerWidth + 1 && !el.closest(ownScroll)
      && el.checkVisibility())
    .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: `
      + el.textContent.trim().slice(0, 80))
    .slice(0, 10);
  // Links and headings cut off by a box that hides its overflow (the theme's prev/next links).
  const clipped = [...document.querySelectorAll('.prev-next-area a, .bd-article h1, .bd-article h2')]
    .filter((el) => el.checkVisibility() && el.scrollWidth > el.clientWidth + 1)
    .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}: ${text(el).slice(0, 80)}`);
  return {
    labels, overflowing, figures, pageWidth, windowWidth: innerWidth, sticksOut, clipped,
    theme: document.documentElement.dataset.theme || '',
  };
}
"""

AXE_RUN_JS = """
async (impacts) => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations
    .filter((v) => impacts.includes(v.impact))
    .map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ') + ' -- ' + n.html.replace(/\\s+/g, ' ').slice(0, 120)),
    }));
}
"""

# For each solution cell (tag `solution`, which myst-nb writes as the class tag_solution): is any of
# its code, or any of its output, visible? ``checkVisibility`` is false inside a closed <details>.
SOLUTIONS_JS = """
() => [...document.querySelectorAll('div.cell.tag_solution')].map((cell, i) => {
  const shown = (sel) => [...cell.querySelectorAll(sel)].some((el) => el.checkVisibility());
  const code = cell.querySelector('.cell_input');
  return {
    index: i,
    firstLine: code ? code.textContent.trim().split('\\n')[0].slice(0, 80) : '',
    codeVisible: shown('.cell_input pre'),
    outputVisible: shown('.cell_output > *'),
    hasOutput: cell.querySelector('.cell_output > *') !== null,
    toggles: cell.querySelectorAll('details > summary').length,
  };
})
"""


@dataclass
class PageView:
    """What ``view_page`` measured on one page, in one mode, at one window width."""

    page: str
    mode: str
    width: int
    theme: str = ""
    labels: list[tuple[str, str]] = field(default_factory=list)
    overflowing: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    page_width: int = 0  # the document's scrollWidth: wider than the window scrolls the whole page
    window_width: int = 0
    sticks_out: list[str] = field(default_factory=list)
    clipped: list[str] = field(default_factory=list)  # links and headings cut off at a box's edge
    axe: list[dict] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    error: str = ""

    @property
    def name(self) -> str:
        return f"{self.page} ({self.mode}, {self.width} px)"


def book_pages(site: Path = SITE) -> list[str]:
    """Every HTML page of the built book, relative to its root (assets excluded)."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not SKIP_FOLDERS.intersection(p.relative_to(site).parts)
    )


def doubled_numbers(texts: list[str]) -> list[str]:
    """The texts that show a section number twice: "2.4.3. 2.4.3 Stochastic gradient descent".

    >>> doubled_numbers(["2.4.3. 2.4.3 Stochastic", "2.4.3. Stochastic", "2.2.1. 3D tensors"])
    ['2.4.3. 2.4.3 Stochastic']
    """
    return [t for t in texts if DOUBLED_NUMBER.match(t)]


def transparent_figures(view: PageView) -> list[str]:
    """Images in the article whose corner pixels are not fully opaque (or that did not load)."""
    found = []
    for figure in view.figures:
        if figure["corners"] is None:
            found.append(f"{figure['src']}: did not load")
        elif min(figure["corners"]) < 255:
            found.append(f"{figure['src']}: corner alpha {figure['corners']} (255 is opaque)")
    return found


def view_page(
    browser, url: str, page_name: str, mode: str, width: int, screenshot: Path | None, axe: bool = True
) -> PageView:
    """Open ``url`` at ``width`` x 900 in ``mode`` ("light" or "dark") and measure it (see module doc).

    ``axe=False`` skips axe-core (seconds per long page); ``screenshot=None`` takes none.
    """
    view = PageView(page=page_name, mode=mode, width=width)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, service_workers="block", color_scheme=mode
    )
    # The theme's colour-mode button stores the reader's choice under these keys; set before load.
    context.add_init_script(
        f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
    )
    page = context.new_page()
    try:
        watch_network(page, view.outside_requests)
        response = page.goto(url, wait_until="load")
        if response is None or response.status >= 400:
            view.error = f"HTTP {response.status if response else 'no response'} for {url}"
            return view
        page.wait_for_load_state("networkidle", timeout=60_000)
        seen = page.evaluate(MEASURE_JS)
        view.theme = seen["theme"]
        view.labels = [tuple(label) for label in seen["labels"]]
        view.overflowing = seen["overflowing"]
        view.figures = seen["figures"]
        view.page_width, view.window_width = seen["pageWidth"], seen["windowWidth"]
        view.sticks_out = seen["sticksOut"]
        view.clipped = seen["clipped"]
        if axe and AXE_JS.is_file():
            page.add_script_tag(path=str(AXE_JS))
            view.axe = page.evaluate(AXE_RUN_JS, list(FAILING_IMPACTS))
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
            view.screenshot = screenshot
    except Exception as exc:  # noqa: BLE001 - reported by the tests, page by page
        view.error = f"{type(exc).__name__}: {exc}"
    finally:
        context.close()
    return view


def solution_visibility(browser, url: str) -> tuple[list[dict], list[dict]]:
    """The solution cells of a page before any click, and after one click on each one's toggle."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle", timeout=60_000)
        before = page.evaluate(SOLUTIONS_JS)
        cells = page.locator("div.cell.tag_solution")
        for i in range(cells.count()):
            toggle = cells.nth(i).locator("details > summary")
            if toggle.count():
                toggle.first.scroll_into_view_if_needed()
                toggle.first.click()
        after = page.evaluate(SOLUTIONS_JS)
    finally:
        context.close()
    return before, after
