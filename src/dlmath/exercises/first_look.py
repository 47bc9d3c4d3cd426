"""Checks for the exercises of section 2.1 (a first look at a neural network).

>>> check_flat_shape((10000, 784))
Correct: shape (10000, 784).
>>> check_dense_param_count(784 * 256 + 256 * 10)
Not yet: expected parameters 203530, got 203264. Hint: each Dense unit also has a bias.
"""

from __future__ import annotations

import numpy as np

from dlmath.exercises.feedback import Feedback, check_array, check_shape, check_value

__all__ = [
    "check_accuracy",
    "check_dense_param_count",
    "check_flat_shape",
    "check_one_hot",
    "check_preprocess",
]

_NO_ANSWER = Feedback(False, "no answer yet: replace the `...` with your code.")


def check_flat_shape(answer: object) -> Feedback:
    """The shape of the 10,000 test images once flattened for the network."""
    if answer is None or answer is Ellipsis:
        return _NO_ANSWER
    try:
        got = tuple(int(n) for n in answer)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return Feedback(False, f"a shape is a tuple of integers such as (2, 3), got {answer!r}.")
    if got == (10000, 28, 28):
        return Feedback(False, f"{got} is the shape before flattening: each image becomes one row of 784.")
    return check_shape(got, (10000, 28 * 28))


def check_dense_param_count(
    answer: object, *, inputs: int = 784, hidden: int = 256, classes: int = 10
) -> Feedback:
    """Trainable numbers of Dense(hidden) then Dense(classes) on ``inputs`` features."""
    if answer is None or answer is Ellipsis:
        return _NO_ANSWER
    expected = inputs * hidden + hidden + hidden * classes + classes
    return check_value(
        answer,
        expected,
        name="parameters",
        hints=[
            (lambda v: v == inputs * hidden + hidden * classes, "each Dense unit also has a bias."),
            (
                lambda v: v == inputs * hidden + hidden,
                "the second layer (hidden -> classes) has weights and biases too.",
            ),
            (
                lambda v: v == inputs * 512 + 512 + 512 * 10 + 10,
                "that is the 512-unit network of the chapter; use 256 units.",
            ),
        ],
    )


def check_one_hot(answer: object, labels: object, classes: int = 10) -> Feedback:
    """The one-hot matrix of ``labels``: row i is all zeros but a 1 in column ``labels[i]``."""
    labels = np.asarray(labels)
    expected = np.eye(classes, dtype=np.float32)[labels]
    return check_array(
        answer,
        expected,
        hints=[
            (
                lambda a: a.ndim == 2 and (a.argmax(axis=1) == (labels - 1) % classes).all(),
                "columns count from 0: digit d goes in column d, not d - 1.",
            ),
            (lambda a: a.ndim == 2 and (a.sum(axis=1) != 1).any(), "each row must hold exactly one 1."),
        ],
    )


def check_preprocess(preprocess: object) -> Feedback:
    """``preprocess(images)``: uint8 (n, 28, 28) -> float32 (n, 784) with values in [0, 1]."""
    if not callable(preprocess):
        return Feedback(False, f"expected a function preprocess(images), got {type(preprocess).__name__}.")
    images = np.random.default_rng(0).integers(0, 256, size=(5, 28, 28), dtype=np.uint8)
    before = images.copy()
    try:
        result = preprocess(images)
    except NotImplementedError:
        return _NO_ANSWER
    except Exception as exc:  # noqa: BLE001 - the learner's function may fail in any way
        return Feedback(False, f"preprocess raised {type(exc).__name__}: {exc}")
    if not np.array_equal(images, before):
        return Feedback(False, "preprocess changed its input in place; return a new array instead.")
    got = np.asarray(result)
    shape = check_shape(got.shape, (5, 784))
    if not shape:
        return shape
    if got.dtype != np.float32:
        hint = " Dividing a uint8 array by 255 gives float64: convert with .astype('float32')."
        return Feedback(
            False, f"expected dtype float32, got {got.dtype}." + (hint if got.dtype == np.float64 else "")
        )
    return check_array(
        got,
        images.reshape(5, 784).astype(np.float32) / 255,
        rtol=1e-6,
        hints=[(lambda a: a.max() > 1, "values must lie in [0, 1]: divide by 255.")],
    )


def check_accuracy(answer: object, predictions: object, labels: object) -> Feedback:
    """The fraction of ``predictions`` equal to ``labels``, a number between 0 and 1."""
    if answer is None or answer is Ellipsis:
        return _NO_ANSWER
    predictions, labels = np.asarray(predictions), np.asarray(labels)
    expected = float((predictions == labels).mean())
    feedback = check_value(answer, expected, name="accuracy", rtol=1e-9)
    if feedback:
        return Feedback(True, "accuracy matches the fraction of correct predictions.")
    try:
        value = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return feedback
    if np.isclose(value, 100 * expected):
        return Feedback(False, "that is a percentage; give the fraction between 0 and 1.")
    if np.isclose(value, 1 - expected):
        return Feedback(False, "that is the error rate: count the predictions that are equal to the labels.")
    if np.isclose(value, (predictions == labels).sum()):
        return Feedback(False, "that is the number of correct predictions: divide by how many there are.")
    return Feedback(False, "it does not match the fraction of correct predictions.")
