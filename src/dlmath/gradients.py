"""Derivatives by hand and by brute force: the gradients of section 2.4.

:func:`numerical_gradient` is the reference every analytic gradient in the
book is checked against; :func:`softmax_regression_gradients` and
:func:`two_layer_forward_backward` are the chain rule written out.

>>> numerical_gradient(lambda x: (x**2).sum(), np.array([1.0, -2.0]))
array([ 2., -4.])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "central_difference",
    "cross_entropy",
    "forward_difference",
    "numerical_gradient",
    "relative_error",
    "softmax",
    "softmax_regression_gradients",
    "two_layer_forward_backward",
]


def central_difference(
    f: Callable[[float], float], x: float, h: float
) -> float:
    """``(f(x + h) - f(x - h)) / (2 h)``: a chord's slope, near the tangent's.

    Its truncation error shrinks like ``h**2``; for tiny ``h``, round-off in
    ``f(x + h) - f(x - h)`` grows like ``machine_eps / h``.

    >>> round(central_difference(lambda t: t**3, 2.0, 1e-3), 6)
    12.000001
    """
    return (f(x + h) - f(x - h)) / (2 * h)


def forward_difference(
    f: Callable[[float], float], x: float, h: float
) -> float:
    """``(f(x + h) - f(x)) / h``: the limit definition with a finite step.

    Its error shrinks like ``h``.

    >>> round(forward_difference(lambda t: t**3, 2.0, 1e-3), 6)
    12.006001
    """
    return (f(x + h) - f(x)) / h


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """The gradient of the scalar function ``f`` at ``x``, entry by entry.

    Each entry is the central difference ``(f(x + eps e_i) - f(x - eps e_i))
    / (2 eps)``, whose error shrinks like ``eps**2`` until round-off (about
    ``machine_eps / eps``) takes over; in float64, ``eps=1e-6`` balances the
    two. ``x`` is not modified; the result is a float64 array of its shape.
    """
    # Nudge a float64 copy: an integer array would round the nudge away.
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        upper = f(x)
        x[i] = original - eps
        lower = f(x)
        x[i] = original
        grad[i] = (upper - lower) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """How far apart two arrays are: ``max|a - b| / (max|a| + max|b|)``.

    The measure we use to say that two gradients agree (below about 1e-7 for
    float64 checks). The denominator is at least 1e-12, so that two arrays of
    zeros are 0 apart.

    >>> a = np.array([1.0, 2.0])
    >>> f"{relative_error(a, a + [0.0, 4e-9]):.1e}"
    '1.0e-09'
    """
    if a.shape != b.shape:
        raise ValueError(f"cannot compare shapes {a.shape} and {b.shape}")
    scale = max(np.abs(a).max() + np.abs(b).max(), 1e-12)
    return float(np.abs(a - b).max() / scale)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax of a ``(batch, classes)`` array.

    >>> softmax(np.array([[0.0, np.log(3.0)]])).round(3).tolist()
    [[0.25, 0.75]]
    """
    # Subtracting each row's maximum changes nothing but keeps exp from
    # overflowing: exp(z - m) / sum(exp(z - m)) = exp(z) / sum(exp(z)).
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


def cross_entropy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Mean of ``-log p[label]`` over the batch: the model's surprise.

    >>> round(cross_entropy(np.array([[0.25, 0.75]]), np.array([1])), 4)
    0.2877
    """
    picked = probabilities[np.arange(len(labels)), labels]
    return float(-np.log(picked).mean())


def softmax_regression_gradients(
    weights: np.ndarray, bias: np.ndarray, x: np.ndarray, labels: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Loss and gradients of ``cross_entropy(softmax(x @ weights + bias))``.

    Shapes: ``x`` (batch, features), ``weights`` (features, classes),
    ``bias`` (classes,). Returns ``(loss, d loss/d weights, d loss/d bias)``.

    >>> x, labels = np.ones((4, 3)), np.array([0, 1, 1, 1])
    >>> loss, dw, db = softmax_regression_gradients(
    ...     np.zeros((3, 2)), np.zeros(2), x, labels
    ... )
    >>> round(loss, 4), dw.shape, db.tolist()
    (0.6931, (3, 2), [0.25, -0.25])
    """
    probabilities = softmax(x @ weights + bias)
    loss = cross_entropy(probabilities, labels)
    # The gradient with respect to the logits is (P - Y) / batch, Y one-hot.
    d_logits = probabilities.copy()
    d_logits[np.arange(len(labels)), labels] -= 1
    d_logits /= len(labels)
    return loss, x.T @ d_logits, d_logits.sum(axis=0)


def two_layer_forward_backward(
    params: dict[str, np.ndarray], x: np.ndarray, labels: np.ndarray
) -> tuple[float, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Forward and backward pass of ``softmax(relu(x @ w1 + b1) @ w2 + b2)``.

    The loss is the cross-entropy. ``params`` holds ``w1`` (features,
    hidden), ``b1`` (hidden,), ``w2`` (hidden, classes) and ``b2``
    (classes,). Returns ``(loss, grads, cache)``: ``grads`` has the keys of
    ``params``; ``cache`` holds the intermediate values ``z1``, ``h``,
    ``logits``, ``probabilities`` and the backward signals ``d_logits``,
    ``d_h``, ``d_z1``.
    """
    w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
    # forward
    z1 = x @ w1 + b1
    h = np.maximum(z1, 0)
    logits = h @ w2 + b2
    probabilities = softmax(logits)
    loss = cross_entropy(probabilities, labels)
    # backward: each line is a local derivative times the gradient from above
    d_logits = probabilities.copy()
    d_logits[np.arange(len(labels)), labels] -= 1
    d_logits /= len(labels)
    d_w2, d_b2 = h.T @ d_logits, d_logits.sum(axis=0)
    d_h = d_logits @ w2.T
    d_z1 = d_h * (z1 > 0)
    d_w1, d_b1 = x.T @ d_z1, d_z1.sum(axis=0)
    grads = {"w1": d_w1, "b1": d_b1, "w2": d_w2, "b2": d_b2}
    cache = {
        "z1": z1,
        "h": h,
        "logits": logits,
        "probabilities": probabilities,
        "d_logits": d_logits,
        "d_h": d_h,
        "d_z1": d_z1,
    }
    return loss, grads, cache
