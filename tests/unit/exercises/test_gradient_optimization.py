"""Exercises of 2.4: right forms pass, beginners' wrong answers fail, no message leaks."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath import autodiff as ad
from dlmath.exercises import gradient_optimization as ex
from dlmath.gradients import numerical_gradient
from dlmath.optimizers import descent_path, ravine, ravine_gradient


@pytest.mark.parametrize("check", [getattr(ex, n) for n in ex.__all__ if n.startswith("check_")])
@pytest.mark.parametrize("blank", [..., None])
def test_a_blank_says_not_yet(check, blank):
    feedback = check(blank)
    assert not feedback and feedback.message.endswith("then run the cell.")


# --- 2.4.1 ------------------------------------------------------------------------------------
def test_the_largest_stable_rate_is_where_descent_starts_to_blow_up():
    start = np.array([-9.0, 1.5])

    def final_loss(lr):
        with np.errstate(over="ignore"):
            return ravine(descent_path(ravine_gradient, start, learning_rate=lr, steps=200)[-1])

    assert final_loss(0.99) < 1e-3 and final_loss(1.01) > ravine(start)


@pytest.mark.parametrize("answer", [1, 1.0, 2 / 2, np.float32(1.0), np.array([1.0]), np.int64(1)])
def test_stable_rate_right_forms(answer):
    assert ex.check_largest_stable_learning_rate(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (20, "flat direction"),
        (10, "flat direction"),
        (2, "not a learning rate"),
        (0.1, "curvature along x"),
        (0.5, "valley floor"),
        (0.99, "not the largest"),
        (0.95, "not the largest"),
        (1.01, "blows up"),
        (1.5, "blows up"),
        (-1, "positive"),
        ("1", "a string, not a number"),
        ([1, 2], "one number"),
    ],
)
def test_stable_rate_wrong_answers(answer, words, assert_not_yet):
    feedback = ex.check_largest_stable_learning_rate(answer)
    assert_not_yet(feedback, 1.0, contains=words, answer=answer)
    assert "2 / 2" not in feedback.message and "2 divided by it" not in feedback.message


# --- 2.4.2 ------------------------------------------------------------------------------------
X, W, Y = ex.mse_exercise_data()
R = X @ W - Y
MSE_GRADIENT = 2 * X.T @ R / R.size


def test_the_mse_data_has_more_than_two_output_columns():
    # With two columns, dividing by the rows instead of the entries and leaving out the factor 2
    # cancel out: x.T @ r / len(x) would pass.
    assert R.shape[1] > 2
    assert not np.allclose(X.T @ R / len(X), MSE_GRADIENT)


@pytest.mark.parametrize(
    "answer",
    [
        MSE_GRADIENT,
        MSE_GRADIENT.tolist(),
        MSE_GRADIENT.astype("float32"),
        2 * X.T @ R / (R.shape[0] * R.shape[1]),
        2 / R.size * np.einsum("ni,nj->ij", X, R),
        numerical_gradient(lambda w: float(np.mean((X @ w - Y) ** 2)), W),
    ],
)
def test_mse_gradient_right_forms(answer):
    assert ex.check_mse_weight_gradient(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (X.T @ R / len(X), "two things"),
        (X.T @ R / R.size, "factor 2"),
        (2 * X.T @ R / len(X), "not only its 6 rows"),
        (2 * X.T @ R, "number of entries"),
        (-MSE_GRADIENT, "sign is flipped"),
        (2 * X.T @ R / X.size, "not of x"),
        (2 * X.T @ R / W.size, "not of W"),
        (2 * R.T @ X / R.size, "W transposed"),
        (2 * R / R.size, "residual's shape"),
        (np.mean(2 * X.T @ R), "one entry per entry of W"),
        (MSE_GRADIENT + 0.01, "where you have"),
        # the right formula, its values rounded for typing in: say so, not "wrong"
        (np.round(MSE_GRADIENT, 2), "rounded to 2 decimals"),
        (np.round(MSE_GRADIENT, 4), "rounded to 4 decimals"),
        ("gradient", "array of numbers"),
    ],
)
def test_mse_gradient_wrong_answers(answer, words, assert_not_yet):
    feedback = ex.check_mse_weight_gradient(answer)
    assert_not_yet(feedback, MSE_GRADIENT, contains=words, allowed=("(5, 3)",))


# --- 2.4.3 ------------------------------------------------------------------------------------
XB, WB, BB, D_OUT = ex.bias_gradient_exercise_data()
BIAS_GRADIENT = D_OUT.sum(axis=0)


def test_bias_gradient_agrees_with_autodiff():
    # A loss whose gradient with respect to out is D_OUT: sum(out * D_OUT).
    numeric = numerical_gradient(lambda b: float(np.sum((XB @ WB + b) * D_OUT)), BB.copy())
    assert np.allclose(numeric, BIAS_GRADIENT, atol=1e-6)


@pytest.mark.parametrize(
    "answer",
    [
        BIAS_GRADIENT,
        D_OUT.sum(0).tolist(),
        tuple(np.sum(D_OUT, axis=0)),
        np.ones(5) @ D_OUT,
        D_OUT.T.sum(axis=1).astype("float32"),
    ],
)
def test_bias_gradient_right_forms(answer):
    assert ex.check_bias_gradient(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (D_OUT, "shape of out"),
        (D_OUT.sum(axis=1), "reduced along axis 1"),
        (D_OUT.sum(axis=0, keepdims=True), "keepdims"),
        (D_OUT.mean(axis=0), "mean of the rows"),
        (np.ones((1, 5)) @ D_OUT, "one-row matrix product"),
        (D_OUT[0], "first row"),
        (-BIAS_GRADIENT, "sign is flipped"),
        (XB.T @ D_OUT, "W's gradient"),
        (D_OUT.sum(), "one number"),
        (D_OUT.sum(axis=0) + 0.1, "where you have"),
        ("sum", "b's shape"),
    ],
)
def test_bias_gradient_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_bias_gradient(answer), BIAS_GRADIENT, contains=words)


# --- 2.4.4 ------------------------------------------------------------------------------------
def _graph_gradient(label):
    g = {k: ad.Tensor(v.copy(), name=k) for k, v in ex._GRAPH.items()}
    h = ad.relu(g["x"] @ g["w1"] + g["b1"])
    ad.softmax_cross_entropy(h @ g["w2"] + g["b2"], np.array([label])).backward()
    return h.grad


HIDDEN = float(_graph_gradient(1).item())
P = np.exp([0.9, -0.4]) / np.exp([0.9, -0.4]).sum()


@pytest.mark.parametrize(
    "answer",
    [_graph_gradient(1), HIDDEN, np.float32(HIDDEN), np.array([HIDDEN]), 1.96, 1.964, round(HIDDEN, 3)],
)
def test_hidden_gradient_right_forms(answer):
    assert ex.check_hidden_gradient(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (_graph_gradient(0), "label 0"),
        (float(P @ [1.5, -1.0]), "subtract the one-hot label"),
        (-HIDDEN, "sign is flipped"),
        (float((P - [0, 1]) @ [1.5, 1.0]), "negative"),
        (np.array([[P[0], P[1] - 1]]), "logits' shape"),
        (np.array([[P[0] * 1.5, (P[1] - 1) * -1.0]]), "logits' shape"),
        (0.79 * 2.5, "keep three or more decimals"),
        (2.0, "rounded to one decimal"),
        (float((P - [0, 1] - 0) @ [1.5, -1.0]) + 0.2, "d_logits @ w2.T"),
        (float(([0.9, -0.4] - np.array([0, 1])) @ [1.5, -1.0]), "d_logits @ w2.T"),
        ("1.96", "a string, not a number"),
    ],
)
def test_hidden_gradient_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_hidden_gradient(answer), HIDDEN, contains=words, answer=answer)


# --- 2.4.5 ------------------------------------------------------------------------------------
SHAPES = [(784, 256), (256,), (256, 64), (64,), (64, 10), (10,)]


def test_gradient_shapes_are_the_weights_shapes():
    rng = np.random.default_rng(0)
    x, labels = rng.normal(size=(32, 784)), rng.integers(0, 10, 32)
    weights = [ad.Tensor(rng.normal(size=s) * 0.01) for s in SHAPES]
    out = ad.Tensor(x)
    for i in range(0, 6, 2):
        out = out @ weights[i] + weights[i + 1]
        out = ad.relu(out) if i < 4 else out
    ad.softmax_cross_entropy(out, labels).backward()
    assert [w.grad.shape for w in weights] == SHAPES


@pytest.mark.parametrize(
    "answer",
    [
        SHAPES,
        tuple(SHAPES),
        [list(s) for s in SHAPES],
        [np.zeros(s).shape for s in SHAPES],
        [tuple(np.int64(n) for n in s) for s in SHAPES],
    ],
)
def test_gradient_shapes_right_forms(answer):
    assert ex.check_gradient_shapes(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ([(784, 256), (32, 256), (256, 64), (32, 64), (64, 10), (32, 10)], "batch axis is summed"),
        ([(784, 256), (1, 256), (256, 64), (1, 64), (64, 10), (1, 10)], "batch axis is summed"),
        ([(256, 784), (256,), (64, 256), (64,), (10, 64), (10,)], "(inputs, units)"),
        ([(32, 784), (256,), (256, 64), (64,), (64, 10), (10,)], "no batch axis"),
        ([(784, 256), (256), (256, 64), (64), (64, 10), (10)], "with a comma"),
        ([(784, 256), 300, (256, 64), (64,), (64, 10), (10,)], "such as (5,)"),
        ([(784, 256), (256, 64), (64, 10)], "has 3 shapes"),
        ([(784, 256), (256, 64), (64, 10), (256,), (64,), (10,)], "another weight"),
        ([(784, 256), (256,), (256, 64), (64,), (64, 10), (10, 1)], "weight it belongs to"),
        ("784x256", "list of six shapes"),
    ],
)
def test_gradient_shapes_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_gradient_shapes(answer), (7, 7), contains=words)


# --- 2.4.6 ------------------------------------------------------------------------------------
def _right(params, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity - learning_rate * grad
    return params + velocity, velocity


def _as_list(params, grad, velocity, learning_rate, momentum):
    return list(_right(params, grad, velocity, learning_rate, momentum))


def _in_place(params, grad, velocity, learning_rate, momentum):
    velocity *= momentum
    velocity -= learning_rate * grad
    params += velocity
    return params, velocity


def _float32(params, grad, velocity, learning_rate, momentum):
    p, v = _right(params, grad, velocity, learning_rate, momentum)
    return p.astype("float32"), v.astype("float32")


def _lists(params, grad, velocity, learning_rate, momentum):
    p, v = _right(params, grad, velocity, learning_rate, momentum)
    return p.tolist(), v.tolist()


@pytest.mark.parametrize("function", [_right, _as_list, _in_place, _float32, _lists])
def test_momentum_right_forms(function):
    assert ex.check_momentum_update(function)


def _sgd(params, grad, velocity, learning_rate, momentum):
    return params - learning_rate * grad, velocity


def _old_velocity(params, grad, velocity, learning_rate, momentum):
    new = momentum * velocity - learning_rate * grad
    return params + velocity, new


def _uphill(params, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity + learning_rate * grad
    return params + velocity, velocity


def _swapped(params, grad, velocity, learning_rate, momentum):
    p, v = _right(params, grad, velocity, learning_rate, momentum)
    return v, p


def _other_sign(params, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity + learning_rate * grad
    return params - velocity, velocity


def _negated_velocity(params, grad, velocity, learning_rate, momentum):
    p, v = _right(params, grad, velocity, learning_rate, momentum)
    return p, -v


def _params_only(params, grad, velocity, learning_rate, momentum):
    return _right(params, grad, velocity, learning_rate, momentum)[0], velocity


def _three(params, grad, velocity, learning_rate, momentum):
    return (*_right(params, grad, velocity, learning_rate, momentum), 0)


def _no_momentum(params, grad, velocity, learning_rate, momentum):
    velocity = velocity - learning_rate * grad
    return params + velocity, velocity


def _one_array(params, grad, velocity, learning_rate, momentum):
    return _right(params, grad, velocity, learning_rate, momentum)[0]


def _generator(params, grad, velocity, learning_rate, momentum):
    yield from _right(params, grad, velocity, learning_rate, momentum)


def _stub(params, grad, velocity, learning_rate, momentum):
    raise NotImplementedError


@pytest.mark.parametrize(
    ("function", "words"),
    [
        (_sgd, "plain gradient descent"),
        (_old_velocity, "velocity first"),
        (_uphill, "uphill"),
        (_swapped, "wrong order"),
        (_other_sign, "points the other way"),
        (_params_only, "new velocity too"),
        (_negated_velocity, "opposite sign"),
        (_three, "return the pair"),
        (_one_array, "one array, of shape (2, 3)"),
        (_generator, "a generator"),
        (_no_momentum, "on trial 1"),
        (_stub, "then run the cell"),
        ("momentum", "pass the function"),
    ],
)
def test_momentum_wrong_answers(function, words, assert_not_yet):
    assert_not_yet(ex.check_momentum_update(function), np.array([7.0]), contains=words)
