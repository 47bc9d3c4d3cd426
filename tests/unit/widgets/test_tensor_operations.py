"""The explorers' callbacks, and the wiring: changing a control redraws the output."""

from __future__ import annotations

import html

import matplotlib.pyplot as plt
import pytest

from dlmath.widgets.tensor_operations import (
    broadcast_explorer,
    matrix_explorer,
    update_broadcast,
    update_matrix,
)


def test_update_broadcast_gives_the_result_or_the_clash():
    text, fig = update_broadcast("(64, 3, 32, 10)", "(32, 10)")
    assert text == "(64, 3, 32, 10) with (32, 10) -> (64, 3, 32, 10)" and len(fig.axes) == 1
    text, fig = update_broadcast("2, 3", "2")
    assert text.startswith("(2, 3) with (2,) -> error: axis -1 has sizes 3 and 2")
    assert "cannot broadcast" in fig.axes[0].get_title()
    text, fig = update_broadcast("(2, three)", "2")
    assert text.startswith("cannot read the shapes") and fig is None


@pytest.mark.parametrize(
    "entries, words",
    [((2, 0, 0, 1), "multiplied by 2.0"), ((0, 1, 1, 0), "mirrored"), ((1, 1, 1, 1), "flattens the plane")],
)
def test_update_matrix_says_what_the_matrix_does(entries, words):
    text, fig = update_matrix(*entries)
    assert words in text and len(fig.axes) == 1


def _shown(box):
    """The caption the explorer shows, and whether it shows a figure."""
    caption, image = box.children[-2], box.children[-1]
    return html.unescape(caption.value.removeprefix("<code>").removesuffix("</code>")), bool(image.value)


def test_broadcast_explorer_redraws_on_change():
    box = broadcast_explorer()
    assert len(box.children) == 4
    assert _shown(box) == ("(64, 3, 32, 10) with (32, 10) -> (64, 3, 32, 10)", True)
    box.children[1].value = "(3, 32, 10)"
    assert _shown(box) == ("(64, 3, 32, 10) with (3, 32, 10) -> (64, 3, 32, 10)", True)
    box.children[0].value = "(oops"
    text, figure = _shown(box)
    assert text.startswith("cannot read the shapes") and not figure
    assert plt.get_fignums() == []  # figures are closed once handed to the widget


def test_matrix_explorer_redraws_on_change():
    box = matrix_explorer()
    assert len(box.children) == 6 and [s.description for s in box.children[:4]] == list("abcd")
    box.children[0].value = -1.0
    text, figure = _shown(box)
    assert text.startswith("matrix [[-1.0, 0.5], [0.0, 1.0]], determinant -1.0") and figure
