"""Self-check questions in JupyterLab with no kernel: chapter 2.3 and the learner's copy answer back.

A question is HTML with a few lines of JavaScript, stored as a cell's output. JupyterLab runs such
a script only when the notebook is trusted (signed in Jupyter's notary database); otherwise it
shows the HTML sanitized: the options disabled and every explanation, the right one included, in
plain view. ``make lab`` signs the book's own notebooks (``tools/jupyter_setup.py --trust-book``).

The test copies chapter 2.3 (its ``.md`` and the paired ``.ipynb`` with the stored outputs) and
makes the learner's copy of it (``tools/learner_copy.py``), signs them as ``make lab`` does, and
serves them with JupyterLab on 127.0.0.1 where no kernel may start (no kernel spec is allowed;
the test answers JupyterLab's kernel dialog with "No Kernel", and checks that no kernel ran). In
the chapter, opened as its ``.md`` as START_HERE.md links it, and in the learner's copy, every
question answered wrong and then right says which, and why (``test_interactive.check_quizzes``,
the same check as on the built book). In the chapter, each explorer's static player is stored
collapsed (JupyterLab shows the live explorer, once run, instead): not shown until its output is
expanded (View, Expand All Outputs), and shown then. A notebook the book did not sign shows its
questions inert. Screenshot: .test-artifacts/screenshots/jupyterlab/.
"""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

import pytest
from lab_server import jupyterlab_server, lab_page
from test_interactive import InteractiveReport, check_quizzes

from tools.jupyter_setup import book_notebooks, trust_notebooks
from tools.learner_copy import write_learner_copies

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "03_tensor_operations"
NO_KERNEL_CONFIG = {"KernelSpecManager": {"allowed_kernelspecs": ["no-kernel-here"]}}


def _stored(notebook: Path, marker: str) -> list[int]:
    """Indices of the cells of ``notebook`` whose stored HTML output holds ``marker``."""
    cells = json.loads(notebook.read_text())["cells"]
    return [
        i
        for i, cell in enumerate(cells)
        if any(marker in "".join(out.get("data", {}).get("text/html", "")) for out in cell.get("outputs", []))
    ]


@pytest.fixture
def lab_without_kernel(tmp_path: Path):
    """JupyterLab over a copy of chapter 2.3, its learner's copy and an unsigned notebook; no kernels.

    Yields ``(url, token, root)``.
    """
    root = tmp_path / "lab-root"
    (root / "notebooks").mkdir(parents=True)
    for suffix in (".ipynb", ".md"):  # the .md last and newer, as jupytext leaves a pair
        shutil.copy2(ROOT / "notebooks" / f"{CHAPTER}{suffix}", root / "notebooks")
    write_learner_copies(root / "notebooks", root / "learner")
    # A notebook from elsewhere: the learner's copy with one more cell (a signature is of content).
    other = json.loads((root / "learner" / f"{CHAPTER}.ipynb").read_text())
    other["cells"].insert(0, {"cell_type": "markdown", "id": "elsewhere", "metadata": {}, "source": "Mine."})
    (root / "unsigned.ipynb").write_text(json.dumps(other))
    (tmp_path / "jupyter" / "config").mkdir(parents=True)
    (tmp_path / "jupyter" / "config" / "jupyter_server_config.json").write_text(json.dumps(NO_KERNEL_CONFIG))
    # What `make lab` signs, in this server's own notary database.
    data_dir = tmp_path / "jupyter" / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_DATA_DIR", str(data_dir))
        signed = trust_notebooks(book_notebooks(root))
    assert {path.relative_to(root).as_posix() for path in signed} == {
        f"notebooks/{CHAPTER}.ipynb",
        f"learner/{CHAPTER}.ipynb",
    }
    with jupyterlab_server(root, tmp_path) as (url, token):
        yield url, token, root


def _open_without_kernel(page) -> None:
    """Wait for the notebook; JupyterLab finds no kernel for it and asks: choose "No Kernel"."""
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=60_000)
    dialog = page.locator(".jp-Dialog")
    dialog.first.wait_for(timeout=30_000)
    dialog.locator("button", has_text="No Kernel").first.click()
    dialog.first.wait_for(state="detached", timeout=10_000)


def _check_questions(browser, url: str, n_questions: int) -> None:
    with lab_page(browser, url) as lab:
        page = lab.page
        _open_without_kernel(page)
        quizzes = page.locator(".jp-OutputArea-output .dlmath-quiz")
        quizzes.first.wait_for(timeout=30_000)
        report = InteractiveReport(url=url)
        check_quizzes(page, report)
        assert report.quizzes == n_questions
        assert report.problems == []
        lab.assert_quiet()


def test_questions_answer_back_without_kernel(browser, lab_without_kernel, screenshot_dir):
    url, token, root = lab_without_kernel
    chapter = root / "notebooks" / f"{CHAPTER}.ipynb"
    questions, players = _stored(chapter, 'class="dlmath-quiz"'), _stored(chapter, 'class="dlmath-player"')
    assert questions, f"{chapter.name} stores no self-check question: execute the chapter first"
    assert players, f"{chapter.name} stores no explorer player: execute the chapter first"

    with lab_page(browser, f"{url}lab/tree/notebooks/{CHAPTER}.md?reset&token={token}") as lab:
        page = lab.page
        _open_without_kernel(page)
        page.locator(".jp-OutputArea-output .dlmath-quiz").first.wait_for(timeout=30_000)
        report = InteractiveReport(url=page.url)
        check_quizzes(page, report)
        assert (report.quizzes, report.problems) == (len(questions), [])
        first = page.locator(".dlmath-quiz").first
        first.scroll_into_view_if_needed()
        shot = screenshot_dir / "jupyterlab" / f"{CHAPTER}-self-check.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        first.screenshot(path=str(shot))
        print(f"screenshot: {shot.relative_to(ROOT)}")

        # Each player's cell is stored collapsed (its code and its output): JupyterLab shows a
        # one-line placeholder and hides the output, player and all, until it is expanded.
        cells = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell")
        assert cells.count() == len(json.loads(chapter.read_text())["cells"])
        for index in players:
            cell = cells.nth(index)
            assert cell.locator(".jp-InputPlaceholder").is_visible(), f"cell {index}: code not collapsed"
            assert not cell.locator(".jp-Cell-outputWrapper").is_visible(), f"cell {index}: output shows"
        assert page.locator(".dlmath-player:visible").count() == 0, "a player shows in JupyterLab"
        page.locator(".lm-MenuBar-itemLabel", has_text="View").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Expand All Outputs").first.click()
        page.locator(".dlmath-player:visible").nth(len(players) - 1).wait_for(timeout=10_000)
        assert page.locator(".dlmath-player:visible").count() == len(players)
        lab.assert_quiet()

    _check_questions(browser, f"{url}lab/tree/learner/{CHAPTER}.ipynb?reset&token={token}", len(questions))

    # Unsigned, the same copy shows its questions inert (the reason `make lab` signs the book's).
    with lab_page(browser, f"{url}lab/tree/unsigned.ipynb?reset&token={token}") as lab:
        page = lab.page
        _open_without_kernel(page)
        option = page.locator(".dlmath-quiz input[type=radio]").first
        option.wait_for(state="attached", timeout=30_000)
        assert option.is_disabled()
        assert page.locator(".dlmath-quiz script").count() == 0

    with urllib.request.urlopen(f"{url}api/sessions?token={token}", timeout=10) as sessions:  # noqa: S310
        assert all(session["kernel"] is None for session in json.load(sessions))
    with urllib.request.urlopen(f"{url}api/kernels?token={token}", timeout=10) as kernels:  # noqa: S310
        assert json.load(kernels) == []
