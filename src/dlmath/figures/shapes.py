"""Pictures of shape rules.

How broadcasting aligns two shapes, and the shapes of a matrix product.

>>> describe_broadcast((64, 3, 32, 10), (32, 10))
'(64, 3, 32, 10) with (32, 10) -> (64, 3, 32, 10)'
>>> describe_broadcast((2, 3), (2,))
'(2, 3) with (2,) -> error: axis -1 has sizes 3 and 2, which are neither \
equal nor 1'
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dlmath.naive import broadcast_result_shape

__all__ = [
    "describe_broadcast",
    "parse_shape",
    "plot_broadcast_shapes",
    "plot_matrix_product_shapes",
]

COLOURS = {
    "same": "#dddddd",
    "stretched": "#f4a259",
    "added": "#f9dcb8",
    "clash": "#e05a4f",
}


def parse_shape(text: str) -> tuple[int, ...]:
    """Read a shape typed as text: ``"(64, 3, 32, 10)"``, ``"32, 10"``.

    A single size (``"5"``) and the empty shape (``"()"``) read too.

    >>> parse_shape("(32, 10)"), parse_shape("7"), parse_shape("()")
    ((32, 10), (7,), ())
    """
    if not isinstance(text, str):
        raise TypeError(
            "parse_shape reads a string such as '(32, 10)', "
            f"got {type(text).__name__}"
        )
    inner = text.strip().removeprefix("(").removesuffix(")").strip()
    if not inner:
        return ()
    try:
        dims = tuple(int(part) for part in inner.split(",") if part.strip())
    except ValueError:
        raise ValueError(
            "a shape is integers separated by commas, like (32, 10); "
            f"got {text!r}"
        ) from None
    if any(n < 0 for n in dims):
        raise ValueError(f"a shape cannot have negative sizes, got {text!r}")
    return dims


def describe_broadcast(shape_a: Sequence[int], shape_b: Sequence[int]) -> str:
    """One line: the shape two shapes broadcast to, or why they cannot."""
    a, b = tuple(shape_a), tuple(shape_b)
    try:
        return f"{a} with {b} -> {broadcast_result_shape(a, b)}"
    except ValueError as exc:
        return f"{a} with {b} -> error: {str(exc).split('right, ')[-1]}"


def plot_broadcast_shapes(
    shape_a: Sequence[int], shape_b: Sequence[int], *, ax: Axes | None = None
) -> Axes:
    """A table of the two shapes aligned on their last axes, and the result.

    Grey: sizes that already agree. Light orange: an axis added on the left
    (size 1). Orange: a size-1 axis stretched to the other size. Red: sizes
    that clash (the error). This is the callback of the broadcasting explorer
    widget.
    """
    a, b = tuple(int(n) for n in shape_a), tuple(int(n) for n in shape_b)
    if any(n < 0 for n in a + b):
        raise ValueError(
            f"a shape cannot have negative sizes, got {a} and {b}"
        )
    rank = max(len(a), len(b), 1)
    rows = []
    for shape in (a, b):
        rows.append([None] * (rank - len(shape)) + list(shape))
    try:
        result: tuple[int, ...] | None = broadcast_result_shape(a, b)
    except ValueError:
        result = None
    if ax is None:
        _, ax = plt.subplots(figsize=(1.0 + 0.9 * rank, 1.9))
    labels = [f"a {a}", f"b {b}", "result"]
    for r, row in enumerate(rows):
        other = rows[1 - r]
        for c, size in enumerate(row):
            partner = other[c] if other[c] is not None else 1
            if size is None:
                kind, text = "added", "(1)"
                if partner == 1:
                    kind = "same"
            elif size == partner or partner == 1:
                kind, text = "same", str(size)
            elif size == 1:
                kind, text = "stretched", f"1\u2192{partner}"
            else:
                kind, text = "clash", str(size)
            if size is None and partner != 1:
                text = f"(1)\u2192{partner}"
            ax.add_patch(Rectangle((c, -r), 0.95, 0.9, color=COLOURS[kind]))
            ax.text(
                c + 0.47,
                -r + 0.45,
                text,
                ha="center",
                va="center",
                fontsize=9,
            )
    if result is not None:
        for c, size in enumerate(result):
            ax.add_patch(
                Rectangle(
                    (c, -2), 0.95, 0.9, facecolor="white", edgecolor="black"
                )
            )
            ax.text(
                c + 0.47,
                -2 + 0.45,
                str(size),
                ha="center",
                va="center",
                fontsize=9,
                weight="bold",
            )
    else:
        ax.text(
            rank / 2,
            -2 + 0.45,
            "error: sizes clash",
            ha="center",
            va="center",
            color="#b0302a",
        )
    for r, label in enumerate(labels):
        ax.text(-0.1, -r + 0.45, label, ha="right", va="center", fontsize=9)
    ax.set_xlim(-0.1 - 0.25 * max(len(lab) for lab in labels), rank)
    ax.set_ylim(-2.1, 1)
    ax.axis("off")
    title = (
        describe_broadcast(a, b)
        if result is not None
        else f"{a} with {b}: cannot broadcast"
    )
    ax.set_title(title, fontsize=9)
    return ax


def plot_matrix_product_shapes(
    a: int = 3, b: int = 4, c: int = 2, *, row: int = 1, col: int = 0
) -> Figure:
    """Boxes for ``x (a, b)``, ``y (b, c)``, ``z = x @ y (a, c)``, to scale.

    Highlighted: row ``row`` of ``x`` and column ``col`` of ``y``, whose dot
    product is entry ``z[row, col]``. The two inner sizes (both ``b``) must
    match; the outer ones make the result.
    """
    if min(a, b, c) < 1 or not (0 <= row < a and 0 <= col < c):
        raise ValueError(
            "need sizes >= 1 and an entry inside (a, c); "
            f"got a={a}, b={b}, c={c}, ({row}, {col})"
        )
    fig, ax = plt.subplots(figsize=(7, 2.6))
    boxes = [
        ("x", 0.0, a, b),
        ("y", b + 1.5, b, c),
        ("x @ y", b + c + 4.0, a, c),
    ]
    for name, left, rows, cols in boxes:
        ax.add_patch(Rectangle((left, -rows), cols, rows, fill=False, lw=1.5))
        for i in range(rows):
            for j in range(cols):
                on = (
                    (name == "x" and i == row)
                    or (name == "y" and j == col)
                    or (name == "x @ y" and (i, j) == (row, col))
                )
                ax.add_patch(
                    Rectangle(
                        (left + j, -i - 1),
                        1,
                        1,
                        fill=on,
                        color="#f4a259",
                        ec="0.7",
                        lw=0.5,
                    )
                )
        ax.text(
            left + cols / 2,
            0.3,
            f"{name}  ({rows}, {cols})",
            ha="center",
            fontsize=10,
        )
    ax.text(b + 0.75, -a / 2, "\u00b7", ha="center", va="center", fontsize=22)
    ax.text(b + c + 2.75, -a / 2, "=", ha="center", va="center", fontsize=16)
    ax.set_xlim(-0.5, b + 2 * c + 4.5)
    ax.set_ylim(-max(a, b) - 0.5, 1.0)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(
        f"({a}, {b}) \u00b7 ({b}, {c}) \u2192 ({a}, {c}): "
        "the inner sizes match and disappear",
        fontsize=10,
    )
    return fig
