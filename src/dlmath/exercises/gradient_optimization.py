"""Checks for the exercises of section 2.4 (gradients, SGD, backpropagation).

Each check returns a :class:`dlmath.exercises.Feedback` and names the usual mistake when it
sees one. The data of an exercise comes from a function here, so the check and the notebook
use the same numbers.

>>> check_steps_per_epoch(469)
Correct: steps per epoch is 469.
>>> check_steps_per_epoch(468)
Not yet: expected steps per epoch 469, got 468. Hint: the last, smaller batch counts too: round up.
"""

from __future__ import annotations

import math

import numpy as np

from dlmath.exercises.feedback import Feedback, check_array, check_value
from dlmath.gradients import central_difference, softmax
from dlmath.optimizers import momentum_step, sgd_step

__all__ = [
    "STEP_SIZES",
    "check_best_step_size",
    "check_momentum_update",
    "check_mse_weight_gradient",
    "check_softmax_logit_gradient",
    "check_steps_per_epoch",
    "mse_exercise_data",
    "softmax_exercise_data",
]

STEP_SIZES = np.array([10.0**-k for k in range(1, 13)])
"""The steps h = 1e-1, 1e-2, ..., 1e-12 of the step-size exercise."""


def check_steps_per_epoch(answer: object, samples: int = 60_000, batch_size: int = 128) -> Feedback:
    """How many SGD steps one pass over ``samples`` samples takes in batches of ``batch_size``."""
    expected = -(-samples // batch_size)
    feedback = check_value(answer, expected, name="steps per epoch")
    if not feedback and np.isscalar(answer) and answer == samples // batch_size:
        return Feedback(False, feedback.message + " Hint: the last, smaller batch counts too: round up.")
    if not feedback and isinstance(answer, float) and not float(answer).is_integer():
        return Feedback(
            False, feedback.message + " Hint: a step uses a whole batch: the count is an integer."
        )
    return feedback


def _best_step_size() -> float:
    errors = [abs(central_difference(math.sin, 1.0, h) - math.cos(1.0)) for h in STEP_SIZES]
    return float(STEP_SIZES[int(np.argmin(errors))])


def check_best_step_size(answer: object) -> Feedback:
    """Which ``h`` in :data:`STEP_SIZES` gives ``central_difference(math.sin, 1.0, h)`` its smallest error."""
    expected = _best_step_size()
    return check_value(
        answer,
        expected,
        name="step size",
        rtol=1e-9,
        hints=[
            (
                lambda v: v < expected,
                "smaller is not always better: below the best h, round-off in f(x + h) - f(x - h) grows.",
            ),
            (
                lambda v: v > expected,
                "a larger h leaves more truncation error (it shrinks like h**2): try smaller steps.",
            ),
        ],
    )


def mse_exercise_data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(x, w, y)`` of shapes (6, 3), (3, 2), (6, 2) for the mean-squared-error gradient exercise."""
    rng = np.random.default_rng(24)
    return (
        rng.normal(size=(6, 3)).round(2),
        rng.normal(size=(3, 2)).round(2),
        rng.normal(size=(6, 2)).round(2),
    )


def check_mse_weight_gradient(answer: object) -> Feedback:
    """The gradient of ``np.mean((x @ w - y) ** 2)`` with respect to ``w`` (data: ``mse_exercise_data``)."""
    x, w, y = mse_exercise_data()
    residual = x @ w - y
    expected = 2 * x.T @ residual / residual.size
    return check_array(
        answer,
        expected,
        hints=[
            (lambda a: np.allclose(a, expected / 2), "the derivative of r**2 is 2 r: a factor 2 is missing."),
            (
                lambda a: np.allclose(a, expected * residual.size),
                "the mean divides by the number of entries.",
            ),
            (lambda a: np.allclose(a, -expected), "the sign is flipped: it is (x @ w - y), not (y - x @ w)."),
            (
                lambda a: np.allclose(a, expected * residual.size / len(x)),
                f"the mean is over all {residual.size} entries, not only the {len(x)} rows.",
            ),
        ],
    )


def softmax_exercise_data() -> tuple[np.ndarray, np.ndarray]:
    """``(logits, labels)``: 4 samples, 3 classes, for the softmax cross-entropy gradient exercise."""
    rng = np.random.default_rng(7)
    return rng.normal(size=(4, 3)).round(1), np.array([2, 0, 1, 1])


def check_softmax_logit_gradient(answer: object) -> Feedback:
    """The gradient of the mean softmax cross-entropy with respect to the logits.

    The data comes from :func:`softmax_exercise_data`.
    """
    logits, labels = softmax_exercise_data()
    probabilities = softmax(logits)
    one_hot = np.eye(logits.shape[1])[labels]
    expected = (probabilities - one_hot) / len(labels)
    return check_array(
        answer,
        expected,
        hints=[
            (
                lambda a: np.allclose(a, expected * len(labels)),
                "the loss is a mean: divide by the batch size.",
            ),
            (lambda a: np.allclose(a, -expected), "the sign is flipped: it is softmax minus one-hot."),
            (lambda a: np.allclose(a, probabilities / len(labels)), "subtract the one-hot labels."),
        ],
    )


def check_momentum_update(update: object) -> Feedback:
    """Check a function ``update(params, grad, velocity, learning_rate, momentum) -> (params, velocity)``.

    It is run on a few random inputs and compared with :func:`dlmath.optimizers.momentum_step`.
    """
    if update is None or update is Ellipsis:
        return Feedback(False, "no answer yet: replace the `...` with your code.")
    if not callable(update):
        return Feedback(False, f"expected a function, got {type(update).__name__}.")
    rng = np.random.default_rng(3)
    for trial in range(3):
        params, grad, velocity = (rng.normal(size=(2, 3)) for _ in range(3))
        lr, momentum = 0.1 * (trial + 1), 0.5 + 0.2 * trial
        inputs = (params.copy(), grad.copy(), velocity.copy(), lr, momentum)
        try:
            result = update(*inputs)
        except Exception as exc:  # noqa: BLE001 - the learner sees what went wrong
            return Feedback(False, f"calling it raised {type(exc).__name__}: {exc}")
        if not isinstance(result, tuple) or len(result) != 2:
            return Feedback(False, "it must return a pair (new_params, new_velocity).")
        new_params, new_velocity = (np.asarray(r) for r in result)
        want_params, want_velocity = momentum_step(params, grad, velocity, lr, momentum)
        if new_params.shape != params.shape or new_velocity.shape != params.shape:
            return Feedback(
                False,
                f"both results must have the parameters' shape {params.shape}; got "
                f"{new_params.shape} and {new_velocity.shape}.",
            )
        if np.allclose(new_params, want_params) and np.allclose(new_velocity, want_velocity):
            continue
        if np.allclose(new_params, sgd_step(params, grad, lr)):
            return Feedback(
                False, "that is a plain SGD step: the velocity must carry over (momentum * velocity)."
            )
        if np.allclose(new_params, params + velocity) or np.allclose(
            new_params, params + momentum * velocity
        ):
            return Feedback(False, "update the velocity first, then move the parameters by the new velocity.")
        if np.allclose(new_params, params + momentum * velocity + lr * grad):
            return Feedback(False, "the gradient points uphill: subtract learning_rate * grad.")
        return Feedback(
            False,
            f"on trial {trial + 1} (lr={lr:.1f}, momentum={momentum:.1f}) the result differs from "
            "velocity = momentum * velocity - learning_rate * grad; params = params + velocity.",
        )
    return Feedback(True, "your momentum update matches on 3 random inputs.")
