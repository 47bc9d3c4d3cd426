"""The exercise checks of chapter 2.4: right answers pass, typical mistakes get a specific message."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dlmath.exercises import gradient_optimization as ex
from dlmath.gradients import central_difference, numerical_gradient, relative_error, softmax


def test_steps_per_epoch():
    assert ex.check_steps_per_epoch(469)
    assert "round up" in ex.check_steps_per_epoch(468).message
    assert "integer" in ex.check_steps_per_epoch(468.75).message
    assert "no answer yet" in ex.check_steps_per_epoch(...).message
    assert ex.check_steps_per_epoch(10, samples=100, batch_size=10)


def test_best_step_size():
    errors = [abs(central_difference(math.sin, 1.0, h) - math.cos(1.0)) for h in ex.STEP_SIZES]
    best = ex.STEP_SIZES[int(np.argmin(errors))]
    assert best == 1e-5
    assert ex.check_best_step_size(best)
    assert "round-off" in ex.check_best_step_size(1e-12).message
    assert "truncation" in ex.check_best_step_size(1e-2).message
    assert "expected a number" in ex.check_best_step_size("small").message


def _mse_expected():
    x, w, y = ex.mse_exercise_data()
    residual = x @ w - y
    return x, w, y, 2 * x.T @ residual / residual.size


def test_mse_gradient_answer_agrees_with_numerical_gradient():
    x, w, y, expected = _mse_expected()
    numeric = numerical_gradient(lambda v: float(np.mean((x @ v - y) ** 2)), w)
    assert relative_error(expected, numeric) < 1e-7
    assert ex.check_mse_weight_gradient(expected)
    assert ex.check_mse_weight_gradient(numeric)  # close enough for the default tolerance


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda e, x, y: e / 2, "factor 2 is missing"),
        (lambda e, x, y: e * y.size, "divides by the number of entries"),
        (lambda e, x, y: -e, "sign is flipped"),
        (lambda e, x, y: e * y.size / len(x), "not only the 6 rows"),
        (lambda e, x, y: e.T, "transpose"),
    ],
)
def test_mse_gradient_typical_mistakes(wrong, hint):
    x, _, y, expected = _mse_expected()
    feedback = ex.check_mse_weight_gradient(wrong(expected, x, y))
    assert not feedback and hint in feedback.message


def test_softmax_logit_gradient():
    logits, labels = ex.softmax_exercise_data()
    expected = (softmax(logits) - np.eye(3)[labels]) / len(labels)

    def loss(z):
        p = softmax(z)
        return float(-np.log(p[np.arange(len(labels)), labels]).mean())

    assert relative_error(expected, numerical_gradient(loss, logits)) < 1e-7
    assert ex.check_softmax_logit_gradient(expected)
    assert "divide by the batch size" in ex.check_softmax_logit_gradient(expected * 4).message
    assert "sign is flipped" in ex.check_softmax_logit_gradient(-expected).message
    assert "subtract the one-hot" in ex.check_softmax_logit_gradient(softmax(logits) / 4).message


def test_momentum_update_accepts_a_correct_function():
    def update(params, grad, velocity, learning_rate, momentum):
        velocity = momentum * velocity - learning_rate * grad
        return params + velocity, velocity

    feedback = ex.check_momentum_update(update)
    assert feedback and "3 random inputs" in feedback.message


@pytest.mark.parametrize(
    ("update", "hint"),
    [
        (lambda p, g, v, lr, m: (p - lr * g, v), "plain SGD step"),
        (lambda p, g, v, lr, m: (p + v, m * v - lr * g), "update the velocity first"),
        (lambda p, g, v, lr, m: (p + m * v + lr * g, m * v + lr * g), "points uphill"),
        (lambda p, g, v, lr, m: (p + 2 * (m * v - lr * g), m * v - lr * g), "differs from"),
        (lambda p, g, v, lr, m: p, "pair (new_params, new_velocity)"),
        (lambda p, g, v, lr, m: (p[0], v), "parameters' shape (2, 3)"),
        (lambda p, g: (p, g), "raised TypeError"),
    ],
)
def test_momentum_update_typical_mistakes(update, hint):
    feedback = ex.check_momentum_update(update)
    assert not feedback and hint in feedback.message


def test_momentum_update_without_an_answer():
    assert "no answer yet" in ex.check_momentum_update(...).message
    assert "expected a function, got int" in ex.check_momentum_update(3).message


def test_learner_blank_of_the_build_exercise_gets_a_clear_message():
    def momentum_update(params, grad, velocity, learning_rate, momentum):
        raise NotImplementedError("your code here")

    assert "raised NotImplementedError: your code here" in ex.check_momentum_update(momentum_update).message
