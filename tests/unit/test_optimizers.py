"""dlmath.optimizers: update rules (checked against Keras), paths, the MNIST-style trainer, the curve plot."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath import optimizers as opt
from dlmath.gradients import numerical_gradient, relative_error


def test_sgd_step():
    np.testing.assert_allclose(opt.sgd_step(np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.1), [0.95, 2.1])


def _keras_run(optimizer, start, grads):
    keras = pytest.importorskip("keras")
    variable = keras.Variable(start.astype("float32"))
    for grad in grads:
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(grad.astype("float32")), variable)])
    return np.asarray(variable.numpy(), dtype=np.float64)


def test_momentum_matches_keras_sgd_with_momentum():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(0)
    start, grads = rng.normal(size=4), [rng.normal(size=4) for _ in range(5)]
    params, velocity = start, np.zeros(4)
    for grad in grads:
        params, velocity = opt.momentum_step(params, grad, velocity, 0.1, momentum=0.9)
    expected = _keras_run(keras.optimizers.SGD(learning_rate=0.1, momentum=0.9), start, grads)
    np.testing.assert_allclose(params, expected, rtol=1e-5, atol=1e-6)


def test_rmsprop_matches_keras_rmsprop():
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(1)
    start, grads = rng.normal(size=4), [rng.normal(size=4) for _ in range(5)]
    params, mean_square = start, np.zeros(4)
    for grad in grads:
        params, mean_square = opt.rmsprop_step(params, grad, mean_square, 0.01, rho=0.9)
    expected = _keras_run(keras.optimizers.RMSprop(learning_rate=0.01, rho=0.9), start, grads)
    np.testing.assert_allclose(params, expected, rtol=1e-5, atol=1e-5)


def test_momentum_zero_is_plain_sgd_and_steps_do_not_modify_inputs():
    params, grad, velocity = np.array([1.0, -1.0]), np.array([0.3, 0.2]), np.array([5.0, 5.0])
    before = params.copy(), grad.copy(), velocity.copy()
    new_params, _ = opt.momentum_step(params, grad, velocity, 0.5, momentum=0.0)
    np.testing.assert_allclose(new_params, opt.sgd_step(params, grad, 0.5))
    for array, original in zip((params, grad, velocity), before, strict=True):
        np.testing.assert_array_equal(array, original)


def test_rmsprop_evens_out_coordinates():
    # one steep and one flat coordinate move by about the same amount on the first step
    params, _ = opt.rmsprop_step(np.zeros(2), np.array([100.0, 0.1]), np.zeros(2), 0.1, rho=0.9)
    np.testing.assert_allclose(np.abs(params), [0.1 / np.sqrt(0.1)] * 2, rtol=1e-4)


# The step rules are the formulas alone; descent_path, where a reader chooses the settings, checks them.
@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"method": "adam"}, "method must be one of .*got 'adam'"),
        ({"steps": -1}, "steps must be an integer >= 0, got -1"),
        ({"steps": 2.5}, r"got 2\.5"),
        ({"steps": True}, "got True"),
        ({"learning_rate": 0.0}, "learning_rate must be > 0, got 0.0"),
        ({"method": "momentum", "momentum": 1.0}, r"momentum must lie in \[0, 1\), got 1.0"),
        ({"method": "rmsprop", "rho": -0.1}, r"rho must lie in \[0, 1\), got -0.1"),
    ],
)
def test_descent_path_checks_the_settings(kwargs, pattern):
    settings = {"learning_rate": 0.1, "steps": 2, **kwargs}
    with pytest.raises(ValueError, match=pattern):
        opt.descent_path(lambda p: p, 1.0, **settings)


def test_descent_path_refuses_a_gradient_of_the_wrong_shape():
    # Passing the loss instead of its gradient is the likely slip: one number for a point of two.
    with pytest.raises(ValueError, match=r"gradient returned shape \(\) for a point of shape \(2,\)"):
        opt.descent_path(opt.ravine, np.ones(2), learning_rate=0.1, steps=1)


@pytest.mark.parametrize("method", opt.METHODS)
def test_descent_path_shape_and_start(method):
    path = opt.descent_path(
        opt.ravine_gradient, np.array([-9.0, 1.5]), method=method, learning_rate=0.1, steps=7
    )
    assert path.shape == (8, 2)
    np.testing.assert_array_equal(path[0], [-9.0, 1.5])
    assert opt.ravine(path[-1]) < opt.ravine(path[0])


def test_test_functions_gradients_agree_with_numerical_gradient():
    for x in np.linspace(-2, 2, 9):
        numeric = numerical_gradient(lambda v: float(opt.double_well(v[0])), np.array([x]))
        assert relative_error(np.array([opt.double_well_derivative(x)]), numeric) < 1e-7
    rng = np.random.default_rng(5)
    for point in rng.normal(scale=4, size=(5, 2)):
        numeric = numerical_gradient(lambda p: float(opt.ravine(p)), point)
        assert relative_error(opt.ravine_gradient(point), numeric) < 1e-7
    assert opt.ravine_gradient(np.zeros((3, 4, 2))).shape == (3, 4, 2)


def test_double_well_minima_and_the_momentum_story_of_the_chapter():
    np.testing.assert_allclose(opt.double_well_derivative(np.array([1.1309, -1.3008])), 0, atol=2e-3)
    plain = opt.descent_path(opt.double_well_derivative, 2.0, method="sgd", learning_rate=0.01, steps=100)
    rolling = opt.descent_path(
        opt.double_well_derivative, 2.0, method="momentum", learning_rate=0.01, momentum=0.9, steps=100
    )
    assert abs(plain[-1] - 1.131) < 0.01  # stuck in the local minimum
    assert abs(rolling[-1] + 1.30) < 0.05  # escaped into the global one


def _blobs(seed=0, n=120):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, size=n)
    centers = np.array([[2.0, 0.0], [-2.0, 1.0], [0.0, -2.5]])
    return centers[labels] + rng.normal(scale=0.7, size=(n, 2)), labels


@pytest.mark.parametrize("batch_size", [1, 16, 120])
def test_minibatch_sgd_softmax_regression_lowers_the_loss(batch_size):
    x, labels = _blobs()
    weights, bias, losses = opt.minibatch_sgd_softmax_regression(
        x, labels, batch_size=batch_size, learning_rate=0.1, steps=60, classes=3
    )
    assert weights.shape == (2, 3) and bias.shape == (3,) and losses.shape == (61,)
    np.testing.assert_allclose(losses[0], np.log(3))
    assert losses[-1] < 0.5 * losses[0]
    accuracy = ((x @ weights + bias).argmax(axis=1) == labels).mean()
    assert accuracy > 0.9


def test_minibatch_sgd_is_reproducible_and_full_batch_is_deterministic():
    x, labels = _blobs()
    first = opt.minibatch_sgd_softmax_regression(
        x, labels, batch_size=8, learning_rate=0.1, steps=20, classes=3
    )
    again = opt.minibatch_sgd_softmax_regression(
        x, labels, batch_size=8, learning_rate=0.1, steps=20, classes=3
    )
    np.testing.assert_array_equal(first[2], again[2])
    a = opt.minibatch_sgd_softmax_regression(
        x, labels, batch_size=120, learning_rate=0.1, steps=5, seed=1, classes=3
    )
    b = opt.minibatch_sgd_softmax_regression(
        x, labels, batch_size=120, learning_rate=0.1, steps=5, seed=2, classes=3
    )
    np.testing.assert_allclose(a[2], b[2])  # the full batch does not depend on the shuffle


@pytest.mark.parametrize("batch_size", [0, 121, 2.5])
def test_minibatch_sgd_rejects_bad_batch_sizes(batch_size):
    x, labels = _blobs()
    with pytest.raises(ValueError, match=rf"batch_size must be an integer in \[1, 120\], got {batch_size}"):
        opt.minibatch_sgd_softmax_regression(x, labels, batch_size=batch_size, learning_rate=0.1, steps=1)


def test_adam_first_step_is_about_the_learning_rate_whatever_the_gradient():
    for scale in (1e-3, 1.0, 1e3):
        params, (m, v) = opt.adam_step(
            np.zeros(2), np.array([scale, -scale]), (np.zeros(2), np.zeros(2)), 1, 0.1
        )
        np.testing.assert_allclose(params, [-0.1, 0.1], rtol=1e-4)
        np.testing.assert_allclose(m, [0.1 * scale, -0.1 * scale])
