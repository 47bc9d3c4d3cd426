"""Gradient descent and its variants, one step at a time, on NumPy arrays.

Each step function takes the current parameters and their gradient (plus the
optimizer's state, if it has one) and returns new arrays; nothing is modified
in place. The step functions are the update rules alone: the settings a reader
chooses are checked by :func:`descent_path`, which repeats a step from a
starting point and records where it went, for the figures on 1D curves and
2D surfaces. :func:`minibatch_sgd_softmax_regression` trains softmax
regression with a chosen batch size.

>>> sgd_step(np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.1).tolist()
[0.95, 2.1]
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlmath._checks import is_integer
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


def sgd_step(
    params: np.ndarray, grad: np.ndarray, learning_rate: float
) -> np.ndarray:
    """Plain gradient descent: a small step downhill, against the gradient.

    >>> sgd_step(np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.1).tolist()
    [0.95, 2.1]
    """
    return params - learning_rate * grad


def momentum_step(
    params: np.ndarray,
    grad: np.ndarray,
    velocity: np.ndarray,
    learning_rate: float,
    momentum: float = 0.9,
) -> tuple[np.ndarray, np.ndarray]:
    """Descent with momentum; returns ``(new_params, new_velocity)``.

    The velocity remembers past steps, like a ball rolling downhill, so the
    update keeps going through flat stretches and small bumps.

    >>> momentum_step(np.array([1.0]), np.array([2.0]), np.array([-0.5]), 0.1)
    (array([0.35]), array([-0.65]))
    """
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
    """RMSprop; returns ``(new_params, new_mean_square)``.

    Each coordinate's step is divided by the root of a running mean of its
    squared gradients: steep coordinates take smaller steps and flat ones
    larger, so every coordinate moves at a similar pace. ``epsilon`` sits
    inside the square root, as in Keras 3.

    >>> rmsprop_step(np.array([1.0]), np.array([2.0]), np.array([0.0]), 0.1,
    ...              rho=0.75, epsilon=0.0)
    (array([0.8]), array([1.]))
    """
    mean_square = rho * mean_square + (1 - rho) * grad**2
    params = params - learning_rate * grad / np.sqrt(mean_square + epsilon)
    return params, mean_square


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
    """Adam; returns ``(new_params, (m, v))``.

    ``m`` is a running mean of the gradients (momentum) and ``v`` of their
    squares (RMSprop's mean square); both start at zero, so each is divided by
    ``1 - beta**step`` to undo that pull towards zero. ``step`` counts from 1.

    >>> zeros = (np.zeros(1), np.zeros(1))
    >>> p, (m, v) = adam_step(np.array([1.0]), np.array([2.0]), zeros, 1, 0.1)
    >>> p.round(6).tolist()  # the first step is about learning_rate long
    [0.9]
    """
    m, v = moments
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat, v_hat = m / (1 - beta_1**step), v / (1 - beta_2**step)
    params = params - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)
    return params, (m, v)


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
    """Run ``steps`` updates of ``method`` from ``start``; return the path.

    ``method`` is "sgd", "momentum" or "rmsprop"; ``gradient(point)``
    returns the gradient at a point of ``start``'s shape. The result has
    shape ``(steps + 1, *start.shape)``: row 0 is ``start``, row ``i`` the
    point after ``i`` steps. The settings are checked here, where a reader
    passes them, rather than in the step rules.

    >>> descent_path(lambda x: 2 * x, 1.0, learning_rate=0.25, steps=3)
    array([1.   , 0.5  , 0.25 , 0.125])
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if not is_integer(steps) or steps < 0:
        raise ValueError(f"steps must be an integer >= 0, got {steps!r}")
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be > 0, got {learning_rate}")
    for name, value in (("momentum", momentum), ("rho", rho)):
        if not 0 <= value < 1:
            raise ValueError(f"{name} must lie in [0, 1), got {value}")
    point = np.array(start, dtype=np.float64)
    state = np.zeros_like(point)  # the velocity, or the mean square
    path = [point]
    for _ in range(steps):
        grad = np.asarray(gradient(point), dtype=np.float64)
        if grad.shape != point.shape:
            raise ValueError(
                f"gradient returned shape {grad.shape} for a point of shape "
                f"{point.shape}"
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


def double_well(x: np.ndarray | float) -> np.ndarray | float:
    """``x**4 - 3 x**2 + x``: minima near 1.13 and (deeper) near -1.30.

    >>> double_well(2.0)
    6.0
    """
    return x**4 - 3 * x**2 + x


def double_well_derivative(x: np.ndarray | float) -> np.ndarray | float:
    """The derivative of :func:`double_well`, ``4 x**3 - 6 x + 1``."""
    return 4 * x**3 - 6 * x + 1


def ravine(point: np.ndarray) -> np.ndarray:
    """``x**2 / 20 + y**2``: a long, narrow valley, 20 times steeper across.

    ``point`` has shape ``(..., 2)``: one point, or a grid of them.

    >>> float(ravine(np.array([10.0, 1.0])))
    6.0
    """
    return point[..., 0] ** 2 / 20 + point[..., 1] ** 2


def ravine_gradient(point: np.ndarray) -> np.ndarray:
    """The gradient of :func:`ravine`, ``(x / 10, 2 y)``, one per point."""
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
    """Train softmax regression from zero weights by mini-batch SGD.

    Each step takes the next ``batch_size`` samples of a shuffled order (a
    fresh shuffle once the epoch runs out; ``batch_size=len(x)`` is
    full-batch gradient descent, ``1`` is "true" SGD), computes their
    gradient and takes one :func:`sgd_step`. Returns ``(weights, bias,
    losses)``: ``losses[i]`` is the loss on all of ``x`` after ``i`` steps
    (``steps + 1`` values), so runs with different batch sizes can be
    compared step by step.
    """
    if not is_integer(batch_size) or not 1 <= batch_size <= len(x):
        raise ValueError(
            f"batch_size must be an integer in [1, {len(x)}], "
            f"got {batch_size!r}"
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
