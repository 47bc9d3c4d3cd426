"""Gradient descent drawn (section 2.4).

One run of momentum descent on a 1D loss curve.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from dlmath.optimizers import (
    descent_path,
    double_well,
    double_well_derivative,
)

__all__ = ["plot_descent_on_curve"]


def plot_descent_on_curve(
    learning_rate: float,
    momentum: float,
    *,
    start: float = 2.0,
    steps: int = 100,
    ax: object = None,
) -> object:
    """Draw :func:`double_well` and the path of momentum descent on it.

    ``momentum=0`` is plain SGD. Returns the matplotlib Axes (a new figure
    when ``ax`` is None); the title says where the run ended and whether it
    reached the global minimum.
    """
    with np.errstate(
        over="ignore", invalid="ignore"
    ):  # a too-large learning rate may overflow: we say so
        path = descent_path(
            double_well_derivative,
            start,
            method="momentum",
            learning_rate=learning_rate,
            steps=steps,
            momentum=momentum,
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.5))
    grid = np.linspace(-2.2, 2.2, 300)
    ax.plot(grid, double_well(grid), color="0.4", lw=1.5)
    inside = np.isfinite(path) & (np.abs(path) <= 2.2)
    shown = path[inside]
    ax.plot(
        shown,
        double_well(shown),
        "o-",
        ms=3,
        lw=0.8,
        color="tab:red",
        alpha=0.7,
    )
    ax.plot([path[0]], [double_well(path[0])], "s", color="black", ms=6)
    end = float(path[-1])
    if not np.isfinite(end) or abs(end) > 1e6:
        verdict = "diverged"
    elif abs(end + 1.30) < 0.05:
        verdict = f"ends at x = {end:.2f}: the global minimum"
    elif abs(end - 1.13) < 0.05:
        verdict = f"ends at x = {end:.2f}: stuck in the local minimum"
    else:
        verdict = f"ends at x = {end:.2f}: still moving"
    ax.set_title(
        f"lr = {learning_rate:g}, momentum = {momentum:g}\n{verdict}",
        fontsize=9,
    )
    ax.set_ylim(-5, 8)
    ax.set_xlabel("x")
    ax.set_ylabel("loss")
    return ax
