"""Interactive explorer for section 2.4: learning rate and momentum on a 1D loss curve.

The drawing is :func:`dlmath.figures.descent.plot_descent_on_curve`, a plain function tested on its
own; this module only wires two sliders to it. The figure is shown as a PNG in an ``Image``
widget (not an ``Output`` widget), so executing the notebook records no widget output.

>>> explorer = learning_rate_explorer()  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from dlmath.figures.descent import plot_descent_on_curve
from dlmath.widgets.explorer import explorer, figure_png

__all__ = ["learning_rate_explorer", "render_png"]


def render_png(
    draw: Callable[..., object], learning_rate: float, momentum: float
) -> bytes:
    """Call ``draw(learning_rate, momentum, ax=ax)`` on a fresh figure and return the figure as PNG bytes."""
    return figure_png(_draw_figure(draw, learning_rate, momentum))


def _draw_figure(
    draw: Callable[..., object], learning_rate: float, momentum: float
) -> Figure:
    fig, ax = plt.subplots(figsize=(6, 3.8))
    try:
        draw(learning_rate, momentum, ax=ax)
    except BaseException:
        plt.close(fig)
        raise
    fig.tight_layout()
    return fig


def learning_rate_explorer(
    draw: Callable[..., object] = plot_descent_on_curve,
    *,
    learning_rate: float = 0.01,
    momentum: float = 0.0,
) -> widgets.VBox:
    """Learning-rate and momentum sliders above a figure drawn by ``draw(learning_rate, momentum, ax=ax)``.

    ``draw`` runs once right away and again whenever a slider moves. The result is a ``VBox``
    whose ``children`` are ``(lr_slider, momentum_slider, caption, image)`` (see :func:`explorer`).
    """
    if not callable(draw):
        raise TypeError(f"draw must be callable, got {type(draw).__name__}")
    lr_slider = widgets.FloatLogSlider(
        value=learning_rate,
        base=10,
        min=-3,
        max=-0.5,
        step=0.05,
        description="learning rate",
        readout_format=".4f",
        continuous_update=False,
    )
    momentum_slider = widgets.FloatSlider(
        value=momentum,
        min=0.0,
        max=0.95,
        step=0.05,
        description="momentum",
        readout_format=".2f",
        continuous_update=False,
    )
    return explorer(
        [lr_slider, momentum_slider],
        lambda: _draw_figure(draw, lr_slider.value, momentum_slider.value),
    )
