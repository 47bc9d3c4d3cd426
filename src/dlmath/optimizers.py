"""Gradient descent and its variants, one update step at a time, on NumPy arrays.

Each step function takes the current parameters and their gradient (plus the optimizer's state,
if it has one) and returns new arrays; nothing is modified in place.

>>> sgd_step(np.array([1.0, 2.0]), np.array([0.5, -1.0]), learning_rate=0.1).tolist()
[0.95, 2.1]

:func:`descent_path` repeats a step from a starting point and records where it went, for the
figures on 1D curves and 2D surfaces; :func:`minibatch_sgd_softmax_regression` trains softmax
regression with a chosen batch size; :func:`dlmath.figures.descent.plot_descent_on_curve` draws
one run of momentum descent on a 1D loss curve.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlmath.gradients import (
    cross_entropy,
    softmax,
    softmax_regression_gradients,
)

__all__ = [
    "METHODS",
    "adam_step",
    "descent_path",
    "double_well",
    "double_well_derivative",
    "minibatch_sgd_softmax_regression",
    "momentum_step",
    "ravine",
    "ravine_gradient",
    "rmsprop_step",
    "sgd_step",
]

METHODS = ("sgd", "momentum", "rmsprop")


def _as_float(x: object) -> np.ndarray:
    # Keep float32 as float32 (the scratch network's dtype); anything else becomes float64.
    array = np.asarray(x)
    return (
        array
        if array.dtype in (np.float32, np.float64)
        else array.astype(np.float64)
    )


def _check_pair(
    params: np.ndarray, grad: np.ndarray, learning_rate: float
) -> tuple[np.ndarray, np.ndarray]:
    params, grad = _as_float(params), _as_float(grad)
    if params.shape != grad.shape:
        raise ValueError(
            f"the gradient must have the parameters' shape {params.shape}, got {grad.shape}"
        )
    if not learning_rate > 0:
        raise ValueError(
            f"learning_rate must be positive, got {learning_rate}"
        )
    return params, grad


def sgd_step(
    params: np.ndarray, grad: np.ndarray, learning_rate: float
) -> np.ndarray:
    """Plain gradient descent: ``params - learning_rate * grad`` (a small step downhill)."""
    params, grad = _check_pair(params, grad, learning_rate)
    return params - learning_rate * grad


def momentum_step(
    params: np.ndarray,
    grad: np.ndarray,
    velocity: np.ndarray,
    learning_rate: float,
    momentum: float = 0.9,
) -> tuple[np.ndarray, np.ndarray]:
    """Descent with momentum: ``velocity = momentum * velocity - learning_rate * grad``, then move by it.

    The velocity remembers past steps, like a ball rolling downhill, so the update keeps going
    through flat stretches and small bumps. Returns ``(new_params, new_velocity)``.

    >>> momentum_step(np.array([1.0]), np.array([2.0]), np.array([-0.5]), 0.1, momentum=0.9)
    (array([0.35]), array([-0.65]))
    """
    params, grad = _check_pair(params, grad, learning_rate)
    velocity = _as_float(velocity)
    if velocity.shape != params.shape:
        raise ValueError(
            f"velocity must have the parameters' shape {params.shape}, got {velocity.shape}"
        )
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must lie in [0, 1), got {momentum}")
    velocity = momentum * velocity - learning_rate * grad
    return params + velocity, velocity


def rmsprop_step(
    params: np.ndarray,
    grad: np.ndarray,
    mean_square: np.ndarray,
    learning_rate: float,
    rho: float = 0.9,
    epsilon: float = 1e-7,
) -> tuple[np.ndarray, np.ndarray]:
    """RMSprop: divide each step by a running root-mean-square of that coordinate's gradients.

    ``mean_square = rho * mean_square + (1 - rho) * grad**2``, then
    ``params -= learning_rate * grad / sqrt(mean_square + epsilon)``: steep coordinates take
    smaller steps and flat ones larger, so every coordinate moves at a similar pace. ``epsilon``
    sits inside the square root, as in Keras 3. Returns ``(new_params, new_mean_square)``.
    :class:`dlmath.scratch.numpy.RMSprop` is the same rule, written in place for speed.

    >>> rmsprop_step(np.array([1.0]), np.array([2.0]), np.array([0.0]), 0.1, rho=0.75, epsilon=0.0)
    (array([0.8]), array([1.]))
    """
    params, grad = _check_pair(params, grad, learning_rate)
    mean_square = _as_float(mean_square)
    if mean_square.shape != params.shape:
        raise ValueError(
            f"mean_square must have the parameters' shape {params.shape}, got {mean_square.shape}"
        )
    if not 0 <= rho < 1:
        raise ValueError(f"rho must lie in [0, 1), got {rho}")
    mean_square = rho * mean_square + (1 - rho) * grad**2
    return params - learning_rate * grad / np.sqrt(
        mean_square + epsilon
    ), mean_square


def adam_step(
    params: np.ndarray,
    grad: np.ndarray,
    moments: tuple[np.ndarray, np.ndarray],
    step: int,
    learning_rate: float,
    beta_1: float = 0.9,
    beta_2: float = 0.999,
    epsilon: float = 1e-8,
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Adam: momentum on the gradient (``m``) and RMSprop's running mean square (``v``), both debiased.

    ``m = beta_1 * m + (1 - beta_1) * grad``, ``v = beta_2 * v + (1 - beta_2) * grad**2``, then
    ``params -= learning_rate * m_hat / (sqrt(v_hat) + epsilon)`` with ``m_hat = m / (1 - beta_1**step)``
    and ``v_hat = v / (1 - beta_2**step)``; ``step`` counts from 1. Returns ``(new_params, (m, v))``.

    >>> p, (m, v) = adam_step(np.array([1.0]), np.array([2.0]), (np.zeros(1), np.zeros(1)), 1, 0.1)
    >>> p.round(6).tolist()  # the first step moves by about learning_rate, whatever the gradient's size
    [0.9]
    """
    params, grad = _check_pair(params, grad, learning_rate)
    m, v = (_as_float(a) for a in moments)
    if m.shape != params.shape or v.shape != params.shape:
        raise ValueError(
            f"moments must have the parameters' shape {params.shape}, got {m.shape} and {v.shape}"
        )
    if (
        isinstance(step, bool)
        or not isinstance(step, (int, np.integer))
        or step < 1
    ):
        raise ValueError(f"step counts from 1, got {step!r}")
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1**step), v / (1 - beta_2**step)
    return params - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), (m, v)


def descent_path(
    gradient: Callable[[np.ndarray], np.ndarray],
    start: np.ndarray | float,
    *,
    method: str = "sgd",
    learning_rate: float,
    steps: int,
    momentum: float = 0.9,
    rho: float = 0.9,
) -> np.ndarray:
    """Run ``steps`` updates of ``method`` ("sgd", "momentum" or "rmsprop") from ``start``; return the path.

    ``gradient(point)`` returns the gradient at a point of ``start``'s shape. The result has shape
    ``(steps + 1, *start.shape)``: row 0 is ``start``, row ``i`` the point after ``i`` steps.

    >>> descent_path(lambda x: 2 * x, 1.0, learning_rate=0.25, steps=3).tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(
            f"steps must be a non-negative integer, got {steps!r}"
        )
    point = np.array(start, dtype=np.float64)
    state = np.zeros_like(point)
    path = [point]
    for _ in range(int(steps)):
        grad = np.asarray(gradient(point), dtype=np.float64)
        if grad.shape != point.shape:
            raise ValueError(
                f"gradient returned shape {grad.shape} for a point of shape {point.shape}"
            )
        if method == "sgd":
            point = sgd_step(point, grad, learning_rate)
        elif method == "momentum":
            point, state = momentum_step(
                point, grad, state, learning_rate, momentum
            )
        else:
            point, state = rmsprop_step(
                point, grad, state, learning_rate, rho
            )
        path.append(point)
    return np.stack(path)


def double_well(x: np.ndarray | float) -> np.ndarray:
    """``x**4 - 3 x**2 + x``: a 1D loss with a local minimum (x ~ 1.13) and a deeper global one (x ~ -1.30).

    >>> float(double_well(2.0))
    6.0
    """
    x = np.asarray(x, dtype=np.float64)
    return x**4 - 3 * x**2 + x


def double_well_derivative(x: np.ndarray | float) -> np.ndarray:
    """The derivative of :func:`double_well`, ``4 x**3 - 6 x + 1``."""
    x = np.asarray(x, dtype=np.float64)
    return 4 * x**3 - 6 * x + 1


def ravine(point: np.ndarray) -> np.ndarray:
    """``x**2 / 20 + y**2``: a long, narrow valley, 20 times steeper across than along.

    ``point`` has shape ``(..., 2)`` (a grid of points works too).

    >>> float(ravine(np.array([10.0, 1.0])))
    6.0
    """
    point = np.asarray(point, dtype=np.float64)
    if point.shape[-1:] != (2,):
        raise ValueError(
            f"ravine takes points of shape (..., 2), got shape {point.shape}"
        )
    return point[..., 0] ** 2 / 20 + point[..., 1] ** 2


def ravine_gradient(point: np.ndarray) -> np.ndarray:
    """The gradient of :func:`ravine`, ``(x / 10, 2 y)``, same shape as ``point``."""
    point = np.asarray(point, dtype=np.float64)
    if point.shape[-1:] != (2,):
        raise ValueError(
            f"ravine_gradient takes points of shape (..., 2), got shape {point.shape}"
        )
    return np.stack([point[..., 0] / 10, 2 * point[..., 1]], axis=-1)


def minibatch_sgd_softmax_regression(
    x: np.ndarray,
    labels: np.ndarray,
    *,
    batch_size: int,
    learning_rate: float,
    steps: int,
    seed: int = 0,
    classes: int = 10,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Train softmax regression from zero weights by mini-batch SGD; return ``(weights, bias, losses)``.

    Each step draws ``batch_size`` samples (a fresh shuffle every epoch; ``batch_size=len(x)`` is
    full-batch gradient descent, ``1`` is "true" SGD), computes their gradient and takes one
    :func:`sgd_step`. ``losses[i]`` is the loss on all of ``x`` after ``i`` steps (``steps + 1``
    values), so runs with different batch sizes can be compared step by step.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(
            f"x must have shape (samples, features), got {x.shape}"
        )
    if not 1 <= batch_size <= len(x):
        raise ValueError(
            f"batch_size must lie in [1, {len(x)}], got {batch_size}"
        )
    rng = np.random.default_rng(seed)
    weights, bias = np.zeros((x.shape[1], classes)), np.zeros(classes)
    losses = [cross_entropy(softmax(x @ weights + bias), labels)]
    order, position = rng.permutation(len(x)), 0
    for _ in range(steps):
        if position + batch_size > len(x):
            order, position = rng.permutation(len(x)), 0
        batch = order[position : position + batch_size]
        position += batch_size
        _, d_weights, d_bias = softmax_regression_gradients(
            weights, bias, x[batch], labels[batch]
        )
        weights = sgd_step(weights, d_weights, learning_rate)
        bias = sgd_step(bias, d_bias, learning_rate)
        losses.append(cross_entropy(softmax(x @ weights + bias), labels))
    return weights, bias, np.array(losses)
