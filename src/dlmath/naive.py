"""Tensor operations written with Python loops, to show what NumPy does.

Every function here is slow on purpose: the loops spell out, one entry at a
time, what a single NumPy call does in compiled code. Each takes NumPy arrays
of the rank its loops expect; where the operation has a shape rule, the
function states it in one line and raises ``ValueError`` naming both shapes
when a call breaks it. No function changes its inputs.

>>> import numpy as np
>>> naive_relu(np.array([[-1.0, 2.0], [3.0, -4.0]]))
array([[0., 2.],
       [3., 0.]])
>>> naive_matrix_dot(np.ones((2, 3)), np.ones((3, 4))).shape
(2, 4)
"""

from __future__ import annotations

import numpy as np

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


def naive_relu(x: np.ndarray) -> np.ndarray:
    """``max(x, 0)`` entry by entry for a matrix, in a new array.

    >>> naive_relu(np.array([[-2, 5]]))
    array([[0, 5]])
    """
    x = x.copy()  # work on a copy: the caller's array stays as it was
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] = max(x[i, j], 0)
    return x


def naive_add(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x + y`` entry by entry for two matrices of the same shape.

    >>> naive_add(np.array([[1, 2]]), np.array([[10, 20]]))
    array([[11., 22.]])
    """
    if x.shape != y.shape:
        raise ValueError(f"x and y need the same shape: {x.shape}, {y.shape}")
    z = np.zeros(x.shape)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[i, j]
    return z


def naive_add_matrix_and_vector(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Add the vector ``y`` to each row of the matrix ``x`` (broadcasting).

    >>> x, y = np.array([[1, 2], [3, 4]]), np.array([10, 0])
    >>> naive_add_matrix_and_vector(x, y)
    array([[11.,  2.],
           [13.,  4.]])
    """
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"y needs an entry per column: {x.shape}, {y.shape}")
    z = np.zeros(x.shape)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i, j] = x[i, j] + y[j]
    return z


def naive_vector_dot(x: np.ndarray, y: np.ndarray) -> float:
    """The dot product of two vectors of one length: ``sum(x[i] * y[i])``.

    >>> print(naive_vector_dot(np.array([1, 2, 3]), np.array([4, 5, 6])))
    32.0
    """
    if x.shape != y.shape:
        raise ValueError(f"x and y differ in length: {x.shape}, {y.shape}")
    z = 0.0
    for i in range(x.shape[0]):
        z += x[i] * y[i]
    return z


def naive_matrix_vector_dot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Matrix times vector: entry ``i`` is row ``i`` of ``x`` dot ``y``.

    >>> naive_matrix_vector_dot(np.array([[1, 0], [0, 2]]), np.array([3, 1]))
    array([3., 2.])
    """
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"inner sizes differ: {x.shape} @ {y.shape}")
    z = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        z[i] = naive_vector_dot(x[i, :], y)
    return z


def naive_matrix_dot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The matrix product ``(a, b) @ (b, c) -> (a, c)``.

    Entry ``(i, j)`` is row ``i`` of ``x`` dot column ``j`` of ``y``.

    >>> naive_matrix_dot(np.array([[1, 2]]), np.array([[3], [4]]))
    array([[11.]])
    """
    if x.shape[1] != y.shape[0]:
        raise ValueError(f"inner sizes differ: {x.shape} @ {y.shape}")
    z = np.zeros((x.shape[0], y.shape[1]))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            z[i, j] = naive_vector_dot(x[i, :], y[:, j])
    return z


def broadcast_result_shape(
    shape_a: tuple[int, ...], shape_b: tuple[int, ...]
) -> tuple[int, ...]:
    """The shape of ``a op b`` by broadcasting, axis by axis from the right.

    Align the two shapes on their last axes (pad the shorter one with 1s on
    the left); on each axis the sizes must be equal, or one of them must be 1,
    which stretches to the other.

    >>> broadcast_result_shape((64, 3, 32, 10), (32, 10))
    (64, 3, 32, 10)
    >>> broadcast_result_shape((3, 1), (4,))
    (3, 4)
    """
    rank = max(len(shape_a), len(shape_b))
    a = (1,) * (rank - len(shape_a)) + tuple(shape_a)
    b = (1,) * (rank - len(shape_b)) + tuple(shape_b)
    result = []
    for axis in range(rank):
        if a[axis] != b[axis] and 1 not in (a[axis], b[axis]):
            raise ValueError(
                f"shapes {tuple(shape_a)} and {tuple(shape_b)} cannot be "
                f"broadcast: aligned from the right, axis {axis - rank} "
                f"has sizes {a[axis]} and {b[axis]}, which are neither "
                "equal nor 1"
            )
        result.append(b[axis] if a[axis] == 1 else a[axis])
    return tuple(result)


def naive_broadcast_to(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Repeat ``x`` along its size-1 (or missing leading) axes to ``shape``.

    Follows NumPy's rule for any ranks: ``x``'s axes are aligned with the last
    axes of ``shape``. Returns a new array (a copy, where ``np.broadcast_to``
    returns a read-only view).

    >>> naive_broadcast_to(np.array([1, 2, 3]), (2, 3))
    array([[1, 2, 3],
           [1, 2, 3]])
    """
    if broadcast_result_shape(x.shape, shape) != tuple(shape):
        raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
    offset = len(shape) - x.ndim  # x's axis k is the target's axis k + offset
    z = np.empty(shape, dtype=x.dtype)
    for index in np.ndindex(*shape):
        source = [
            0 if x.shape[k] == 1 else index[k + offset] for k in range(x.ndim)
        ]
        z[index] = x[tuple(source)]
    return z
