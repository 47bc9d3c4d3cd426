"""The checks of section 2.5 accept the right answers, explain the typical wrong ones, and never
give the expected values away."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.exercises.looking_back import (
    _backward_data,
    check_confusion_matrix,
    check_epoch_flops,
    check_relu_dense_backward,
    check_rmsprop_step,
    confusion_exercise_data,
    rmsprop_exercise_data,
)
from dlmath.optimizers import rmsprop_step
from dlmath.scratch.numpy import NaiveDense, RMSprop

BLANKS = [..., None]


def _reference_backward(x, w, b, grad_h):
    grad_z = grad_h * (x @ w + b > 0)
    return x.T @ grad_z, grad_z.sum(axis=0), grad_z @ w.T


@pytest.mark.parametrize(
    "check", [check_relu_dense_backward, check_rmsprop_step, check_confusion_matrix, check_epoch_flops]
)
@pytest.mark.parametrize("blank", BLANKS)
def test_blank_answers_get_not_yet(check, blank) -> None:
    feedback = check(blank)
    assert not feedback and repr(feedback).startswith("Not yet: replace the `...`")


def test_relu_dense_backward_data_has_both_signs_of_z() -> None:
    x, w, b, _ = _backward_data()
    z = x @ w + b
    assert (z > 0).any() and (z < 0).any()  # else the relu mask would change nothing


def test_relu_dense_backward_accepts_the_formulas_and_our_layer() -> None:
    feedback = check_relu_dense_backward(_reference_backward)
    assert feedback and repr(feedback).startswith("Correct")

    def with_naive_dense(x, w, b, grad_h):
        layer = NaiveDense(*w.shape, "relu", dtype=np.float64)
        layer.W[...], layer.b[...] = w, b
        layer.forward(x)
        grad_x = layer.backward(grad_h.copy()).copy()
        return layer.grad_W.copy(), layer.grad_b.copy(), grad_x

    assert check_relu_dense_backward(with_naive_dense)


def test_relu_dense_backward_names_the_mistakes() -> None:
    def stub(x, w, b, grad_h):
        raise NotImplementedError

    def no_mask(x, w, b, grad_h):
        return x.T @ grad_h, grad_h.sum(axis=0), grad_h @ w.T

    def transposed(x, w, b, grad_h):
        gw, gb, gx = _reference_backward(x, w, b, grad_h)
        return gw.T, gb, gx

    def batch_bias(x, w, b, grad_h):
        gw, _, gx = _reference_backward(x, w, b, grad_h)
        return gw, grad_h * (x @ w + b > 0), gx

    def mean_bias(x, w, b, grad_h):
        gw, gb, gx = _reference_backward(x, w, b, grad_h)
        return gw, gb / len(x), gx

    def crashes(x, w, b, grad_h):
        return x @ x

    cases = {
        stub: "still raises NotImplementedError",
        no_mask: "pass back through relu",
        transposed: "not grad_z.T @ x",
        batch_bias: "sum over axis 0",
        mean_bias: "do not average",
        crashes: "raised ValueError",
        (lambda x, w, b, grad_h: 0): "return three arrays",
        "relu_dense_backward": "the function itself",
    }
    for answer, hint in cases.items():
        feedback = check_relu_dense_backward(answer)
        assert not feedback and hint in feedback.message, (hint, feedback)


def test_rmsprop_step_accepts_both_of_our_optimizers() -> None:
    w, g, s = rmsprop_exercise_data()
    assert w.dtype == g.dtype == s.dtype == np.float32
    readable, _ = rmsprop_step(w, g, s, learning_rate=0.001)
    assert check_rmsprop_step(readable)
    optimizer = RMSprop()
    optimizer.build([w])
    optimizer.velocities[0][...] = s
    updated = w.copy()
    optimizer.apply([updated], [g])
    feedback = check_rmsprop_step(updated)
    assert feedback and "epsilon inside" in feedback.message


def test_rmsprop_step_names_mistakes_without_giving_the_answer() -> None:
    w, g, s = (a.astype(np.float64) for a in rmsprop_exercise_data())
    s_new = 0.9 * s + 0.1 * g**2
    cases = {
        "inside the square root": w - 0.001 * g / (np.sqrt(s_new) + 1e-7),
        "multiplied by rho": w - 0.001 * g / np.sqrt(s + 0.1 * g**2 + 1e-7),
        "root of the new one": w - 0.001 * g / np.sqrt(s + 1e-7),
        "not by the mean square": w - 0.001 * g / (s_new + 1e-7),
        "subtract it": w + 0.001 * g / np.sqrt(s_new + 1e-7),
        "before the step": w,
        "weights differ": w - 0.01 * g / np.sqrt(s_new + 1e-7),
        "shape of w": w[0],
        "array of new weights": "abc",
    }
    right = w - 0.001 * g / np.sqrt(s_new + 1e-7)
    for hint, answer in cases.items():
        feedback = check_rmsprop_step(answer)
        assert not feedback and hint in feedback.message, (hint, feedback)
        assert f"{right.flat[0]:.4f}" not in feedback.message


def test_confusion_matrix_check() -> None:
    labels, predictions = confusion_exercise_data()
    expected = np.zeros((4, 4), int)
    for label, prediction in zip(labels, predictions, strict=True):
        expected[label, prediction] += 1
    feedback = check_confusion_matrix(expected)
    assert feedback and str(expected[0, 0]) not in feedback.message.split(":")[0]
    assert not np.array_equal(expected, expected.T)
    assert "transposed" in check_confusion_matrix(expected.T).message
    assert "add up to 40" in check_confusion_matrix(expected * 2).message
    moved = expected.copy()
    moved[0, 1], moved[0, 2] = moved[0, 2], moved[0, 1]
    if not np.array_equal(moved, expected):
        assert "diagonal" in check_confusion_matrix(moved).message
    assert "shape (4, 4)" in check_confusion_matrix(np.zeros((3, 3))).message


def test_epoch_flops_check() -> None:
    forward = 2 * 60_000 * (784 * 512 + 512 * 10)
    full = 60_000 * 2 * (2 * 784 * 512 + 3 * 512 * 10)
    assert full == 98_181_120_000
    feedback = check_epoch_flops(full)
    assert feedback and "98" not in feedback.message
    assert "forward pass only" in check_epoch_flops(forward).message
    assert "two floating-point operations" in check_epoch_flops(full / 2).message
    assert "skip that product" in check_epoch_flops(full + 2 * 60_000 * 784 * 512).message
    assert "is needed to reach" in check_epoch_flops(full - 2 * 60_000 * 512 * 10).message
    assert "one image" in check_epoch_flops(full / 60_000).message
    assert "one batch" in check_epoch_flops(full / 60_000 * 128).message
    assert "per image" in check_epoch_flops(12345).message
    assert not check_epoch_flops("lots") and not check_epoch_flops(True)
