"""Tests of dlmath._checks, the validation every module shares."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath._checks import numeric_array


def test_numeric_array_passes_numbers_and_booleans_through() -> None:
    np.testing.assert_array_equal(numeric_array([1, 2], "x"), [1, 2])
    assert numeric_array(np.array([True]), "mask").dtype == bool


@pytest.mark.parametrize("value", ["abc", [1.0, "a"], None])
def test_numeric_array_names_the_argument_and_the_dtype(value) -> None:
    with pytest.raises(TypeError, match=r"^x must hold numbers, got dtype"):
        numeric_array(value, "x")


def test_tensor_args_converts_checks_and_names_the_function() -> None:
    from dlmath._checks import require, tensor_args

    @tensor_args(x=2, real=True)
    def first_row(x):
        require(len(x) > 0, f"x needs a row, got shape {x.shape}")
        return x[0]

    np.testing.assert_array_equal(first_row([[1, 2]]), [1, 2])
    with pytest.raises(ValueError, match=r"^first_row: x must be a matrix \(rank 2\), got shape \(2,\)$"):
        first_row([1, 2])
    with pytest.raises(TypeError, match=r"^first_row: x must hold real numbers, got dtype complex128$"):
        first_row([[1j]])
    with pytest.raises(ValueError, match=r"^first_row: x needs a row, got shape \(0, 3\)$"):
        first_row(np.zeros((0, 3)))
