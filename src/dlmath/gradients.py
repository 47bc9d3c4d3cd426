"""Numerical derivatives: the reference every analytic gradient in the book is checked against.

>>> numerical_gradient(lambda x: (x**2).sum(), np.array([1.0, -2.0]))
array([ 2., -4.])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlmath._checks import class_labels

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


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``x`` (any shape, float dtype).

    Each entry is ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)``, whose error shrinks like
    ``eps**2`` until floating-point round-off (about ``machine_eps / eps``) takes over; with
    float64 inputs ``eps=1e-6`` balances the two. ``x`` is not modified; the result has the
    shape and dtype of ``x``.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(f"x must be a NumPy array, got {type(x).__name__}")
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"x must have a floating dtype to be perturbed by eps, got dtype {x.dtype}"
        )
    if not np.isfinite(x).all():
        raise ValueError(
            "x contains NaN or infinity; a numerical gradient needs finite values"
        )
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
        difference = np.asarray(upper, dtype=np.float64) - np.asarray(
            lower, dtype=np.float64
        )
        if difference.shape != ():
            raise ValueError(
                f"f must return a scalar, got an array of shape {difference.shape}"
            )
        grad_flat[i] = difference / (2 * eps)
    return grad


def central_difference(
    f: Callable[[float], float], x: float, h: float
) -> float:
    """``(f(x + h) - f(x - h)) / (2 h)``: the slope of a chord that approaches the tangent as h -> 0.

    Its truncation error shrinks like ``h**2``; for tiny ``h`` round-off in ``f(x + h) - f(x - h)``
    grows like ``machine_eps / h``.

    >>> round(central_difference(lambda t: t**3, 2.0, 1e-3), 6)
    12.000001
    """
    if not h > 0:
        raise ValueError(f"the step h must be positive, got {h}")
    return (f(x + h) - f(x - h)) / (2 * h)


def forward_difference(
    f: Callable[[float], float], x: float, h: float
) -> float:
    """``(f(x + h) - f(x)) / h``, the textbook limit definition with a finite step (error ~ ``h``).

    >>> round(forward_difference(lambda t: t**3, 2.0, 1e-3), 6)
    12.006001
    """
    if not h > 0:
        raise ValueError(f"the step h must be positive, got {h}")
    return (f(x + h) - f(x)) / h


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """Largest ``|a - b|`` relative to the size of the values: ``max|a - b| / max(max|a| + max|b|, 1e-12)``.

    The measure we use to say that two gradients agree (below about 1e-7 for float64 checks).

    >>> f"{relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 4e-9])):.1e}"
    '1.0e-09'
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(
            f"cannot compare gradients of shapes {a.shape} and {b.shape}"
        )
    if a.size == 0:
        return 0.0
    scale = max(float(np.abs(a).max()) + float(np.abs(b).max()), 1e-12)
    return float(np.abs(a - b).max()) / scale


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax of a ``(batch, classes)`` array, computed stably (the row maximum is subtracted).

    >>> softmax(np.array([[0.0, np.log(3.0)]])).round(3).tolist()
    [[0.25, 0.75]]
    """
    logits = np.asarray(logits)
    if logits.ndim != 2:
        raise ValueError(
            f"softmax expects shape (batch, classes), got shape {logits.shape}"
        )
    if logits.shape[1] == 0:
        raise ValueError(
            f"softmax needs at least one class, got shape {logits.shape}"
        )
    shifted = logits - logits.max(axis=1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=1, keepdims=True)


def cross_entropy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Mean of ``-log p[label]`` over the batch: how surprised the model is by the true labels.

    >>> round(cross_entropy(np.array([[0.25, 0.75]]), np.array([1])), 4)
    0.2877
    """
    probabilities = np.asarray(probabilities)
    if probabilities.ndim != 2:
        raise ValueError(
            f"probabilities must have shape (batch, classes), got {probabilities.shape}"
        )
    if probabilities.shape[0] == 0:
        raise ValueError(
            f"cross-entropy of no samples is undefined, got shape {probabilities.shape}"
        )
    labels = class_labels(
        labels, samples=probabilities.shape[0], classes=probabilities.shape[1]
    )
    picked = probabilities[np.arange(len(labels)), labels]
    return float(-np.log(np.maximum(picked, 1e-300)).mean())


def softmax_regression_gradients(
    weights: np.ndarray, bias: np.ndarray, x: np.ndarray, labels: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Loss and gradients of softmax regression, ``loss = cross_entropy(softmax(x @ weights + bias))``.

    Shapes: ``x`` (batch, features), ``weights`` (features, classes), ``bias`` (classes,).
    Returns ``(loss, d loss/d weights, d loss/d bias)``; the gradient of the loss with respect to
    the logits is ``(softmax - one_hot) / batch``, and the chain rule through ``x @ weights + bias``
    gives the rest.

    >>> loss, dw, db = softmax_regression_gradients(np.zeros((3, 2)), np.zeros(2), np.ones((4, 3)),
    ...                                             np.array([0, 1, 1, 1]))
    >>> round(loss, 4), dw.shape, db.tolist()
    (0.6931, (3, 2), [0.25, -0.25])
    """
    x, weights, bias = np.asarray(x), np.asarray(weights), np.asarray(bias)
    if x.ndim != 2 or weights.ndim != 2 or x.shape[1] != weights.shape[0]:
        raise ValueError(
            f"need x (batch, features) and weights (features, classes); got {x.shape}, {weights.shape}"
        )
    if bias.shape != (weights.shape[1],):
        raise ValueError(
            f"bias must have shape ({weights.shape[1]},), got {bias.shape}"
        )
    labels = class_labels(
        labels, samples=x.shape[0], classes=weights.shape[1]
    )
    probabilities = softmax(x @ weights + bias)
    loss = cross_entropy(probabilities, labels)
    delta = probabilities.copy()
    delta[np.arange(len(labels)), labels] -= 1.0
    delta /= len(labels)
    return loss, x.T @ delta, delta.sum(axis=0)


def two_layer_forward_backward(
    params: dict[str, np.ndarray], x: np.ndarray, labels: np.ndarray
) -> tuple[float, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Forward and backward pass of ``softmax(relu(x @ w1 + b1) @ w2 + b2)`` with cross-entropy, by hand.

    ``params`` holds ``w1`` (features, hidden), ``b1`` (hidden,), ``w2`` (hidden, classes) and
    ``b2`` (classes,). Returns ``(loss, grads, cache)``: ``grads`` has the same keys as ``params``;
    ``cache`` holds the intermediate values ``z1`` (pre-activation), ``h`` (hidden layer),
    ``logits``, ``probabilities`` and the backward signals ``d_logits``, ``d_h``, ``d_z1``.
    """
    missing = {"w1", "b1", "w2", "b2"} - set(params)
    if missing:
        raise ValueError(f"params is missing {sorted(missing)}")
    w1, b1, w2, b2 = (np.asarray(params[k]) for k in ("w1", "b1", "w2", "b2"))
    x = np.asarray(x)
    if x.ndim != 2 or w1.ndim != 2 or x.shape[1] != w1.shape[0]:
        raise ValueError(
            f"need x (batch, features) and w1 (features, hidden); got {x.shape}, {w1.shape}"
        )
    if w2.ndim != 2 or w2.shape[0] != w1.shape[1]:
        raise ValueError(
            f"w2 must have shape ({w1.shape[1]}, classes), got {w2.shape}"
        )
    if b1.shape != (w1.shape[1],) or b2.shape != (w2.shape[1],):
        raise ValueError(
            f"biases must have shapes ({w1.shape[1]},) and ({w2.shape[1]},); got {b1.shape}, {b2.shape}"
        )
    labels = class_labels(labels, samples=x.shape[0], classes=w2.shape[1])
    # forward
    z1 = x @ w1 + b1
    h = np.maximum(z1, 0.0)
    logits = h @ w2 + b2
    probabilities = softmax(logits)
    loss = cross_entropy(probabilities, labels)
    # backward: each line is one local derivative times the gradient arriving from above
    d_logits = probabilities.copy()
    d_logits[np.arange(len(labels)), labels] -= 1.0
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
