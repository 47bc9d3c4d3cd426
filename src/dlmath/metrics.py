"""Comparing classifiers: accuracy and the confusion matrix, from labels and predictions.

>>> accuracy([0, 1, 2, 2], [0, 1, 1, 2])
0.75
>>> confusion_matrix([0, 1, 2, 2], [0, 1, 1, 2], classes=3)
array([[1, 0, 0],
       [0, 1, 0],
       [0, 1, 1]])
"""

from __future__ import annotations

import numpy as np

__all__ = ["accuracy", "confusion_matrix"]


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
