"""dlmath.autodiff: gradients checked against numerical_gradient and tf.GradientTape, and its errors."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath import autodiff as ad
from dlmath.autodiff import Tensor
from dlmath.gradients import numerical_gradient, relative_error

TOLERANCE = 1e-7  # relative error vs numerical_gradient (float64, eps=1e-6)


def _two_layer_loss(values: dict[str, np.ndarray], x: np.ndarray, labels: np.ndarray):
    tensors = {name: Tensor(value, name=name) for name, value in values.items()}
    hidden = ad.relu(Tensor(x) @ tensors["w1"] + tensors["b1"])
    loss = ad.softmax_cross_entropy(hidden @ tensors["w2"] + tensors["b2"], labels)
    return loss, tensors


def _random_net(seed: int):
    rng = np.random.default_rng(seed)
    batch, features, hidden, classes = (
        rng.integers(1, 7),
        rng.integers(1, 6),
        rng.integers(1, 6),
        rng.integers(2, 5),
    )
    params = {
        "w1": rng.normal(size=(features, hidden)),
        "b1": rng.normal(size=hidden),
        "w2": rng.normal(size=(hidden, classes)),
        "b2": rng.normal(size=classes),
    }
    return params, rng.normal(size=(batch, features)), rng.integers(0, classes, size=batch)


@pytest.mark.parametrize("seed", range(6))
def test_two_layer_network_matches_numerical_gradient(seed):
    params, x, labels = _random_net(seed)
    loss, tensors = _two_layer_loss(params, x, labels)
    loss.backward()
    for name in params:

        def f(value, name=name):
            return float(_two_layer_loss({**params, name: value}, x, labels)[0].value)

        numeric = numerical_gradient(f, params[name])
        assert tensors[name].grad.shape == params[name].shape
        assert relative_error(tensors[name].grad, numeric) < TOLERANCE, name


@pytest.mark.parametrize("seed", range(6))
def test_two_layer_network_matches_gradient_tape(seed):
    tf = pytest.importorskip("tensorflow")
    params, x, labels = _random_net(seed)
    loss, tensors = _two_layer_loss(params, x, labels)
    loss.backward()
    variables = {name: tf.Variable(value) for name, value in params.items()}
    with tf.GradientTape() as tape:
        hidden = tf.nn.relu(tf.constant(x) @ variables["w1"] + variables["b1"])
        logits = hidden @ variables["w2"] + variables["b2"]
        tf_loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    tf_grads = tape.gradient(tf_loss, variables)
    np.testing.assert_allclose(float(loss.value), float(tf_loss.numpy()), rtol=1e-12)
    for name in params:
        np.testing.assert_allclose(tensors[name].grad, tf_grads[name].numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(
    ("shape_a", "shape_b"),
    [((3, 4), (4,)), ((3, 1), (1, 4)), ((2, 3, 4), (3, 1)), ((5,), ()), ((1, 1), (2, 3)), ((2, 3), (2, 3))],
)
def test_add_broadcasting_reduces_gradients_to_each_operand_shape(shape_a, shape_b):
    tf = pytest.importorskip("tensorflow")
    rng = np.random.default_rng(len(shape_a) * 10 + len(shape_b))
    a_value, b_value = rng.normal(size=shape_a), rng.normal(size=shape_b)
    weights = rng.normal(size=np.broadcast_shapes(shape_a, shape_b))

    def build(a_val, b_val):
        a, b = Tensor(a_val), Tensor(b_val)
        # relu and a mean make every entry's gradient different and the loss a scalar
        return ad.mean(ad.relu(a + b + Tensor(weights))), a, b

    loss, a, b = build(a_value, b_value)
    loss.backward()
    assert a.grad.shape == shape_a and b.grad.shape == shape_b
    numeric_a = numerical_gradient(lambda v: float(build(v, b_value)[0].value), a_value)
    numeric_b = numerical_gradient(lambda v: float(build(a_value, v)[0].value), b_value)
    assert relative_error(a.grad, numeric_a) < TOLERANCE
    assert relative_error(b.grad, numeric_b) < TOLERANCE
    ta, tb = tf.Variable(a_value), tf.Variable(b_value)
    with tf.GradientTape() as tape:
        tf_loss = tf.reduce_mean(tf.nn.relu(ta + tb + weights))
    ga, gb = tape.gradient(tf_loss, [ta, tb])
    np.testing.assert_allclose(a.grad, ga.numpy(), atol=1e-12)
    np.testing.assert_allclose(b.grad, gb.numpy(), atol=1e-12)


def test_sum_mean_and_matmul_gradients():
    rng = np.random.default_rng(3)
    a_value, b_value = rng.normal(size=(4, 3)), rng.normal(size=(3, 2))

    def loss_of(a_val, b_val, reduce):
        a, b = Tensor(a_val), Tensor(b_val)
        return reduce(ad.relu(ad.matmul(a, b))), a, b

    for reduce in (ad.sum, ad.mean):
        loss, a, b = loss_of(a_value, b_value, reduce)
        loss.backward()
        numeric_a = numerical_gradient(lambda v, r=reduce: float(loss_of(v, b_value, r)[0].value), a_value)
        numeric_b = numerical_gradient(lambda v, r=reduce: float(loss_of(a_value, v, r)[0].value), b_value)
        assert relative_error(a.grad, numeric_a) < TOLERANCE
        assert relative_error(b.grad, numeric_b) < TOLERANCE


def test_softmax_cross_entropy_value_and_gradient():
    rng = np.random.default_rng(4)
    logits_value, labels = rng.normal(size=(5, 4)) * 3, np.array([0, 3, 1, 1, 2])
    logits = Tensor(logits_value)
    loss = ad.softmax_cross_entropy(logits, labels)
    probabilities = np.exp(logits_value) / np.exp(logits_value).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(float(loss.value), -np.log(probabilities[np.arange(5), labels]).mean())
    loss.backward()
    numeric = numerical_gradient(
        lambda v: float(ad.softmax_cross_entropy(Tensor(v), labels).value), logits_value
    )
    assert relative_error(logits.grad, numeric) < TOLERANCE


def test_softmax_cross_entropy_is_stable_for_huge_logits():
    loss = ad.softmax_cross_entropy(Tensor(np.array([[1000.0, 0.0]])), np.array([1]))
    assert np.isclose(float(loss.value), 1000.0)


def test_a_tensor_used_twice_gets_both_contributions():
    x = Tensor(np.array([[1.0, -2.0]]))
    w = Tensor(np.array([[3.0], [4.0]]))
    loss = ad.sum(x @ w + x @ w)  # d/dw = 2 x.T
    loss.backward()
    np.testing.assert_allclose(w.grad, 2 * x.value.T)
    y = ad.sum(x + x)
    y.backward()
    np.testing.assert_allclose(x.grad, [[2.0, 2.0]])


def test_backward_twice_replaces_gradients():
    w = Tensor(np.array([1.0, 2.0]))
    loss = ad.sum(ad.relu(w))
    loss.backward()
    loss.backward()
    np.testing.assert_allclose(w.grad, [1.0, 1.0])


def test_backward_with_an_explicit_output_gradient():
    a = Tensor(np.array([[1.0, -1.0]]))
    out = ad.relu(a)
    out.backward(np.array([[5.0, 5.0]]))
    np.testing.assert_allclose(a.grad, [[5.0, 0.0]])


def test_relu_gradient_is_zero_at_zero():
    a = Tensor(np.array([0.0, 1.0]))
    ad.sum(ad.relu(a)).backward()
    np.testing.assert_allclose(a.grad, [0.0, 1.0])


@pytest.mark.parametrize(
    ("build", "error", "pattern"),
    [
        (
            lambda: Tensor(np.ones((2, 3))) @ Tensor(np.ones((2, 3))),
            ValueError,
            r"got \(2, 3\) and \(2, 3\): inner sizes 3 and 2 differ",
        ),
        (
            lambda: Tensor(np.ones(3)) @ Tensor(np.ones((3, 2))),
            ValueError,
            r"two rank-2 tensors; got shapes \(3,\) and \(3, 2\)",
        ),
        (
            lambda: Tensor(np.ones((4, 3))) + Tensor(np.ones(2)),
            ValueError,
            r"cannot broadcast shapes \(4, 3\) and \(2,\)",
        ),
        (lambda: Tensor(np.ones((2, 3))) + np.ones(3), TypeError, "must be a Tensor, got ndarray"),
        (lambda: ad.relu(np.ones(3)), TypeError, "relu's input must be a Tensor"),
        (lambda: Tensor(np.array(["a", "b"])), TypeError, "real numbers, got dtype <U1"),
        (lambda: ad.mean(Tensor(np.ones((0, 2)))), ValueError, r"empty tensor \(shape \(0, 2\)\)"),
        (
            lambda: ad.softmax_cross_entropy(Tensor(np.ones(3)), np.array([0])),
            ValueError,
            r"\(batch, classes\), got shape \(3,\)",
        ),
        (
            lambda: ad.softmax_cross_entropy(Tensor(np.ones((2, 3))), np.array([0])),
            ValueError,
            r"got 2 samples but 1 labels",
        ),
        (
            lambda: ad.softmax_cross_entropy(Tensor(np.ones((2, 3))), np.array([0.0, 1.0])),
            TypeError,
            "integer class indices, got dtype float64",
        ),
        (
            lambda: ad.softmax_cross_entropy(Tensor(np.ones((2, 3))), np.array([0, 3])),
            ValueError,
            r"in \[0, 2\], got values from 0 to 3",
        ),
        (lambda: Tensor(np.ones((2, 2))).backward(), ValueError, r"needs a scalar, got shape \(2, 2\)"),
        (
            lambda: Tensor(np.ones(2)).backward(np.ones(3)),
            ValueError,
            r"grad has shape \(3,\), but this tensor has shape \(2,\)",
        ),
    ],
)
def test_mismatched_shapes_and_types_are_rejected_clearly(build, error, pattern):
    with pytest.raises(error, match=pattern):
        build()
