"""Geometry of tensor operations, the shape figures and the tiny uncrumpling network."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.figures.shapes import (
    describe_broadcast,
    parse_shape,
)
from dlmath.geometry import (
    apply_affine,
    apply_matrix,
    collapse_dense_stack,
    dense_stack,
    f_shape,
    grid_lines,
    projection_matrix,
    relu,
    rotation_matrix,
    scaling_matrix,
    shear_matrix,
)
from dlmath.tiny_network import TinyNetwork, train_tiny_network

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


# --- the tiny network ---------------------------------------------------------------------------------


def test_network_input_checks():
    net = TinyNetwork.random(1)
    with pytest.raises(ValueError, match=r"inputs must have shape \(n, 2\), got shape \(4, 3\)"):
        net.representations(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"got \(4, 2\) and \(3,\)"):
        train_tiny_network(net, np.ones((4, 2)), np.ones(3))
    with pytest.raises(ValueError, match="hidden_layers"):
        TinyNetwork.random(0)
