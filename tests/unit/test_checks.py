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
