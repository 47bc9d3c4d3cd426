"""The checks of section 2.5 accept the right answers and explain the typical wrong ones."""

from __future__ import annotations

import numpy as np

from dlmath.exercises.looking_back import (
    check_confusion_matrix,
    check_epoch_flops,
    check_parameter_count,
    check_rmsprop_step,
    confusion_exercise_data,
    rmsprop_exercise_data,
)
from dlmath.scratch.numpy import RMSprop


def test_parameter_count() -> None:
    assert check_parameter_count(784 * 512 + 512 + 512 * 10 + 10)
    assert "each unit also has a bias" in check_parameter_count(784 * 512 + 512 * 10).message
    assert "only the units do" in check_parameter_count(784 * 512 + 512 * 10 + 784 + 512 + 10).message
    assert not check_parameter_count(...)


def test_rmsprop_step_accepts_our_optimizer_and_names_mistakes() -> None:
    w, g, v = rmsprop_exercise_data()
    assert w.dtype == g.dtype == v.dtype == np.float32
    optimizer = RMSprop()
    optimizer.build([w])
    optimizer.velocities[0][...] = v
    updated = w.copy()
    optimizer.apply([updated], [g])
    assert check_rmsprop_step(updated)
    v_new = 0.9 * v + 0.1 * g**2
    outside = check_rmsprop_step(w - 0.001 * g / (np.sqrt(v_new) + 1e-7))
    assert not outside and "epsilon inside the square root" in outside.message
    no_decay = check_rmsprop_step(w - 0.001 * g / np.sqrt(v + 0.1 * g**2 + 1e-7))
    assert not no_decay and "multiplied by rho" in no_decay.message
    uphill = check_rmsprop_step(w + 0.001 * g / np.sqrt(v_new + 1e-7))
    assert not uphill and "subtract it" in uphill.message


def test_confusion_matrix_check() -> None:
    labels, predictions = confusion_exercise_data()
    expected = np.zeros((4, 4), int)
    for label, prediction in zip(labels, predictions, strict=True):
        expected[label, prediction] += 1
    assert check_confusion_matrix(expected)
    if not np.array_equal(expected, expected.T):
        assert "rows are the true labels" in check_confusion_matrix(expected.T).message
    assert "add up to 40" in check_confusion_matrix(expected * 2).message


def test_epoch_flops_check() -> None:
    forward = 2 * 60_000 * (784 * 512 + 512 * 10)
    full = 60_000 * 2 * (2 * 784 * 512 + 3 * 512 * 10)
    assert full == 98_181_120_000
    assert check_epoch_flops(full)
    assert "forward pass only" in check_epoch_flops(forward).message
    assert "two floating-point operations" in check_epoch_flops(full / 2).message
    assert "skip that product" in check_epoch_flops(full + 2 * 60_000 * 784 * 512).message
    assert not check_epoch_flops("lots")
