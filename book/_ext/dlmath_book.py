"""Sphinx extension for the dlmath book: chapter numbers from file names, alt text for figures.

Two things jupyter-book does not do for us:

- **Numbers.** The chapter pages are ``notebooks/NN_name.ipynb`` and their titles already read
  "2.1 A first look ...". Sphinx would number them 1, 2, ... and print "1. 2.1 A first look".
  Instead we take the number from the file name (``01_`` is section 2.1 of chapter 2), strip the
  number typed in the title (warning when it disagrees with the file name) and let Sphinx number
  the page and its sections 2.1, 2.1.1, 2.1.2, ... in headings, the sidebar and prev/next links.
- **Alt text.** myst-nb gives a figure output the alt text an author sets in the cell metadata
  (``mystnb: {image: {alt: "..."}}``); without it the image's alt is its file name. For those we
  use the sentence that introduces the figure (the paragraph just before the code cell), so a
  screen reader says what the figure is about rather than a hash.

>>> chapter_number("notebooks/01_first_look")
(2, 1)
>>> split_title_number("2.1 A first look at a neural network")
('2.1', 'A first look at a neural network')
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

BOOK_CHAPTER = 2  # the book is chapter 2 of the original; notebooks are its sections 2.1, 2.2, ...
CHAPTER_DOC = re.compile(r"^notebooks/(\d\d)_[^/]+$")
TITLE_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s+(.*)$", re.DOTALL)
MAX_ALT_CHARS = 300


def chapter_number(docname: str) -> tuple[int, int] | None:
    """The section number of a chapter page from its file name, or None for other pages."""
    match = CHAPTER_DOC.match(docname)
    return (BOOK_CHAPTER, int(match.group(1))) if match else None


def split_title_number(title: str) -> tuple[str | None, str]:
    """Split "2.1 Title" into ("2.1", "Title"); a title without a number gives (None, title)."""
    match = TITLE_NUMBER.match(title)
    return (match.group(1), match.group(2)) if match else (None, title)


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


def _number_chapter_titles(app: Sphinx, doctree: nodes.document) -> None:
    """Strip the typed-in number from a chapter page's title (Sphinx prints the real one)."""
    docname = app.env.docname
    number = chapter_number(docname)
    if number is None:
        return
    for title in doctree.findall(nodes.title):
        text = title.astext()
        typed, rest = split_title_number(text)
        if typed is not None:
            expected = ".".join(map(str, number))
            if typed != expected:
                logger.warning(
                    "title %r is numbered %s but the file name makes it section %s; "
                    "rename the notebook or fix its title",
                    text,
                    typed,
                    expected,
                    location=(docname, title.line),
                )
            title.children = [nodes.Text(rest)]
        break  # only the page title


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
    app.connect("doctree-read", _number_chapter_titles, priority=400)
    app.connect("doctree-read", _add_missing_alt_text)
    # After the toctree collector (priority 500) has assigned section numbers.
    app.connect("env-get-updated", _on_env_get_updated, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
