"""Interactive explorer for section 2.4: learning rate and momentum.

The sliders set the learning rate and the momentum of a descent on a 1D loss
curve.

The drawing is :func:`dlmath.figures.descent.plot_descent_on_curve`, a plain
function tested on its own; this module only wires two sliders to it. The
figure is shown as a PNG in an ``Image`` widget (not an ``Output`` widget),
so executing the notebook records no widget output.

>>> explorer = learning_rate_explorer()  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from dlmath.figures.descent import plot_descent_on_curve
from dlmath.widgets.explorer import explorer, figure_png
from dlmath.widgets.player import Control, FramePlayer, frame_player

__all__ = ["learning_rate_explorer", "learning_rate_player", "render_png"]


def render_png(
    draw: Callable[..., object], learning_rate: float, momentum: float
) -> bytes:
    """Call ``draw(learning_rate, momentum, ax=ax)`` on a fresh figure.

    Returns the figure as PNG bytes.
    """
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
    """Learning-rate and momentum sliders above a figure that ``draw`` draws.

    ``draw(learning_rate, momentum, ax=ax)`` runs once right away and again
    whenever a slider moves. The result is a ``VBox`` whose ``children`` are
    ``(lr_slider, momentum_slider, caption, image)`` (see :func:`explorer`).
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


# The settings that matter, from creeping to diverging, without and with
# momentum (the live sliders step more finely between the same bounds).
LEARNING_RATES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3)
MOMENTA = (0.0, 0.3, 0.5, 0.7, 0.9)


def learning_rate_player(
    draw: Callable[..., object] = plot_descent_on_curve,
    *,
    learning_rates: Sequence[float] = LEARNING_RATES,
    momenta: Sequence[float] = MOMENTA,
) -> FramePlayer:
    """The learning-rate explorer with no kernel: both sliders, fewer steps.

    It starts at learning rate 0.01 without momentum, as the live one does.
    """
    rates, momenta = list(learning_rates), list(momenta)
    return frame_player(
        [
            Control(
                "learning rate",
                rates,
                start=rates.index(0.01) if 0.01 in rates else 0,
            ),
            Control(
                "momentum", momenta, labels=[f"{m:.2f}" for m in momenta]
            ),
        ],
        lambda rate, momentum: _draw_figure(draw, rate, momentum),
        name="learning-rate-explorer",
        alt="Gradient descent on a curve with a local and a global minimum, "
        "for the chosen learning rate and momentum",
    )
