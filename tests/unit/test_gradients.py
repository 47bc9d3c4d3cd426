"""dlmath.gradients: numerical_gradient, the other helpers, and every gradient of chapter 2.4,
checked numerically.

The stated tolerance: relative error (``dlmath.gradients.relative_error``) below 1e-7 for float64
gradients and below 1e-5 for TensorFlow's float32 ones, against ``numerical_gradient``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from dlmath import gradients as gr
from dlmath.gradients import numerical_gradient, relative_error

FLOAT64_TOLERANCE = 1e-7
FLOAT32_TOLERANCE = 1e-5


def test_central_difference_error_falls_like_h_squared_forward_like_h():
    def f(x):
        return x**3 - 2 * x

    exact = 3 * 1.2**2 - 2
    central = [abs(gr.central_difference(f, 1.2, h) - exact) for h in (1e-1, 1e-2)]
    forward = [abs(gr.forward_difference(f, 1.2, h) - exact) for h in (1e-1, 1e-2)]
    assert 90 < central[0] / central[1] < 110
    assert 9 < forward[0] / forward[1] < 11


def test_round_off_makes_tiny_steps_worse():
    error = [abs(gr.central_difference(math.sin, 1.0, h) - math.cos(1.0)) for h in (1e-5, 1e-13)]
    assert error[1] > 100 * error[0]


def test_relative_error():
    assert relative_error(np.ones(3), np.ones(3)) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0]), np.array([3.0])) == pytest.approx(0.5)
    with pytest.raises(ValueError, match=r"^cannot compare shapes \(2,\) and \(3,\)$"):
        relative_error(np.ones(2), np.ones(3))


def test_softmax_rows_sum_to_one_and_huge_logits_do_not_overflow():
    probabilities = gr.softmax(np.array([[1000.0, 1000.0, -1000.0], [1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    np.testing.assert_allclose(probabilities[0], [0.5, 0.5, 0.0])


def test_cross_entropy_is_the_mean_surprise_at_the_true_labels():
    assert gr.cross_entropy(np.array([[0.5, 0.5]]), np.array([0])) == pytest.approx(math.log(2))
    probabilities = np.array([[0.1, 0.9], [0.8, 0.2]])
    expected = -(math.log(0.9) + math.log(0.2)) / 2
    assert gr.cross_entropy(probabilities, np.array([1, 1])) == pytest.approx(expected)
    with np.errstate(divide="ignore"):  # a sure mistake is infinitely surprising
        assert gr.cross_entropy(np.array([[1.0, 0.0]]), np.array([1])) == math.inf


def _softmax_regression_problem(seed=0, batch=5, features=12, classes=10):
    rng = np.random.default_rng(seed)
    return (
        rng.normal(scale=0.3, size=(features, classes)),
        rng.normal(scale=0.1, size=classes),
        rng.random(size=(batch, features)),
        rng.integers(0, classes, size=batch),
    )


@pytest.mark.parametrize("seed", range(3))
def test_softmax_regression_gradients_agree_with_numerical_gradient(seed):
    weights, bias, x, labels = _softmax_regression_problem(seed)
    loss, d_weights, d_bias = gr.softmax_regression_gradients(weights, bias, x, labels)
    assert loss == pytest.approx(gr.cross_entropy(gr.softmax(x @ weights + bias), labels))
    numeric_w = numerical_gradient(lambda w: gr.softmax_regression_gradients(w, bias, x, labels)[0], weights)
    numeric_b = numerical_gradient(lambda b: gr.softmax_regression_gradients(weights, b, x, labels)[0], bias)
    assert relative_error(d_weights, numeric_w) < FLOAT64_TOLERANCE
    assert relative_error(d_bias, numeric_b) < FLOAT64_TOLERANCE


def test_softmax_regression_at_mnist_size_like_the_chapter():
    """The chapter's check: W (784, 10) at scale 0.01, five MNIST images; here five sparse synthetic ones."""
    rng = np.random.default_rng(0)
    weights, bias = rng.normal(scale=0.01, size=(784, 10)), np.zeros(10)
    x = (rng.random(size=(5, 784)) > 0.8) * rng.random(size=(5, 784))
    labels = np.array([5, 0, 4, 1, 9])
    _, d_weights, d_bias = gr.softmax_regression_gradients(weights, bias, x, labels)
    numeric_w = numerical_gradient(lambda w: gr.softmax_regression_gradients(w, bias, x, labels)[0], weights)
    assert relative_error(d_weights, numeric_w) < FLOAT64_TOLERANCE


def _two_layer_problem(seed=1):
    rng = np.random.default_rng(seed)
    x, labels = rng.normal(size=(8, 5)), rng.integers(0, 3, size=8)
    params = {
        "w1": rng.normal(size=(5, 4)),
        "b1": rng.normal(size=4) * 0.1,
        "w2": rng.normal(size=(4, 3)),
        "b2": np.zeros(3),
    }
    return params, x, labels


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_two_layer_forward_backward_agrees_with_numerical_gradient(seed):
    params, x, labels = _two_layer_problem(seed)
    loss, grads, cache = gr.two_layer_forward_backward(params, x, labels)
    assert set(cache) == {"z1", "h", "logits", "probabilities", "d_logits", "d_h", "d_z1"}
    for name in params:
        numeric = numerical_gradient(
            lambda v, name=name: gr.two_layer_forward_backward({**params, name: v}, x, labels)[0],
            params[name],
        )
        assert grads[name].shape == params[name].shape
        assert relative_error(grads[name], numeric) < FLOAT64_TOLERANCE, name


def test_two_layer_forward_backward_agrees_with_autodiff():
    from dlmath.autodiff import Tensor, relu, softmax_cross_entropy

    params, x, labels = _two_layer_problem()
    loss, grads, _ = gr.two_layer_forward_backward(params, x, labels)
    tensors = {name: Tensor(value) for name, value in params.items()}
    auto = softmax_cross_entropy(
        relu(Tensor(x) @ tensors["w1"] + tensors["b1"]) @ tensors["w2"] + tensors["b2"], labels
    )
    auto.backward()
    assert float(auto.value) == pytest.approx(loss, rel=1e-12)
    for name in params:
        np.testing.assert_allclose(tensors[name].grad, grads[name], rtol=1e-12, atol=1e-12)


# --- The other gradients shown in the chapter, each against numerical_gradient -----------------------


def test_chapter_tangent_and_two_variable_examples():
    numeric = numerical_gradient(lambda v: float(v[0] ** 3 - 2 * v[0]), np.array([1.2]))
    assert relative_error(numeric, np.array([3 * 1.2**2 - 2])) < FLOAT64_TOLERANCE
    v = np.array([2.0, -1.0])
    numeric = numerical_gradient(lambda u: float(u[0] ** 2 * u[1] + 3 * u[1]), v)
    assert relative_error(numeric, np.array([2 * v[0] * v[1], v[0] ** 2 + 3])) < FLOAT64_TOLERANCE


def test_chapter_graph_example_by_hand_and_by_autodiff():
    from dlmath.autodiff import Tensor, relu, softmax_cross_entropy

    x = np.array([[2.0]])
    values = {
        "w1": np.array([[0.5]]),
        "b1": np.array([-0.4]),
        "w2": np.array([[1.5, -1.0]]),
        "b2": np.array([0.0, 0.2]),
    }

    def build(vals):
        t = {k: Tensor(v) for k, v in vals.items()}
        return softmax_cross_entropy(
            relu(Tensor(x) @ t["w1"] + t["b1"]) @ t["w2"] + t["b2"], np.array([0])
        ), t

    loss, tensors = build(values)
    loss.backward()
    for name in values:
        numeric = numerical_gradient(
            lambda v, name=name: float(build({**values, name: v})[0].value), values[name]
        )
        assert relative_error(tensors[name].grad, numeric) < FLOAT64_TOLERANCE, name


def test_chapter_gradient_tape_examples():
    tf = pytest.importorskip("tensorflow")
    w = tf.Variable(np.array([1.0, -2.0, 0.5]))
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(w**2 + 3 * w)
    numeric = numerical_gradient(lambda v: float(np.sum(v**2 + 3 * v)), w.numpy())
    assert relative_error(tape.gradient(y, w).numpy(), numeric) < FLOAT64_TOLERANCE

    c = tf.constant(np.array([1.0, 2.0]))
    with tf.GradientTape() as tape:
        tape.watch(c)
        watched = tf.reduce_sum(tf.sin(c))
    numeric = numerical_gradient(lambda v: float(np.sum(np.sin(v))), c.numpy())
    assert relative_error(tape.gradient(watched, c).numpy(), numeric) < FLOAT64_TOLERANCE

    unwatched_c = tf.constant(np.array([1.0, 2.0]))
    with tf.GradientTape() as tape:
        unwatched = tf.reduce_sum(tf.sin(unwatched_c))
    assert tape.gradient(unwatched, unwatched_c) is None


def test_chapter_keras_dense_layer_gradients():
    tf = pytest.importorskip("tensorflow")
    import keras

    rng = np.random.default_rng(2)
    inputs = rng.normal(size=(6, 4)).astype("float32")
    targets = rng.normal(size=(6, 3)).astype("float32")
    layer = keras.layers.Dense(3, activation="relu")
    layer.build((None, 4))
    kernel0, bias0 = rng.normal(size=(4, 3)).astype("float32"), np.array([0.1, -0.1, 0.2], dtype="float32")
    layer.set_weights([kernel0, bias0])
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((layer(inputs) - targets) ** 2)
    kernel_grad, bias_grad = tape.gradient(loss, layer.trainable_weights)

    def numpy_loss(kernel, bias):
        return float(np.mean((np.maximum(inputs.astype(np.float64) @ kernel + bias, 0) - targets) ** 2))

    k64, b64 = kernel0.astype(np.float64), bias0.astype(np.float64)
    assert (
        relative_error(kernel_grad.numpy(), numerical_gradient(lambda k: numpy_loss(k, b64), k64))
        < FLOAT32_TOLERANCE
    )
    assert (
        relative_error(bias_grad.numpy(), numerical_gradient(lambda b: numpy_loss(k64, b), b64))
        < FLOAT32_TOLERANCE
    )


def test_matches_analytic_gradient_of_a_matrix_function():
    rng = np.random.default_rng(0)
    w = rng.normal(size=(3, 4))
    x = rng.normal(size=(5, 3))

    def loss(weights):
        return float(np.sum(np.tanh(x @ weights) ** 2))

    analytic = x.T @ (2 * np.tanh(x @ w) * (1 - np.tanh(x @ w) ** 2))
    np.testing.assert_allclose(numerical_gradient(loss, w), analytic, rtol=1e-6, atol=1e-8)


def test_does_not_modify_input_and_returns_float64_of_its_shape():
    x = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
    before = x.copy()
    grad = numerical_gradient(lambda v: float(np.sum(v**3)), x, eps=1e-2)
    np.testing.assert_array_equal(x, before)
    assert grad.shape == (2, 3) and grad.dtype == np.float64
    np.testing.assert_allclose(grad, 3 * x.astype(np.float64) ** 2, rtol=1e-3, atol=1e-3)


def test_integer_input_is_nudged_as_floats():
    # An integer array cannot hold x + eps; the function works on a float copy.
    np.testing.assert_allclose(numerical_gradient(lambda v: float(np.sum(v**2)), np.array([1, 2])), [2, 4])


def test_scalar_input():
    np.testing.assert_allclose(numerical_gradient(lambda v: float(v) ** 2, np.array(3.0)), 6.0)
