"""Input validation shared by every module: one wording per kind of error.

Each helper returns the checked value (as an array where that makes sense) or raises a
``TypeError``/``ValueError`` whose message names the argument and says what came, so a learner
can see which call to fix.

Teaching code stays readable: ``@tensor_args(x=2)`` turns the argument ``x`` into a checked
matrix before the function body runs, and ``require(condition, message)`` states a shape rule in
one line; the decorator puts the function's name in front of the message.

>>> numeric_array([1, 2], "x")
array([1, 2])
>>> @tensor_args(x=1, y=1)
... def dot(x, y):
...     require(len(x) == len(y), f"x and y must have the same length, got {x.shape} and {y.shape}")
...     return float((x * y).sum())
>>> dot([1, 2], [3, 4])
11.0
>>> dot([1, 2], [3])
Traceback (most recent call last):
ValueError: dot: x and y must have the same length, got (2,) and (1,)
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import numpy as np

__all__: list[
    str
] = []  # private: imported by dlmath's modules, not by learners


def numeric_array(value: object, name: str) -> np.ndarray:
    """``np.asarray(value)``, checked to hold numbers (or booleans)."""
    array = np.asarray(value)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ):
        raise TypeError(f"{name} must hold numbers, got dtype {array.dtype}")
    return array


_RANK_NAMES = {0: "a scalar", 1: "a vector", 2: "a matrix"}

P = ParamSpec("P")
R = TypeVar("R")


class ShapeError(ValueError):
    """A shape rule stated with :func:`require` does not hold."""


def tensor(
    value: object,
    rank: int | None,
    *,
    name: str,
    func: str,
    real: bool = False,
) -> np.ndarray:
    """``np.asarray(value)``, checked to hold (real) numbers and to have ``rank`` axes, when given."""
    array = np.asarray(value)
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
        raise TypeError(
            f"{func}: {name} must hold numbers, got dtype {array.dtype}"
        )
    if real and np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(
            f"{func}: {name} must hold real numbers, got dtype {array.dtype}"
        )
    if rank is not None and array.ndim != rank:
        what = _RANK_NAMES.get(rank, f"a rank-{rank} tensor")
        raise ValueError(
            f"{func}: {name} must be {what} (rank {rank}), got shape {array.shape}"
        )
    return array


def require(condition: bool, message: str) -> None:
    """Raise :class:`ShapeError` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise ShapeError(message)


def tensor_args(
    *, real: bool = False, **ranks: int | None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator: check and convert the named arguments with :func:`tensor` before the body runs.

    ``ranks`` maps argument names to their rank (``None``: any rank). A :class:`ShapeError` from
    :func:`require` in the body becomes a ``ValueError`` that starts with the function's name.
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(func)

        @functools.wraps(func)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs)
            for name, rank in ranks.items():
                bound.arguments[name] = tensor(
                    bound.arguments[name],
                    rank,
                    name=name,
                    func=func.__name__,
                    real=real,
                )
            try:
                return func(*bound.args, **bound.kwargs)
            except ShapeError as exc:
                raise ValueError(f"{func.__name__}: {exc}") from None

        return checked

    return decorate


def class_labels(
    labels: object,
    *,
    samples: int | None = None,
    classes: int | None = None,
    name: str = "labels",
    samples_name: str = "samples",
) -> np.ndarray:
    """``labels`` as a rank-1 array of integer class indices, one per sample, each in ``[0, classes)``.

    >>> class_labels([3, 0], classes=10)
    array([3, 0])
    >>> class_labels([3, 0], samples=3, samples_name="images")
    Traceback (most recent call last):
    ValueError: got 3 images but 2 labels; they must match one to one
    """
    array = np.asarray(labels)
    if array.ndim != 1:
        hint = (
            f"; for one-hot {name} pass {name}.argmax(axis=1)"
            if array.ndim == 2
            else ""
        )
        expected = samples if samples is not None else "samples"
        raise ValueError(
            f"{name} must be one class index per sample, shape ({expected},), got shape {array.shape}{hint}"
        )
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(
            f"{name} must be integer class indices, got dtype {array.dtype}"
        )
    if samples is not None and len(array) != samples:
        raise ValueError(
            f"got {samples} {samples_name} but {len(array)} {name}; they must match one to one"
        )
    if (
        classes is not None
        and len(array)
        and (array.min() < 0 or array.max() >= classes)
    ):
        raise ValueError(
            f"{name} must lie in [0, {classes - 1}], got values from {array.min()} to {array.max()}"
        )
    return array
