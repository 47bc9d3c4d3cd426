"""Each exercise check accepts the right answer and names the typical mistake."""

from __future__ import annotations

import numpy as np

from dlmath.exercises.tensor_operations import (
    BROADCAST_SHAPES,
    check_broadcast_shape,
    check_collapse,
    check_dense_chain_shape,
    check_rotate_and_double,
    check_transpose_flatten,
)
from dlmath.geometry import rotation_matrix


def test_broadcast_shape():
    assert check_broadcast_shape(np.broadcast_shapes(*BROADCAST_SHAPES))
    assert "size-1 axis stretches" in check_broadcast_shape((8, 1, 6, 5)).message
    assert "1s added on the left" in check_broadcast_shape((7, 6, 5)).message
    assert "not an array" in check_broadcast_shape(np.zeros((8, 7, 6, 5))).message
    assert "no answer yet" in check_broadcast_shape(...).message
    assert "tuple of integers" in check_broadcast_shape("abc").message


def test_dense_chain_shape():
    x, w1, w2 = np.zeros((128, 784)), np.zeros((784, 512)), np.zeros((512, 10))
    assert check_dense_chain_shape(np.maximum(x @ w1, 0).dot(w2).shape)
    assert "batch axis" in check_dense_chain_shape((784, 10)).message
    assert not check_dense_chain_shape((128, 512))


def test_rotate_and_double():
    assert check_rotate_and_double(2 * rotation_matrix(90))
    assert "clockwise" in check_rotate_and_double(2 * rotation_matrix(-90)).message
    assert "does not double" in check_rotate_and_double(rotation_matrix(90)).message
    assert "expected shape (2, 2)" in check_rotate_and_double(np.zeros(4)).message


def test_collapse():
    assert check_collapse(lambda w1, b1, w2, b2: (w1 @ w2, b1 @ w2 + b2))
    assert "b1 is missing" in check_collapse(lambda w1, b1, w2, b2: (w1 @ w2, b2)).message
    assert "expand" in check_collapse(lambda w1, b1, w2, b2: (w1 @ w2, b1[:2] + b2)).message
    assert "kernels multiply" in check_collapse(lambda w1, b1, w2, b2: (w1 @ w2 + 1, b2)).message
    assert "shape (3, 2)" in check_collapse(lambda w1, b1, w2, b2: (w1, b2)).message
    assert "pass the function itself" in check_collapse(3).message

    def raises(w1, b1, w2, b2):
        raise NotImplementedError("your code here")

    assert "no answer yet" in check_collapse(raises).message
    assert "raised ZeroDivisionError" in check_collapse(lambda *a: 1 / 0).message


def test_transpose_flatten():
    assert check_transpose_flatten(np.arange(6).reshape(2, 3).T.reshape(6))
    assert "row by row" in check_transpose_flatten(np.arange(6)).message
