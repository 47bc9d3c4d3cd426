"""Checks for the exercises of section 2.4 (gradients, gradient descent, backpropagation).

Each check returns a :class:`dlmath.exercises.Feedback`: on success it confirms without
repeating the answer, on failure it names the likely mistake. A blank answer (``...`` or
``None``, or a function stub that raises ``NotImplementedError``) gets "Not yet", never an
exception. The data of an exercise comes from a function here, so the check and the notebook
use the same numbers.

>>> check_largest_stable_learning_rate(...)
Not yet: replace the `...` with your answer, then run the cell.
>>> check_largest_stable_learning_rate(20.0)
Not yet: that is 2 divided by the curvature along x, the flat direction; the steep direction y breaks first.
"""

from __future__ import annotations

import numpy as np

from dlmath.exercises.feedback import (
    Feedback,
    check_array,
    is_blank,
    no_answer,
)
from dlmath.gradients import softmax
from dlmath.optimizers import momentum_step, sgd_step

__all__ = [
    "bias_gradient_exercise_data",
    "check_bias_gradient",
    "check_gradient_shapes",
    "check_hidden_gradient",
    "check_largest_stable_learning_rate",
    "check_momentum_update",
    "check_mse_weight_gradient",
    "mse_exercise_data",
]

# The scalar computation graph of section 2.4 (one sample, one input, one hidden unit, two classes).
_GRAPH = {
    "x": np.array([[2.0]]),
    "w1": np.array([[0.5]]),
    "b1": np.array([-0.4]),
    "w2": np.array([[1.5, -1.0]]),
    "b2": np.array([0.0, 0.2]),
}

# The network of the shapes exercise: MNIST images, Dense(256, relu), Dense(64, relu), Dense(10, softmax).
_SIZES = (784, 256, 64, 10)
_BATCH = 32


def _compare(answer: object, expected: np.ndarray, hints: list) -> Feedback:
    """Like :func:`check_array`, but a wrong value is reported without the expected one."""
    feedback = check_array(answer, expected, hints=hints)
    if feedback or "values differ" not in feedback.message:
        return feedback
    got = np.asarray(answer, dtype=np.float64)
    wrong = ~np.isclose(got, expected, rtol=1e-6, atol=1e-8)
    first = tuple(int(i) for i in np.argwhere(wrong)[0])
    message = f"{int(wrong.sum())} of {wrong.size} values differ (the first at index {first})."
    hint = feedback.message.partition(" Hint: ")[2]
    return Feedback(False, message + (" Hint: " + hint if hint else ""))


def _number(answer: object) -> float | None:
    """The answer as one float (a number or a one-element array), or None if it is not one."""
    try:
        array = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return float(array.reshape(-1)[0]) if array.size == 1 else None


def check_largest_stable_learning_rate(answer: object) -> Feedback:
    """The largest learning rate at which plain gradient descent on ``ravine`` does not diverge.

    ``ravine(x, y) = x**2 / 20 + y**2``: curvature 1/10 along x and 2 across (y). A step multiplies
    the distance to the minimum along an axis of curvature ``c`` by ``1 - lr * c``, which stays
    within [-1, 1] as long as ``lr <= 2 / c``; the steepest axis sets the limit, ``2 / 2 = 1``.
    """
    if is_blank(answer):
        return no_answer()
    value = _number(answer)
    if value is None:
        return Feedback(
            False, f"expected one number (a learning rate), got {answer!r}."
        )
    expected = 2 / 2
    if np.isclose(value, expected, rtol=1e-6, atol=0):
        return Feedback(
            True, "beyond it, the bounces across the valley grow."
        )
    hints = [
        (
            20.0,
            "that is 2 divided by the curvature along x, the flat direction; "
            "the steep direction y breaks first.",
        ),
        (
            2.0,
            "that is the curvature across the valley itself; descent stays stable up to 2 divided by it.",
        ),
        (
            0.5,
            "that rate lands on the valley floor (y = 0) in one step; descent stays stable up to twice it.",
        ),
        (
            10.0,
            "that is 1 divided by the curvature along x; the steep direction y sets the limit.",
        ),
    ]
    for wrong, hint in hints:
        if np.isclose(value, wrong):
            return Feedback(False, hint)
    if 0.9 <= value < expected:
        return Feedback(
            False,
            "that rate is stable, but it is not the boundary: find the exact rate, "
            "2 divided by the curvature of the steepest direction.",
        )
    return Feedback(
        False,
        f"not {value:g}. Along an axis of curvature c, a step multiplies the distance to the "
        "minimum by (1 - learning_rate * c): when does that factor leave [-1, 1]?",
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
    if is_blank(answer):
        return no_answer()
    x, w, y = mse_exercise_data()
    residual = x @ w - y
    expected = 2 * x.T @ residual / residual.size
    feedback = _compare(
        answer,
        expected,
        hints=[
            (
                lambda a: np.allclose(a, expected / 2),
                "the derivative of r**2 is 2 r: a factor 2 is missing.",
            ),
            (
                lambda a: np.allclose(a, expected * residual.size),
                "the mean divides by the number of entries.",
            ),
            (
                lambda a: np.allclose(a, -expected),
                "the sign is flipped: it is (x @ w - y), not (y - x @ w).",
            ),
            (
                lambda a: np.allclose(a, expected * residual.size / len(x)),
                f"the mean is over all {residual.size} entries, not only the {len(x)} rows.",
            ),
        ],
    )
    if feedback:
        return Feedback(
            True,
            "your gradient agrees with the chain rule at every entry of W.",
        )
    return feedback


def bias_gradient_exercise_data() -> tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:
    """``(x, W, b, d_out)`` of shapes (5, 3), (3, 4), (4,), (5, 4) for the bias-gradient exercise.

    ``d_out`` is the gradient of the loss with respect to ``out = x @ W + b``, as the backward
    pass brings it.
    """
    rng = np.random.default_rng(15)
    x, w = rng.normal(size=(5, 3)).round(1), rng.normal(size=(3, 4)).round(1)
    return x, w, rng.normal(size=4).round(1), rng.normal(size=(5, 4)).round(1)


def check_bias_gradient(answer: object) -> Feedback:
    """The gradient of the loss with respect to ``b`` in ``out = x @ W + b``.

    The data comes from :func:`bias_gradient_exercise_data`; the answer is ``d_out.sum(axis=0)``.
    """
    if is_blank(answer):
        return no_answer()
    *_, d_out = bias_gradient_exercise_data()
    expected = d_out.sum(axis=0)
    try:
        shape = np.asarray(answer, dtype=np.float64).shape
    except (TypeError, ValueError):
        shape = None
    if shape == d_out.shape:
        return Feedback(
            False,
            f"that has the shape of out, {d_out.shape}; the gradient of b has b's shape (4,): "
            "combine the rows' gradients, since b was added to every row.",
        )
    if shape == (len(d_out),):
        return Feedback(
            False,
            "that has one entry per sample: you reduced along axis 1. The bias has one entry per "
            "unit, so reduce over the batch axis, axis=0.",
        )
    if shape == (1, d_out.shape[1]):
        return Feedback(
            False,
            "keepdims=True left an axis of size 1: the bias has shape (4,).",
        )
    feedback = _compare(
        answer,
        expected,
        hints=[
            (
                lambda a: np.allclose(a, expected / len(d_out)),
                "that is the mean of the rows: each row's gradient reaches b in full, so add them up.",
            ),
            (
                lambda a: np.allclose(a, d_out[0]),
                "that is only the first row: b was added to every row.",
            ),
            (
                lambda a: np.allclose(a, -expected),
                "the sign is flipped: + b passes the gradient on unchanged.",
            ),
        ],
    )
    if feedback:
        return Feedback(
            True,
            "a bias added to every row collects the sum of the rows' gradients.",
        )
    return feedback


def _hidden_gradient(label: int) -> float:
    g = _GRAPH
    z1 = g["x"] @ g["w1"] + g["b1"]
    logits = np.maximum(z1, 0) @ g["w2"] + g["b2"]
    d_logits = softmax(logits) - np.eye(2)[[label]]
    return float((d_logits @ g["w2"].T).item())


def check_hidden_gradient(answer: object) -> Feedback:
    """d loss / d h in the scalar graph of section 2.4 when the label is class 1 instead of 0.

    Two local derivatives back from the loss: ``d_logits = softmax(logits) - one_hot(1)``,
    then ``d_h = d_logits @ w2.T``. A number or a one-element array is accepted.
    """
    if is_blank(answer):
        return no_answer()
    g = _GRAPH
    try:
        shape = np.asarray(answer, dtype=np.float64).shape
    except (TypeError, ValueError):
        return Feedback(
            False,
            f"expected one number (h holds one number), got {answer!r}.",
        )
    if shape == (1, 2) or shape == (2,):
        return Feedback(
            False,
            "that has the logits' shape: it is d loss / d logits. Take one more step back, "
            "through logits = h @ w2 + b2.",
        )
    value = _number(answer)
    if value is None:
        return Feedback(
            False, f"h holds one number, but the answer has shape {shape}."
        )
    expected = _hidden_gradient(1)
    if np.isclose(value, expected, rtol=1e-4, atol=1e-6):
        return Feedback(
            True,
            "one local derivative at a time, exactly as the graph computes it.",
        )
    z1 = g["x"] @ g["w1"] + g["b1"]
    p = softmax(np.maximum(z1, 0) @ g["w2"] + g["b2"])
    hints = [
        (
            _hidden_gradient(0),
            "that is the gradient for label 0, the graph's label; here the one-hot label is [0, 1].",
        ),
        (
            float((p @ g["w2"].T).item()),
            "subtract the one-hot label from the probabilities.",
        ),
        (
            -expected,
            "the sign is flipped: d_logits is softmax(logits) minus the one-hot label.",
        ),
    ]
    for wrong, hint in hints:
        if np.isclose(value, wrong, rtol=1e-4, atol=1e-6):
            return Feedback(False, hint)
    return Feedback(
        False,
        f"not {value:.4g}. First d_logits = softmax(logits) - one_hot, then the matrix product "
        "rule: the gradient for h is d_logits @ w2.T.",
    )


def _gradient_shapes() -> list[tuple[int, ...]]:
    shapes: list[tuple[int, ...]] = []
    for n_in, n_out in zip(_SIZES[:-1], _SIZES[1:], strict=True):
        shapes += [(n_in, n_out), (n_out,)]
    return shapes


def check_gradient_shapes(answer: object) -> Feedback:
    """The shapes of the gradients of a Dense(256, relu), Dense(64, relu), Dense(10, softmax) network.

    For MNIST images flattened to 784 numbers and batches of 32, in the order of
    ``model.trainable_weights``: kernel and bias of the first layer, then of the second and third.
    """
    if is_blank(answer):
        return no_answer()
    expected = _gradient_shapes()
    try:
        got = [tuple(int(n) for n in shape) for shape in answer]  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return Feedback(
            False,
            f"expected a list of shapes such as [(784, 256), (256,), ...], got {answer!r}.",
        )
    if len(got) != len(expected):
        return Feedback(
            False,
            f"expected {len(expected)} shapes, one for each kernel and each bias of the three layers; "
            f"got {len(got)}.",
        )
    for i, (shape, want) in enumerate(zip(got, expected, strict=True)):
        if shape == want:
            continue
        what = (
            f"{'kernel' if len(want) == 2 else 'bias'} of layer {i // 2 + 1}"
        )
        if len(want) == 1 and shape in ((_BATCH, *want), (1, *want)):
            hint = "a bias's gradient has the bias's shape: the batch axis is summed away."
        elif len(want) == 2 and shape == want[::-1]:
            hint = "a kernel has shape (inputs, units), since x @ W needs W's first axis to match x's last."
        elif _BATCH in shape:
            hint = "the weights have no batch axis, and neither have their gradients (x.T @ dz sums over it)."
        else:
            hint = "a gradient has the shape of the weight it belongs to."
        return Feedback(
            False, f"the {what} (entry {i}) is not {shape}: {hint}"
        )
    return Feedback(
        True,
        "every gradient has the shape of its weight, whatever the batch size.",
    )


def check_momentum_update(update: object) -> Feedback:
    """Check a function ``update(params, grad, velocity, learning_rate, momentum) -> (params, velocity)``.

    It is run on a few random inputs and compared with :func:`dlmath.optimizers.momentum_step`.
    """
    if is_blank(update):
        return no_answer()
    if not callable(update):
        return Feedback(
            False, f"expected a function, got {type(update).__name__}."
        )
    rng = np.random.default_rng(3)
    for trial in range(3):
        params, grad, velocity = (rng.normal(size=(2, 3)) for _ in range(3))
        lr, momentum = 0.1 * (trial + 1), 0.5 + 0.2 * trial
        inputs = (params.copy(), grad.copy(), velocity.copy(), lr, momentum)
        try:
            result = update(*inputs)
        except NotImplementedError:
            return no_answer("replace the `raise` with your code")
        except Exception as exc:  # noqa: BLE001 - the learner sees what went wrong
            return Feedback(
                False, f"calling it raised {type(exc).__name__}: {exc}"
            )
        if not isinstance(result, tuple) or len(result) != 2:
            return Feedback(
                False, "it must return a pair (new_params, new_velocity)."
            )
        new_params, new_velocity = (np.asarray(r) for r in result)
        want_params, want_velocity = momentum_step(
            params, grad, velocity, lr, momentum
        )
        if (
            new_params.shape != params.shape
            or new_velocity.shape != params.shape
        ):
            return Feedback(
                False,
                f"both results must have the parameters' shape {params.shape}; got "
                f"{new_params.shape} and {new_velocity.shape}.",
            )
        if np.allclose(new_params, want_params) and np.allclose(
            new_velocity, want_velocity
        ):
            continue
        if np.allclose(new_params, sgd_step(params, grad, lr)):
            return Feedback(
                False,
                "that is a plain gradient descent step: the velocity must carry over (momentum * velocity).",
            )
        if np.allclose(new_params, params + velocity) or np.allclose(
            new_params, params + momentum * velocity
        ):
            return Feedback(
                False,
                "update the velocity first, then move the parameters by the new velocity.",
            )
        if np.allclose(new_params, params + momentum * velocity + lr * grad):
            return Feedback(
                False,
                "the gradient points uphill: subtract learning_rate * grad.",
            )
        return Feedback(
            False,
            f"on trial {trial + 1} (lr={lr:.1f}, momentum={momentum:.1f}) the result differs from "
            "velocity = momentum * velocity - learning_rate * grad; params = params + velocity.",
        )
    return Feedback(True, "your momentum update matches on 3 random inputs.")
