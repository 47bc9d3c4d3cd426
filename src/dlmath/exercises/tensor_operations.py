"""Checks for the exercises of section 2.3 (tensor operations).

Each check accepts the right answer without repeating it and meets a typical
wrong one with a specific hint, never with the right answer in the message; a
blank (``...``, ``None``, a stub) gets "Not yet" instead of an exception.

>>> check_broadcast_shape(...)
Not yet: replace the `...` with your answer, then run the cell.
>>> check_rotate_clockwise_and_triple([[0.0, -3.0], [3.0, 0.0]])
Not yet: your M sends (1, 0) to (0, 3) and (0, 1) to (-3, 0). With `M @ p` \
this matrix turns counterclockwise (it would turn clockwise as a Dense \
kernel, `p @ M`).
"""

from __future__ import annotations

import numpy as np

from dlmath.exercises.feedback import (
    Feedback,
    call_for_arrays,
    close_to,
    match_mistakes,
    read_array,
    read_shape,
    shape_mistake,
    within_rounding,
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


def _shape_or_feedback(answer: object) -> tuple[int, ...] | Feedback:
    # An array here is most likely the broadcast result itself, not its
    # shape: say so rather than only "a shape is a tuple".
    if isinstance(answer, np.ndarray) and answer.ndim > 1:
        return Feedback(
            False,
            "give the shape itself (a tuple such as (2, 3)), not an array; "
            "try `.shape`.",
        )
    return read_shape(answer)


def check_broadcast_shape(answer: object) -> Feedback:
    """The shape of ``a + b`` for shapes (2, 1, 5, 1) and (4, 1, 3)."""
    shape = _shape_or_feedback(answer)
    if isinstance(shape, Feedback):
        return shape
    expected = np.broadcast_shapes(*BROADCAST_SHAPES)
    if shape == expected:
        return Feedback(
            True,
            "equal sizes stay, and each size 1 stretches to the other size.",
        )
    if shape in BROADCAST_SHAPES:
        return Feedback(
            False,
            "that is the shape of one of the two arrays; the sum has a size "
            "for each axis of the longer shape, taken from both.",
        )
    if len(shape) < len(expected):
        return Feedback(
            False,
            f"your shape {shape} has {len(shape)} axes: the shorter shape "
            "gets 1s added on the left, so the sum has as many axes as the "
            "longer one.",
        )
    if len(shape) > len(expected):
        return Feedback(
            False,
            f"your shape {shape} has {len(shape)} axes: broadcasting adds "
            "no axis beyond the longer shape's.",
        )
    if shape == expected[::-1]:
        return Feedback(
            False,
            "align the shapes on their last axes, and keep the axes in "
            "their order.",
        )
    ones = [
        i
        for i, (g, e) in enumerate(zip(shape, expected, strict=True))
        if g == 1 != e
    ]
    if ones:
        return Feedback(
            False,
            f"axis {ones[0]} of your shape has size 1, but a size-1 axis "
            "stretches to the other shape's size on that axis.",
        )
    if sorted(shape) == sorted(expected):
        # shape_mistake would say "the right lengths in another order",
        # which names the target's sizes.
        return Feedback(
            False,
            "align the shapes on their last axes, and keep the axes in "
            "their order.",
        )
    return Feedback(
        False,
        f"your shape {shape}: "
        + shape_mistake(shape, expected)
        + " Pad the shorter shape with 1s on the left, then go axis by axis.",
    )


def check_dense_chain_shape(answer: object) -> Feedback:
    """The shape of ``relu(x @ W1 + b1) @ W2`` for the chapter's network."""
    shape = _shape_or_feedback(answer)
    if isinstance(shape, Feedback):
        return shape
    if shape == (128, 10):
        return Feedback(
            True,
            "the batch axis stays; each kernel replaces the feature axis.",
        )
    mistakes = {
        (128, 512): "that is the shape after the first layer; W2 comes next.",
        (10, 128): "the axes are swapped: the batch axis stays first.",
        (128, 784): "that is x's shape: each kernel replaces the last axis.",
        (512, 10): "that is W2's shape; the product keeps x's batch axis.",
        (784, 10): "the batch axis of x stays first all the way; 784 is "
        "replaced by the first kernel.",
    }
    if shape in mistakes:
        return Feedback(False, mistakes[shape])
    if len(shape) == 2 and shape[0] != 128:
        return Feedback(
            False,
            f"your shape {shape} starts with {shape[0]}: the batch axis "
            "(128 samples) stays first all the way.",
        )
    return Feedback(
        False,
        f"your shape {shape}: "
        + shape_mistake(shape, (128, 10))
        + " Follow the shapes one operation at a time.",
    )


def check_projection(answer: object) -> Feedback:
    """The projection of ``v`` onto the line through ``u``, to 3 decimals."""
    u, v = PROJECTION_U, PROJECTION_V
    got = read_array(answer, "the projection is a vector of three numbers")
    if isinstance(got, Feedback):
        return got
    expected = (u @ v) / (u @ u) * u
    if within_rounding(got, expected, decimals=3):
        return Feedback(
            True,
            "the part of v along u; the rest of v is perpendicular to u.",
        )
    if got.size == 1:
        value = float(got.reshape(-1)[0])
        if within_rounding(value, (u @ v) / np.linalg.norm(u), decimals=3):
            return Feedback(
                False,
                "that number is the shadow's signed length; the projection "
                "is that length times the unit arrow along u.",
            )
        if within_rounding(value, (u @ v) / (u @ u), decimals=3):
            return Feedback(
                False,
                "that number is how many u's the projection holds; the "
                "projection is that number times u, a vector.",
            )
        return Feedback(
            False,
            "the projection is a vector of three numbers, not one number.",
        )
    if got.shape != (3,):
        return Feedback(
            False,
            f"your answer has shape {got.shape}; the projection is a vector "
            "like u and v.",
        )
    if within_rounding(got, expected, decimals=2):
        if np.allclose(got, np.round(got, 2)):
            return Feedback(
                False,
                "that is rounded to two decimals; the exercise asks for "
                "three.",
            )
        return Feedback(
            False,
            "close, but not right to three decimals: round each entry to "
            "the nearest, rather than cutting the digits off.",
        )
    if np.allclose(got, np.round(got, 1)) and within_rounding(
        got, expected, decimals=1
    ):
        return Feedback(
            False,
            "that is rounded to one decimal; the exercise asks for three.",
        )
    if within_rounding(-got, expected, decimals=3):
        return Feedback(
            False,
            "your vector points against u, but v leans towards u "
            "(u @ v > 0): check the sign.",
        )
    mistakes = [
        (
            (u @ v) / np.linalg.norm(u) * u,
            "you divided by the length of u once; the unit arrow u / |u| "
            "brings a second |u|.",
        ),
        (
            (u @ v) / (v @ v) * v,
            "that is u projected onto v; the exercise projects v onto the "
            "line through u.",
        ),
        (
            (u @ v) * u,
            "u is not a unit vector: divide by its length, twice.",
        ),
        (
            v - (u @ v) / (u @ u) * u,
            "that is the part of v perpendicular to u, what is left after "
            "the projection.",
        ),
        (u * v, "u * v multiplies entry by entry; the projection starts "
         "from the dot product u @ v."),
    ]  # fmt: skip
    mistake = match_mistakes(
        mistakes, lambda wrong: within_rounding(got, wrong, decimals=2)
    )
    if mistake is not None:
        return mistake
    if abs(float(np.cross(got, u) @ np.cross(got, u))) > 1e-3:
        return Feedback(
            False,
            "your vector does not lie on the line through u: the projection "
            "is a multiple of u.",
        )
    return Feedback(
        False,
        "your vector lies along u but has another length: the signed length "
        "of the shadow is u @ v divided by the length of u.",
    )


def _read_2x2(answer: object, subject: str) -> np.ndarray | Feedback:
    # ``subject`` starts the messages: "M is", "the answer is".
    got = read_array(answer, f"{subject} a 2x2 matrix of numbers")
    if isinstance(got, Feedback) or got.shape == (2, 2):
        return got
    return Feedback(
        False, f"{subject} a 2x2 matrix; yours has shape {got.shape}."
    )


def check_rotate_clockwise_and_triple(answer: object) -> Feedback:
    """The 2x2 ``M``: ``M @ p`` turns clockwise and triples lengths."""
    got = _read_2x2(answer, "M is")
    if isinstance(got, Feedback):
        return got
    target = ROTATE_CLOCKWISE_AND_TRIPLE
    if close_to(got, target, atol=1e-9):
        return Feedback(
            True, "a quarter turn clockwise, and every distance to 0 triples."
        )

    def point(column: np.ndarray) -> str:
        x, y = (0.0 if abs(c) < 1e-9 else float(c) for c in column)
        return f"({x:.4g}, {y:.4g})"

    does = (
        f"your M sends (1, 0) to {point(got[:, 0])} and (0, 1) to "
        f"{point(got[:, 1])}."
    )
    mistakes = [
        (
            target.T,
            "With `M @ p` this matrix turns counterclockwise (it would turn "
            "clockwise as a Dense kernel, `p @ M`).",
        ),
        (target / 3, "It turns the right way but does not triple lengths."),
        (
            2 * target / 3,
            "It turns the right way but doubles lengths instead of tripling.",
        ),
        (3 * np.eye(2), "It triples lengths but does not turn."),
    ]
    mistake = match_mistakes(
        mistakes, lambda wrong: close_to(got, wrong, atol=1e-9), does + " "
    )
    if mistake is not None:
        return mistake
    return Feedback(
        False,
        f"{does} A quarter turn clockwise takes a point pointing right to "
        "one pointing down; the columns of M are where (1, 0) and (0, 1) "
        "land.",
    )


def check_flattening_matrix(answer: object) -> Feedback:
    """A 2x2 matrix, no zero entry, not all equal, that squashes the plane."""
    got = _read_2x2(answer, "the answer is")
    if isinstance(got, Feedback):
        return got
    if not np.isfinite(got).all():
        return Feedback(False, "the matrix has an infinite or NaN entry.")
    if (got == 0).any():
        return Feedback(
            False, "the exercise asks for a matrix with no zero entry."
        )
    if np.all(got == got.flat[0]):
        return Feedback(
            False,
            "all four entries are equal: that is the figure's example; find "
            "another.",
        )
    determinant = float(got[0, 0] * got[1, 1] - got[0, 1] * got[1, 0])
    # float32 entries such as 1/3 leave a determinant of about 1e-8; a
    # nearly flat matrix such as [[1, 1], [1, 1.000001]] is not flat.
    scale = float(np.abs(got).max()) ** 2
    if not np.isclose(determinant, 0.0, atol=1e-7 * max(1.0, scale)):
        return Feedback(
            False,
            f"its determinant is {determinant:.3g}, so it keeps some area "
            "and the plane stays a plane. Make one column a multiple of the "
            "other.",
        )
    return Feedback(
        True, "determinant 0: both columns, and every image, lie on one line."
    )


def _layers() -> tuple[np.ndarray, ...]:
    # Kernels of three different shapes, so that multiplying them in the
    # wrong order fails loudly, and biases that are not small.
    rng = np.random.default_rng(7)
    w1, b1 = rng.normal(size=(3, 4)), rng.normal(size=4)
    w2, b2 = rng.normal(size=(4, 5)), rng.normal(size=5)
    w3, b3 = rng.normal(size=(5, 2)), rng.normal(size=2)
    return w1, b1, w2, b2, w3, b3


def check_collapse_three(collapse_three: object) -> Feedback:
    """``collapse_three(W1, b1, W2, b2, W3, b3)``: one affine map."""
    w1, b1, w2, b2, w3, b3 = _layers()
    got = call_for_arrays(
        collapse_three,
        [a.copy() for a in (w1, b1, w2, b2, w3, b3)],
        2,
        name="collapse_three",
        if_blank="`collapse_three` returned nothing: write its body and "
        "return (W, b)",
        wanted="return a pair (W, b): the kernel and the bias.",
        not_numbers="W and b must both be arrays of numbers.",
    )
    if isinstance(got, Feedback):
        return got
    w, b = got
    if w.ndim != 2 or w.shape[0] != len(w1) or w.shape[1] != w3.shape[1]:
        return Feedback(
            False,
            f"your W has shape {w.shape}; it must take x, which has W1's "
            "inputs, to the outputs of W3.",
        )
    if b.shape == (1, *b3.shape):
        b = b[0]  # a one-row bias broadcasts over the batch just the same
    if b.shape != b3.shape:
        return Feedback(
            False,
            f"your b has shape {b.shape}; it is added to the output, like "
            "b3.",
        )
    if not np.allclose(w, w1 @ w2 @ w3):
        return Feedback(
            False,
            "W is not right: the three kernels multiply, in the order the "
            "data meets them.",
        )
    if np.allclose(b, b1 @ w2 @ w3 + b2 @ w3 + b3):
        return Feedback(True, "one affine map does what the three layers do.")
    mistakes = [
        (b2 @ w3 + b3, "b1 is missing; it goes through W2 and then W3."),
        (b3, "b1 and b2 are missing; each goes through the later kernels."),
        (b1 @ w2 @ w3 + b3, "b2 is missing; it goes through W3."),
        (
            (b1 @ w2 + b2) @ w3,
            "b3 is missing; the last layer adds it at the end.",
        ),
    ]
    mistake = match_mistakes(
        mistakes,
        lambda wrong: bool(np.allclose(b, wrong)),
        "W is right but b is not: ",
    )
    if mistake is not None:
        return mistake
    return Feedback(
        False,
        "W is right but b is not: collapse two layers first, then collapse "
        "the result with the third.",
    )
