"""Exercises of 2.5: right forms pass, beginners' wrong answers fail, no message leaks."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.exercises import looking_back as ex
from dlmath.optimizers import rmsprop_step
from dlmath.scratch.numpy import NaiveDense, RMSprop


@pytest.mark.parametrize("check", [getattr(ex, n) for n in ex.__all__ if n.startswith("check_")])
@pytest.mark.parametrize("blank", [..., None])
def test_a_blank_says_not_yet(check, blank):
    feedback = check(blank)
    assert not feedback and feedback.message.endswith("then run the cell.")


# --- 2.5.1 ------------------------------------------------------------------------------------
X, W, B, GRAD_H = ex._backward_data()
Z = X @ W + B


def test_the_backward_data_separates_the_masks():
    # The bias flips the sign of some pre-activations, so a mask from x @ W alone is wrong there;
    # every unit has samples on both sides of 0; none is so close to 0 that >= and > differ.
    assert ((X @ W > 0) != (Z > 0)).sum() >= 4
    assert (Z > 0).any(axis=0).all() and (Z < 0).any(axis=0).all()
    assert np.abs(Z).min() > 0.1


def _right(x, W, b, grad_h):
    grad_z = grad_h * (x @ W + b > 0)
    return x.T @ grad_z, grad_z.sum(axis=0), grad_z @ W.T


def _as_list(x, W, b, grad_h):
    return list(_right(x, W, b, grad_h))


def _where(x, W, b, grad_h):
    z = x @ W + b
    grad_z = np.where(z > 0, grad_h, 0.0)
    return np.dot(x.T, grad_z), np.sum(grad_z, axis=0), np.dot(grad_z, W.T)


def _from_h(x, W, b, grad_h):
    h = np.maximum(x @ W + b, 0)
    grad_z = grad_h * (h > 0)
    return x.T @ grad_z, grad_z.sum(0), grad_z @ W.T


def _float32(x, W, b, grad_h):
    return tuple(g.astype("float32") for g in _right(x, W, b, grad_h))


def _naive_dense(x, W, b, grad_h):
    layer = NaiveDense(*W.shape, "relu", dtype=np.float64)
    layer.W[...], layer.b[...] = W, b
    layer(x)
    grad_x = layer.backward(grad_h.copy()).copy()
    return layer.grad_W.copy(), layer.grad_b.copy(), grad_x


@pytest.mark.parametrize("function", [_right, _as_list, _where, _from_h, _float32, _naive_dense])
def test_relu_backward_right_forms(function):
    assert ex.check_relu_dense_backward(function)


def _masked(mask_of):
    def backward(x, W, b, grad_h):
        grad_z = grad_h * mask_of(x, W, b, grad_h)
        return x.T @ grad_z, grad_z.sum(axis=0), grad_z @ W.T

    return backward


def _mask_on_one(which):
    def backward(x, W, b, grad_h):
        right = list(_right(x, W, b, grad_h))
        unmasked = [x.T @ grad_h, grad_h.sum(axis=0), grad_h @ W.T]
        right[which] = unmasked[which]
        return tuple(right)

    return backward


def _stub(x, W, b, grad_h):
    raise NotImplementedError


def _replace(which, value):
    def backward(x, W, b, grad_h):
        grads = list(_right(x, W, b, grad_h))
        grads[which] = value(x, W, b, grad_h, grads)
        return tuple(grads)

    return backward


@pytest.mark.parametrize(
    ("function", "words"),
    [
        (_masked(lambda x, W, b, g: x @ W > 0), "the bias included"),
        (_masked(lambda x, W, b, g: 1.0), "pass back through relu"),
        (_masked(lambda x, W, b, g: g > 0), "not from grad_h"),
        (_masked(lambda x, W, b, g: np.maximum(x @ W + b, 0)), "not by relu(z) itself"),
        (_replace(0, lambda x, W, b, g, gr: gr[0] / len(x)), "do not divide by the batch size"),
        (_mask_on_one(0), "pass back through relu"),
        (_mask_on_one(2), "pass back through relu"),
        (lambda x, W, b, g: _right(x, W, b, g)[::-1], "another order"),
        (lambda x, W, b, g: _right(x, W, b, g)[:2], "return three arrays"),
        (_replace(0, lambda x, W, b, g, gr: gr[0].T), "not grad_z.T @ x"),
        (_replace(0, lambda x, W, b, g, gr: 2 * gr[0]), "grad_W is not x.T @ grad_z"),
        (_replace(1, lambda x, W, b, g, gr: gr[1] / len(x)), "do not average"),
        (_replace(1, lambda x, W, b, g, gr: g * (x @ W + b > 0)), "sum over axis 0"),
        (_replace(1, lambda x, W, b, g, gr: gr[1][None]), "shape (1, 5)"),
        (_replace(1, lambda x, W, b, g, gr: -gr[1]), "summed over the batch axis"),
        (_replace(2, lambda x, W, b, g, gr: gr[2].T), "inputs' shape"),
        (_replace(2, lambda x, W, b, g, gr: gr[2] * 2), "grad_z @ W.T"),
        (lambda x, W, b, g: (g * (x @ W + b > 0)) @ W, "raised ValueError"),
        (lambda x, W, b, g: "grads", "return three arrays"),
        (_stub, "then run the cell"),
        ("relu_dense_backward", "pass the function"),
    ],
)
def test_relu_backward_wrong_answers(function, words, assert_not_yet):
    feedback = ex.check_relu_dense_backward(function)
    # Errors raised by the learner's own code name the check's shapes; those are no answer.
    allowed = ("shapes (4,5) (3,5)", "(size 3 is different from 5)")
    assert_not_yet(feedback, _right(X, W, B, GRAD_H)[1], contains=words, allowed=allowed)


# --- 2.5.2 ------------------------------------------------------------------------------------
W_EX, G_EX, S_EX = ex.rmsprop_exercise_data()
W64, G64, S64 = (a.astype(float) for a in (W_EX, G_EX, S_EX))
S_NEW = 0.9 * S64 + 0.1 * G64**2
RMSPROP = W64 - 0.001 * G64 / np.sqrt(S_NEW + 1e-7)


def test_rmsprop_right_answer_agrees_with_our_optimizers():
    readable, _ = rmsprop_step(W_EX, G_EX, S_EX, learning_rate=0.001)
    assert np.allclose(readable, RMSPROP, rtol=1e-6)
    optimizer = RMSprop()
    optimizer.mean_square = [S_EX.copy()]
    updated = W_EX.copy()
    optimizer.apply([updated], [G_EX])
    assert np.allclose(updated, RMSPROP, rtol=1e-6)


@pytest.mark.parametrize(
    "answer",
    [
        RMSPROP,
        RMSPROP.astype("float32"),
        W_EX - 0.001 * G_EX / np.sqrt(0.9 * S_EX + 0.1 * G_EX**2 + 1e-7),
        W_EX
        - np.float32(0.001)
        * G_EX
        / np.sqrt(np.float32(0.9) * S_EX + np.float32(0.1) * G_EX * G_EX + np.float32(1e-7)),
        RMSPROP.tolist(),
    ],
)
def test_rmsprop_right_forms(answer):
    assert ex.check_rmsprop_step(answer)


def _g_not_squared():
    with np.errstate(invalid="ignore"):  # g is negative somewhere: NaN, as the learner would get
        return W64 - 0.001 * G64 / np.sqrt(0.9 * S64 + 0.1 * G64 + 1e-7)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (W64 - 0.001 * G64 / (np.sqrt(S_NEW) + 1e-7), "not sqrt(s) + epsilon"),
        (W64 - 0.001 * G64 / np.sqrt(S64 + 0.1 * G64**2 + 1e-7), "multiplied by rho"),
        (W64 - 0.001 * G64 / np.sqrt(S64 + 1e-7), "root of the new one"),
        (W64 - 0.001 * G64 / (S_NEW + 1e-7), "square root of the mean square"),
        (W64 + 0.001 * G64 / np.sqrt(S_NEW + 1e-7), "against the gradient"),
        (W64, "before the step"),
        (0.001 * G64 / np.sqrt(S_NEW + 1e-7), "the step itself"),
        (S_NEW, "new mean square"),
        (W64 - 0.001 * G64 / np.sqrt(S_NEW), "not left out"),
        (W64 - 0.001 * np.sign(G64), "weights are not right"),
        (W64 - 0.01 * G64 / np.sqrt(S_NEW + 1e-7), "weights are not right"),
        (W64 - 0.001 * G64 / np.sqrt(0.1 * S64 + 0.9 * G64**2 + 1e-7), "weights are not right"),
        (_g_not_squared(), "weights are not right"),
        (RMSPROP.T, "shape (3, 2)"),
        ("weights", "array of new weights"),
    ],
)
def test_rmsprop_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_rmsprop_step(answer), RMSPROP, contains=words)


# --- 2.5.3 ------------------------------------------------------------------------------------
LABELS, PREDICTIONS = ex.confusion_exercise_data()
CONFUSION = np.zeros((4, 4), dtype=int)
np.add.at(CONFUSION, (LABELS, PREDICTIONS), 1)


def test_the_confusion_data_separates_the_mistakes():
    assert not np.array_equal(CONFUSION, CONFUSION.T)
    once = np.zeros((4, 4))
    once[LABELS, PREDICTIONS] += 1
    assert not np.array_equal(once, CONFUSION)


def _loop():
    m = [[0] * 4 for _ in range(4)]
    for label, prediction in zip(LABELS, PREDICTIONS, strict=True):
        m[label][prediction] += 1
    return m


@pytest.mark.parametrize(
    "answer",
    [
        CONFUSION,
        CONFUSION.astype(float),
        CONFUSION.astype("int32"),
        _loop(),
        np.bincount(LABELS * 4 + PREDICTIONS, minlength=16).reshape(4, 4),
    ],
)
def test_confusion_right_forms(answer):
    assert ex.check_confusion_matrix(answer)


def _fancy_once():
    m = np.zeros((4, 4), dtype=int)
    m[LABELS, PREDICTIONS] += 1
    return m


def _swap_two_mistakes():
    m = CONFUSION.copy()
    m[0, 1], m[1, 0] = m[1, 0] + 1, m[0, 1] - 1
    return m


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (CONFUSION.T, "transposed"),
        (_fancy_once(), "np.add.at"),
        (CONFUSION / CONFUSION.sum(axis=1, keepdims=True), "fractions"),
        (CONFUSION / 40, "fractions"),
        (CONFUSION + np.eye(4, dtype=int), "add up to 40"),
        (_swap_two_mistakes(), "diagonal"),
        (CONFUSION[:3], "shape (4, 4)"),
        ("matrix", "4 x 4 array of counts"),
    ],
)
def test_confusion_wrong_answers(answer, words, assert_not_yet):
    feedback = ex.check_confusion_matrix(answer)
    assert_not_yet(feedback, CONFUSION[CONFUSION > 9], contains=words, allowed=("(4, 4)",))


# --- 2.5.4 ------------------------------------------------------------------------------------
FLOPS = 60_000 * 2 * (2 * 784 * 512 + 3 * 512 * 10)


@pytest.mark.parametrize("answer", [FLOPS, float(FLOPS), np.int64(FLOPS), 9.82e10, 9.818e10, 98_200_000_000])
def test_epoch_flops_right_forms(answer):
    assert ex.check_epoch_flops(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (2 * 60_000 * (784 * 512 + 512 * 10), "forward pass only"),
        (FLOPS / 2, "two floating-point operations"),
        (FLOPS + 2 * 60_000 * 784 * 512, "images"),
        (FLOPS - 2 * 60_000 * 512 * 10, "needed to reach the hidden layer"),
        (9.76e10, "needed to reach the hidden layer"),
        (FLOPS / 60_000, "one image"),
        (FLOPS / 60_000 * 128, "one batch"),
        # 469 full batches of 128 are 60,032 images, not 60,000
        (FLOPS / 60_000 * 128 * 469, "every batch as full"),
        # bias additions counted too: not a matter of rounding alone
        (FLOPS + 60_000 * 2 * (512 + 10), "no bias additions"),
        (FLOPS / 1e9, "GFLOP"),
        (9.8e10, "three significant figures"),
        (9.81e10, "three significant figures"),
        (FLOPS * 1.2, "multiply by the number of images"),
        (str(FLOPS), "a string, not a number"),
    ],
)
def test_epoch_flops_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_epoch_flops(answer), FLOPS, contains=words, answer=answer, allowed=("60,000",))
