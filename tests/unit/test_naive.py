"""The loop versions of the tensor operations agree with NumPy and state their shape rules."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlmath.naive import (
    broadcast_result_shape,
    naive_add,
    naive_add_matrix_and_vector,
    naive_broadcast_to,
    naive_matrix_dot,
    naive_matrix_vector_dot,
    naive_relu,
    naive_vector_dot,
)

RNG = np.random.default_rng(0)
# Matrix shapes with size-1 and empty axes among ordinary ones.
MATRIX_SHAPES = [(1, 1), (1, 5), (5, 1), (0, 3), (3, 0), (0, 0), (2, 3), (7, 4), (16, 16)]
DTYPES = [np.float64, np.float32, np.int64, np.int32]


def _random(shape, dtype=np.float64):
    if np.issubdtype(dtype, np.integer):
        return RNG.integers(-50, 50, size=shape).astype(dtype)
    return RNG.normal(size=shape).astype(dtype)


def _unchanged(fn, *args):
    """Call ``fn(*args)`` and check the arguments were not modified."""
    copies = [np.array(a, copy=True) for a in args]
    out = fn(*args)
    for before, after in zip(copies, args, strict=True):
        np.testing.assert_array_equal(before, after)
    return out


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", MATRIX_SHAPES)
def test_relu_matches_numpy(shape, dtype):
    x = _random(shape, dtype)
    out = _unchanged(naive_relu, x)
    np.testing.assert_array_equal(out, np.maximum(x, 0))
    assert out.dtype == x.dtype and out.shape == x.shape and out is not x


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", MATRIX_SHAPES)
def test_add_matches_numpy(shape, dtype):
    x, y = _random(shape, dtype), _random(shape, np.float64)
    out = _unchanged(naive_add, x, y)
    np.testing.assert_array_equal(out, x + y)
    assert out.shape == x.shape and out is not x


@pytest.mark.parametrize("shape", MATRIX_SHAPES)
def test_add_matrix_and_vector_matches_numpy(shape):
    x, y = _random(shape), _random(shape[1:])
    np.testing.assert_array_equal(_unchanged(naive_add_matrix_and_vector, x, y), x + y)


@pytest.mark.parametrize("n", [0, 1, 2, 17])
@pytest.mark.parametrize("dtype", DTYPES)
def test_vector_dot_matches_numpy(n, dtype):
    x, y = _random(n, dtype), _random(n, dtype)
    out = _unchanged(naive_vector_dot, x, y)
    assert np.ndim(out) == 0
    np.testing.assert_allclose(out, np.dot(x, y), rtol=1e-5)


@pytest.mark.parametrize("shape", MATRIX_SHAPES)
def test_matrix_vector_dot_matches_numpy(shape):
    x, y = _random(shape), _random(shape[1:])
    out = _unchanged(naive_matrix_vector_dot, x, y)
    assert out.shape == (shape[0],)
    np.testing.assert_allclose(out, x @ y, atol=1e-12)


@pytest.mark.parametrize(
    "a, b, c", [(1, 1, 1), (2, 3, 4), (4, 1, 3), (0, 3, 2), (3, 0, 2), (2, 3, 0), (9, 5, 7)]
)
@pytest.mark.parametrize("dtype", [np.float64, np.int64])
def test_matrix_dot_matches_numpy(a, b, c, dtype):
    x, y = _random((a, b), dtype), _random((b, c), dtype)
    out = _unchanged(naive_matrix_dot, x, y)
    assert out.shape == (a, c)
    np.testing.assert_allclose(out, x @ y, atol=1e-12)


def test_matrix_dot_also_matches_tensorflow():
    tf = pytest.importorskip("tensorflow")
    x, y = _random((3, 4)).astype(np.float32), _random((4, 2)).astype(np.float32)
    np.testing.assert_allclose(naive_matrix_dot(x, y), tf.matmul(x, y).numpy(), rtol=1e-5)
    np.testing.assert_allclose(naive_relu(x), tf.nn.relu(x).numpy())


# The shape rule is the lesson: each operation that has one states it, and a call that breaks it
# is refused with both shapes in the message.
@pytest.mark.parametrize(
    "fn, args, message",
    [
        (naive_add, (np.ones((2, 3)), np.ones((3, 2))), r"^x and y need the same shape: \(2, 3\), \(3, 2\)$"),
        (naive_add, (np.ones((2, 3)), np.ones(3)), r"same shape: \(2, 3\), \(3,\)$"),
        (
            naive_add_matrix_and_vector,
            (np.ones((2, 3)), np.ones(2)),
            r"^y needs an entry per column: \(2, 3\), \(2,\)$",
        ),
        (naive_vector_dot, (np.ones(3), np.ones(4)), r"^x and y differ in length: \(3,\), \(4,\)$"),
        (naive_vector_dot, (np.ones((1, 3)), np.ones(3)), r"length: \(1, 3\), \(3,\)$"),
        (naive_matrix_vector_dot, (np.ones((2, 3)), np.ones(2)), r"^inner sizes differ: \(2, 3\) @ \(2,\)$"),
        (naive_matrix_dot, (np.ones((2, 3)), np.ones((4, 5))), r"^inner sizes differ: \(2, 3\) @ \(4, 5\)$"),
    ],
)
def test_a_broken_shape_rule_raises_value_error_naming_both_shapes(fn, args, message):
    with pytest.raises(ValueError, match=message):
        fn(*args)


# --- broadcasting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "x_shape, target",
    [((), (2, 3)), ((3,), (2, 3)), ((1,), (4,)), ((2, 1), (2, 5)), ((1, 1), (0, 3)), ((3,), (0, 3)),
     ((32, 10), (64, 3, 32, 10)), ((1, 3, 1), (2, 4, 3, 5)), ((0,), (2, 0)), ((2, 3), (2, 3))],
)  # fmt: skip
def test_broadcast_to_matches_numpy(x_shape, target):
    x = np.asarray(_random(x_shape))
    out = _unchanged(naive_broadcast_to, x, target)
    np.testing.assert_array_equal(out, np.broadcast_to(x, target))
    assert out.flags.writeable and not np.shares_memory(out, x)


@pytest.mark.parametrize(
    "x_shape, target, message",
    [
        ((3,), (4, 2), r"axis -1 has sizes 3 and 2"),
        ((2, 3), (3,), r"^cannot broadcast shape \(2, 3\) to \(3,\)$"),
        ((2, 1), (3, 4), r"axis -2 has sizes 2 and 3"),
    ],
)
def test_broadcast_to_refuses_what_numpy_refuses(x_shape, target, message):
    with pytest.raises(ValueError, match=message):
        naive_broadcast_to(np.ones(x_shape), target)
    with pytest.raises(ValueError):
        np.broadcast_to(np.ones(x_shape), target)


def test_result_shape_of_the_classic_example_and_a_failure():
    assert broadcast_result_shape((64, 3, 32, 10), (32, 10)) == (64, 3, 32, 10)
    assert broadcast_result_shape((), (2,)) == (2,)
    assert broadcast_result_shape((5, 1, 0), (3, 1)) == (5, 3, 0)
    with pytest.raises(
        ValueError, match=r"shapes \(2, 3\) and \(2,\) cannot be broadcast: .*axis -1 has sizes 3 and 2"
    ):
        broadcast_result_shape((2, 3), (2,))


# Property tests: any two shapes NumPy broadcasts, we broadcast the same way; any two it refuses, we refuse.
small_shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=3)


@settings(max_examples=150, deadline=None)
@given(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, min_side=0, max_side=3))
def test_broadcastable_shapes_agree_with_numpy(shapes):
    (shape_a, shape_b), result = shapes.input_shapes, shapes.result_shape
    assert broadcast_result_shape(shape_a, shape_b) == result == np.broadcast_shapes(shape_a, shape_b)
    a = np.arange(int(np.prod(shape_a))).reshape(shape_a)
    np.testing.assert_array_equal(naive_broadcast_to(a, result), np.broadcast_to(a, result))


@settings(max_examples=150, deadline=None)
@given(small_shapes, small_shapes)
def test_any_pair_of_shapes_agrees_with_numpy(shape_a, shape_b):
    try:
        expected = np.broadcast_shapes(shape_a, shape_b)
    except ValueError:
        with pytest.raises(ValueError, match="cannot be broadcast"):
            broadcast_result_shape(shape_a, shape_b)
    else:
        assert broadcast_result_shape(shape_a, shape_b) == expected


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=6),
                  elements=st.floats(-1e6, 1e6)))  # fmt: skip
def test_relu_property(x):
    out = naive_relu(x)
    np.testing.assert_array_equal(out, np.maximum(x, 0))
    assert (out >= 0).all()
