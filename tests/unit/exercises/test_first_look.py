from __future__ import annotations

import re

import numpy as np
import pytest

from dlmath.exercises.first_look import (
    check_accuracy,
    check_dense_param_count,
    check_flat_shape,
    check_one_hot,
    check_preprocess,
)


def test_flat_shape():
    assert check_flat_shape((10000, 784))
    assert "before flattening" in check_flat_shape((10000, 28, 28)).message
    assert "transpose" in check_flat_shape((784, 10000)).message
    assert "no answer" in check_flat_shape(...).message


def test_param_count_and_its_hints():
    assert check_dense_param_count(784 * 256 + 256 + 256 * 10 + 10)
    assert "bias" in check_dense_param_count(784 * 256 + 256 * 10).message
    assert "second layer" in check_dense_param_count(784 * 256 + 256).message
    assert "512-unit" in check_dense_param_count(407050).message
    assert not check_dense_param_count("lots")


def test_one_hot():
    labels = np.array([3, 0, 9])
    assert check_one_hot(np.eye(10)[labels], labels)
    assert "column d" in check_one_hot(np.eye(10)[labels - 1], labels).message
    two_ones = np.eye(10)[labels] + np.eye(10)[[0, 0, 0]]
    assert "exactly one 1" in check_one_hot(two_ones, labels).message
    assert "expected shape (3, 10)" in check_one_hot(np.eye(10), labels).message


def test_preprocess_accepts_the_right_function():
    def right(images):
        return images.reshape(len(images), 784).astype("float32") / 255

    assert check_preprocess(right)


@pytest.mark.parametrize(
    ("function", "pattern"),
    [
        (lambda im: im.reshape(len(im), 784).astype("float32"), "divide by 255"),
        (lambda im: im.reshape(len(im), 784) / 255, "astype\\('float32'\\)"),
        (lambda im: im.astype("float32") / 255, "expected shape \\(5, 784\\)"),
        (lambda im: 1 / 0, "raised ZeroDivisionError"),
        (42, "expected a function"),
    ],
)
def test_preprocess_rejects_typical_mistakes(function, pattern):
    feedback = check_preprocess(function)
    assert not feedback
    assert re.search(pattern, feedback.message), feedback.message


def test_preprocess_must_not_modify_its_input():
    def in_place(images):
        images[:] = 0
        return images.reshape(len(images), 784).astype("float32")

    assert "in place" in check_preprocess(in_place).message


def test_accuracy_and_its_hints():
    predictions, labels = np.array([1, 2, 3, 4]), np.array([1, 2, 0, 4])
    assert check_accuracy(0.75, predictions, labels)
    assert "percentage" in check_accuracy(75, predictions, labels).message
    assert "error rate" in check_accuracy(0.25, predictions, labels).message
    assert "number of correct" in check_accuracy(3, predictions, labels).message
    assert "no answer" in check_accuracy(..., predictions, labels).message
