"""The exercise checks of chapter 2.4: right answers pass, typical mistakes get a specific message."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath import autodiff as ad
from dlmath.exercises import gradient_optimization as ex
from dlmath.gradients import numerical_gradient, relative_error
from dlmath.optimizers import descent_path, ravine, ravine_gradient

BLANKS = [..., None]


@pytest.mark.parametrize("check", [getattr(ex, name) for name in ex.__all__ if name.startswith("check_")])
@pytest.mark.parametrize("blank", BLANKS, ids=["ellipsis", "None"])
def test_a_blank_answer_says_not_yet(check, blank):
    feedback = check(blank)
    assert (
        not feedback
        and repr(feedback).startswith("Not yet: ")
        and repr(feedback).endswith(", then run the cell.")
    )


# --- 2.4.1 the largest stable learning rate on the ravine ---------------------------------------


def test_largest_stable_learning_rate_is_where_plain_descent_starts_to_diverge():
    start = np.array([-9.0, 1.5])

    def final_loss(lr):
        with np.errstate(over="ignore"):
            return ravine(descent_path(ravine_gradient, start, learning_rate=lr, steps=200)[-1])

    assert final_loss(0.99) < 1e-3 and final_loss(1.01) > ravine(start)
    feedback = ex.check_largest_stable_learning_rate(1.0)
    assert feedback and "1" not in feedback.message  # confirms without repeating the answer
    assert ex.check_largest_stable_learning_rate(np.array([1.0]))


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (20, "curvature along x, the flat direction"),
        (2, "curvature across the valley itself"),
        (0.5, "in one step"),
        (10, "1 divided by the curvature along x"),
        (0.95, "not the boundary"),
        (3.7, "(1 - learning_rate * c)"),
        ("fast", "expected one number"),
    ],
)
def test_largest_stable_learning_rate_mistakes(answer, hint):
    feedback = ex.check_largest_stable_learning_rate(answer)
    assert not feedback and hint in feedback.message


# --- 2.4.2 the gradient of a mean-squared error ------------------------------------------------


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
    assert "every entry" in ex.check_mse_weight_gradient(expected).message


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


def test_a_wrong_value_is_reported_without_the_expected_one():
    *_, expected = _mse_expected()
    wrong = expected + 1
    feedback = ex.check_mse_weight_gradient(wrong)
    assert "6 of 6 values differ (the first at index (0, 0))" in feedback.message
    assert f"{expected[0, 0]:.3f}"[:5] not in feedback.message


# --- 2.4.3 the bias gradient of a broadcast add ------------------------------------------------


def test_bias_gradient_agrees_with_autodiff():
    x, w, b, d_out = ex.bias_gradient_exercise_data()
    assert (x.shape, w.shape, b.shape, d_out.shape) == ((5, 3), (3, 4), (4,), (5, 4))
    # the loss sum((x @ W + b) * d_out) has gradient d_out with respect to out
    numeric = numerical_gradient(lambda c: float(np.sum((x @ w + c) * d_out)), b)
    assert relative_error(d_out.sum(axis=0), numeric) < 1e-7
    feedback = ex.check_bias_gradient(d_out.sum(axis=0))
    assert feedback and "sum of the rows" in feedback.message


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda d: d, "the shape of out"),
        (lambda d: d.sum(axis=1), "reduced along axis 1"),
        (lambda d: d.sum(axis=0, keepdims=True), "keepdims"),
        (lambda d: d.mean(axis=0), "the mean of the rows"),
        (lambda d: d[0], "only the first row"),
        (lambda d: -d.sum(axis=0), "sign is flipped"),
        (lambda d: d.sum(axis=0) + 1, "4 of 4 values differ"),
        (lambda d: "abc", "could not be turned|not a regular array|expected shape"),
    ],
)
def test_bias_gradient_mistakes(wrong, hint):
    *_, d_out = ex.bias_gradient_exercise_data()
    feedback = ex.check_bias_gradient(wrong(d_out))
    assert not feedback
    assert any(h in feedback.message for h in hint.split("|")), feedback.message


# --- 2.4.4 one backward step of the scalar graph -----------------------------------------------


def _graph_gradient(label):
    g = {k: ad.Tensor(v.copy(), name=k) for k, v in ex._GRAPH.items()}
    h = ad.relu(g["x"] @ g["w1"] + g["b1"])
    loss = ad.softmax_cross_entropy(h @ g["w2"] + g["b2"], np.array([label]))
    loss.backward()
    return h.grad


def test_hidden_gradient_matches_the_graph_with_label_one():
    expected = _graph_gradient(1)
    assert expected.shape == (1, 1)
    feedback = ex.check_hidden_gradient(expected)
    assert feedback and "local derivative" in feedback.message
    assert ex.check_hidden_gradient(float(expected.item()))
    assert ex.check_hidden_gradient(round(float(expected.item()), 4))


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda: _graph_gradient(0), "gradient for label 0"),
        (lambda: -_graph_gradient(1), "sign is flipped"),
        (lambda: np.zeros((1, 2)), "the logits' shape"),
        (lambda: 0.123, "d_logits @ w2.T"),
        (lambda: np.zeros((3, 3)), "has shape (3, 3)"),
        (lambda: "abc", "expected one number"),
    ],
)
def test_hidden_gradient_mistakes(wrong, hint):
    feedback = ex.check_hidden_gradient(wrong())
    assert not feedback and hint in feedback.message, feedback.message


def test_hidden_gradient_without_subtracting_the_label():
    g = ex._GRAPH
    p = np.exp([[0.9, -0.4]]) / np.exp([[0.9, -0.4]]).sum()
    assert np.allclose(np.maximum(g["x"] @ g["w1"] + g["b1"], 0) @ g["w2"] + g["b2"], [[0.9, -0.4]])
    assert "subtract the one-hot" in ex.check_hidden_gradient(p @ g["w2"].T).message


# --- 2.4.5 the shape of every gradient ---------------------------------------------------------

RIGHT = [(784, 256), (256,), (256, 64), (64,), (64, 10), (10,)]


def test_gradient_shapes_are_the_weights_shapes():
    rng = np.random.default_rng(0)
    x, labels = rng.normal(size=(32, 784)), rng.integers(0, 10, size=32)
    weights = [ad.Tensor(rng.normal(size=s) * 0.01) for s in RIGHT]
    out = ad.Tensor(x)
    for i in range(0, 6, 2):
        out = out @ weights[i] + weights[i + 1]
        out = ad.relu(out) if i < 4 else out
    ad.softmax_cross_entropy(out, labels).backward()
    assert [w.grad.shape for w in weights] == RIGHT
    feedback = ex.check_gradient_shapes(RIGHT)
    assert feedback and "(" not in feedback.message
    assert ex.check_gradient_shapes([list(s) for s in RIGHT])


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (RIGHT[:4], "expected 6 shapes"),
        ([(784, 256), (32, 256), *RIGHT[2:]], "batch axis is summed away"),
        ([(256, 784), *RIGHT[1:]], "(inputs, units)"),
        ([(32, 256), *RIGHT[1:]], "no batch axis"),
        ([*RIGHT[:4], (64, 11), (10,)], "shape of the weight it belongs to"),
        (42, "expected a list of shapes"),
    ],
)
def test_gradient_shapes_mistakes(answer, hint):
    feedback = ex.check_gradient_shapes(answer)
    assert not feedback and hint in feedback.message, feedback.message


# --- 2.4.6 build: momentum -----------------------------------------------------------------------


def test_momentum_update_accepts_a_correct_function():
    def update(params, grad, velocity, learning_rate, momentum):
        velocity = momentum * velocity - learning_rate * grad
        return params + velocity, velocity

    feedback = ex.check_momentum_update(update)
    assert feedback and "3 random inputs" in feedback.message


@pytest.mark.parametrize(
    ("update", "hint"),
    [
        (lambda p, g, v, lr, m: (p - lr * g, v), "plain gradient descent step"),
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
    assert ex.check_momentum_update(...).message.endswith("then run the cell.")
    assert "expected a function, got int" in ex.check_momentum_update(3).message


def test_the_learners_stub_gets_not_yet():
    def momentum_update(params, grad, velocity, learning_rate, momentum):
        raise NotImplementedError

    feedback = ex.check_momentum_update(momentum_update)
    assert (
        not feedback
        and repr(feedback).startswith("Not yet: ")
        and repr(feedback).endswith(", then run the cell.")
    )
