"""The fast NumPy variant computes what the readable network of section 2.5 computes."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

from benchmarks.fast_numpy import FastNetwork, fast_mnist_network, fit_fast
from dlmath.batches import BatchGenerator
from dlmath.scratch.numpy import RMSprop, fit, mnist_model, train_step


def learnable_data(n: int = 600, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, n)
    images = (rng.random((n, 784)) * 0.2).astype(np.float32)
    images[np.arange(n), labels * 70 + rng.integers(0, 5, n)] += 0.8  # a signal to learn
    return images, labels


@pytest.mark.parametrize("chunk", [None, 4096])
def test_same_loss_curve_as_the_readable_network_for_hundreds_of_steps(chunk: int | None) -> None:
    images, labels = learnable_data()
    readable = mnist_model(seed=4, hidden=64)
    fast = FastNetwork(mnist_model(seed=4, hidden=64), chunk=chunk)
    readable_step = partial(train_step, readable, RMSprop())
    readable_losses, fast_losses = [], []
    for _ in range(10):  # 10 epochs of 30 batches of 20 (the last epoch's batches like fit's)
        for x, y in BatchGenerator(images, labels, 20, seed=1):
            readable_losses.append(readable_step(x, y)[0])
            fast_losses.append(fast.train_step(x, y)[0])
    assert len(fast_losses) == 300
    assert readable_losses[-1] < 0.8 * readable_losses[0]  # it learned: the curve is not flat
    # float32 round-off: the two differ in the order BLAS adds within a product and in the
    # update's algebra (the fast one keeps mean_square / (1 - rho)), not in the formulas
    np.testing.assert_allclose(fast_losses, readable_losses, rtol=1e-4, atol=1e-6)
    for a, b in zip(fast.weights, readable.weights, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-5)


def test_fit_fast_sees_fit_s_batches_and_reports_the_same_history() -> None:
    images, labels = learnable_data(300)
    settings = {"epochs": 2, "batch_size": 64, "seed": 3}
    readable_history = fit(mnist_model(seed=2, hidden=32), images, labels, log=None, **settings)
    fast_history = fit_fast(fast_mnist_network(seed=2, hidden=32), images, labels, **settings)
    np.testing.assert_allclose(fast_history["loss"], readable_history["loss"], rtol=1e-5)
    assert fast_history["accuracy"] == readable_history["accuracy"]


def test_the_fast_network_keeps_every_weight_in_one_flat_array() -> None:
    fast = fast_mnist_network(seed=0, hidden=8)
    assert fast.parameters.size == 784 * 8 + 8 + 8 * 10 + 10
    assert all(np.shares_memory(w, fast.parameters) for w in fast.weights)
    readable = mnist_model(seed=0, hidden=8)
    for a, b in zip(fast.weights, readable.weights, strict=True):
        np.testing.assert_array_equal(a, b)  # the same start, copied
    assert not np.shares_memory(fast.W1, readable.layers[0].W)
    x = np.random.default_rng(0).random((5, 784), dtype=np.float32)
    np.testing.assert_array_equal(fast.predict(x), readable.predict(x))
