"""Figures of digits: one image, or a grid of images with their labels and predictions.

>>> fig = show_digits(np.zeros((3, 28, 28), np.uint8), labels=[0, 1, 2])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["show_digit", "show_digits"]


def _as_images(images: object, *, rank: int, name: str) -> np.ndarray:
    array = np.asarray(images)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise TypeError(f"{name} must hold numbers, got dtype {array.dtype}")
    if array.ndim != rank:
        expected = "(height, width)" if rank == 2 else "(samples, height, width)"
        raise ValueError(f"{name} must have rank {rank} {expected}, got shape {array.shape}")
    return array


def show_digit(image: object, *, title: str | None = None, ax: Axes | None = None) -> Axes:
    """Draw one grayscale image (rank 2) dark-on-light, as a digit is written on paper.

    >>> ax = show_digit(np.eye(28))  # doctest: +SKIP
    """
    array = _as_images(image, rank=2, name="image")
    if ax is None:
        _, ax = plt.subplots(figsize=(2.5, 2.5))
    ax.imshow(array, cmap="binary")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title)
    return ax


def show_digits(
    images: object,
    labels: Sequence[int] | np.ndarray | None = None,
    *,
    predictions: Sequence[int] | np.ndarray | None = None,
    ncols: int = 10,
    size: float = 1.2,
) -> Figure:
    """Draw a grid of images (rank 3: samples, height, width), titled with labels.

    With ``predictions``, each title reads ``label -> prediction`` and wrong ones are red.
    """
    array = _as_images(images, rank=3, name="images")
    n = len(array)
    if n == 0:
        raise ValueError("images is empty: there is nothing to show")
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, got {ncols}")
    for name, values in (("labels", labels), ("predictions", predictions)):
        if values is not None and len(values) != n:
            raise ValueError(f"{name} has {len(values)} entries but there are {n} images")
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * 1.15), squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= n:
            ax.axis("off")
            continue
        title, color = None, "black"
        if labels is not None:
            title = str(int(labels[i]))
            if predictions is not None:
                title = f"{int(labels[i])} \u2192 {int(predictions[i])}"
                color = "black" if int(labels[i]) == int(predictions[i]) else "red"
        show_digit(array[i], ax=ax)
        if title is not None:
            ax.set_title(title, color=color, fontsize=9)
    fig.tight_layout()
    return fig
