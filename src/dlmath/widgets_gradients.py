"""Interactive explorer for section 2.4: learning rate and momentum on a 1D loss curve.

The drawing is :func:`dlmath.optimizers.plot_descent_on_curve`, a plain function tested on its
own; this module only wires two sliders to it.

>>> explorer = learning_rate_explorer()  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from dlmath.optimizers import plot_descent_on_curve

__all__ = ["learning_rate_explorer"]


def learning_rate_explorer(
    draw: Callable[..., object] = plot_descent_on_curve,
    *,
    learning_rate: float = 0.01,
    momentum: float = 0.0,
) -> widgets.VBox:
    """Two sliders (learning rate, momentum) above an output area filled by ``draw(learning_rate, momentum)``.

    ``draw`` is called once right away and again whenever a slider moves; it may draw with
    matplotlib (the figure is shown in the output area) or return anything.
    The result is a ``VBox`` whose ``children`` are ``(lr_slider, momentum_slider, output)``.
    """
    if not callable(draw):
        raise TypeError(f"draw must be callable, got {type(draw).__name__}")
    lr_slider = widgets.FloatLogSlider(
        value=learning_rate,
        base=10,
        min=-3,
        max=-1,
        step=0.05,
        description="learning rate",
        readout_format=".4f",
    )
    momentum_slider = widgets.FloatSlider(
        value=momentum, min=0.0, max=0.95, step=0.05, description="momentum", readout_format=".2f"
    )
    output = widgets.interactive_output(draw, {"learning_rate": lr_slider, "momentum": momentum_slider})
    return widgets.VBox([lr_slider, momentum_slider, output])
