"""MyST in JupyterLab: chapter 2.1's admonitions and dropdowns render as they do in the book.

JupyterLab renders plain Markdown; without ``jupyterlab-myst`` (pinned in pyproject.toml and
environment.yml) a ``{note}`` directive shows as its raw source. The test opens chapter 2.1's ``.md``
(a copy, in a temporary, token-protected JupyterLab on 127.0.0.1; no cell is run) and checks that
every ``{note}`` and ``{dropdown}`` of the source is a rendered element, and that no Markdown cell
shows a directive's source text. Screenshot: .test-artifacts/screenshots/jupyterlab/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lab_server import jupyterlab_server, lab_page, open_notebook

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "01_first_look.md"
# jupyterlab-myst 2.x renders admonitions as <aside class="myst-admonition myst-admonition-note ...">
# and dropdowns as <details class="myst-dropdown ...">.
RENDERED = {"note": "aside.myst-admonition-note", "dropdown": "details.myst-dropdown"}
RAW_DIRECTIVE = re.compile(r"(```|:::)\s*\{[a-z-]+\}|\{(note|dropdown|admonition|warning|tip)\}")


@pytest.fixture
def lab_with_chapter(tmp_path: Path):
    work = tmp_path / "lab-root"
    (work / "notebooks").mkdir(parents=True)
    shutil.copy2(ROOT / "notebooks" / CHAPTER, work / "notebooks" / CHAPTER)
    with jupyterlab_server(work, tmp_path) as (url, token):
        yield url, token


def test_chapter_directives_render_in_jupyterlab(browser, lab_with_chapter, screenshot_dir):
    url, token = lab_with_chapter
    source = (ROOT / "notebooks" / CHAPTER).read_text()
    expected = {name: len(re.findall(rf"^(```|:::)\{{{name}\}}", source, re.M)) for name in RENDERED}
    assert expected["note"] >= 1, f"{CHAPTER} has no {{note}} to look for"

    with lab_page(browser, f"{url}lab/tree/notebooks/{CHAPTER}?reset&token={token}") as lab:
        page = lab.page
        open_notebook(page)
        note = page.locator(RENDERED["note"]).first
        note.wait_for(timeout=60_000)
        found = {name: page.locator(selector).count() for name, selector in RENDERED.items()}
        # jupyterlab-myst renders a Markdown cell into div.myst (JupyterLab's own renderer into
        # div.jp-RenderedMarkdown); read whichever rendered every cell.
        rendered = page.locator(".jp-MarkdownCell .myst, .jp-MarkdownCell .jp-RenderedMarkdown")
        n_markdown = page.locator(".jp-MarkdownCell").count()
        texts = rendered.all_inner_texts()
        raw = [text[:120] for text in texts if RAW_DIRECTIVE.search(text)]
        note.scroll_into_view_if_needed()
        shot = screenshot_dir / "jupyterlab" / "01_first_look-myst-note.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        print(f"screenshot: {shot.relative_to(ROOT)}")
        note_text = note.inner_text()
    assert len(texts) == n_markdown > 10, f"{len(texts)} of {n_markdown} Markdown cells rendered"
    assert found == expected, f"rendered {found}, the source has {expected}"
    assert "Note" in note_text and "{note}" not in note_text
    assert raw == [], f"Markdown cells showing directive source: {raw}"
    lab.assert_quiet()
