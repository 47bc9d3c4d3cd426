"""Checks for the exercises of section 2.4 (gradients, descent, backprop).

Each check returns a :class:`dlmath.exercises.Feedback`: a right answer is
confirmed without being repeated, a wrong one gets the likely mistake,
never the right answer. A blank (``...``, ``None`` or a stub that raises
``NotImplementedError``) gets "Not yet". The data of an exercise comes from a
function here, so the check and the notebook use the same numbers.

>>> check_largest_stable_learning_rate(...)
Not yet: replace the `...` with your answer, then run the cell.
>>> check_largest_stable_learning_rate(20.0)
Not yet: that is 2 divided by the curvature along x, the flat direction; \
the steep direction y breaks first.
"""

from __future__ import annotations

import numpy as np

from dlmath._checks import is_integer
from dlmath.exercises.feedback import (
    Feedback,
    as_float_array,
    call_for_arrays,
    check_array,
    close_to,
    describe,
    is_blank,
    match_mistakes,
    no_answer,
    read_number,
    right_or_mistake,
    within_rounding,
)

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

# The scalar computation graph of section 2.4 (one sample, one input, one
# hidden unit, two classes).
_GRAPH = {
    "x": np.array([[2.0]]),
    "w1": np.array([[0.5]]),
    "b1": np.array([-0.4]),
    "w2": np.array([[1.5, -1.0]]),
    "b2": np.array([0.0, 0.2]),
}

# The network of the shapes exercise: MNIST images, Dense(256, relu),
# Dense(64, relu), Dense(10, softmax), batches of 32.
_SIZES = (784, 256, 64, 10)
_BATCH = 32


def _number_or_feedback(answer: object, what: str) -> float | Feedback:
    return read_number(answer, f"the answer is one number ({what})")


def check_largest_stable_learning_rate(answer: object) -> Feedback:
    """The largest learning rate at which descent on ``ravine`` is stable.

    ``ravine(x, y) = x**2 / 20 + y**2``: curvature 1/10 along x and 2 across
    (y). A step multiplies the distance to the minimum along an axis of
    curvature ``c`` by ``1 - lr * c``, which stays within [-1, 1] as long as
    ``lr <= 2 / c``; the steepest axis sets the limit.
    """
    value = _number_or_feedback(answer, "a learning rate")
    if isinstance(value, Feedback):
        return value
    if np.isclose(value, 2 / 2, rtol=1e-6, atol=0):
        return Feedback(
            True, "beyond it, the bounces across the valley grow."
        )
    mistakes = [
        (
            20.0,
            "that is 2 divided by the curvature along x, the flat "
            "direction; the steep direction y breaks first.",
        ),
        (
            10.0,
            "that comes from the curvature along x, the flat direction; the "
            "steep direction y breaks first.",
        ),
        (
            2.0,
            "that is a curvature, not a learning rate: the answer is the "
            "rate at which the steep direction's step factor leaves "
            "[-1, 1].",
        ),
        (
            0.1,
            "that is the curvature along x, not a learning rate; the steep "
            "direction y sets the limit.",
        ),
        (
            0.5,
            "that rate lands on the valley floor (y = 0) in one step; larger "
            "rates overshoot, but overshooting is not yet blowing up.",
        ),
    ]
    mistake = match_mistakes(
        mistakes, lambda wrong: bool(np.isclose(value, wrong))
    )
    if mistake is not None:
        return mistake
    if value <= 0:
        return Feedback(
            False, "a learning rate is positive: a step goes downhill."
        )
    if value < 2 / 2:
        return Feedback(
            False,
            f"at {value:g} descent is stable, but it is not the largest such "
            "rate: when does a step's factor 1 - rate x curvature leave "
            "[-1, 1]?",
        )
    return Feedback(
        False,
        f"at {value:g} descent blows up across the valley: the steps "
        "overshoot by more each time. When does a step's factor 1 - rate x "
        "curvature leave [-1, 1]?",
    )


def mse_exercise_data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(x, w, y)`` of shapes (6, 5), (5, 3), (6, 3), for the MSE exercise.

    Sizes chosen so that no wrong divisor gives the right factor: with two
    output columns, dividing by the rows and leaving out the 2 would cancel.
    """
    rng = np.random.default_rng(24)
    return (
        rng.normal(size=(6, 5)).round(2),
        rng.normal(size=(5, 3)).round(2),
        rng.normal(size=(6, 3)).round(2),
    )


def check_mse_weight_gradient(answer: object) -> Feedback:
    """The gradient of ``np.mean((x @ w - y) ** 2)`` with respect to ``w``."""
    if is_blank(answer):
        return no_answer()
    x, w, y = mse_exercise_data()
    residual = x @ w - y
    entries, rows = residual.size, len(x)
    expected = 2 * x.T @ residual / entries
    got = as_float_array(answer)
    right = "your gradient agrees with the chain rule at every entry of W."
    mistakes = [
        (
            expected / 2,
            "the derivative of r**2 is 2 r: a factor 2 is missing.",
        ),
        (
            -expected,
            "the sign is flipped: the residual is x @ W - y, not y - x @ W.",
        ),
        (
            expected * entries / rows,
            f"the mean is over all {entries} entries of the residual, not "
            f"only its {rows} rows.",
        ),
        (
            expected * entries / rows / 2,
            "two things: the derivative of r**2 is 2 r, and the mean divides "
            "by every entry of the residual, not only its rows.",
        ),
        (
            expected * entries,
            "the mean divides by the number of entries of the residual.",
        ),
        (
            expected * entries / x.size,
            "the mean divides by the entries of the residual, not of x.",
        ),
        (
            expected * entries / w.size,
            "the mean divides by the entries of the residual, not of W.",
        ),
    ]
    if got is not None and got.shape == expected.shape:
        verdict = right_or_mistake(
            got, expected, right, mistakes, rtol=1e-5, atol=1e-8
        )
        if verdict is not None:
            return verdict
        for decimals in range(1, 5):
            if np.allclose(got, np.round(got, decimals)) and within_rounding(
                got, expected, decimals=decimals
            ):
                return Feedback(
                    False,
                    f"your values are rounded to {decimals} decimals; give "
                    "the array your formula computes, unrounded.",
                )
    if got is not None and got.shape == expected.T.shape:
        return Feedback(
            False,
            f"your gradient has shape {got.shape}, W transposed: the rule "
            "for x @ W puts x.T on the left, x.T @ (gradient of x @ W).",
        )
    if got is not None and got.shape == residual.shape:
        return Feedback(
            False,
            "that has the residual's shape: it is the gradient with respect "
            "to x @ W. One more step takes it to W.",
        )
    return check_array(
        answer,
        expected,
        rtol=1e-5,
        hints=[
            (
                lambda a: a.size == 1,
                "the gradient has one entry per entry of W.",
            )
        ],
    )


def bias_gradient_exercise_data() -> tuple[
    np.ndarray, np.ndarray, np.ndarray, np.ndarray
]:
    """``(x, W, b, d_out)`` of shapes (5, 3), (3, 4), (4,), (5, 4).

    ``d_out`` is the gradient of the loss with respect to ``out = x @ W + b``,
    as the backward pass brings it.
    """
    rng = np.random.default_rng(15)
    x, w = rng.normal(size=(5, 3)).round(1), rng.normal(size=(3, 4)).round(1)
    return x, w, rng.normal(size=4).round(1), rng.normal(size=(5, 4)).round(1)


def check_bias_gradient(answer: object) -> Feedback:
    """The loss gradient with respect to ``b`` in ``out = x @ W + b``."""
    if is_blank(answer):
        return no_answer()
    x, w, _, d_out = bias_gradient_exercise_data()
    expected = d_out.sum(axis=0)
    got = as_float_array(answer)
    if got is None:
        return Feedback(
            False,
            f"the answer is an array of b's shape; got {describe(answer)}.",
        )
    meaning = {
        d_out.shape: "that has the shape of out: b's gradient has b's "
        "shape. Combine the rows' gradients, since b was added to every row.",
        (len(d_out),): "that has one entry per sample: you reduced along "
        "axis 1. The bias has one entry per unit: reduce over the batch "
        "axis, axis 0.",
        (1, d_out.shape[1]): "an extra axis of size 1 (as keepdims=True "
        "or a one-row matrix product leaves): the gradient has b's shape, "
        "one axis.",
        w.shape: "that has the kernel's shape: it is W's gradient. The bias "
        "takes no x.",
        (): "that is one number: the bias has one entry per unit.",
        (1,): "that is one number: the bias has one entry per unit.",
    }
    if got.shape in meaning and got.shape != expected.shape:
        return Feedback(
            False, f"your answer has shape {got.shape}: {meaning[got.shape]}"
        )
    right = (
        "a bias added to every row collects the sum of the rows' gradients."
    )
    mistakes = [
        (
            expected / len(d_out),
            "that is the mean of the rows: each row's gradient reaches b in "
            "full, so add them up.",
        ),
        (d_out[0], "that is only the first row: b was added to every row."),
        (
            -expected,
            "the sign is flipped: + b passes the gradient on unchanged.",
        ),
    ]
    verdict = right_or_mistake(
        got, expected, right, mistakes, rtol=1e-6, atol=1e-9
    )
    if verdict is not None:
        return verdict
    return check_array(got, expected)


def _softmax(logits: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def _graph_probabilities() -> np.ndarray:
    g = _GRAPH
    h = np.maximum(g["x"] @ g["w1"] + g["b1"], 0)
    return _softmax(h @ g["w2"] + g["b2"])


def _hidden_gradient(label: int) -> float:
    d_logits = _graph_probabilities() - np.eye(2)[[label]]
    return float((d_logits @ _GRAPH["w2"].T).item())


def check_hidden_gradient(answer: object) -> Feedback:
    """d loss / d h in the scalar graph of section 2.4, with label 1.

    Two local derivatives back from the loss: ``d_logits = softmax(logits) -
    one_hot(1)``, then ``d_h = d_logits @ w2.T``. A number or a one-element
    array; two decimals are enough, as for an answer worked out by hand.
    """
    if is_blank(answer):
        return no_answer()
    array = as_float_array(answer)
    if array is not None and array.size == 2:
        return Feedback(
            False,
            "that has the logits' shape: it is d loss / d logits, or a "
            "product not yet summed. Take one more step back, through "
            "logits = h @ w2 + b2, whose rule is a matrix product.",
        )
    value = _number_or_feedback(answer, "h holds one number")
    if isinstance(value, Feedback):
        return value
    expected = _hidden_gradient(1)
    if within_rounding(value, expected, decimals=2):
        return Feedback(
            True,
            "one local derivative at a time, as the graph computes it.",
        )
    p = _graph_probabilities()
    w2 = _GRAPH["w2"]
    mistakes = [
        (
            _hidden_gradient(0),
            "that is the gradient for label 0, the graph's label; here the "
            "one-hot label is [0, 1].",
        ),
        (
            float((p @ w2.T).item()),
            "subtract the one-hot label from the probabilities first.",
        ),
        (
            -expected,
            "the sign is flipped: d_logits is softmax(logits) minus the "
            "one-hot label, not the other way round.",
        ),
        (
            float(((p - np.eye(2)[[1]]) @ np.abs(w2).T).item()),
            "w2's second weight is negative: keep its sign.",
        ),
    ]
    mistake = match_mistakes(
        mistakes, lambda wrong: within_rounding(value, wrong, decimals=2)
    )
    if mistake is not None:
        return mistake
    if round(value, 1) == value and within_rounding(
        value, expected, decimals=1
    ):
        return Feedback(
            False,
            "that is rounded to one decimal; the exercise asks for two.",
        )
    if abs(value - expected) < 0.03:
        return Feedback(
            False,
            f"{value:g} is close, but not right to two decimals: keep three "
            "or more decimals in the steps along the way, and round only "
            "the answer.",
        )
    return Feedback(
        False,
        f"not {value:.4g}. First d_logits = softmax(logits) - one_hot, then "
        "the matrix product rule: the gradient for h is d_logits @ w2.T.",
    )


def _gradient_shapes() -> list[tuple[int, ...]]:
    shapes: list[tuple[int, ...]] = []
    for n_in, n_out in zip(_SIZES[:-1], _SIZES[1:], strict=True):
        shapes += [(n_in, n_out), (n_out,)]
    return shapes


def check_gradient_shapes(answer: object) -> Feedback:
    """The gradients' shapes of a Dense(256), Dense(64), Dense(10) network.

    For MNIST images flattened to 784 numbers and batches of 32, in the order
    of ``model.trainable_weights``: kernel and bias of each layer in turn.
    """
    if is_blank(answer):
        return no_answer()
    expected = _gradient_shapes()
    if isinstance(answer, (str, bytes, dict)) or not hasattr(
        answer, "__len__"
    ):
        return Feedback(
            False,
            "the answer is a list of six shapes, such as [(2, 3), (3,), "
            f"...]; got {describe(answer)}.",
        )
    if len(answer) != len(expected):
        return Feedback(
            False,
            f"your list has {len(answer)} shapes; there is one for each "
            "kernel and each bias of the three layers.",
        )
    for i, (shape, want) in enumerate(zip(answer, expected, strict=True)):
        what = (
            f"{'kernel' if len(want) == 2 else 'bias'} of layer {i // 2 + 1}"
        )
        if is_integer(shape):
            return Feedback(
                False,
                f"entry {i} (the {what}) is a number, not a tuple: a "
                "one-axis shape is written with a comma, such as (5,).",
            )
        try:
            got = tuple(int(n) for n in shape)
        except (TypeError, ValueError):
            return Feedback(
                False,
                f"entry {i} (the {what}) is {describe(shape)}, not a shape "
                "(a tuple of whole numbers).",
            )
        if got == want:
            continue
        if len(want) == 1 and got in ((_BATCH, *want), (1, *want)):
            hint = "a bias's gradient has the bias's shape: the batch axis "
            hint += "is summed away."
        elif len(want) == 2 and got == want[::-1]:
            hint = "a kernel has shape (inputs, units), since x @ W needs "
            hint += "W's first axis to match x's last."
        elif _BATCH in got:
            hint = "the weights have no batch axis, and neither have their "
            hint += "gradients."
        elif got in expected:
            hint = "that is the shape of another weight; the list follows "
            hint += "model.trainable_weights: kernel, then bias, per layer."
        else:
            hint = "a gradient has the shape of the weight it belongs to."
        return Feedback(False, f"the {what} (entry {i}) is not {got}: {hint}")
    return Feedback(
        True,
        "every gradient has the shape of its weight, whatever the batch "
        "size.",
    )


def _momentum(
    params: np.ndarray,
    grad: np.ndarray,
    velocity: np.ndarray,
    learning_rate: float,
    momentum: float,
) -> tuple[np.ndarray, np.ndarray]:
    velocity = momentum * velocity - learning_rate * grad
    return params + velocity, velocity


def check_momentum_update(update: object) -> Feedback:
    """``update(params, grad, velocity, learning_rate, momentum)``.

    It returns ``(new_params, new_velocity)``.

    It runs on three random inputs; the pair may be a tuple or a list.
    """
    rng = np.random.default_rng(3)
    for trial in range(3):
        params, grad, velocity = (rng.normal(size=(2, 3)) for _ in range(3))
        lr, momentum = 0.1 * (trial + 1), 0.5 + 0.2 * trial
        got = call_for_arrays(
            update,
            (params.copy(), grad.copy(), velocity.copy(), lr, momentum),
            2,
            name="momentum_update",
            who="it",
            wanted="return the pair (new_params, new_velocity).",
            not_numbers="both results must be arrays of numbers.",
        )
        if isinstance(got, Feedback):
            return got
        new_params, new_velocity = got
        if (
            new_params.shape != params.shape
            or new_velocity.shape != params.shape
        ):
            return Feedback(
                False,
                "both results have the parameters' shape; yours have shapes "
                f"{new_params.shape} and {new_velocity.shape}.",
            )
        want_params, want_velocity = _momentum(
            params, grad, velocity, lr, momentum
        )
        params_ok = close_to(new_params, want_params)
        velocity_ok = close_to(new_velocity, want_velocity)
        if params_ok and velocity_ok:
            continue
        if close_to(new_params, want_velocity) and close_to(
            new_velocity, want_params
        ):
            return Feedback(
                False,
                "the two results are in the wrong order: return "
                "(new_params, new_velocity).",
            )
        if params_ok and close_to(new_velocity, -want_velocity):
            return Feedback(
                False,
                "the parameters are right, but your velocity has the "
                "opposite sign of the section's, v = momentum * v - "
                "learning_rate * grad.",
            )
        if params_ok:
            return Feedback(
                False,
                "the new parameters are right; return the new velocity too, "
                "the one that moved them.",
            )
        if close_to(new_params, params - lr * grad):
            return Feedback(
                False,
                "that is a plain gradient descent step: the velocity must "
                "carry over (momentum * velocity).",
            )
        if close_to(new_params, params + velocity) or close_to(
            new_params, params + momentum * velocity
        ):
            return Feedback(
                False,
                "update the velocity first, then move the parameters by the "
                "new velocity.",
            )
        if close_to(new_params, params - momentum * velocity - lr * grad):
            return Feedback(
                False,
                "your velocity points the other way from the section's: "
                "velocity = momentum * velocity - learning_rate * grad, and "
                "the parameters move by + velocity.",
            )
        if close_to(new_params, params + momentum * velocity + lr * grad):
            return Feedback(
                False,
                "the gradient points uphill: subtract learning_rate * grad.",
            )
        return Feedback(
            False,
            f"on trial {trial + 1} (learning_rate={lr:.1f}, "
            f"momentum={momentum:.1f}) the new parameters are not right: "
            "velocity = momentum * velocity - learning_rate * grad, then "
            "params + velocity.",
        )
    return Feedback(True, "your momentum update matches on 3 random inputs.")
