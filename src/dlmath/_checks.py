"""Input validation shared by every module: one wording per kind of error.

Each helper returns the checked value (as an array where that makes sense) or raises a
``TypeError``/``ValueError`` whose message names the argument and says what came, so a learner
can see which call to fix.

>>> numeric_array([1, 2], "x")
array([1, 2])
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []  # private: imported by dlmath's modules, not by learners


def numeric_array(value: object, name: str) -> np.ndarray:
    """``np.asarray(value)``, checked to hold numbers (or booleans)."""
    array = np.asarray(value)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise TypeError(f"{name} must hold numbers, got dtype {array.dtype}")
    return array
