"""The NumPy from-scratch network: gradients, optimizer, batches, training, and its error messages."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.gradients import numerical_gradient
from dlmath.optimizers import rmsprop_step
from dlmath.scratch.numpy import BatchGenerator, NaiveDense, NaiveSequential, RMSprop, fit, mnist_model


def tiny_model(dtype: type = np.float64, seed: int = 0) -> NaiveSequential:
    rng = np.random.default_rng(seed)
    return NaiveSequential(
        [NaiveDense(6, 5, "relu", rng=rng, dtype=dtype), NaiveDense(5, 3, "softmax", rng=rng, dtype=dtype)]
    )


def tiny_batch(dtype: type = np.float64, n: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    return rng.random((n, 6)).astype(dtype), rng.integers(0, 3, n)


def test_gradients_equal_numerical_gradients() -> None:
    model = tiny_model()
    images, labels = tiny_batch()
    model.layers[0].b[:] = [0.1, -0.1, 0.2, 0.05, -0.3]  # non-zero biases, and a dead unit or two
    model.loss_and_gradients(images, labels)
    analytic = [g.copy() for g in model.gradients]
    for weight, expected in zip(model.weights, analytic, strict=True):
        original = weight.copy()

        def loss_at(value: np.ndarray, weight: np.ndarray = weight) -> float:
            weight[...] = value
            return model.loss_and_gradients(images, labels)[0]

        numeric = numerical_gradient(loss_at, original)
        weight[...] = original
        np.testing.assert_allclose(expected, numeric, rtol=1e-5, atol=1e-8)


def test_loss_is_the_mean_cross_entropy_and_counts_correct_predictions() -> None:
    model = tiny_model()
    images, labels = tiny_batch()
    probabilities = model(images)
    loss, correct = model.loss_and_gradients(images, labels)
    assert loss == pytest.approx(-np.log(probabilities[np.arange(len(labels)), labels]).mean())
    assert correct == int((probabilities.argmax(axis=1) == labels).sum())
    np.testing.assert_allclose(probabilities.sum(axis=1), 1)


def test_training_stays_float32() -> None:
    model = mnist_model(seed=0, hidden=16)
    rng = np.random.default_rng(0)
    images, labels = rng.random((50, 784), dtype=np.float32), rng.integers(0, 10, 50)
    fit(model, images, labels, epochs=1, batch_size=16, log=None)
    assert all(w.dtype == np.float32 for w in model.weights)
    assert all(g.dtype == np.float32 for g in model.gradients)
    assert model(images).dtype == np.float32


def test_rmsprop_follows_the_keras_rule_in_place() -> None:
    rng = np.random.default_rng(0)
    w = rng.standard_normal((4, 3)).astype(np.float32)
    grads = [rng.standard_normal((4, 3)).astype(np.float32) for _ in range(3)]
    optimizer = RMSprop()
    expected, velocity = w.astype(np.float64), np.zeros((4, 3))
    same_array = w
    for g in grads:  # the fast in-place version agrees with the readable rule of section 2.4
        optimizer.apply([w], [g])
        expected, velocity = rmsprop_step(expected, g.astype(np.float64), velocity, 0.001, 0.9, 1e-7)
    assert w is same_array and w.dtype == np.float32
    np.testing.assert_allclose(w, expected, rtol=1e-6)
    np.testing.assert_allclose(optimizer.velocities[0], velocity, rtol=1e-5)
    assert (optimizer.learning_rate, optimizer.rho, optimizer.epsilon) == (0.001, 0.9, 1e-7)


MNIST_PARAMETERS = 784 * 512 + 512 + 512 * 10 + 10  # 407,050: what fit() hands the optimizer


def test_rmsprop_on_the_mnist_parameters_equals_the_readable_rule() -> None:
    """The in-place update and rmsprop_step, both in float32, agree to float32 round-off."""
    rng = np.random.default_rng(0)
    w = (0.05 * rng.standard_normal(MNIST_PARAMETERS)).astype(np.float32)
    fast, optimizer = w.copy(), RMSprop()
    readable, mean_square = w.copy(), np.zeros_like(w)
    for _ in range(5):
        g = (0.01 * rng.standard_normal(MNIST_PARAMETERS)).astype(np.float32)
        optimizer.apply([fast], [g])
        readable, mean_square = rmsprop_step(readable, g, mean_square, 0.001, 0.9, 1e-7)
    assert readable.dtype == mean_square.dtype == fast.dtype == np.float32
    # the mean squares come from the same float32 operations in the same order: equal bit for bit
    np.testing.assert_array_equal(optimizer.velocities[0], mean_square)
    # the step is lr * (g / r) here and (lr * g) / r there: the weights differ in their last bits only
    assert np.abs(fast - readable).max() <= 2 * np.spacing(np.abs(readable).max())
    assert not np.array_equal(fast, w)


def test_fit_lowers_the_loss_and_reports_each_epoch() -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 300)
    images = (rng.random((300, 784)) * 0.1).astype(np.float32)
    images[np.arange(300), labels * 50] = 1.0  # an easy, learnable signal
    lines: list[str] = []
    history = fit(mnist_model(seed=1, hidden=32), images, labels, epochs=3, batch_size=32, log=lines.append)
    assert history["loss"][-1] < history["loss"][0]
    assert history["accuracy"][-1] > history["accuracy"][0]
    assert lines[0].startswith("epoch 1/3: accuracy ") and ", loss " in lines[0]
    assert len(history["epoch_seconds"]) == 3


def test_same_seed_same_training() -> None:
    rng = np.random.default_rng(0)
    images, labels = rng.random((64, 784), dtype=np.float32), rng.integers(0, 10, 64)
    models = [mnist_model(seed=3, hidden=8) for _ in range(2)]
    for model in models:
        fit(model, images, labels, epochs=2, batch_size=10, seed=5, log=None)
    for a, b in zip(models[0].weights, models[1].weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_batch_generator_covers_every_sample_once_per_epoch() -> None:
    images = np.arange(23, dtype=np.float32).reshape(23, 1)
    labels = np.arange(23)
    batches = BatchGenerator(images, labels, batch_size=5, seed=0)
    assert len(batches) == 5
    orders = []
    for _ in range(2):
        epoch = list(batches)
        assert [len(y) for _, y in epoch] == [5, 5, 5, 5, 3]
        seen = np.concatenate([y for _, y in epoch])
        assert sorted(seen.tolist()) == list(range(23))
        assert all((x[:, 0] == y).all() for x, y in epoch)  # images and labels stay paired
        orders.append(seen)
    assert not np.array_equal(orders[0], orders[1])  # reshuffled every epoch
    again = np.concatenate([y for _, y in BatchGenerator(images, labels, batch_size=5, seed=0)])
    np.testing.assert_array_equal(again, orders[0])  # seeded
    unshuffled = np.concatenate([y for _, y in BatchGenerator(images, labels, batch_size=5, shuffle=False)])
    np.testing.assert_array_equal(unshuffled, labels)


@pytest.mark.parametrize("batch_size", [0, -1, 2.5, True])
def test_batch_generator_rejects_bad_batch_sizes(batch_size: object) -> None:
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        BatchGenerator(np.zeros((4, 2)), np.zeros(4, int), batch_size=batch_size)


def test_batch_generator_rejects_unpaired_labels() -> None:
    with pytest.raises(ValueError, match="4 images, got 3"):
        BatchGenerator(np.zeros((4, 2)), np.zeros(3, int))


def test_bad_shapes_raise_clear_errors() -> None:
    model = mnist_model(seed=0, hidden=8)
    with pytest.raises(ValueError, match=r"shape \(samples, 784\), got shape \(3, 28, 28\).*reshape"):
        model(np.zeros((3, 28, 28), np.float32))
    with pytest.raises(TypeError, match="must hold floats.*uint8"):
        model(np.zeros((3, 784), np.uint8))
    images = np.zeros((4, 784), np.float32)
    with pytest.raises(
        ValueError, match=r"got shape \(4, 10\); for one-hot labels pass labels.argmax\(axis=1\)"
    ):
        fit(model, images, np.eye(10)[:4], epochs=1, log=None)
    with pytest.raises(ValueError, match="got 4 images but 3 labels"):
        fit(model, images, np.zeros(3, int), epochs=1, log=None)
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 9\], got values from 0 to 10"):
        fit(model, images, np.array([0, 1, 2, 10]), epochs=1, log=None)
    with pytest.raises(TypeError, match="labels must be integer class indices"):
        fit(model, images, np.zeros(4, np.float32), epochs=1, log=None)


def test_bad_layers_and_updates_raise_clear_errors() -> None:
    with pytest.raises(ValueError, match="a layer with 5 outputs is followed by one expecting 4 inputs"):
        NaiveSequential([NaiveDense(6, 5, "relu"), NaiveDense(4, 3, "softmax")])
    with pytest.raises(ValueError, match="the last layer must use softmax, got 'relu'"):
        NaiveSequential([NaiveDense(6, 5, "relu")])
    with pytest.raises(ValueError, match="activation must be one of"):
        NaiveDense(6, 5, "tanh")
    with pytest.raises(
        ValueError, match=r"a gradient of shape \(3, 2\) does not fit a weight of shape \(2, 3\)"
    ):
        RMSprop().apply([np.zeros((2, 3), np.float32)], [np.zeros((3, 2), np.float32)])
    with pytest.raises(ValueError, match="expected 1 weights and as many gradients"):
        optimizer = RMSprop()
        optimizer.build([np.zeros(2, np.float32)])
        optimizer.apply([np.zeros(2, np.float32)] * 2, [np.zeros(2, np.float32)] * 2)
    model = tiny_model()
    with pytest.raises(ValueError, match=r"expected shape \(6, 5\), got \(5, 6\)"):
        model.set_weights([np.zeros((5, 6))] + model.weights[1:])


def test_weights_and_gradients_are_views_of_one_flat_array() -> None:
    model = tiny_model()
    assert model.parameters.size == sum(w.size for w in model.weights) == 6 * 5 + 5 + 5 * 3 + 3
    model.parameters[:] = 0.5
    assert all((w == 0.5).all() for w in model.weights)
    images, labels = tiny_batch()
    model.loss_and_gradients(images, labels)
    np.testing.assert_array_equal(
        model.parameter_gradients, np.concatenate([g.ravel() for g in model.gradients])
    )
    with pytest.raises(ValueError, match="all layers must share one dtype"):
        NaiveSequential(
            [NaiveDense(6, 5, "relu", dtype=np.float32), NaiveDense(5, 3, "softmax", dtype=np.float64)]
        )


def test_fit_on_the_flat_array_equals_per_weight_updates() -> None:
    rng = np.random.default_rng(0)
    images, labels = rng.random((40, 784), dtype=np.float32), rng.integers(0, 10, 40)
    flat, split = mnist_model(seed=2, hidden=8), mnist_model(seed=2, hidden=8)
    fit(flat, images, labels, epochs=1, batch_size=40, log=None)
    split.loss_and_gradients(images, labels)
    RMSprop().apply(split.weights, split.gradients)
    for a, b in zip(flat.weights, split.weights, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-8)
