"""The tiny network of section 2.3, layer by layer.

Each representation of the plane, drawn as a picture.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from dlmath.geometry import grid_lines
from dlmath.tiny_network import TinyNetwork

__all__ = ["plot_layers"]


def plot_layers(network: TinyNetwork, x: np.ndarray, y: np.ndarray) -> Figure:
    """One panel per representation: the points and a grid, layer by layer.

    The first panel also shades the network's decision regions; the last
    draws the output unit's line ``h @ w + c = 0``, which separates the
    classes once the network has learned.
    """
    y = np.asarray(y)
    reps = network.representations(x)
    extent = float(np.abs(reps[0]).max()) * 1.05
    grids = [
        network.representations(line)
        for line in grid_lines(extent, lines=13, samples=60)
    ]
    fig, axes = plt.subplots(1, len(reps), figsize=(3.0 * len(reps), 3.1))
    for k, ax in enumerate(axes):
        for grid in grids:
            ax.plot(*grid[k].T, color="0.75", lw=0.5)
        ax.scatter(*reps[k][y == 0].T, s=5, color="tab:blue")
        ax.scatter(*reps[k][y == 1].T, s=5, color="tab:orange")
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title("input" if k == 0 else f"after layer {k}", fontsize=10)
    xs = np.linspace(-extent, extent, 120)
    mesh = np.array([(a, b) for b in xs for a in xs])
    proba = network.predict_proba(mesh).reshape(len(xs), len(xs))
    axes[0].contourf(
        xs,
        xs,
        proba > 0.5,
        levels=[-0.5, 0.5, 1.5],
        colors=["tab:blue", "tab:orange"],
        alpha=0.12,
    )
    kernel, bias = network.layers[-1]
    w, c = kernel[:, 0], float(bias[0])
    last = axes[-1]
    lo, hi = last.get_xlim(), last.get_ylim()
    if abs(w[1]) >= abs(w[0]):
        h0 = np.linspace(*lo, 2)
        last.plot(h0, -(w[0] * h0 + c) / w[1], color="black", lw=1.5)
    else:
        h1 = np.linspace(*hi, 2)
        last.plot(-(w[1] * h1 + c) / w[0], h1, color="black", lw=1.5)
    last.set_xlim(lo)
    last.set_ylim(hi)
    fig.tight_layout()
    return fig
