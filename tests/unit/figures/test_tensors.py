"""Tests of dlmath.figures.tensors."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.patches import Polygon

from dlmath.figures.tensors import show_tensor_rank


@pytest.mark.parametrize("rank", range(6))
def test_show_tensor_rank_writes_every_front_value_and_titles_the_attributes(rank):
    x = np.arange(2**rank).reshape((2,) * rank)
    ax = show_tensor_rank(x)
    assert ax.get_title() == f"ndim {rank}, shape {x.shape}, int64"
    values = [t.get_text() for t in ax.texts if t.get_text() and not t.get_text().startswith("axis")]
    # The front face of each cube shows x[..., 0, :, :]; ranks below 3 show every value.
    front = x if rank < 3 else x[..., 0, :, :]
    assert sorted(values, key=int) == [str(v) for v in sorted(front.ravel())]


def test_show_tensor_rank_draws_cubes_only_from_rank_3():
    flat = show_tensor_rank(np.zeros((2, 3)))
    solid = show_tensor_rank(np.zeros((2, 2, 3)))
    assert not any(isinstance(p, Polygon) for p in flat.patches)
    assert any(isinstance(p, Polygon) for p in solid.patches)


def test_show_tensor_rank_names_axes_for_ranks_1_to_3():
    labels = [
        t.get_text() for t in show_tensor_rank(np.zeros((2, 2, 3))).texts if t.get_text().startswith("axis")
    ]
    assert sorted(labels) == ["axis 0", "axis 1", "axis 2"]


def test_show_tensor_rank_formats_floats_and_takes_a_title():
    ax = show_tensor_rank(np.array(1 / 3, np.float32), title="a scalar")
    assert ax.get_title() == "a scalar" and ax.texts[0].get_text() == "0.333"


@pytest.mark.parametrize(
    ("x", "error", "pattern"),
    [
        (np.zeros((1,) * 6), ValueError, r"rank 0 to 5, got rank 6"),
        (np.zeros((9, 2)), ValueError, r"length 1 to 8 .* got shape \(9, 2\)"),
        (np.zeros((0, 2)), ValueError, r"got shape \(0, 2\)"),
        (np.array(["a", "b"]), TypeError, "must hold numbers, got dtype <U1"),
    ],
)
def test_show_tensor_rank_rejects_what_it_cannot_draw(x, error, pattern):
    with pytest.raises(error, match=pattern):
        show_tensor_rank(x)
