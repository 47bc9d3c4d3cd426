from __future__ import annotations

import re

import numpy as np
import pytest

from dlmath.exercises.first_look import (
    check_confidence_on_mistakes,
    check_dense_param_count,
    check_flat_shape,
    check_one_hot,
    check_preprocess,
)

BLANKS = [..., None]


@pytest.mark.parametrize("check", [check_flat_shape, check_dense_param_count])
@pytest.mark.parametrize("blank", BLANKS)
def test_blank_answers_say_not_yet(check, blank):
    feedback = check(blank)
    assert not feedback and repr(feedback).startswith("Not yet: replace the `...`")


def test_flat_shape():
    right = check_flat_shape((500, 1024))
    assert right and "1024" not in right.message and "500" not in right.message
    assert check_flat_shape(np.zeros((500, 32 * 32)).shape)
    assert check_flat_shape((10000, 784), samples=10000, height=28, width=28)
    assert "before flattening" in check_flat_shape((500, 32, 32)).message
    assert "swapped" in check_flat_shape((1024, 500)).message
    assert "one image" in check_flat_shape((1024,)).message
    assert "MNIST" in check_flat_shape((500, 784)).message
    assert "counts the images" in check_flat_shape((60000, 1024)).message
    assert "tuple of integers" in check_flat_shape("500 x 1024").message
    assert "one row per image" in check_flat_shape((500, 1, 2, 3)).message


def test_param_count_and_its_hints():
    right = check_dense_param_count(784 * 256 + 256 + 256 * 10 + 10)
    assert right and "203530" not in right.message
    assert check_dense_param_count(np.int64(203530))
    assert "weights only" in check_dense_param_count(784 * 256 + 256 * 10).message
    assert "first layer only" in check_dense_param_count(784 * 256 + 256).message
    assert "second layer only" in check_dense_param_count(256 * 10 + 10).message
    assert "512-unit" in check_dense_param_count(407050).message
    assert "counts units" in check_dense_param_count(784 + 256 + 10).message
    wrong = check_dense_param_count(1)
    assert not wrong and "203530" not in wrong.message and "inputs x units" in wrong.message
    assert "whole number" in check_dense_param_count("lots").message
    assert not check_dense_param_count(True)


def test_one_hot():
    labels = np.array([3, 0, 9])
    right = check_one_hot(np.eye(10)[labels], labels)
    assert right and "label's column" in right.message
    assert "column d" in check_one_hot(np.eye(10)[labels - 1], labels).message
    two_ones = np.eye(10)[labels] + np.eye(10)[[0, 0, 0]]
    assert "exactly one 1" in check_one_hot(two_ones, labels).message
    assert "expected shape (3, 10)" in check_one_hot(np.eye(10), labels).message
    assert repr(check_one_hot(..., labels)).startswith("Not yet: replace")


def test_preprocess_accepts_the_right_function():
    def right(images):
        return images.reshape(len(images), 784).astype("float32") / 255

    feedback = check_preprocess(right)
    assert feedback and "input left as it was" in feedback.message


def test_preprocess_stub_says_not_yet():
    def stub(images):
        raise NotImplementedError

    feedback = check_preprocess(stub)
    assert (
        not feedback and repr(feedback).startswith("Not yet:") and "NotImplementedError" in feedback.message
    )
    assert repr(check_preprocess(...)).startswith("Not yet: replace")


@pytest.mark.parametrize(
    ("function", "pattern"),
    [
        (lambda im: im.reshape(len(im), 784).astype("float32"), "divide by 255"),
        (lambda im: im.reshape(len(im), 784) / 255, "astype\\('float32'\\)"),
        (lambda im: im.astype("float32") / 255, "not flattened"),
        (lambda im: im.reshape(-1).astype("float32") / 255, "5 rows of 784 values, got shape \\(3920,\\)"),
        (lambda im: None, "returned None"),
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


# Four images: the first two are classified correctly (labels 0 and 1), the last two are not.
PROBABILITIES = np.array(
    [
        [0.9, 0.05, 0.05],
        [0.2, 0.7, 0.1],
        [0.6, 0.3, 0.1],  # predicted 0, label 2
        [0.1, 0.5, 0.4],  # predicted 1, label 2
    ]
)
LABELS = np.array([0, 1, 2, 2])


def test_confidence_on_mistakes():
    right = check_confidence_on_mistakes(0.55, PROBABILITIES, LABELS)
    assert right and "0.55" not in right.message and "confidence on its mistakes" in right.message
    assert check_confidence_on_mistakes(np.float32(0.55), PROBABILITIES, LABELS)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ((0.9 + 0.7 + 0.6 + 0.5) / 4, "over all images"),
        ((0.9 + 0.7) / 2, "classified correctly"),
        ((0.1 + 0.4) / 2, "probability of the true label"),
        (55, "percentage"),
        (1.5, "between 0 and 1"),
        (0.3, "max(axis=1)"),
        ("high", "one number"),
        (..., "replace the `...`"),
    ],
)
def test_confidence_on_mistakes_names_the_mistake(answer, words):
    feedback = check_confidence_on_mistakes(answer, PROBABILITIES, LABELS)
    assert not feedback and words in feedback.message, feedback.message


def test_confidence_without_mistakes():
    assert "no misclassified" in check_confidence_on_mistakes(0.5, PROBABILITIES[:2], LABELS[:2]).message
