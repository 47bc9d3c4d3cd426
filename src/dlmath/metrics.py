"""Comparing classifiers: accuracy and the confusion matrix, from labels and predictions.

>>> accuracy([0, 1, 2, 2], [0, 1, 1, 2])
0.75
>>> confusion_matrix([0, 1, 2, 2], [0, 1, 1, 2], classes=3)
array([[1, 0, 0],
       [0, 1, 0],
       [0, 1, 1]])
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

__all__ = ["accuracy", "confusion_matrix", "show_confusion_matrix"]


def _labels_and_predictions(labels: object, predictions: object) -> tuple[np.ndarray, np.ndarray]:
    labels, predictions = np.asarray(labels), np.asarray(predictions)
    for name, values in (("labels", labels), ("predictions", predictions)):
        if values.ndim != 1:
            raise ValueError(f"{name} must be one class index per sample (rank 1), got shape {values.shape}")
        if not np.issubdtype(values.dtype, np.integer):
            raise TypeError(f"{name} must hold integer class indices, got dtype {values.dtype}")
    if labels.shape != predictions.shape:
        raise ValueError(f"got {len(labels)} labels but {len(predictions)} predictions; they must match")
    return labels, predictions


def accuracy(labels: object, predictions: object) -> float:
    """The fraction of samples whose prediction equals the label."""
    labels, predictions = _labels_and_predictions(labels, predictions)
    if len(labels) == 0:
        raise ValueError("accuracy of no samples is undefined: labels is empty")
    return float((labels == predictions).mean())


def confusion_matrix(labels: object, predictions: object, classes: int = 10) -> np.ndarray:
    """Counts: entry ``[i, j]`` is how many samples of class ``i`` were predicted as ``j``.

    Rows are true labels, columns predictions; the diagonal holds the correct ones.
    """
    labels, predictions = _labels_and_predictions(labels, predictions)
    for name, values in (("labels", labels), ("predictions", predictions)):
        if len(values) and (values.min() < 0 or values.max() >= classes):
            seen = f"a value of {values.min()}" if values.min() < 0 else f"values up to {values.max()}"
            raise ValueError(f"{name} must lie in [0, {classes - 1}], got {seen}")
    flat_index = labels.astype(np.int64) * classes + predictions.astype(np.int64)  # no uint8 overflow
    counts = np.bincount(flat_index, minlength=classes * classes)
    return counts.reshape(classes, classes)


def show_confusion_matrix(matrix: np.ndarray, *, title: str | None = None, ax: Axes | None = None) -> Axes:
    """Draw the off-diagonal counts (the mistakes) of a confusion matrix, each cell labelled.

    >>> ax = show_confusion_matrix(np.eye(3, dtype=int))  # doctest: +SKIP
    """
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"a confusion matrix is square, got shape {matrix.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    mistakes = matrix * (1 - np.eye(len(matrix), dtype=matrix.dtype))
    ax.imshow(mistakes, cmap="Reds")
    for (i, j), count in np.ndenumerate(matrix):
        if i != j and count:
            ax.text(j, i, str(count), ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(matrix)))
    ax.set_yticks(range(len(matrix)))
    ax.set_xlabel("predicted")
    ax.set_ylabel("true label")
    if title is not None:
        ax.set_title(title)
    return ax
