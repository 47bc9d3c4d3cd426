"""The one way the book wires a widget: controls above a figure.

The figure is redrawn whenever a control changes. ``draw()`` returns a
matplotlib ``Figure`` (or ``(caption, figure)``, or ``(caption, None)`` when
there is nothing to draw). The figure is shown as PNG bytes in an ``Image``
widget and closed, so executing a notebook records no widget output and
leaves no open figures.

>>> import ipywidgets as widgets, matplotlib.pyplot as plt
>>> slider = widgets.IntSlider(value=1)
>>> box = explorer([slider], lambda: plt.figure())
>>> [type(w).__name__ for w in box.children]
['IntSlider', 'HTML', 'Image']
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

__all__ = ["explorer", "figure_png"]

Drawing = Figure | tuple[str, Figure | None]


def figure_png(figure: Figure, dpi: int = 80) -> bytes:
    """The figure as PNG bytes; closes the figure.

    The background is white, so the picture reads in dark mode too.
    """
    if not isinstance(figure, Figure):
        raise TypeError(
            f"expected a matplotlib Figure, got {type(figure).__name__}"
        )
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    finally:
        plt.close(figure)
    return buffer.getvalue()


def explorer(
    controls: Sequence[widgets.Widget], draw: Callable[[], Drawing]
) -> widgets.VBox:
    """A ``VBox`` of ``controls``, a caption and an ``Image`` for ``draw()``.

    ``draw()`` refills the caption and the image on every change. The box's
    ``figure`` attribute keeps the last figure drawn (closed, for inspection
    in tests).
    """
    if not callable(draw):
        raise TypeError(f"draw must be callable, got {type(draw).__name__}")
    caption = widgets.HTML()
    image = widgets.Image(format="png")
    box = widgets.VBox([*controls, caption, image])

    def redraw(_change: object = None) -> None:
        drawing = draw()
        text, figure = (
            drawing if isinstance(drawing, tuple) else ("", drawing)
        )
        caption.value = f"<code>{html.escape(text)}</code>" if text else ""
        box.figure = figure
        image.value = figure_png(figure) if figure is not None else b""
        image.layout.display = None if figure is not None else "none"

    for control in controls:
        control.observe(redraw, names="value")
    redraw()
    return box
