"""Geometry of tensor operations, the shape figures and the tiny uncrumpling network."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlmath.geometry import (
    apply_affine,
    apply_matrix,
    collapse_dense_stack,
    dense_stack,
    f_shape,
    grid_lines,
    plot_linear_map,
    plot_relu_fold,
    plot_translation,
    projection_matrix,
    relu,
    rotation_matrix,
    scaling_matrix,
    shear_matrix,
)
from dlmath.shape_figures import (
    describe_broadcast,
    parse_shape,
    plot_broadcast_shapes,
    plot_matrix_product_shapes,
)
from dlmath.tiny_network import TinyNetwork, make_moons, plot_layers, train_tiny_network

RNG = np.random.default_rng(0)


def test_rotation_keeps_lengths_and_turns_counterclockwise():
    points = RNG.normal(size=(20, 2))
    turned = apply_matrix(rotation_matrix(37), points)
    np.testing.assert_allclose(np.linalg.norm(turned, axis=1), np.linalg.norm(points, axis=1))
    np.testing.assert_allclose(
        apply_matrix(rotation_matrix(90), [[1, 0], [0, 1]]), [[0, 1], [-1, 0]], atol=1e-12
    )
    np.testing.assert_allclose(rotation_matrix(30) @ rotation_matrix(60), rotation_matrix(90), atol=1e-12)


def test_scaling_shear_projection():
    np.testing.assert_allclose(apply_matrix(scaling_matrix(2, 3), [[1, 1]]), [[2, 3]])
    np.testing.assert_allclose(apply_matrix(shear_matrix(0.5), [[0, 2], [3, 0]]), [[1, 2], [3, 0]])
    p = projection_matrix([1, 1])
    np.testing.assert_allclose(p @ p, p)  # projecting twice changes nothing more
    np.testing.assert_allclose(p @ np.array([1.0, -1.0]), [0, 0], atol=1e-12)
    assert np.isclose(np.linalg.det(p), 0)
    with pytest.raises(ValueError, match=r"non-zero vector of shape \(2,\), got \[0.0, 0.0\]"):
        projection_matrix([0, 0])


def test_affine_map_is_linear_then_translation_and_checks_shapes():
    points = RNG.normal(size=(5, 2))
    m, t = RNG.normal(size=(2, 2)), np.array([1.0, -2.0])
    np.testing.assert_allclose(apply_affine(m, t, points), points @ m.T + t)
    with pytest.raises(ValueError, match=r"points must have shape \(n, 2\).*got shape \(5, 3\)"):
        apply_matrix(m, np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"2x2 matrix, got shape \(3, 3\)"):
        apply_matrix(np.eye(3), points)
    with pytest.raises(ValueError, match=r"offset in the plane has shape \(2,\), got shape \(3,\)"):
        apply_affine(m, np.ones(3), points)


def test_relu_folds_into_the_positive_quadrant():
    out = relu([[-1.0, 2.0], [3.0, -4.0]])
    np.testing.assert_array_equal(out, [[0, 2], [3, 0]])


@pytest.mark.parametrize("depth", [1, 2, 5])
def test_stacked_affine_maps_collapse_into_one(depth):
    sizes = [3, 4, 5, 2, 6, 3][: depth + 1]
    layers = [
        (RNG.normal(size=(m, k)), RNG.normal(size=k)) for m, k in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    x = RNG.normal(size=(10, sizes[0]))
    kernel, bias = collapse_dense_stack(layers)
    np.testing.assert_allclose(dense_stack(x, layers), x @ kernel + bias, atol=1e-10)
    if depth > 1:  # with ReLU in between, no single affine map does it
        assert not np.allclose(dense_stack(x, layers, activation="relu"), x @ kernel + bias)


def test_stack_validation_names_the_shapes():
    with pytest.raises(ValueError, match=r"layer 1 expects 5 inputs but layer 0 gives 4"):
        collapse_dense_stack([(np.ones((3, 4)), np.ones(4)), (np.ones((5, 2)), np.ones(2))])
    with pytest.raises(ValueError, match=r"layer 0: .*got shapes \(3, 4\) and \(3,\)"):
        collapse_dense_stack([(np.ones((3, 4)), np.ones(3))])
    with pytest.raises(ValueError, match="at least one"):
        collapse_dense_stack([])
    with pytest.raises(ValueError, match=r"inputs of shape \(2, 2\) do not fit a kernel of shape \(3, 1\)"):
        dense_stack(np.ones((2, 2)), [(np.ones((3, 1)), np.ones(1))])
    with pytest.raises(ValueError, match="activation"):
        dense_stack(np.ones((2, 2)), [(np.eye(2), np.ones(2))], activation="tanh")


def test_grid_and_shape():
    lines = grid_lines(extent=2, lines=3, samples=4)
    assert len(lines) == 6 and all(line.shape == (4, 2) for line in lines)
    assert np.abs(np.vstack(lines)).max() == 2
    assert f_shape().shape == (11, 2) and np.array_equal(f_shape()[0], f_shape()[-1])
    with pytest.raises(ValueError, match="at least 2"):
        grid_lines(lines=1)


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


# --- shape figures ----------------------------------------------------------------------------------


def test_parse_and_describe_shapes():
    assert parse_shape(" (64, 3, 32, 10) ") == (64, 3, 32, 10)
    assert parse_shape("5,") == (5,)
    with pytest.raises(ValueError, match=r"integers separated by commas.*'\(a, 2\)'"):
        parse_shape("(a, 2)")
    with pytest.raises(ValueError, match="negative"):
        parse_shape("(-1, 2)")
    assert describe_broadcast((3, 1), (4,)) == "(3, 1) with (4,) -> (3, 4)"
    assert "error: axis -1 has sizes 3 and 2" in describe_broadcast((2, 3), (2,))


def test_broadcast_figure_marks_stretched_and_clashing_axes():
    ax = plot_broadcast_shapes((3, 1), (4,))
    texts = [t.get_text() for t in ax.texts]
    assert "1\u21924" in texts and "(1)\u21923" in texts and ax.get_title() == "(3, 1) with (4,) -> (3, 4)"
    ax = plot_broadcast_shapes((2, 3), (2,))
    assert "error: sizes clash" in [t.get_text() for t in ax.texts]
    assert "cannot broadcast" in ax.get_title()


def test_matrix_product_figure_and_its_checks():
    fig = plot_matrix_product_shapes(3, 4, 2)
    assert fig.axes[0].get_title().startswith("(3, 4) \u00b7 (4, 2) \u2192 (3, 2)")
    with pytest.raises(ValueError, match=r"entry inside \(a, c\)"):
        plot_matrix_product_shapes(3, 4, 2, row=3)


# --- the tiny network ---------------------------------------------------------------------------------


def test_moons_are_seeded_balanced_and_standardised():
    x, y = make_moons(50, seed=1)
    x2, _ = make_moons(50, seed=1)
    np.testing.assert_array_equal(x, x2)
    assert x.shape == (100, 2) and y.dtype == np.int64 and y.sum() == 50
    np.testing.assert_allclose(x.mean(axis=0), 0, atol=1e-12)
    with pytest.raises(ValueError, match="n_per_class"):
        make_moons(0)


def test_moons_are_not_linearly_separable_but_the_tiny_network_separates_them():
    x, y = make_moons(200, seed=0)
    # The best straight line (least squares on +-1 targets) leaves errors.
    features = np.column_stack([x, np.ones(len(x))])
    w, *_ = np.linalg.lstsq(features, 2.0 * y - 1, rcond=None)
    assert ((features @ w > 0) == y).mean() < 0.95
    start = TinyNetwork.random(3, seed=2)
    before = [w.copy() for w, _ in start.layers]
    net, losses = train_tiny_network(start, x, y, steps=1000)
    assert losses[-1] < 0.05 * losses[0] and net.accuracy(x, y) >= 0.99
    assert all(np.array_equal(a, w) for a, (w, _) in zip(before, start.layers, strict=True))  # not mutated
    reps = net.representations(x)
    assert len(reps) == 4 and all(r.shape == (400, 2) for r in reps)
    # In the last representation, the output unit's line separates the classes.
    kernel, bias = net.layers[-1]
    assert (((reps[-1] @ kernel + bias)[:, 0] > 0) == y).mean() >= 0.99
    fig = plot_layers(net, x, y)
    assert [ax.get_title() for ax in fig.axes] == ["input", "after layer 1", "after layer 2", "after layer 3"]
    plt.close(fig)


def test_network_input_checks():
    net = TinyNetwork.random(1)
    with pytest.raises(ValueError, match=r"inputs must have shape \(n, 2\), got shape \(4, 3\)"):
        net.representations(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"got \(4, 2\) and \(3,\)"):
        train_tiny_network(net, np.ones((4, 2)), np.ones(3))
    with pytest.raises(ValueError, match="hidden_layers"):
        TinyNetwork.random(0)
