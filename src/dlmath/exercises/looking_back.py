"""Checks for the exercises of section 2.5 (the MNIST network rebuilt from scratch).

Each check returns a :class:`dlmath.exercises.Feedback` and names the usual mistake when it
sees one.

>>> check_parameter_count(407_050)
Correct: number of parameters is 407050.
>>> check_parameter_count(406_528)
Not yet: expected number of parameters 407050, got 406528. Hint: each unit also has a bias.
"""

from __future__ import annotations

import numpy as np

from dlmath.exercises.feedback import Feedback, check_array, check_value
from dlmath.metrics import confusion_matrix

__all__ = [
    "check_confusion_matrix",
    "check_epoch_flops",
    "check_parameter_count",
    "check_rmsprop_step",
    "confusion_exercise_data",
    "rmsprop_exercise_data",
]


def check_parameter_count(answer: object, sizes: tuple[int, ...] = (784, 512, 10)) -> Feedback:
    """How many numbers the dense network with layer ``sizes`` learns (weights and biases)."""
    weights = sum(a * b for a, b in zip(sizes, sizes[1:], strict=False))
    biases = sum(sizes[1:])
    feedback = check_value(answer, weights + biases, name="number of parameters")
    if not feedback and np.isscalar(answer) and answer == weights:
        return Feedback(False, feedback.message + " Hint: each unit also has a bias.")
    if not feedback and np.isscalar(answer) and answer == weights + sum(sizes):
        return Feedback(False, feedback.message + " Hint: the inputs have no biases; only the units do.")
    return feedback


def rmsprop_exercise_data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(w, g, v)``: weights, their gradient, and the velocity before the step (float32, shape (2, 3))."""
    rng = np.random.default_rng(25)
    w = rng.normal(size=(2, 3)).round(2).astype(np.float32)
    g = (rng.normal(size=(2, 3)) * 1e-3).round(6).astype(np.float32)
    v = (rng.random((2, 3)) * 1e-6).round(9).astype(np.float32)
    return w, g, v


def _rmsprop(
    w: np.ndarray,
    g: np.ndarray,
    v: np.ndarray,
    lr: float = 0.001,
    rho: float = 0.9,
    eps: float = 1e-7,
    *,
    eps_outside: bool = False,
    forget_decay: bool = False,
) -> np.ndarray:
    v = (v if forget_decay else rho * v) + (1 - rho) * g * g
    denominator = np.sqrt(v) + eps if eps_outside else np.sqrt(v + eps)
    return w - lr * g / denominator


def check_rmsprop_step(answer: object) -> Feedback:
    """The weights after one Keras RMSprop step (defaults) from :func:`rmsprop_exercise_data`."""
    w, g, v = (a.astype(np.float64) for a in rmsprop_exercise_data())
    hints = [
        (
            lambda a: np.allclose(a, _rmsprop(w, g, v, eps_outside=True), rtol=1e-5, atol=1e-7),
            "Keras puts epsilon inside the square root: sqrt(v + epsilon).",
        ),
        (
            lambda a: np.allclose(a, _rmsprop(w, g, v, forget_decay=True), rtol=1e-5, atol=1e-7),
            "the old velocity is multiplied by rho before the new g**2 is added.",
        ),
        (
            lambda a: np.allclose(a, w + (w - _rmsprop(w, g, v)), rtol=1e-5, atol=1e-7),
            "the step goes against the gradient: subtract it.",
        ),
    ]
    return check_array(answer, _rmsprop(w, g, v), rtol=1e-5, atol=1e-7, hints=hints)


def confusion_exercise_data() -> tuple[np.ndarray, np.ndarray]:
    """``(labels, predictions)``: 40 samples of 4 classes, for the confusion matrix exercise."""
    rng = np.random.default_rng(5)
    labels = rng.integers(0, 4, 40)
    predictions = np.where(rng.random(40) < 0.7, labels, rng.integers(0, 4, 40))
    return labels, predictions


def check_confusion_matrix(answer: object) -> Feedback:
    """The 4 x 4 confusion matrix (rows: labels, columns: predictions) of :func:`confusion_exercise_data`."""
    labels, predictions = confusion_exercise_data()
    expected = confusion_matrix(labels, predictions, classes=4)
    hints = [
        (lambda a: np.array_equal(a, expected.T), "rows are the true labels and columns the predictions."),
        (
            lambda a: a.sum() != len(labels),
            "every one of the 40 samples is counted exactly once: the entries must add up to 40.",
        ),
    ]
    return check_array(answer, expected, hints=hints)


def check_epoch_flops(
    answer: object, samples: int = 60_000, sizes: tuple[int, int, int] = (784, 512, 10)
) -> Feedback:
    """Floating-point operations (2 per multiply-add) of the matrix products of one training epoch.

    Counted: both layers' forward products, both weight gradients, and the input gradient of
    the output layer (the first layer's input gradient is never needed).
    """
    inputs, hidden, classes = sizes
    forward = 2 * samples * (inputs * hidden + hidden * classes)
    expected = samples * 2 * (2 * inputs * hidden + 3 * hidden * classes)
    return check_value(
        answer,
        expected,
        name="FLOPs per epoch",
        rtol=1e-3,
        hints=[
            (
                lambda v: np.isclose(v, forward, rtol=1e-3),
                "that is the forward pass only; backpropagation has its own products.",
            ),
            (
                lambda v: np.isclose(v, expected / 2, rtol=2e-2),
                "a multiply-add counts as two floating-point operations.",
            ),
            (
                lambda v: np.isclose(v, expected + 2 * samples * inputs * hidden, rtol=1e-3),
                "nothing needs the gradient with respect to the images: skip that product.",
            ),
        ],
    )
