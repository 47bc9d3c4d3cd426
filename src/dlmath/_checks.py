"""Input checks for the functions a learner calls: one wording per mistake.

The teaching code the chapters print does not use these: it states its shape
rule in one line and otherwise just does the math. The checks live at the
edges a learner calls into (the data loader, the batch helpers, the training
loop, the figures and the exercise checks), where each helper returns the
checked value or raises a ``TypeError``/``ValueError`` that names the
argument and says what came.

>>> numeric_array([1, 2], "x")
array([1, 2])
>>> is_integer(3), is_integer(True), is_integer(3.0)
(True, False, False)
"""

from __future__ import annotations

import numpy as np

# Private: imported by dlmath's modules, not by learners.
__all__: list[str] = []


def is_integer(value: object) -> bool:
    """Whether ``value`` is a Python or NumPy integer, and not a bool.

    ``bool`` is a subclass of ``int`` in Python, so ``isinstance(True, int)``
    holds; a count or a size given as ``True`` is a mistake all the same.
    """
    return isinstance(value, (int, np.integer)) and not isinstance(
        value, bool
    )


def numeric_array(value: object, name: str) -> np.ndarray:
    """``np.asarray(value)``, checked to hold numbers (or booleans).

    >>> numeric_array("abc", "images")
    Traceback (most recent call last):
    TypeError: images must hold numbers, got dtype <U3
    """
    array = np.asarray(value)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ):
        raise TypeError(f"{name} must hold numbers, got dtype {array.dtype}")
    return array


def class_labels(
    labels: object,
    *,
    samples: int | None = None,
    classes: int | None = None,
    name: str = "labels",
    samples_name: str = "samples",
) -> np.ndarray:
    """``labels`` as one class index per sample, each in ``[0, classes)``.

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
            f"{name} must be one class index per sample, shape "
            f"({expected},), got shape {array.shape}{hint}"
        )
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(
            f"{name} must be integer class indices, got dtype {array.dtype}"
        )
    if samples is not None and len(array) != samples:
        raise ValueError(
            f"got {samples} {samples_name} but {len(array)} {name}; "
            "they must match one to one"
        )
    if (
        classes is not None
        and len(array)
        and (array.min() < 0 or array.max() >= classes)
    ):
        raise ValueError(
            f"{name} must lie in [0, {classes - 1}], got values from "
            f"{array.min()} to {array.max()}"
        )
    return array
