"""Comparing classifiers: accuracy and the confusion matrix.

>>> accuracy([0, 1, 2, 2], [0, 1, 1, 2])
0.75
>>> confusion_matrix([0, 1, 2, 2], [0, 1, 1, 2], classes=3)
array([[1, 0, 0],
       [0, 1, 0],
       [0, 1, 1]])
"""

from __future__ import annotations

import numpy as np

from dlmath._checks import class_labels

__all__ = ["accuracy", "confusion_matrix"]


def _labels_and_predictions(
    labels: object, predictions: object, classes: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    labels = class_labels(labels, classes=classes)
    predictions = class_labels(
        predictions,
        samples=len(labels),
        classes=classes,
        name="predictions",
        samples_name="labels",
    )
    return labels, predictions


def accuracy(labels: object, predictions: object) -> float:
    """The fraction of samples whose prediction equals the label."""
    labels, predictions = _labels_and_predictions(labels, predictions)
    if len(labels) == 0:
        raise ValueError(
            "accuracy of no samples is undefined: labels is empty"
        )
    return float((labels == predictions).mean())


def confusion_matrix(
    labels: object, predictions: object, classes: int = 10
) -> np.ndarray:
    """Entry ``[i, j]`` counts the samples of class ``i`` predicted as ``j``.

    Rows are true labels, columns predictions; the diagonal holds the correct
    ones.
    """
    labels, predictions = _labels_and_predictions(
        labels, predictions, classes
    )
    flat_index = labels.astype(np.int64) * classes + predictions.astype(
        np.int64
    )  # no uint8 overflow
    counts = np.bincount(flat_index, minlength=classes * classes)
    return counts.reshape(classes, classes)
