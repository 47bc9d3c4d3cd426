"""Maps of the plane drawn (section 2.3).

A shape before and after a matrix, a translation, and a ReLU fold.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from dlmath.geometry import (
    _as_matrix,
    _as_offset,
    _as_points,
    apply_affine,
    f_shape,
    grid_lines,
    relu,
)

__all__ = ["plot_linear_map", "plot_relu_fold", "plot_translation"]


def _new_axes(ax: Axes | None, size: float = 3.2) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=(size, size))
    return ax


def _style(ax: Axes, limit: float, title: str | None) -> None:
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.axhline(0, color="0.6", lw=0.6)
    ax.axvline(0, color="0.6", lw=0.6)
    if title:
        ax.set_title(title, fontsize=10)


def plot_linear_map(
    matrix: object,
    offset: object = (0.0, 0.0),
    *,
    ax: Axes | None = None,
    title: str | None = None,
    limit: float = 2.0,
) -> Axes:
    """Draw a grid and an F before and after ``p -> matrix @ p + offset``.

    The shape before is grey, after is in colour. The arrows are where the
    basis vectors (1, 0) and (0, 1) land: the columns of ``matrix``. This is
    also the callback of the 2x2 matrix explorer widget.
    """
    m, t = _as_matrix(matrix), _as_offset(offset)
    ax = _new_axes(ax)
    for line in grid_lines():
        ax.plot(*line.T, color="0.85", lw=0.7)
        ax.plot(
            *apply_affine(m, t, line).T, color="tab:blue", lw=0.7, alpha=0.7
        )
    shape = f_shape()
    ax.fill(*shape.T, color="0.7", alpha=0.6)
    ax.fill(*apply_affine(m, t, shape).T, color="tab:orange", alpha=0.8)
    for column, colour in zip(m.T, ("tab:red", "tab:green"), strict=True):
        ax.annotate(
            "",
            xy=t + column,
            xytext=t,
            arrowprops={"arrowstyle": "->", "color": colour, "lw": 2},
        )
    _style(ax, limit, title)
    return ax


def plot_translation(
    points: object, offset: object, *, ax: Axes | None = None
) -> Axes:
    """Draw points as arrows from the origin, and again moved by ``offset``.

    Adding the offset to every point is a translation.
    """
    p, t = _as_points(points), _as_offset(offset)
    ax = _new_axes(ax, 4)
    for point in p:
        ax.annotate(
            "",
            xy=point,
            xytext=(0, 0),
            arrowprops={"arrowstyle": "->", "color": "0.5"},
        )
        ax.annotate(
            "",
            xy=point + t,
            xytext=point,
            arrowprops={"arrowstyle": "->", "color": "tab:red", "lw": 1},
        )
    ax.fill(*p.T, color="0.7", alpha=0.6, label="points")
    ax.fill(
        *(p + t).T,
        color="tab:orange",
        alpha=0.8,
        label=f"points + {t.tolist()}",
    )
    limit = float(np.abs(np.vstack([p, p + t])).max()) * 1.15 + 0.1
    _style(ax, limit, "addition is translation")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def plot_relu_fold(
    matrix: object = ((1.0, 0.0), (0.0, 1.0)),
    offset: object = (0.0, 0.0),
    *,
    samples: int = 25,
) -> Figure:
    """Three panels: a square of points, after the affine map, after ReLU.

    Points are coloured by position in the input, so you can follow each one
    through the fold.
    """
    m, t = _as_matrix(matrix), _as_offset(offset)
    side = np.linspace(-1, 1, samples)
    points = np.array([(a, b) for b in side for a in side])
    colours = np.column_stack([(points + 1) / 2, np.full(len(points), 0.6)])
    moved = apply_affine(m, t, points)
    folded = relu(moved)
    fig, axes = plt.subplots(1, 3, figsize=(9, 3.1))
    limit = float(np.abs(moved).max()) * 1.1
    titles = ("input", "after the affine map", "after ReLU: folded in")
    for ax, data, title in zip(
        axes, (points, moved, folded), titles, strict=True
    ):
        ax.scatter(*data.T, c=colours, s=6)
        _style(ax, limit, title)
    fig.tight_layout()
    return fig
