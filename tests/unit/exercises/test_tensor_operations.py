"""Each exercise check accepts the right answer without repeating it and names the typical mistake."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from dlmath.exercises import tensor_operations
from dlmath.exercises.tensor_operations import (
    BROADCAST_SHAPES,
    PROJECTION_U,
    PROJECTION_V,
    check_broadcast_shape,
    check_collapse_three,
    check_dense_chain_shape,
    check_flattening_matrix,
    check_projection,
    check_rotate_clockwise_and_triple,
)
from dlmath.geometry import rotation_matrix

CHECKS = [
    check_broadcast_shape,
    check_dense_chain_shape,
    check_projection,
    check_rotate_clockwise_and_triple,
    check_flattening_matrix,
    check_collapse_three,
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("blank", [..., None], ids=["ellipsis", "None"])
def test_a_blank_answer_is_not_yet_and_never_raises(check, blank):
    feedback = check(blank)
    assert not feedback
    assert repr(feedback).startswith("Not yet: ") and repr(feedback).endswith(", then run the cell.")


def test_doctests():
    assert doctest.testmod(tensor_operations).failed == 0


def test_broadcast_shape():
    right = check_broadcast_shape(np.broadcast_shapes(*BROADCAST_SHAPES))
    assert right and repr(right).startswith("Correct")
    assert "(2, 4, 5, 3)" not in right.message  # the confirmation does not repeat the answer
    assert "size-1 axis stretches" in check_broadcast_shape((2, 1, 5, 3)).message
    assert "1s added on the left" in check_broadcast_shape((4, 5, 3)).message
    assert "last axes" in check_broadcast_shape((3, 5, 4, 2)).message
    assert "not an array" in check_broadcast_shape(np.zeros((2, 4, 5, 3))).message
    assert "tuple of integers" in check_broadcast_shape("abc").message


def test_dense_chain_shape():
    x, w1, w2 = np.zeros((128, 784)), np.zeros((784, 512)), np.zeros((512, 10))
    right = check_dense_chain_shape(np.maximum(x @ w1, 0).dot(w2).shape)
    assert right and "128" not in right.message and "10" not in right.message
    assert "batch axis" in check_dense_chain_shape((784, 10)).message
    assert "first layer" in check_dense_chain_shape((128, 512)).message


def test_projection():
    u, v = PROJECTION_U, PROJECTION_V
    right = check_projection((u @ v) / (u @ u) * u)
    assert right and "[" not in right.message
    assert "divided by |u| once" in check_projection((u @ v) / np.linalg.norm(u) * u).message
    assert "u projected onto v" in check_projection((u @ v) / (v @ v) * v).message
    assert "not a unit vector" in check_projection((u @ v) * u).message
    length = check_projection((u @ v) / np.linalg.norm(u))
    assert "not a single number" in length.message and "length" in length.message
    assert "not a single number" in check_projection(1.0).message
    assert "three numbers" in check_projection("abc").message
    assert "expected shape (3,)" in check_projection([1.0, 2.0]).message


def test_rotate_clockwise_and_triple():
    right = check_rotate_clockwise_and_triple(3 * rotation_matrix(-90))
    assert right and "3" not in right.message
    # The column convention M @ p: the answer moves [1, 0] to [0, -3].
    assert np.allclose(3 * rotation_matrix(-90) @ [1.0, 0.0], [0.0, -3.0])
    counter = check_rotate_clockwise_and_triple(3 * rotation_matrix(90))
    assert "counterclockwise" in counter.message and "p @ M" in counter.message
    assert "does not triple" in check_rotate_clockwise_and_triple(rotation_matrix(-90)).message
    assert "doubles" in check_rotate_clockwise_and_triple(2 * rotation_matrix(-90)).message
    assert "signs" in check_rotate_clockwise_and_triple([[0, -3], [-3, 0]]).message
    assert "expected shape (2, 2)" in check_rotate_clockwise_and_triple(np.zeros(4)).message


def test_flattening_matrix():
    right = check_flattening_matrix([[1.0, 2.0], [3.0, 6.0]])
    assert right and "determinant 0" in right.message
    assert check_flattening_matrix([[2.0, -1.0], [-4.0, 2.0]])
    assert "no zero entry" in check_flattening_matrix([[1.0, 0.0], [0.0, 0.0]]).message
    assert "figure's example" in check_flattening_matrix(np.ones((2, 2))).message
    not_flat = check_flattening_matrix([[1.0, 2.0], [3.0, 4.0]])
    assert "determinant is -2" in not_flat.message and "multiple" in not_flat.message
    assert "expected a 2x2 matrix, got shape (3,)" in check_flattening_matrix([1, 2, 3]).message
    assert "2x2 matrix of numbers" in check_flattening_matrix("abc").message
    assert "NaN" in check_flattening_matrix([[1.0, np.nan], [1.0, 1.0]]).message


def _right(w1, b1, w2, b2, w3, b3):
    return w1 @ w2 @ w3, (b1 @ w2 + b2) @ w3 + b3


def test_collapse_three():
    right = check_collapse_three(_right)
    assert right and "@" not in right.message
    wrong_order = check_collapse_three(lambda w1, b1, w2, b2, w3, b3: (w1 @ w2 @ w3 + 1, b3))
    assert "kernels multiply" in wrong_order.message
    assert "b1 is missing" in check_collapse_three(lambda w1, b1, w2, b2, w3, b3: (w1 @ w2 @ w3, b3)).message
    assert (
        "b1 is missing"
        in check_collapse_three(lambda w1, b1, w2, b2, w3, b3: (w1 @ w2 @ w3, b2 @ w3 + b3)).message
    )
    assert (
        "b2 is missing"
        in check_collapse_three(lambda w1, b1, w2, b2, w3, b3: (w1 @ w2 @ w3, b1 @ w2 @ w3 + b3)).message
    )
    assert (
        "b3 is missing"
        in check_collapse_three(lambda w1, b1, w2, b2, w3, b3: (w1 @ w2 @ w3, (b1 @ w2 + b2) @ w3)).message
    )
    assert (
        "collapse two layers first"
        in check_collapse_three(lambda w1, b1, w2, b2, w3, b3: (w1 @ w2 @ w3, 2 * b3)).message
    )
    assert "shape (3, 2)" in check_collapse_three(lambda w1, b1, w2, b2, w3, b3: (w1, b3)).message
    assert "shape (2,)" in check_collapse_three(lambda w1, b1, w2, b2, w3, b3: (w1 @ w2 @ w3, b2)).message
    assert "return a pair" in check_collapse_three(lambda *args: 3).message
    assert "pass the function itself" in check_collapse_three(3).message

    def stub(w1, b1, w2, b2, w3, b3):
        raise NotImplementedError("your code here")

    def ellipsis_body(w1, b1, w2, b2, w3, b3): ...

    assert repr(check_collapse_three(stub)).endswith(", then run the cell.")
    assert repr(check_collapse_three(ellipsis_body)).endswith(", then run the cell.")
    assert "raised ZeroDivisionError" in check_collapse_three(lambda *a: 1 / 0).message
