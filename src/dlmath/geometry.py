"""Tensor operations as geometry: 2x2 matrices, affine maps, ReLU as folding.

Points are the rows of an array of shape ``(n, 2)``. A 2x2 ``matrix`` acts on
a point ``p`` as ``matrix @ p`` (the mathematician's column-vector
convention), so :func:`apply_matrix` computes ``points @ matrix.T``. A Keras
``Dense`` layer writes the same kind of map the other way round,
``x @ kernel + bias``; :func:`dense_stack` and :func:`collapse_dense_stack`
follow that convention.

>>> apply_matrix(rotation_matrix(90), [[1.0, 0.0]]).round(12)
array([[0., 1.]])
>>> layers = [(np.eye(2), np.ones(2)), (2 * np.eye(2), np.zeros(2))]
>>> W, b = collapse_dense_stack(layers)
>>> W.tolist(), b.tolist()
([[2.0, 0.0], [0.0, 2.0]], [2.0, 2.0])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "apply_affine",
    "apply_matrix",
    "collapse_dense_stack",
    "dense_stack",
    "f_shape",
    "grid_lines",
    "projection_matrix",
    "relu",
    "rotation_matrix",
    "scaling_matrix",
    "shear_matrix",
]


def _as_points(points: object, *, name: str = "points") -> np.ndarray:
    array = np.asarray(points, dtype=float)
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(
            f"{name} must have shape (n, 2), one point per row; got shape "
            f"{array.shape}"
        )
    return array


def _as_matrix(matrix: object) -> np.ndarray:
    array = np.asarray(matrix, dtype=float)
    if array.shape != (2, 2):
        raise ValueError(
            f"a map of the plane needs a 2x2 matrix, got shape {array.shape}"
        )
    return array


def _as_offset(offset: object) -> np.ndarray:
    array = np.asarray(offset, dtype=float)
    if array.shape != (2,):
        raise ValueError(
            f"an offset in the plane has shape (2,), got shape {array.shape}"
        )
    return array


def _as_real(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise TypeError(
            f"{name} must be a real number, got {type(value).__name__} "
            f"{value!r}"
        )
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return float(value)


def rotation_matrix(degrees: float) -> np.ndarray:
    """Counterclockwise rotation by ``degrees``.

    >>> rotation_matrix(180).round(12)
    array([[-1., -0.],
           [ 0., -1.]])
    """
    theta = np.deg2rad(_as_real(degrees, "degrees"))
    return np.array(
        [[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]]
    )


def scaling_matrix(sx: float, sy: float) -> np.ndarray:
    """Stretch the horizontal axis by ``sx`` and the vertical one by ``sy``.

    >>> scaling_matrix(2, 0.5)
    array([[2. , 0. ],
           [0. , 0.5]])
    """
    return np.array(
        [[_as_real(sx, "sx"), 0.0], [0.0, _as_real(sy, "sy")]], dtype=float
    )


def shear_matrix(k: float) -> np.ndarray:
    """Horizontal shear: each point slides sideways by ``k`` times its height.

    >>> shear_matrix(1.0) @ np.array([0.0, 2.0])
    array([2., 2.])
    """
    return np.array([[1.0, _as_real(k, "k")], [0.0, 1.0]])


def projection_matrix(direction: Sequence[float]) -> np.ndarray:
    """Orthogonal projection onto the line through 0 along ``direction``.

    >>> projection_matrix([1, 0])
    array([[1., 0.],
           [0., 0.]])
    """
    d = np.asarray(direction, dtype=float)
    if d.shape != (2,) or not np.any(d):
        raise ValueError(
            "direction must be a non-zero vector of shape (2,), got "
            f"{d.tolist()}"
        )
    d = d / np.linalg.norm(d)
    return np.outer(d, d)


def apply_matrix(matrix: object, points: object) -> np.ndarray:
    """Send every point ``p`` (a row of ``points``) to ``matrix @ p``."""
    return _as_points(points) @ _as_matrix(matrix).T


def apply_affine(
    matrix: object, offset: object, points: object
) -> np.ndarray:
    """The affine map ``p -> matrix @ p + offset``: a map, then a shift.

    >>> apply_affine(np.eye(2), [1, 0], [[0.0, 0.0]])
    array([[1., 0.]])
    """
    return apply_matrix(matrix, points) + _as_offset(offset)


def relu(points: object) -> np.ndarray:
    """``max(x, 0)`` per coordinate: folds the plane into a quadrant."""
    return np.maximum(np.asarray(points, dtype=float), 0.0)


Layer = tuple[np.ndarray, np.ndarray]


def _check_stack(layers: Sequence[tuple[object, object]]) -> list[Layer]:
    if len(layers) == 0:
        raise ValueError("a stack needs at least one (kernel, bias) layer")
    checked: list[Layer] = []
    for i, (kernel, bias) in enumerate(layers):
        w, b = np.asarray(kernel, dtype=float), np.asarray(bias, dtype=float)
        if w.ndim != 2 or b.shape != (w.shape[1],):
            raise ValueError(
                f"layer {i}: the kernel must be a matrix (inputs, units) "
                "and the bias a vector (units,); "
                f"got shapes {w.shape} and {b.shape}"
            )
        if checked and checked[-1][0].shape[1] != w.shape[0]:
            raise ValueError(
                f"layer {i} expects {w.shape[0]} inputs but layer {i - 1} "
                f"gives {checked[-1][0].shape[1]}: "
                f"kernel shapes {checked[-1][0].shape} then {w.shape}"
            )
        checked.append((w, b))
    return checked


def dense_stack(
    x: object,
    layers: Sequence[tuple[object, object]],
    *,
    activation: str | None = None,
) -> np.ndarray:
    """Apply ``x @ kernel + bias``, then ``activation``, layer after layer.

    ``activation`` is "relu" or None.

    >>> layers = [(np.eye(2), np.zeros(2))]
    >>> dense_stack([[1.0, -1.0]], layers, activation="relu")
    array([[1., 0.]])
    """
    if activation not in (None, "relu"):
        raise ValueError(
            f"activation must be None or 'relu', got {activation!r}"
        )
    out = np.asarray(x, dtype=float)
    for kernel, bias in _check_stack(layers):
        if out.shape[-1] != kernel.shape[0]:
            raise ValueError(
                f"inputs of shape {out.shape} do not fit a kernel of shape "
                f"{kernel.shape}"
            )
        out = out @ kernel + bias
        if activation == "relu":
            out = np.maximum(out, 0.0)
    return out


def collapse_dense_stack(layers: Sequence[tuple[object, object]]) -> Layer:
    """One ``(kernel, bias)`` doing what a stack of linear Dense layers does.

    ``(x @ W1 + b1) @ W2 + b2 = x @ (W1 @ W2) + (b1 @ W2 + b2)``, and so on
    down the stack.
    """
    stack = _check_stack(layers)
    kernel, bias = stack[0]
    for w, b in stack[1:]:
        kernel, bias = kernel @ w, bias @ w + b
    return kernel, bias


# --- figures ---------------------------------------------------------------


def grid_lines(
    extent: float = 1.0, lines: int = 9, samples: int = 41
) -> list[np.ndarray]:
    """The lines of a square grid on ``[-extent, extent]^2``.

    Each line is sampled at ``samples`` points.

    Sampling each line finely lets non-linear maps (ReLU, tanh) bend it
    visibly.

    >>> len(grid_lines(lines=5)), grid_lines(samples=3)[0].shape
    (10, (3, 2))
    """
    if lines < 2 or samples < 2:
        raise ValueError(
            f"need at least 2 lines and 2 samples per line, got {lines} "
            f"and {samples}"
        )
    ticks = np.linspace(-extent, extent, lines)
    along = np.linspace(-extent, extent, samples)
    vertical = [np.column_stack([np.full(samples, t), along]) for t in ticks]
    horizontal = [
        np.column_stack([along, np.full(samples, t)]) for t in ticks
    ]
    return vertical + horizontal


def f_shape() -> np.ndarray:
    """A letter F, a closed polygon of shape (11, 2): every flip shows."""
    return np.array(
        [[0, 0], [0.2, 0], [0.2, 0.4], [0.5, 0.4], [0.5, 0.55], [0.2, 0.55],
         [0.2, 0.8], [0.6, 0.8], [0.6, 0.95], [0, 0.95], [0, 0]],
        dtype=float,
    )  # fmt: skip
