"""Tests of dlmath.scratch.layers, what the NumPy and TensorFlow networks share."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.scratch import numpy as scratch_numpy
from dlmath.scratch.layers import check_fit, glorot_uniform, mnist_layers


def test_glorot_uniform_is_seeded_float32_and_within_its_limit() -> None:
    a, b = glorot_uniform(784, 512, np.random.default_rng(1)), glorot_uniform(784, 512, 1)
    assert a.dtype == np.float32 and np.array_equal(a, b)  # a generator or its seed
    assert np.abs(a).max() <= np.sqrt(6 / (784 + 512))
    assert np.abs(a).max() > 0.99 * np.sqrt(6 / (784 + 512))  # and it fills that range


def test_mnist_layers_are_784_hidden_10_relu_then_softmax() -> None:
    layers = mnist_layers(scratch_numpy.NaiveDense, seed=0, hidden=4)
    assert [w.shape for layer in layers for w in layer.weights] == [(784, 4), (4,), (4, 10), (10,)]
    assert [layer.activation for layer in layers] == ["relu", "softmax"]
    again = mnist_layers(scratch_numpy.NaiveDense, seed=0, hidden=4)
    assert all(np.array_equal(a.W, b.W) for a, b in zip(layers, again, strict=True))


def test_check_fit_returns_float32_images_and_int64_labels() -> None:
    model = scratch_numpy.mnist_model(seed=0, hidden=4)
    images, labels = check_fit(model, np.zeros((3, 784)), np.array([1, 2, 3], np.int32))
    assert images.dtype == np.float32 and labels.dtype == np.int64
    with pytest.raises(ValueError, match="got 3 images but 2 labels"):
        check_fit(model, np.zeros((3, 784)), np.array([1, 2]))


@pytest.mark.parametrize(
    ("model", "images", "optimizer", "error", "pattern"),
    [
        ("mnist", np.zeros((3, 784)), "rmsprop", TypeError, r"apply\(weights, gradients\).*'rmsprop'"),
        ("keras-like", np.zeros((3, 784)), None, TypeError, "must be a NaiveSequential.*got str"),
        ("mnist", np.zeros((0, 784)), None, ValueError, "images is empty"),
    ],
)
def test_check_fit_says_what_is_wrong(model, images, optimizer, error, pattern):
    """A model, an optimizer or data that cannot train: the message names which."""
    model = scratch_numpy.mnist_model(seed=0, hidden=4) if model == "mnist" else model
    with pytest.raises(error, match=pattern):
        check_fit(model, images, np.zeros(len(images), int), optimizer)
