"""A widget in JupyterLab: move the learning-rate slider of section 2.4's explorer, see the figure change.

The test writes a one-cell notebook into a temporary folder (no MNIST, no TensorFlow), serves it
with JupyterLab on 127.0.0.1 (``lab_server.jupyterlab_server``: token, fresh workspace, temporary
Jupyter folders, stopped by PID), runs the cell, and reads the figure: the ``<img>`` that the
``Image`` widget shows. It then focuses the slider's handle and presses ArrowRight, as a learner
using the keyboard would, and checks that the slider's readout, the image's ``src`` and the image's
pixels all changed, with no error output, no JavaScript error and no request leaving 127.0.0.1.
Screenshots before and after: .test-artifacts/screenshots/jupyterlab/.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from lab_server import error_output_texts, jupyterlab_server, lab_page, open_notebook, wait_for_all_cells_run

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "widget.ipynb"
WIDGET_CELL = """\
from dlmath.widgets.gradient_optimization import learning_rate_explorer

explorer = learning_rate_explorer(learning_rate=0.01, momentum=0.0)
assert len(explorer.children) == 4  # two sliders, a caption, the figure
explorer"""
# FloatLogSlider from 10**-3 to 10**-0.5 in exponent steps of 0.05: five presses take 0.01 to 10**-1.75.
PRESSES = 5
READOUT_BEFORE, READOUT_AFTER = "0.0100", f"{10**-1.75:.4f}"


def _notebook(source: str) -> str:
    """A minimal nbformat-4 notebook with one code cell and the environment's python3 kernel."""
    cell = {"cell_type": "code", "execution_count": None, "id": "widget", "metadata": {}, "outputs": []}
    cell["source"] = source
    return json.dumps(
        {
            "cells": [cell],
            "metadata": {
                "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                "language_info": {"name": "python"},
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    )


@pytest.fixture
def lab_with_widget(tmp_path: Path):
    """JupyterLab over a temporary folder holding only the one-cell widget notebook; yields (url, token)."""
    root = tmp_path / "lab-root"
    root.mkdir()
    (root / NOTEBOOK).write_text(_notebook(WIDGET_CELL))
    with jupyterlab_server(root, tmp_path) as (url, token):
        yield url, token


def _figure_state(image) -> tuple[str, str]:
    """The ``src`` of the widget's ``<img>`` (a blob: URL) and a hash of its pixels on screen."""
    image.wait_for(state="visible", timeout=30_000)
    image.page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    return image.get_attribute("src"), hashlib.sha256(image.screenshot()).hexdigest()


def test_slider_redraws_figure_in_jupyterlab(browser, lab_with_widget, screenshot_dir):
    url, token = lab_with_widget
    shots = screenshot_dir / "jupyterlab"
    shots.mkdir(parents=True, exist_ok=True)
    with lab_page(browser, f"{url}lab/tree/{NOTEBOOK}?reset&token={token}", 1200, 900) as lab:
        page = lab.page
        open_notebook(page, ready=".jp-NotebookPanel .jp-CodeCell")
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(timeout=60_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        wait_for_all_cells_run(page, 1, timeout_s=60)

        widget = page.locator(".jp-OutputArea-output .widget-vbox").first
        widget.wait_for(timeout=30_000)
        slider = widget.locator(".widget-slider").first
        readout = slider.locator(".widget-readout")
        assert "learning rate" in slider.inner_text()
        assert readout.inner_text().strip() == READOUT_BEFORE
        image = widget.locator("img").first
        src_before, pixels_before = _figure_state(image)
        before = shots / "widget-learning-rate-before.png"
        widget.screenshot(path=str(before))
        print(f"screenshot: {before.relative_to(ROOT)}")

        # The keyboard moves a noUiSlider handle by one step per press; with continuous_update=False
        # the kernel hears of it on the slider's "change" event, and redraws the Image widget.
        slider.locator(".noUi-handle").first.focus()
        for _ in range(PRESSES):
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "([img, src]) => img.getAttribute('src') !== src && img.complete && img.naturalWidth > 0",
            arg=[image.element_handle(), src_before],
            timeout=30_000,
        )
        assert readout.inner_text().strip() == READOUT_AFTER
        src_after, pixels_after = _figure_state(image)
        after = shots / "widget-learning-rate-after.png"
        widget.screenshot(path=str(after))
        print(f"screenshot: {after.relative_to(ROOT)}")

        assert src_after != src_before
        assert pixels_after != pixels_before, "the image was replaced but looks the same"
        assert error_output_texts(page) == [], f"error output: {error_output_texts(page)}"
        lab.assert_quiet()
