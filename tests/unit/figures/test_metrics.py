"""Tests of dlmath.figures.metrics."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.figures.metrics import show_confusion_matrix
from dlmath.metrics import confusion_matrix


def test_show_confusion_matrix_writes_counts_and_title() -> None:
    matrix = confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2], classes=3)
    ax = show_confusion_matrix(matrix, title="m")
    assert ax.get_title() == "m" and [t.get_text() for t in ax.texts] == ["1"]
    with pytest.raises(ValueError, match="square"):
        show_confusion_matrix(np.zeros((2, 3)))


def test_counts_on_dark_cells_are_white_and_the_scale_can_be_shared() -> None:
    matrix = np.array([[0, 9, 1], [0, 0, 0], [0, 0, 0]])
    ax = show_confusion_matrix(matrix, vmax=20)
    assert ax.images[0].get_clim() == (0, 20)
    assert [t.get_color() for t in ax.texts] == ["black", "black"]  # 9 and 1 are light on a scale to 20
    ax = show_confusion_matrix(matrix)
    assert [(t.get_text(), t.get_color()) for t in ax.texts] == [("9", "white"), ("1", "black")]
