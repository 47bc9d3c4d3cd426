"""Checks for the exercises of section 2.3 (tensor operations), built on :mod:`dlmath.exercises`.

Each check accepts the right answer without repeating it, meets a typical wrong one with a
specific hint, and answers a blank (``...``, ``None``, a stub) with "Not yet" instead of raising.

>>> check_broadcast_shape(...)
Not yet: replace the `...` with your answer, then run the cell.
>>> check_rotate_clockwise_and_triple([[0.0, -3.0], [3.0, 0.0]])
Not yet: 2 of 4 values differ; first at index (0, 1): expected 3.0, got -3.0. Hint: with `M @ p` \
this matrix turns counterclockwise (it would turn clockwise as a Dense kernel, `p @ M`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlmath.exercises.feedback import (
    Feedback,
    as_float_array,
    check_array,
    check_shape,
    is_blank,
    no_answer,
    read_answer,
)

__all__ = [
    "BROADCAST_SHAPES",
    "PROJECTION_U",
    "PROJECTION_V",
    "check_broadcast_shape",
    "check_collapse_three",
    "check_dense_chain_shape",
    "check_flattening_matrix",
    "check_projection",
    "check_rotate_clockwise_and_triple",
]

BROADCAST_SHAPES = ((2, 1, 5, 1), (4, 1, 3))
PROJECTION_U = np.array([1.0, 2.0, 2.0])
PROJECTION_V = np.array([4.0, 1.0, 1.0])
ROTATE_CLOCKWISE_AND_TRIPLE = np.array([[0.0, 3.0], [-3.0, 0.0]])


def _as_shape_or_feedback(answer: object) -> tuple[int, ...] | Feedback:
    if is_blank(answer):
        return no_answer()
    if isinstance(answer, np.ndarray):
        return Feedback(
            False,
            "give the shape itself (a tuple such as (2, 3)), not an array; try `.shape`.",
        )
    try:
        return tuple(int(n) for n in answer)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return Feedback(
            False, f"a shape is a tuple of integers, got {answer!r}."
        )


def check_broadcast_shape(answer: object) -> Feedback:
    """The shape of ``a + b`` for ``a`` of shape (2, 1, 5, 1) and ``b`` of shape (4, 1, 3)."""
    shape = _as_shape_or_feedback(answer)
    if isinstance(shape, Feedback):
        return shape
    expected = np.broadcast_shapes(*BROADCAST_SHAPES)
    feedback = check_shape(shape, expected)
    if feedback:
        return Feedback(
            True,
            "equal sizes stay, and each size 1 stretches to the other size.",
        )
    if len(shape) == len(expected) and any(
        got == 1 and want != 1
        for got, want in zip(shape, expected, strict=True)
    ):
        return Feedback(
            False,
            feedback.message
            + " A size-1 axis stretches to the other shape's size.",
        )
    if len(shape) == 3:
        return Feedback(
            False,
            feedback.message
            + " The shorter shape gets 1s added on the left: rank 4.",
        )
    if len(shape) == len(expected) and tuple(reversed(shape)) == tuple(
        expected
    ):
        return Feedback(
            False,
            feedback.message
            + " Align the shapes on their last axes, not their first.",
        )
    return feedback


def check_dense_chain_shape(answer: object) -> Feedback:
    """The shape of ``relu(x @ W1 + b1) @ W2`` for x (128, 784), W1 (784, 512), W2 (512, 10)."""
    shape = _as_shape_or_feedback(answer)
    if isinstance(shape, Feedback):
        return shape
    feedback = check_shape(shape, (128, 10))
    if feedback:
        return Feedback(
            True,
            "the batch axis stays; each kernel replaces the feature axis.",
        )
    if shape[:1] != (128,):
        return Feedback(
            False,
            feedback.message
            + " The batch axis (128 samples) stays first all the way.",
        )
    if shape == (128, 512):
        return Feedback(
            False,
            feedback.message
            + " That is the shape after the first layer; W2 comes next.",
        )
    return feedback


def check_projection(answer: object) -> Feedback:
    """The projection of ``v`` onto the line through ``u``: ``(u @ v) / (u @ u) * u``."""
    u, v = PROJECTION_U, PROJECTION_V
    expected = (u @ v) / (u @ u) * u
    got = read_answer(
        answer,
        as_float_array,
        lambda: (
            f"the projection is a vector of three numbers, got {answer!r}."
        ),
    )
    if isinstance(got, Feedback):
        return got
    if got.ndim == 0:
        hint = (
            " That number is the projection's length, u @ v / |u|; multiply it by the unit vector u / |u|."
            if np.isclose(got, (u @ v) / np.linalg.norm(u))
            else ""
        )
        return Feedback(
            False,
            "the projection is a vector (shape (3,)), not a single number."
            + hint,
        )
    feedback = check_array(
        got,
        expected,
        hints=[
            (
                lambda a: np.allclose(a, (u @ v) / np.linalg.norm(u) * u),
                "you divided by |u| once; the unit vector u / |u| brings a second |u|: divide by u @ u.",
            ),
            (
                lambda a: np.allclose(a, (u @ v) / (v @ v) * v),
                "that is u projected onto v; the exercise projects v onto the line through u.",
            ),
            (
                lambda a: np.allclose(a, (u @ v) * u),
                "divide by u @ u: u is not a unit vector.",
            ),
        ],
    )
    if feedback:
        return Feedback(
            True,
            "the part of v along u; the rest of v is perpendicular to u.",
        )
    return feedback


def check_rotate_clockwise_and_triple(answer: object) -> Feedback:
    """The 2x2 ``M`` such that ``M @ p`` turns ``p`` 90 degrees clockwise and triples its length."""
    feedback = check_array(
        answer,
        ROTATE_CLOCKWISE_AND_TRIPLE,
        hints=[
            (
                lambda a: np.allclose(a, ROTATE_CLOCKWISE_AND_TRIPLE.T),
                "with `M @ p` this matrix turns counterclockwise (it would turn clockwise as a Dense kernel,"
                " `p @ M`).",
            ),
            (
                lambda a: np.allclose(a, ROTATE_CLOCKWISE_AND_TRIPLE / 3),
                "this turns the right way but does not triple lengths.",
            ),
            (
                lambda a: np.allclose(a, 2 * ROTATE_CLOCKWISE_AND_TRIPLE / 3),
                "this turns the right way but doubles lengths instead of tripling them.",
            ),
            (
                lambda a: np.allclose(
                    np.abs(a), np.abs(ROTATE_CLOCKWISE_AND_TRIPLE)
                ),
                "the sizes are right; check the signs: M @ [1, 0] must be [0, -3].",
            ),
        ],
    )
    if feedback:
        return Feedback(
            True, "a quarter turn clockwise, and every distance to 0 triples."
        )
    return feedback


def check_flattening_matrix(answer: object) -> Feedback:
    """A 2x2 matrix with no zero entry, not all entries equal, that squashes the plane onto a line."""
    got = read_answer(
        answer,
        as_float_array,
        lambda: f"expected a 2x2 matrix of numbers, got {answer!r}.",
    )
    if isinstance(got, Feedback):
        return got
    if got.shape != (2, 2):
        return Feedback(
            False, f"expected a 2x2 matrix, got shape {got.shape}."
        )
    if not np.isfinite(got).all():
        return Feedback(False, "the matrix has an infinite or NaN entry.")
    if (got == 0).any():
        return Feedback(
            False, "the exercise asks for a matrix with no zero entry."
        )
    if np.allclose(got, got.flat[0]):
        return Feedback(
            False,
            "all four entries are equal: that is the figure's example; find another.",
        )
    determinant = float(np.linalg.det(got))
    if not np.isclose(
        determinant, 0.0, atol=1e-9 * max(1.0, float(np.abs(got).max()) ** 2)
    ):
        return Feedback(
            False,
            f"its determinant is {determinant:.3g}, so it keeps some area and the plane stays a plane."
            " Make one column a multiple of the other.",
        )
    return Feedback(
        True, "determinant 0: both columns, and every image, lie on one line."
    )


def check_collapse_three(collapse_three: Callable[..., object]) -> Feedback:
    """``collapse_three(W1, b1, W2, b2, W3, b3)`` returns ``(W, b)`` with ``x @ W + b`` = the three layers."""
    if collapse_three is None or collapse_three is Ellipsis:
        return no_answer("write the function `collapse_three`")
    if not callable(collapse_three):
        return Feedback(
            False,
            f"pass the function itself, got {type(collapse_three).__name__}.",
        )
    rng = np.random.default_rng(7)
    w1, b1 = rng.normal(size=(3, 4)), rng.normal(size=4)
    w2, b2 = rng.normal(size=(4, 5)), rng.normal(size=5)
    w3, b3 = rng.normal(size=(5, 2)), rng.normal(size=2)
    x = rng.normal(size=(6, 3))
    try:
        result = collapse_three(w1, b1, w2, b2, w3, b3)
    except NotImplementedError:
        return no_answer(
            "write the body of `collapse_three` (it still raises NotImplementedError)"
        )
    except Exception as exc:  # noqa: BLE001 - the learner's error is the feedback
        name = type(exc).__name__
        return Feedback(
            False,
            f"calling collapse_three(W1, b1, W2, b2, W3, b3) raised {name}: {exc}",
        )
    if result is None or result is Ellipsis:
        return no_answer(
            "`collapse_three` returned nothing: write its body and return (W, b)"
        )
    try:
        w, b = result  # type: ignore[misc]
        w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return Feedback(
            False, "return a pair (W, b): the kernel and the bias."
        )
    if w.shape != (3, 2):
        return Feedback(
            False,
            f"W should have shape (3, 2) here (W1 is (3, 4), W3 is (5, 2)); got {w.shape}.",
        )
    if b.shape != (2,):
        return Feedback(
            False, f"b should have shape (2,) here, like b3; got {b.shape}."
        )
    if not np.allclose(w, w1 @ w2 @ w3):
        return Feedback(
            False,
            "W is not right: the three kernels multiply, in the order the data meets them.",
        )
    if np.allclose(x @ w + b, ((x @ w1 + b1) @ w2 + b2) @ w3 + b3):
        return Feedback(True, "one affine map does what the three layers do.")
    if np.allclose(b, b2 @ w3 + b3) or np.allclose(b, b3):
        return Feedback(
            False,
            "W is right but b is not: b1 is missing; it goes through W2 and then W3.",
        )
    if np.allclose(b, b1 @ w2 @ w3 + b3):
        return Feedback(
            False,
            "W is right but b is not: b2 is missing; it goes through W3.",
        )
    if np.allclose(b, (b1 @ w2 + b2) @ w3):
        return Feedback(
            False,
            "W is right but b is not: b3 is missing; the last layer adds it at the end.",
        )
    return Feedback(
        False,
        "W is right but b is not: collapse two layers first, then add the third.",
    )
