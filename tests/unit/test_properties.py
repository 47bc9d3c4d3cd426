"""Property tests (hypothesis): the autodiff module and the naive operations agree with NumPy.

``test_naive.py`` already checks broadcasting shapes and ``naive_relu`` by property, and
``test_autodiff.py`` checks chosen shapes; here random shapes and values are drawn. Arrays are made
from a drawn seed (not drawn entry by entry) so each example is cheap and free of the exact zeros
where relu has a kink. Runs are kept small: the whole file takes a few seconds.
"""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlmath import autodiff as ad
from dlmath.gradients import cross_entropy, numerical_gradient, relative_error, softmax
from dlmath.naive import (
    naive_add,
    naive_add_matrix_and_vector,
    naive_matrix_dot,
    naive_matrix_vector_dot,
    naive_vector_dot,
)

sizes = st.integers(1, 4)
seeds = st.integers(0, 2**32 - 1)
small = settings(max_examples=30, deadline=None)


@small
@given(n=sizes, k=sizes, m=sizes, seed=seeds)
def test_dense_relu_gradients_match_numerical_gradient(n, k, m, seed):
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=(n, k)), rng.normal(size=(k, m)), rng.normal(size=m)
    assume(np.abs(x @ w + b).min() > 1e-3)  # away from relu's kink, where the derivative jumps
    tx, tw, tb = ad.Tensor(x), ad.Tensor(w), ad.Tensor(b)
    out = ad.sum(ad.relu(ad.add(ad.matmul(tx, tw), tb)))
    out.backward()
    assert np.isclose(out.value, np.maximum(x @ w + b, 0).sum())
    expected = {
        "x": numerical_gradient(lambda v: np.maximum(v @ w + b, 0).sum(), x),
        "w": numerical_gradient(lambda v: np.maximum(x @ v + b, 0).sum(), w),
        "b": numerical_gradient(lambda v: np.maximum(x @ w + v, 0).sum(), b),
    }
    for name, tensor in (("x", tx), ("w", tw), ("b", tb)):
        assert tensor.grad.shape == tensor.shape
        assert relative_error(tensor.grad, expected[name]) < 1e-7, name


@small
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, min_side=1, max_side=3),
       seed=seeds)  # fmt: skip
def test_add_broadcasts_like_numpy_and_sums_gradients_back(shapes, seed):
    (shape_a, shape_b), result = shapes.input_shapes, shapes.result_shape
    rng = np.random.default_rng(seed)
    a, b, weights = rng.normal(size=shape_a), rng.normal(size=shape_b), rng.normal(size=result)
    ta, tb = ad.Tensor(a), ad.Tensor(b)
    total = ad.add(ta, tb)
    np.testing.assert_array_equal(total.value, a + b)
    total.backward(weights)  # the gradient of sum(weights * (a + b)) with respect to a + b
    for tensor, expected in (
        (ta, numerical_gradient(lambda v: (weights * (v + b)).sum(), a)),
        (tb, numerical_gradient(lambda v: (weights * (a + v)).sum(), b)),
    ):
        assert tensor.grad.shape == tensor.shape
        assert relative_error(tensor.grad, expected) < 1e-7


@small
@given(batch=sizes, classes=st.integers(2, 5), scale=st.floats(0.1, 50.0), seed=seeds)
def test_softmax_cross_entropy_matches_numpy_and_numerical_gradient(batch, classes, scale, seed):
    rng = np.random.default_rng(seed)
    logits = rng.normal(scale=scale, size=(batch, classes))
    labels = rng.integers(0, classes, size=batch)
    tl = ad.Tensor(logits)
    loss = ad.softmax_cross_entropy(tl, labels)
    assert np.isclose(loss.value, cross_entropy(softmax(logits), labels), rtol=1e-9, atol=1e-12)
    loss.backward()
    expected = numerical_gradient(lambda v: cross_entropy(softmax(v), labels), logits)
    assert np.allclose(tl.grad, expected, atol=1e-6)
    assert np.allclose(tl.grad.sum(axis=1), 0.0)  # softmax - one_hot sums to zero on each row


@small
@given(shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4), seed=seeds)
def test_mean_and_sum_gradients_are_uniform(shape, seed):
    x = ad.Tensor(np.random.default_rng(seed).normal(size=shape))
    ad.mean(x).backward()
    np.testing.assert_allclose(x.grad, np.full(shape, 1 / np.prod(shape, dtype=int)))
    ad.sum(x).backward()
    np.testing.assert_array_equal(x.grad, np.ones(shape))


# --- naive operations against NumPy: integers, so the comparison is exact ----------------------------
int_matrices = hnp.arrays(np.int64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=5),
                          elements=st.integers(-100, 100))  # fmt: skip


@small
@given(x=int_matrices, data=st.data())
def test_naive_add_and_matrix_plus_vector_match_numpy(x, data):
    y = data.draw(hnp.arrays(np.int64, x.shape, elements=st.integers(-100, 100)))
    np.testing.assert_array_equal(naive_add(x, y), x + y)
    v = data.draw(hnp.arrays(np.int64, (x.shape[1],), elements=st.integers(-100, 100)))
    np.testing.assert_array_equal(naive_add_matrix_and_vector(x, v), x + v)


@small
@given(n=st.integers(0, 4), k=st.integers(0, 4), m=st.integers(0, 4), seed=seeds)
def test_naive_products_match_numpy(n, k, m, seed):
    rng = np.random.default_rng(seed)
    x, y, v = rng.integers(-9, 10, (n, k)), rng.integers(-9, 10, (k, m)), rng.integers(-9, 10, k)
    np.testing.assert_array_equal(naive_matrix_dot(x, y), x @ y)
    np.testing.assert_array_equal(naive_matrix_vector_dot(x, v), x @ v)
    assert naive_vector_dot(v, v) == v @ v
