"""A learner's first session: JupyterLab on 127.0.0.1, open chapter 2.1's .md, run all cells.

The server runs on a copy of notebooks/ (running cells saves them; the repository's files stay
untouched), with a token, a fresh workspace, and Jupyter's config/data/runtime folders inside a
temporary folder. The environment's own ``share/jupyter/lab/settings/overrides.json`` (written by
``python tools/jupyter_setup.py``) is what makes the ``.md`` open as a notebook. The test stops
the server it started, by its PID. Screenshot: .test-artifacts/screenshots/jupyterlab/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from lab_server import error_output_texts, jupyterlab_server, lab_page, open_notebook, wait_for_all_cells_run

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "01_first_look.md"
RUN_ALL_TIMEOUT_S = 240


@pytest.fixture
def jupyterlab(tmp_path: Path):
    """Start JupyterLab on 127.0.0.1 over a copy of chapter 2.1; yields (base_url, token, root)."""
    mnist = os.environ.get("DLMATH_MNIST_PATH", "")
    if not mnist or not Path(mnist).is_file():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but DLMATH_MNIST_PATH does not name a file", pytrace=False)
        pytest.skip("set DLMATH_MNIST_PATH to a copy of mnist.npz to run chapter 2.1 in JupyterLab")
    # Only the .md: without its .ipynb pair the notebook opens with no stored outputs, so every
    # output the test sees was produced by this run.
    work = tmp_path / "lab-root"
    (work / "notebooks").mkdir(parents=True)
    shutil.copy2(ROOT / "notebooks" / CHAPTER, work / "notebooks" / CHAPTER)
    with jupyterlab_server(work, tmp_path, {"DLMATH_MNIST_PATH": str(Path(mnist).resolve())}) as (url, token):
        yield url, token, work


def test_chapter_runs_in_jupyterlab(browser, jupyterlab, screenshot_dir):
    url, token, work = jupyterlab
    with lab_page(browser, f"{url}lab/tree/notebooks/{CHAPTER}?reset&token={token}") as lab:
        page = lab.page
        # The .md opens as a notebook (Jupytext Notebook is the default viewer), with a kernel.
        open_notebook(page)
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(timeout=90_000)
        # Every code cell of the .md is there (JupyterLab renders them progressively).
        n_cells = (work / "notebooks" / CHAPTER).read_text().count("```{code-cell}")
        assert n_cells > 5
        page.wait_for_function(
            "(n) => document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell').length === n",
            arg=n_cells,
            timeout=60_000,
        )

        assert page.locator(".jp-NotebookPanel .jp-OutputArea-output").count() == 0, "outputs before running"
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        # Done when the code cells show the execution counts 1, 2, ..., n of this fresh kernel.
        wait_for_all_cells_run(page, n_cells, RUN_ALL_TIMEOUT_S)
        error_texts = error_output_texts(page)
        assert error_texts == [], f"error output in JupyterLab: {error_texts}"
        outputs = page.locator(".jp-NotebookPanel .jp-OutputArea-output")
        assert outputs.count() >= n_cells // 2, "too few outputs appeared"
        assert page.locator(".jp-NotebookPanel img").count() >= 1, "no figure was drawn"
        accuracy = page.locator(".jp-OutputArea-output", has_text="test accuracy:").first
        accuracy.wait_for(timeout=10_000)
        accuracy.scroll_into_view_if_needed()
        shot = screenshot_dir / "jupyterlab" / "01_first_look-run-all.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        print(f"screenshot: {shot.relative_to(ROOT)}")
        print(accuracy.inner_text())
        lab.assert_quiet()
