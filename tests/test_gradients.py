from __future__ import annotations

import numpy as np
import pytest

from dlmath.gradients import numerical_gradient


def test_matches_analytic_gradient_of_a_matrix_function():
    rng = np.random.default_rng(0)
    w = rng.normal(size=(3, 4))
    x = rng.normal(size=(5, 3))

    def loss(weights):
        return float(np.sum(np.tanh(x @ weights) ** 2))

    analytic = x.T @ (2 * np.tanh(x @ w) * (1 - np.tanh(x @ w) ** 2))
    np.testing.assert_allclose(numerical_gradient(loss, w), analytic, rtol=1e-6, atol=1e-8)


def test_does_not_modify_input_and_keeps_shape_and_dtype():
    x = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
    before = x.copy()
    grad = numerical_gradient(lambda v: float(np.sum(v**3)), x, eps=1e-2)
    np.testing.assert_array_equal(x, before)
    assert grad.shape == (2, 3) and grad.dtype == np.float32
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-3, atol=1e-3)


def test_scalar_input():
    np.testing.assert_allclose(numerical_gradient(lambda v: float(v) ** 2, np.array(3.0)), 6.0)


@pytest.mark.parametrize(
    ("x", "kwargs", "error", "pattern"),
    [
        ([1.0, 2.0], {}, TypeError, "NumPy array, got list"),
        (np.array([1, 2]), {}, TypeError, "floating dtype.*int64"),
        (np.array([np.nan]), {}, ValueError, "NaN"),
        (np.array([1.0]), {"eps": 0.0}, ValueError, "eps must be positive"),
    ],
)
def test_bad_input(x, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        numerical_gradient(lambda v: 0.0, x, **kwargs)


def test_non_scalar_function_is_rejected():
    with pytest.raises(ValueError, match=r"scalar, got an array of shape \(2,\)"):
        numerical_gradient(lambda v: v * 2, np.ones(2))
