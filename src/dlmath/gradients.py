"""Numerical derivatives: the reference every analytic gradient in the book is checked against.

>>> numerical_gradient(lambda x: (x**2).sum(), np.array([1.0, -2.0]))
array([ 2., -4.])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["numerical_gradient"]


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``x`` (any shape, float dtype).

    Each entry is ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)``, whose error shrinks like
    ``eps**2`` until floating-point round-off (about ``machine_eps / eps``) takes over; with
    float64 inputs ``eps=1e-6`` balances the two. ``x`` is not modified; the result has the
    shape and dtype of ``x``.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(f"x must be a NumPy array, got {type(x).__name__}")
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"x must have a floating dtype to be perturbed by eps, got dtype {x.dtype}")
    if not np.isfinite(x).all():
        raise ValueError("x contains NaN or infinity; a numerical gradient needs finite values")
    if not eps > 0:
        raise ValueError(f"eps must be positive, got {eps}")
    work = x.astype(x.dtype, copy=True)
    grad = np.empty_like(work)
    flat, grad_flat = work.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + eps
        upper = f(work)
        flat[i] = original - eps
        lower = f(work)
        flat[i] = original
        difference = np.asarray(upper, dtype=np.float64) - np.asarray(lower, dtype=np.float64)
        if difference.shape != ():
            raise ValueError(f"f must return a scalar, got an array of shape {difference.shape}")
        grad_flat[i] = difference / (2 * eps)
    return grad
