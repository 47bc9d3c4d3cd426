"""The learning-rate/momentum explorer: wiring only; the drawing is tested in test_optimizers."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from dlmath.widgets.gradient_optimization import learning_rate_explorer, render_png

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_explorer_draws_at_once_and_on_every_slider_change():
    calls = []

    def draw(learning_rate, momentum, *, ax):
        calls.append((learning_rate, momentum))
        ax.plot([0, 1], [learning_rate, momentum])

    explorer = learning_rate_explorer(draw, learning_rate=0.01, momentum=0.0)
    lr_slider, momentum_slider, _caption, image = explorer.children
    assert calls == [(pytest.approx(0.01), 0.0)]
    assert bytes(image.value).startswith(PNG_MAGIC)
    first_png = bytes(image.value)
    lr_slider.value = 0.05
    momentum_slider.value = 0.9
    assert calls[1:] == [(pytest.approx(0.05), 0.0), (pytest.approx(0.05), 0.9)]
    assert bytes(image.value) != first_png
    assert plt.get_fignums() == []  # every figure drawn for the widget is closed


def test_explorer_with_the_chapter_callback():
    explorer = learning_rate_explorer()
    assert len(explorer.children) == 4
    assert explorer.children[0].min == -3 and explorer.children[1].max == 0.95
    assert bytes(explorer.children[3].value).startswith(PNG_MAGIC)


def test_render_png_closes_its_figure_even_when_drawing_fails():
    def broken(learning_rate, momentum, *, ax):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        render_png(broken, 0.1, 0.0)
    assert plt.get_fignums() == []


def test_explorer_needs_a_callable():
    with pytest.raises(TypeError, match="draw must be callable, got int"):
        learning_rate_explorer(3)
