"""Tests of dlmath.figures.shapes."""

from __future__ import annotations

import pytest

from dlmath.figures.shapes import (
    plot_broadcast_shapes,
    plot_matrix_product_shapes,
)


def test_broadcast_figure_marks_stretched_and_clashing_axes():
    ax = plot_broadcast_shapes((3, 1), (4,))
    texts = [t.get_text() for t in ax.texts]
    assert "1\u21924" in texts and "(1)\u21923" in texts and ax.get_title() == "(3, 1) with (4,) -> (3, 4)"
    ax = plot_broadcast_shapes((2, 3), (2,))
    assert "error: sizes clash" in [t.get_text() for t in ax.texts]
    assert "cannot broadcast" in ax.get_title()


def test_matrix_product_figure_and_its_checks():
    fig = plot_matrix_product_shapes(3, 4, 2)
    assert fig.axes[0].get_title().startswith("(3, 4) \u00b7 (4, 2) \u2192 (3, 2)")
    with pytest.raises(ValueError, match=r"entry inside \(a, c\)"):
        plot_matrix_product_shapes(3, 4, 2, row=3)
