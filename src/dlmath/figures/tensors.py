"""Pictures of tensors (section 2.2): small tensors as numbers in boxes.

:func:`show_tensor_rank` draws a tensor of rank 0 to 5 as a number, a row, a
grid, a cube, a row of cubes, or a grid of cubes, with its values on the
front faces.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Polygon, Rectangle

from dlmath._checks import numeric_array

__all__ = ["show_tensor_rank"]

_FRONT, _TOP, _SIDE = "#cfe3f5", "#a9c9e8", "#85aedb"


def _format_value(value: object) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.3g}"
    return str(value)


def _draw_block(
    ax: Axes,
    x0: float,
    y0: float,
    block: np.ndarray,
    *,
    solid: bool,
    fontsize: float,
) -> None:
    """Draw a (depth, rows, cols) block, front face's bottom left at (x0, y0).

    With ``solid``, every layer along the first axis is drawn behind the
    previous one, shifted up and to the right, with top and side faces, so
    the block reads as a cube; otherwise only the front layer is drawn, flat.
    """
    depth, rows, cols = block.shape
    # Back layers first, so the front layer (index 0 along the first axis)
    # covers them.
    for layer in range(depth - 1, -1, -1):
        shift = layer * _DEPTH
        for r in range(rows):
            for c in range(cols):
                x, y = x0 + c + shift, y0 + (rows - 1 - r) + shift
                ax.add_patch(
                    Rectangle(
                        (x, y),
                        1,
                        1,
                        facecolor=_FRONT,
                        edgecolor="black",
                        linewidth=0.8,
                    )
                )
                if solid and r == 0:  # top face of the top row
                    top = [
                        (x, y + 1),
                        (x + 1, y + 1),
                        (x + 1 + _DEPTH, y + 1 + _DEPTH),
                        (x + _DEPTH, y + 1 + _DEPTH),
                    ]
                    ax.add_patch(
                        Polygon(
                            top,
                            facecolor=_TOP,
                            edgecolor="black",
                            linewidth=0.8,
                        )
                    )
                if solid and c == cols - 1:  # right face of the last column
                    side = [
                        (x + 1, y),
                        (x + 1 + _DEPTH, y + _DEPTH),
                        (x + 1 + _DEPTH, y + 1 + _DEPTH),
                        (x + 1, y + 1),
                    ]
                    ax.add_patch(
                        Polygon(
                            side,
                            facecolor=_SIDE,
                            edgecolor="black",
                            linewidth=0.8,
                        )
                    )
                if layer == 0:
                    text = _format_value(block[0, r, c])
                    ax.text(
                        x + 0.5,
                        y + 0.5,
                        text,
                        ha="center",
                        va="center",
                        fontsize=fontsize,
                    )


def _label_axes(ax: Axes, shape: tuple[int, ...]) -> None:
    """Name the axes of a rank-1 to rank-3 picture.

    The last axis runs right, the one before it down.
    """
    style = {"fontsize": 8, "color": "#444444"}
    rows = shape[-2] if len(shape) >= 2 else 1
    cols = shape[-1]
    ax.annotate(
        "",
        (cols, -0.45),
        (0, -0.45),
        arrowprops={"arrowstyle": "->", "color": "#444444"},
    )
    ax.text(
        cols / 2,
        -0.6,
        f"axis {len(shape) - 1}",
        ha="center",
        va="top",
        **style,
    )
    if len(shape) >= 2:
        ax.annotate(
            "",
            (-0.3, 0),
            (-0.3, rows),
            arrowprops={"arrowstyle": "->", "color": "#444444"},
        )
        ax.text(
            -0.45,
            rows / 2,
            f"axis {len(shape) - 2}",
            ha="right",
            va="center",
            rotation=90,
            **style,
        )
    if len(shape) == 3:
        depth = shape[0] * _DEPTH
        tip = (cols + depth + 0.1, depth + 0.1)
        ax.annotate(
            "",
            tip,
            (cols + 0.1, 0.1),
            arrowprops={"arrowstyle": "->", "color": "#444444"},
        )
        ax.text(
            tip[0] + 0.1, tip[1] - 0.2, "axis 0", ha="left", va="top", **style
        )


def show_tensor_rank(
    x: object, *, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Draw a small tensor of rank 0 to 5 so that its rank is visible.

    Rank 0 is one cell, rank 1 a row of cells, rank 2 a grid, rank 3 a cube
    whose first axis goes into the page, rank 4 a row of cubes (its first
    axis runs right), rank 5 a grid of cubes (its first axis runs down).
    Values are written on the front faces; ranks 1 to 3 name their axes. The
    default title gives the ``ndim``, ``shape`` and ``dtype``.

    >>> ax = show_tensor_rank(np.arange(6).reshape(2, 3))
    >>> ax.get_title()
    'ndim 2, shape (2, 3), int64'
    """
    array = numeric_array(x, "x")
    if array.ndim > MAX_RANK_TO_DRAW:
        raise ValueError(
            f"can draw tensors of rank 0 to {MAX_RANK_TO_DRAW}, "
            f"got rank {array.ndim} {array.shape}"
        )
    if any(n > MAX_AXIS_TO_DRAW for n in array.shape) or 0 in array.shape:
        raise ValueError(
            f"can draw axes of length 1 to {MAX_AXIS_TO_DRAW} only "
            "(a picture of numbers must stay readable), "
            f"got shape {array.shape}"
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(3, 2.5))
    # Every rank is drawn as a grid of blocks, shape
    # (grid rows, grid cols, depth, rows, cols).
    grid = array.reshape((1,) * (MAX_RANK_TO_DRAW - array.ndim) + array.shape)
    n_rows, n_cols, depth, rows, cols = grid.shape
    solid = array.ndim >= 3
    widest = max(len(_format_value(v)) for v in array.ravel())
    # Long numbers get smaller type, to fit their cell.
    fontsize = min(9.0, 30.0 / max(widest, 1))
    gap = 1.0
    block_w = cols + (depth * _DEPTH if solid else 0)
    block_h = rows + (depth * _DEPTH if solid else 0)
    for i in range(n_rows):
        for j in range(n_cols):
            x0, y0 = j * (block_w + gap), (n_rows - 1 - i) * (block_h + gap)
            _draw_block(
                ax, x0, y0, grid[i, j], solid=solid, fontsize=fontsize
            )
    if 1 <= array.ndim <= 3:
        _label_axes(ax, array.shape)
    # Keep a minimum extent, so that small tensors are drawn at the same
    # scale as bigger ones.
    width = max(n_cols * (block_w + gap) - gap, 6.0)
    height = max(n_rows * (block_h + gap) - gap, 4.0)
    ax.set_xlim(-1.2, width + 0.6)
    ax.set_ylim(-1.2, height + 0.4)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(
        title
        if title is not None
        else f"ndim {array.ndim}, shape {array.shape}, {array.dtype}"
    )
    return ax


MAX_RANK_TO_DRAW = 5


MAX_AXIS_TO_DRAW = 8


_DEPTH = 0.45  # oblique offset of one layer of a cube, in cell units
