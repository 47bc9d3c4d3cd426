"""Tests of dlmath.figures.geometry."""

from __future__ import annotations

import numpy as np

from dlmath.figures.geometry import plot_linear_map, plot_relu_fold, plot_translation
from dlmath.geometry import apply_matrix, f_shape, shear_matrix


def test_plot_linear_map_draws_the_map_and_the_basis_arrows():
    ax = plot_linear_map(shear_matrix(1.0), title="shear")
    assert ax.get_title() == "shear"
    orange = ax.patches[-1].get_xy()  # the F after the map
    np.testing.assert_allclose(orange[:11], apply_matrix(shear_matrix(1.0), f_shape()))
    heads = [a.xy for a in ax.texts]
    np.testing.assert_allclose(heads, [(1, 0), (1, 1)])  # the columns of the matrix


def test_translation_and_fold_figures():
    ax = plot_translation(f_shape(), [1, 0.5])
    np.testing.assert_allclose(ax.patches[-1].get_xy()[:11], f_shape() + [1, 0.5])
    fig = plot_relu_fold([[1, 0.5], [-0.5, 1]], [0.3, -0.2], samples=5)
    assert len(fig.axes) == 3 and fig.axes[2].get_title() == "after ReLU: folded in"
    assert (fig.axes[2].collections[0].get_offsets() >= 0).all()
