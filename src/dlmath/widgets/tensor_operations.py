"""The interactive explorers of section 2.3, wired around tested callbacks.

- :func:`broadcast_explorer`: type two shapes, see them aligned and the
  result shape (or the clash).
- :func:`matrix_explorer`: four sliders for a 2x2 matrix, see it act on a
  grid and a letter F.

The drawing is done by :func:`dlmath.figures.shapes.plot_broadcast_shapes`
and :func:`dlmath.figures.geometry.plot_linear_map`; the ``update_*``
functions here are what the widgets call, and they work without a browser
(the tests call them directly).

>>> box = broadcast_explorer()  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from dlmath.figures.geometry import plot_linear_map
from dlmath.figures.shapes import (
    describe_broadcast,
    parse_shape,
    plot_broadcast_shapes,
)
from dlmath.widgets.explorer import explorer
from dlmath.widgets.player import Control, FramePlayer, frame_player

__all__ = [
    "broadcast_explorer",
    "broadcast_player",
    "matrix_explorer",
    "matrix_player",
    "update_broadcast",
    "update_matrix",
]


def update_broadcast(text_a: str, text_b: str) -> tuple[str, Figure | None]:
    """Parse two typed shapes; return the verdict and the alignment figure.

    The verdict is one line; the figure is None when a shape cannot be read.

    >>> update_broadcast("(3, 1)", "4")[0]
    '(3, 1) with (4,) -> (3, 4)'
    >>> verdict, figure = update_broadcast("(3, x)", "4")
    >>> print(verdict)  # doctest: +NORMALIZE_WHITESPACE
    cannot read the shapes: a shape is integers separated by commas,
    like (32, 10); got '(3, x)'
    >>> figure is None
    True
    """
    try:
        shape_a, shape_b = parse_shape(text_a), parse_shape(text_b)
    except ValueError as exc:
        return f"cannot read the shapes: {exc}", None
    rank = max(len(shape_a), len(shape_b), 1)
    fig, ax = plt.subplots(figsize=(1.6 + 1.0 * rank, 2.0))
    plot_broadcast_shapes(shape_a, shape_b, ax=ax)
    return describe_broadcast(shape_a, shape_b), fig


def update_matrix(
    a: float, b: float, c: float, d: float
) -> tuple[str, Figure]:
    """Draw the map of the matrix ``[[a, b], [c, d]]``.

    Returns a line about the matrix and the figure.

    >>> print(update_matrix(2, 0, 0, 1)[0])  # doctest: +NORMALIZE_WHITESPACE
    matrix [[2.0, 0.0], [0.0, 1.0]], determinant 2.0:
    areas are multiplied by 2.0
    """
    matrix = np.array([[a, b], [c, d]], dtype=float)
    # A determinant that rounds to zero can be -0.0; adding 0.0 makes it 0.0.
    det = float(np.linalg.det(matrix).round(6)) + 0.0
    if det == 0:
        verdict = "it flattens the plane onto a line (or a point)"
    elif det < 0:
        verdict = f"areas are multiplied by {abs(det)} and the F is mirrored"
    else:
        verdict = f"areas are multiplied by {det}"
    fig, ax = plt.subplots(figsize=(3.6, 3.6))
    plot_linear_map(matrix, ax=ax, limit=3.0)
    return f"matrix {matrix.tolist()}, determinant {det}: {verdict}", fig


def broadcast_explorer(
    shape_a: str = "(64, 3, 32, 10)", shape_b: str = "(32, 10)"
) -> widgets.VBox:
    """Two text boxes for shapes, then the verdict and the alignment figure.

    Both are redrawn on every change.
    """
    box_a = widgets.Text(
        value=shape_a, description="shape a", continuous_update=False
    )
    box_b = widgets.Text(
        value=shape_b, description="shape b", continuous_update=False
    )
    return explorer(
        [box_a, box_b], lambda: update_broadcast(box_a.value, box_b.value)
    )


def matrix_explorer(
    matrix: tuple[float, float, float, float] = (1.0, 0.5, 0.0, 1.0),
) -> widgets.VBox:
    """Four sliders, then a caption and the figure of the matrix's map.

    The sliders set the entries a, b, c, d of ``[[a, b], [c, d]]``.
    """
    sliders = [
        widgets.FloatSlider(
            value=v,
            min=-2.0,
            max=2.0,
            step=0.1,
            description=name,
            continuous_update=False,
        )
        for name, v in zip("abcd", matrix, strict=True)
    ]
    return explorer(
        sliders, lambda: update_matrix(*(s.value for s in sliders))
    )


# Pairs that broadcast and pairs that clash, for the explorer with no kernel.
BROADCAST_A = ("(64, 3, 32, 10)", "(8, 1, 6)", "(5, 4)", "(15, 3, 5)")
BROADCAST_B = ("(32, 10)", "(4,)", "(1,)", "(3, 1)", "(15, 1, 5)")


def broadcast_player(
    shapes_a: Sequence[str] = BROADCAST_A,
    shapes_b: Sequence[str] = BROADCAST_B,
) -> FramePlayer:
    """The broadcasting explorer with no kernel: two lists of shapes."""
    return frame_player(
        [
            Control("shape a", list(shapes_a), kind="select"),
            Control("shape b", list(shapes_b), kind="select"),
        ],
        update_broadcast,
        name="broadcast-explorer",
        alt="The two shapes aligned from the right, and the result shape",
    )


def matrix_player(values: Sequence[float] = (-1.0, 0.0, 1.0)) -> FramePlayer:
    """The matrix explorer with no kernel: each entry steps through values.

    It starts at the identity when ``values`` holds 0 and 1.
    """
    values = [float(v) for v in values]
    one = values.index(1.0) if 1.0 in values else 0
    zero = values.index(0.0) if 0.0 in values else 0
    return frame_player(
        [
            Control(name, values, start=start)
            for name, start in zip(
                "abcd", (one, zero, zero, one), strict=True
            )
        ],
        update_matrix,
        name="matrix-explorer",
        alt="A grid and the letter F before and after the matrix's map",
    )
