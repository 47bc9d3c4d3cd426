"""Tests of dlmath.widgets.explorer, the one helper every widget of the book uses."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest

from dlmath.widgets.explorer import explorer, figure_png

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _figure(title: str) -> plt.Figure:
    fig, ax = plt.subplots()
    ax.set_title(title)
    return fig


def test_explorer_redraws_when_a_control_changes_and_closes_its_figures() -> None:
    slider = widgets.IntSlider(value=1)
    box = explorer([slider], lambda: (f"value {slider.value}", _figure(str(slider.value))))
    caption, image = box.children[1:]
    assert caption.value == "<code>value 1</code>" and bytes(image.value).startswith(PNG_MAGIC)
    slider.value = 2
    assert caption.value == "<code>value 2</code>" and box.figure.axes[0].get_title() == "2"
    assert plt.get_fignums() == []


def test_explorer_hides_the_image_when_there_is_nothing_to_draw() -> None:
    box = explorer([], lambda: ("cannot read <that>", None))
    caption, image = box.children
    assert caption.value == "<code>cannot read &lt;that&gt;</code>" and image.layout.display == "none"


def test_bad_arguments_say_what_came() -> None:
    with pytest.raises(TypeError, match="draw must be callable, got int"):
        explorer([], 3)
    with pytest.raises(TypeError, match="expected a matplotlib Figure, got str"):
        figure_png("figure")
