"""A confusion matrix drawn (section 2.5): its mistakes as a heat map."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

__all__ = ["show_confusion_matrix"]


def show_confusion_matrix(
    matrix: np.ndarray,
    *,
    title: str | None = None,
    vmax: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw a confusion matrix's off-diagonal counts (the mistakes), labelled.

    ``vmax`` sets the count drawn darkest (default: the largest mistake
    count), so several matrices can share one colour scale. Counts on dark
    cells are written in white.

    >>> ax = show_confusion_matrix(np.eye(3, dtype=int))  # doctest: +SKIP
    """
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(
            f"a confusion matrix is square, got shape {matrix.shape}"
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    mistakes = matrix * (1 - np.eye(len(matrix), dtype=matrix.dtype))
    darkest = (
        float(vmax) if vmax is not None else max(float(mistakes.max()), 1.0)
    )
    ax.imshow(mistakes, cmap="Reds", vmin=0, vmax=darkest)
    for (i, j), count in np.ndenumerate(matrix):
        if i != j and count:
            colour = "white" if count > 0.55 * darkest else "black"
            ax.text(
                j,
                i,
                str(count),
                ha="center",
                va="center",
                fontsize=7,
                color=colour,
            )
    ax.set_xticks(range(len(matrix)))
    ax.set_yticks(range(len(matrix)))
    ax.set_xlabel("predicted")
    ax.set_ylabel("true label")
    if title is not None:
        ax.set_title(title)
    return ax
