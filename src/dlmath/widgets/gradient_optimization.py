"""Interactive explorer for section 2.4: learning rate and momentum on a 1D loss curve.

The drawing is :func:`dlmath.figures.descent.plot_descent_on_curve`, a plain function tested on its
own; this module only wires two sliders to it. The figure is shown as a PNG in an ``Image``
widget (not an ``Output`` widget), so executing the notebook records no widget output.

>>> explorer = learning_rate_explorer()  # doctest: +SKIP
"""

from __future__ import annotations

import io
from collections.abc import Callable

import ipywidgets as widgets

from dlmath.figures.descent import plot_descent_on_curve

__all__ = ["learning_rate_explorer", "render_png"]


def render_png(draw: Callable[..., object], learning_rate: float, momentum: float) -> bytes:
    """Call ``draw(learning_rate, momentum, ax=ax)`` on a fresh figure and return the figure as PNG bytes."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.8))
    try:
        draw(learning_rate, momentum, ax=ax)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=80)
    finally:
        plt.close(fig)
    return buffer.getvalue()


def learning_rate_explorer(
    draw: Callable[..., object] = plot_descent_on_curve,
    *,
    learning_rate: float = 0.01,
    momentum: float = 0.0,
) -> widgets.VBox:
    """Learning-rate and momentum sliders above a figure drawn by ``draw(learning_rate, momentum, ax=ax)``.

    ``draw`` runs once right away and again whenever a slider moves. The result is a ``VBox``
    whose ``children`` are ``(lr_slider, momentum_slider, image)``.
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
    image = widgets.Image(format="png", value=render_png(draw, lr_slider.value, momentum_slider.value))

    def redraw(_change: object = None) -> None:
        image.value = render_png(draw, lr_slider.value, momentum_slider.value)

    lr_slider.observe(redraw, names="value")
    momentum_slider.observe(redraw, names="value")
    return widgets.VBox([lr_slider, momentum_slider, image])
