"""Sphinx extension for the dlmath book: chapter numbers from file names, alt text for figures.

What jupyter-book does not do for us:

- **Numbers.** The chapter pages are ``notebooks/NN_name.ipynb``. Sphinx would number them 1, 2,
  ... Instead we take the number from the file name (``01_`` is section 2.1 of chapter 2) and let
  Sphinx number the page and its sections 2.1, 2.1.1, 2.1.2, ... in headings, the sidebar,
  prev/next links and search results. A heading must not type a number of its own ("2.4.3
  Stochastic gradient descent" would read "2.4.3. 2.4.3 Stochastic ..."): any title or section
  heading, on any page, that starts with a section number is a warning naming the file, the line
  and the heading, so ``make book`` (-W) fails. The number is still stripped, so a build without
  -W shows it once.
- **Toggles.** myst-nb names every "Show code cell source/content" toggle "Toggle hidden
  content" (``aria-label``), a name that lacks its visible text (WCAG 2.5.3, axe's
  label-content-name-mismatch). Ours are named by their visible text.
- **Alt text.** myst-nb gives a figure output the alt text an author sets in the cell metadata
  (``mystnb: {image: {alt: "..."}}``); without it the image's alt is its file name. For those we
  use the sentence that introduces the figure (the paragraph just before the code cell), so a
  screen reader says what the figure is about rather than a hash.

>>> chapter_number("notebooks/01_first_look")
(2, 1)
>>> split_title_number("2.1 A first look at a neural network")
('2.1', 'A first look at a neural network')
>>> split_title_number("2D tensors"), split_title_number("784 pixels per image")
((None, '2D tensors'), (None, '784 pixels per image'))
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

BOOK_CHAPTER = 2  # the book is chapter 2 of the original; notebooks are its sections 2.1, 2.2, ...
CHAPTER_DOC = re.compile(r"^notebooks/(\d\d)_[^/]+$")
# A typed section number: "2.1 ", "2.4.3. ", "3. " (a lone number needs its dot: "784 pixels" is text).
TITLE_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)+\.?|\d+\.)\s+(.*)$", re.DOTALL)
MAX_ALT_CHARS = 300


def chapter_number(docname: str) -> tuple[int, int] | None:
    """The section number of a chapter page from its file name, or None for other pages."""
    match = CHAPTER_DOC.match(docname)
    return (BOOK_CHAPTER, int(match.group(1))) if match else None


def split_title_number(title: str) -> tuple[str | None, str]:
    """Split "2.1 Title" into ("2.1", "Title"); a title without a number gives (None, title)."""
    match = TITLE_NUMBER.match(title)
    return (match.group(1).rstrip("."), match.group(2)) if match else (None, title)


def typed_heading_numbers(doctree: nodes.Node) -> list[tuple[nodes.title, str, str]]:
    """Every page title or section heading that types its own number: ``(title, number, rest)``."""
    found = []
    for title in doctree.findall(nodes.title):
        if not isinstance(title.parent, nodes.section):
            continue  # admonition, table and topic titles are not numbered by Sphinx
        typed, rest = split_title_number(title.astext())
        if typed is not None:
            found.append((title, typed, rest))
    return found


def fallback_alt_text(image: nodes.image, docname: str) -> str:
    """Alt text for a figure without one: the paragraph introducing its cell, or the section's title."""
    cell: nodes.Element | None = image
    while cell is not None and "cell" not in cell.get("classes", []):
        cell = cell.parent
    if cell is not None and cell.parent is not None:
        siblings = cell.parent.children
        index = siblings.index(cell)
        if index > 0 and isinstance(siblings[index - 1], nodes.paragraph):
            text = " ".join(siblings[index - 1].astext().split()).rstrip(":").strip()
            if len(text) > MAX_ALT_CHARS:
                text = text[:MAX_ALT_CHARS].rsplit(" ", 1)[0] + "..."
            if text:
                return f"Figure: {text}"
    section = image
    while section is not None and not isinstance(section, nodes.section):
        section = section.parent
    where = section[0].astext() if section is not None else docname
    return f"Figure computed by a code cell in \u201c{where}\u201d"


def _reject_typed_heading_numbers(app: Sphinx, doctree: nodes.document) -> None:
    """Warn (an error under -W) for every heading that types a number; strip it from the page."""
    docname = app.env.docname
    number = chapter_number(docname)
    for title, typed, rest in typed_heading_numbers(doctree):
        text = title.astext()
        hint = "the book numbers its sections itself: remove the number from the heading"
        if number is not None and title.parent.parent is doctree:
            expected = ".".join(map(str, number))
            if typed != expected:
                hint += f" (the file name makes this page section {expected}, not {typed})"
        logger.warning(
            "%s: heading %r types the number %s; %s",
            app.env.doc2path(docname, False),
            text,
            typed,
            hint,
            location=(docname, title.line),
            type="dlmath",
            subtype="heading_number",
        )
        title.children = [nodes.Text(rest)]


def _add_missing_alt_text(app: Sphinx, doctree: nodes.document) -> None:
    for image in doctree.findall(nodes.image):
        if not image.get("alt"):
            image["alt"] = fallback_alt_text(image, app.env.docname)


def _renumber(env: BuildEnvironment) -> None:
    """Turn Sphinx's 1, 1.1, 2, ... for the chapter pages into 2.1, 2.1.1, 2.2, ..."""

    def remap(docname: str, value: Any) -> Any:
        number = chapter_number(docname)
        if number is None or not value:
            return value
        return number + tuple(value[1:])

    for docname, secnums in env.toc_secnumbers.items():
        if chapter_number(docname) is None:
            continue
        for anchor, value in secnums.items():
            secnums[anchor] = remap(docname, value)
        for reference in env.tocs[docname].findall(nodes.reference):
            if reference.get("secnumber"):
                reference["secnumber"] = remap(docname, reference["secnumber"])
        title = env.titles.get(docname)
        if title is not None and title.get("secnumber"):
            title["secnumber"] = remap(docname, title["secnumber"])


def visit_hide_cell(self: Any, node: HideCodeCellNode) -> None:
    """myst-nb's toggle without ``aria-label="Toggle hidden content"``: its name is what it shows."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_hide_cell(self: Any, node: HideCodeCellNode) -> None:
    self.body.append("</details>\n")


def _override_hide_cell_toggle(app: Sphinx, config: Any) -> None:
    # After every extension's setup(), so after myst-nb registered its own visitor.
    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell, depart_hide_cell))


def _on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    _renumber(env)
    return []


def _disable_thebe(app: Sphinx, config: Any) -> None:
    """Unhook sphinx-thebe, which jupyter-book always loads.

    Even with launch buttons off it puts a script naming unpkg.com, a Binder repository and a
    second copy of its settings (a JavaScript error) into every page. The book runs no code.
    """
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)
    app.registry.css_files[:] = [css for css in app.registry.css_files if "thebe" not in str(css[0])]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _disable_thebe)
    # Before the title and toc collectors (priority 500) read the titles.
    app.connect("doctree-read", _reject_typed_heading_numbers, priority=400)
    app.connect("doctree-read", _add_missing_alt_text)
    # After the toctree collector (priority 500) has assigned section numbers.
    app.connect("env-get-updated", _on_env_get_updated, priority=900)
    app.connect("config-inited", _override_hide_cell_toggle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
