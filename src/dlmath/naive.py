"""Tensor operations written with explicit Python loops, to show what NumPy does for us.

Every function here is slow on purpose: the loops spell out, one entry at a time, what a single
NumPy call does in compiled code. ``@tensor_args(x=2)`` checks that ``x`` is a matrix of numbers
before the body runs, and ``require(...)`` states a shape rule in one line: a call that breaks
one raises ``ValueError`` naming the shapes it got. No function changes its inputs.

>>> import numpy as np
>>> naive_relu(np.array([[-1.0, 2.0], [3.0, -4.0]]))
array([[0., 2.],
       [3., 0.]])
>>> naive_matrix_dot(np.ones((2, 3)), np.ones((3, 4))).shape
(2, 4)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dlmath._checks import require, tensor_args

__all__ = [
    "broadcast_result_shape",
    "naive_add",
    "naive_add_matrix_and_vector",
    "naive_broadcast_to",
    "naive_matrix_dot",
    "naive_matrix_vector_dot",
    "naive_relu",
    "naive_vector_dot",
]


@tensor_args(x=2, real=True)
def naive_relu(x: np.ndarray) -> np.ndarray:
    """``max(x, 0)`` entry by entry for a matrix; returns a new array of the same dtype.

    >>> naive_relu([[-2, 5]])
    array([[0, 5]])
    """
    out = x.copy()  # never touch the caller's array
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            if out[i, j] < 0:
                out[i, j] = 0
    return out


@tensor_args(x=2, y=2)
def naive_add(x: object, y: object) -> np.ndarray:
    """``x + y`` entry by entry for two matrices of the same shape.

    >>> naive_add([[1, 2]], [[10, 20]])
    array([[11, 22]])
    """
    require(
        x.shape == y.shape,
        f"x and y must have the same shape, got {x.shape} and {y.shape}",
    )
    out = np.empty(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            out[i, j] = x[i, j] + y[i, j]
    return out


@tensor_args(x=2, y=1)
def naive_add_matrix_and_vector(x: object, y: object) -> np.ndarray:
    """Add the vector ``y`` to every row of the matrix ``x`` (broadcasting by hand).

    >>> naive_add_matrix_and_vector([[1, 2], [3, 4]], [10, 20])
    array([[11, 22],
           [13, 24]])
    """
    require(
        x.shape[1] == len(y),
        f"y needs one entry per column: x has shape {x.shape}, y has {y.shape}",
    )
    out = np.empty(x.shape, dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            out[i, j] = x[i, j] + y[j]
    return out


@tensor_args(x=1, y=1)
def naive_vector_dot(x: object, y: object) -> np.generic:
    """The dot product of two vectors of the same length: ``sum(x[i] * y[i])``, a scalar.

    >>> naive_vector_dot([1, 2, 3], [4, 5, 6])
    np.int64(32)
    """
    require(
        len(x) == len(y),
        f"x and y must have the same length, got {x.shape} and {y.shape}",
    )
    total = np.zeros((), dtype=np.result_type(x, y))[()]
    for i in range(x.shape[0]):
        total += x[i] * y[i]
    return total


@tensor_args(x=2, y=1)
def naive_matrix_vector_dot(x: object, y: object) -> np.ndarray:
    """Matrix times vector: entry ``i`` is the dot product of row ``i`` of ``x`` with ``y``.

    >>> naive_matrix_vector_dot([[1, 0], [0, 2]], [3, 4])
    array([3, 8])
    """
    require(
        x.shape[1] == len(y),
        f"shapes {x.shape} and {y.shape} do not fit: x's columns != y's entries",
    )
    out = np.zeros(x.shape[0], dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        out[i] = naive_vector_dot(x[i, :], y)
    return out


@tensor_args(x=2, y=2)
def naive_matrix_dot(x: object, y: object) -> np.ndarray:
    """The matrix product: ``(a, b) . (b, c) -> (a, c)``; entry ``(i, j)`` is row ``i`` dot column ``j``.

    >>> naive_matrix_dot([[1, 2]], [[3], [4]])
    array([[11]])
    """
    require(
        x.shape[1] == y.shape[0],
        f"shapes {x.shape} and {y.shape} do not fit: (a, b) @ (b, c) needs "
        f"x's axis 1 ({x.shape[1]}) to equal y's axis 0 ({y.shape[0]})",
    )
    out = np.zeros((x.shape[0], y.shape[1]), dtype=np.result_type(x, y))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            out[i, j] = naive_vector_dot(x[i, :], y[:, j])
    return out


def _as_shape(shape: object, *, func: str) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    try:
        dims = tuple(shape)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(
            f"{func}: a shape must be a tuple of integers, got {shape!r}"
        ) from None
    for n in dims:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise TypeError(
                f"{func}: a shape must be a tuple of integers, got {shape!r}"
            )
        if n < 0:
            raise ValueError(
                f"{func}: a shape cannot have negative sizes, got {dims}"
            )
    return tuple(int(n) for n in dims)


def broadcast_result_shape(
    shape_a: Sequence[int], shape_b: Sequence[int]
) -> tuple[int, ...]:
    """The shape NumPy gives ``a op b`` by broadcasting, found axis by axis from the right.

    Align the two shapes on their last axes (pad the shorter one with 1s on the left); on each
    axis the sizes must be equal, or one of them must be 1, which stretches to the other.

    >>> broadcast_result_shape((64, 3, 32, 10), (32, 10))
    (64, 3, 32, 10)
    >>> broadcast_result_shape((3, 1), (4,))
    (3, 4)
    """
    a = _as_shape(shape_a, func="broadcast_result_shape")
    b = _as_shape(shape_b, func="broadcast_result_shape")
    rank = max(len(a), len(b))
    padded_a = (1,) * (rank - len(a)) + a
    padded_b = (1,) * (rank - len(b)) + b
    result = []
    for axis in range(rank):
        m, n = padded_a[axis], padded_b[axis]
        if m == n or n == 1:
            result.append(m)
        elif m == 1:
            result.append(n)
        else:
            raise ValueError(
                f"shapes {a} and {b} cannot be broadcast: aligned from the right, axis {axis - rank} "
                f"has sizes {m} and {n}, which are neither equal nor 1"
            )
    return tuple(result)


@tensor_args(x=None)
def naive_broadcast_to(x: object, shape: Sequence[int]) -> np.ndarray:
    """Repeat ``x`` along its size-1 (and missing leading) axes until it has ``shape``.

    Follows NumPy's rule for any ranks: ``x``'s axes are aligned with the last axes of
    ``shape``; each must have the target size or size 1. Returns a new array (a copy, where
    ``np.broadcast_to`` returns a read-only view).

    >>> naive_broadcast_to([1, 2, 3], (2, 3))
    array([[1, 2, 3],
           [1, 2, 3]])
    """
    target = _as_shape(shape, func="naive_broadcast_to")
    if x.ndim > len(target):
        raise ValueError(
            f"naive_broadcast_to: cannot broadcast shape {x.shape} to {target}: "
            f"the input has more axes ({x.ndim}) than the target ({len(target)})"
        )
    offset = len(target) - x.ndim
    for axis in range(x.ndim):
        if x.shape[axis] not in (1, target[offset + axis]):
            raise ValueError(
                f"naive_broadcast_to: cannot broadcast shape {x.shape} to {target}: axis {axis - x.ndim} "
                f"has size {x.shape[axis]} in the input and {target[offset + axis]} in the target; "
                "it must be equal or 1"
            )
    out = np.empty(target, dtype=x.dtype)
    for index in np.ndindex(*target):
        source = []
        for axis in range(x.ndim):
            source.append(0 if x.shape[axis] == 1 else index[offset + axis])
        out[index] = x[tuple(source)]
    return out
