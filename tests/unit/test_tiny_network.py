"""Tests of dlmath.tiny_network."""

from __future__ import annotations

import numpy as np

from dlmath.synthetic import make_moons
from dlmath.tiny_network import TinyNetwork, train_tiny_network


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
