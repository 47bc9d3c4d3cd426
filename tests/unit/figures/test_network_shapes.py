"""Tests of dlmath.figures.network_shapes."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlmath.figures.network_shapes import plot_network_shapes

matplotlib.use("Agg")


def _boxes(ax) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_text()]


def test_the_mnist_network_shows_every_tensor_and_gradient_shape():
    ax = plot_network_shapes()
    text = "\n".join(_boxes(ax))
    for shape in ["(128, 784)", "(784, 512)", "(512,)", "(128, 512)", "(512, 10)", "(10,)", "(128, 10)"]:
        assert shape in text
    for name in ["dW1 =", "db1 =", "dW2 =", "db2 =", "dlogits =", "dh1 =", "dz1 ="]:
        assert name in text
    assert "probs = softmax(logits)" in text and "h1 = relu(z1)" in text
    plt.close(ax.figure)


def test_each_gradient_has_the_shape_of_its_tensor():
    ax = plot_network_shapes(batch=32, sizes=(784, 256, 64, 10))
    boxes = {b.split(" =")[0].split("\n")[0]: b.rsplit("\n", 1)[-1] for b in _boxes(ax)}
    for name in ["W1", "b1", "W2", "b2", "W3", "b3", "z1", "h1", "z2", "h2", "logits"]:
        assert boxes["d" + name] == boxes[name], name
    # the shapes are those NumPy gives for the products the boxes name
    x, w1 = np.ones((32, 784)), np.ones((784, 256))
    assert boxes["z1"] == str((x @ w1).shape) and boxes["dW1"] == str((x.T @ (x @ w1)).shape)
    plt.close(ax.figure)


def test_draws_into_a_given_axes_and_returns_it():
    fig, (left, right) = plt.subplots(1, 2)
    assert plot_network_shapes(right, batch=4, sizes=(3, 2)) is right
    assert not left.texts and right.texts
    assert fig.get_facecolor()[3] == 1  # opaque, readable in dark mode
    plt.close(fig)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"batch": 0}, ValueError, "batch must be a positive integer, got 0"),
        ({"batch": 2.5}, ValueError, "got 2.5"),
        ({"sizes": (784,)}, ValueError, r"at least two .* got \(784,\)"),
        ({"sizes": (784, -3)}, ValueError, r"got \(784, -3\)"),
        ({"sizes": None}, TypeError, "got NoneType"),
    ],
)
def test_bad_input_says_what_came(kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_network_shapes(**kwargs)
