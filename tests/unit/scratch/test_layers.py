"""Tests of dlmath.scratch.layers, what the NumPy and TensorFlow networks share."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.scratch import numpy as scratch_numpy
from dlmath.scratch.layers import check_dense, check_layer_stack, glorot_uniform, mnist_layers


def test_glorot_uniform_is_seeded_float32_and_within_its_limit() -> None:
    a, b = (
        glorot_uniform(784, 512, np.random.default_rng(1)),
        glorot_uniform(784, 512, np.random.default_rng(1)),
    )
    assert a.dtype == np.float32 and np.array_equal(a, b)
    assert np.abs(a).max() <= np.sqrt(6 / (784 + 512))


def test_a_stack_knows_its_sizes_predicts_and_checks_set_weights() -> None:
    model = scratch_numpy.NaiveSequential(mnist_layers(scratch_numpy.NaiveDense, seed=0, hidden=4))
    assert (model.input_size, model.classes) == (784, 10)
    assert [w.shape for w in model.weights] == [(784, 4), (4,), (4, 10), (10,)]
    assert model.predict(np.zeros((3, 784), np.float32)).shape == (3,)
    with pytest.raises(ValueError, match="expected 4 arrays, got 1"):
        model.set_weights([np.zeros((784, 4))])
    with pytest.raises(ValueError, match=r"expected shape \(784, 4\), got \(4, 784\)"):
        model.set_weights([np.zeros((4, 784)), *model.weights[1:]])


def test_layer_checks_say_what_is_wrong() -> None:
    with pytest.raises(ValueError, match="activation must be one of"):
        check_dense(2, 3, "tanh")
    with pytest.raises(ValueError, match="input_size=0"):
        check_dense(0, 3, "relu")
    relu, softmax = (
        scratch_numpy.NaiveDense(2, 3, "relu", seed=0),
        scratch_numpy.NaiveDense(4, 2, "softmax", seed=0),
    )
    with pytest.raises(
        ValueError, match="do not chain: a layer with 3 outputs is followed by one expecting 4"
    ):
        check_layer_stack([relu, softmax])
