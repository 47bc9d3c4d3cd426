"""Checks for the exercises of section 2.3 (tensor operations), built on :mod:`dlmath.exercises`.

Each check accepts the right answer and meets a typical wrong one with a specific hint.

>>> check_broadcast_shape((8, 7, 6, 5))
Correct: shape (8, 7, 6, 5).
>>> check_rotate_and_double([[0.0, 2.0], [-2.0, 0.0]])
Not yet: 2 of 4 values differ; first at index (0, 1): expected -2.0, got 2.0. Hint: this matrix turns \
clockwise: the sine goes with a minus sign in the first row.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlmath.exercises.feedback import Feedback, check_array, check_shape

__all__ = [
    "BROADCAST_SHAPES",
    "check_broadcast_shape",
    "check_collapse",
    "check_dense_chain_shape",
    "check_rotate_and_double",
    "check_transpose_flatten",
]

BROADCAST_SHAPES = ((8, 1, 6, 1), (7, 1, 5))
ROTATE_AND_DOUBLE = np.array([[0.0, -2.0], [2.0, 0.0]])


def _as_shape_or_feedback(answer: object) -> tuple[int, ...] | Feedback:
    if answer is None or answer is Ellipsis:
        return Feedback(False, "no answer yet: replace the `...` with your code.")
    if isinstance(answer, np.ndarray):
        return Feedback(False, "give the shape itself (a tuple such as (2, 3)), not an array; try `.shape`.")
    try:
        return tuple(int(n) for n in answer)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return Feedback(False, f"a shape is a tuple of integers, got {answer!r}.")


def check_broadcast_shape(answer: object) -> Feedback:
    """The shape of ``a + b`` for ``a`` of shape (8, 1, 6, 1) and ``b`` of shape (7, 1, 5)."""
    shape = _as_shape_or_feedback(answer)
    if isinstance(shape, Feedback):
        return shape
    expected = (8, 7, 6, 5)
    feedback = check_shape(shape, expected)
    if feedback:
        return feedback
    if len(shape) == len(expected) and any(
        got == 1 and want != 1 for got, want in zip(shape, expected, strict=True)
    ):
        return Feedback(False, feedback.message + " A size-1 axis stretches to the other shape's size.")
    if len(shape) == 3:
        return Feedback(False, feedback.message + " The shorter shape gets 1s added on the left: rank 4.")
    return feedback


def check_dense_chain_shape(answer: object) -> Feedback:
    """The shape of ``relu(x @ W1 + b1) @ W2`` for x (128, 784), W1 (784, 512), W2 (512, 10)."""
    shape = _as_shape_or_feedback(answer)
    if isinstance(shape, Feedback):
        return shape
    feedback = check_shape(shape, (128, 10))
    if not feedback and shape[:1] != (128,):
        return Feedback(False, feedback.message + " The batch axis (128 samples) stays first all the way.")
    return feedback


def check_rotate_and_double(answer: object) -> Feedback:
    """The 2x2 matrix that turns the plane 90 degrees counterclockwise and doubles every length."""
    return check_array(
        answer,
        ROTATE_AND_DOUBLE,
        hints=[
            (
                lambda a: np.allclose(a, ROTATE_AND_DOUBLE.T),
                "this matrix turns clockwise: the sine goes with a minus sign in the first row.",
            ),
            (lambda a: np.allclose(a, ROTATE_AND_DOUBLE / 2), "this rotates but does not double lengths."),
        ],
    )


def check_collapse(collapse: Callable[..., object]) -> Feedback:
    """``collapse(W1, b1, W2, b2)`` must return ``(W, b)`` with ``x @ W + b == (x @ W1 + b1) @ W2 + b2``."""
    if not callable(collapse):
        return Feedback(False, f"pass the function itself, got {type(collapse).__name__}.")
    rng = np.random.default_rng(7)
    w1, b1, w2, b2 = rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=(4, 2)), rng.normal(size=2)
    x = rng.normal(size=(5, 3))
    try:
        w, b = collapse(w1, b1, w2, b2)  # type: ignore[misc]
        w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    except NotImplementedError:
        return Feedback(False, "no answer yet: write the body of `collapse`.")
    except Exception as exc:  # noqa: BLE001 - the learner's error is the feedback
        return Feedback(False, f"calling collapse(W1, b1, W2, b2) raised {type(exc).__name__}: {exc}")
    if w.shape != (3, 2):
        return Feedback(
            False, f"W should have shape (3, 2) here (W1 is (3, 4), W2 is (4, 2)); got {w.shape}."
        )
    if b.shape != (2,):
        return Feedback(False, f"b should have shape (2,) here; got {b.shape}.")
    if not np.allclose(w, w1 @ w2):
        return Feedback(False, "W is not right: the two kernels multiply, in the order the data meets them.")
    if np.allclose(b, b2):
        return Feedback(
            False, "W is right but b is not: b1 is missing; it also goes through W2 (b1 @ W2 + b2)."
        )
    if not np.allclose(x @ w + b, (x @ w1 + b1) @ w2 + b2):
        return Feedback(False, "W is right but b is not: expand (x @ W1 + b1) @ W2 + b2.")
    return Feedback(True, "one affine map does what both layers do: W = W1 @ W2, b = b1 @ W2 + b2.")


def check_transpose_flatten(answer: object) -> Feedback:
    """``np.arange(6).reshape(2, 3).T.reshape(6)``: the transpose read in row-major order."""
    expected = np.array([0, 3, 1, 4, 2, 5])
    return check_array(
        answer,
        expected,
        hints=[
            (
                lambda a: np.array_equal(a, np.arange(6)),
                "that is the original order: reshape reads the transposed array row by row.",
            )
        ],
    )
