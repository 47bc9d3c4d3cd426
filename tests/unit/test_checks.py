"""Tests of dlmath._checks, the input checks of the functions a learner calls."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath._checks import class_labels, is_integer, numeric_array


def test_numeric_array_passes_numbers_and_booleans_through() -> None:
    np.testing.assert_array_equal(numeric_array([1, 2], "x"), [1, 2])
    assert numeric_array(np.array([True]), "mask").dtype == bool


@pytest.mark.parametrize("value", ["abc", [1.0, "a"], None])
def test_numeric_array_names_the_argument_and_the_dtype(value) -> None:
    with pytest.raises(TypeError, match=r"^x must hold numbers, got dtype"):
        numeric_array(value, "x")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, True), (np.int64(3), True), (np.uint8(0), True), (-1, True),
     (True, False), (np.bool_(True), False), (3.0, False), ("3", False), (None, False)],
)  # fmt: skip
def test_is_integer_accepts_integers_but_not_bools(value, expected) -> None:
    assert is_integer(value) is expected


@pytest.mark.parametrize(
    ("labels", "kwargs", "error", "pattern"),
    [
        (np.eye(3, dtype=int), {}, ValueError, r"got shape \(3, 3\); for one-hot labels pass labels.argmax"),
        (np.zeros(3), {}, TypeError, "integer class indices, got dtype float64"),
        (np.arange(3), {"samples": 4}, ValueError, "got 4 samples but 3 labels"),
        (np.array([0, 10]), {"classes": 10}, ValueError, r"lie in \[0, 9\], got values from 0 to 10"),
    ],
)
def test_class_labels_says_what_is_wrong(labels, kwargs, error, pattern) -> None:
    with pytest.raises(error, match=pattern):
        class_labels(labels, **kwargs)
