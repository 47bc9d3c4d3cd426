"""Tests of dlmath.metrics."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.metrics import accuracy, confusion_matrix


def test_metrics_and_their_errors() -> None:
    assert accuracy(np.array([1, 2, 3, 4]), np.array([1, 2, 0, 4])) == 0.75
    matrix = confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2], classes=3)
    np.testing.assert_array_equal(matrix, [[1, 1, 0], [0, 1, 0], [0, 0, 1]])
    assert matrix.sum() == 4
    with pytest.raises(ValueError, match="got 3 labels but 2 predictions"):
        accuracy([1, 2, 3], [1, 2])
    with pytest.raises(
        ValueError, match=r"one class index per sample, shape \(samples,\), got shape \(2, 10\)"
    ):
        confusion_matrix(np.zeros((2, 10), int), np.zeros(2, int))
    with pytest.raises(TypeError, match="integer class indices, got dtype float64"):
        confusion_matrix(np.zeros(2), np.zeros(2, int))
    with pytest.raises(ValueError, match=r"predictions must lie in \[0, 2\], got values from 0 to 3"):
        confusion_matrix([0, 1], [0, 3], classes=3)


def test_confusion_matrix_of_uint8_labels_does_not_overflow() -> None:
    labels = np.array([30, 29], np.uint8)
    np.testing.assert_array_equal(confusion_matrix(labels, labels, classes=31).diagonal()[29:], [1, 1])
