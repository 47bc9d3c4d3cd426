"""The NumPy network of section 2.5: gradients, optimizer, training, and fit's error messages."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.gradients import numerical_gradient
from dlmath.optimizers import rmsprop_step
from dlmath.scratch.numpy import (
    BatchGenerator,
    NaiveDense,
    NaiveSequential,
    RMSprop,
    cross_entropy,
    fit,
    mnist_model,
    softmax,
    train_step,
)


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
    assert (model.layers[0](images) == 0).any()  # the relu mask matters
    _, analytic = model.loss_and_gradients(images, labels)
    assert [g.shape for g in analytic] == [w.shape for w in model.weights]
    for weight, expected in zip(model.weights, analytic, strict=True):
        original = weight.copy()

        def loss_at(value: np.ndarray, weight: np.ndarray = weight) -> float:
            weight[...] = value
            return model.loss_and_gradients(images, labels)[0]

        numeric = numerical_gradient(loss_at, original)
        weight[...] = original
        np.testing.assert_allclose(expected, numeric, rtol=1e-5, atol=1e-8)


def test_a_layer_s_backward_is_the_three_formulas() -> None:
    rng = np.random.default_rng(3)
    layer = NaiveDense(4, 3, "relu", rng=rng, dtype=np.float64)
    x, g = rng.normal(size=(5, 4)), rng.normal(size=(5, 3))
    h = layer(x)
    grad_x = layer.backward(g)
    masked = g * (x @ layer.W + layer.b > 0)
    np.testing.assert_allclose(layer.grad_W, x.T @ masked)
    np.testing.assert_allclose(layer.grad_b, masked.sum(axis=0))
    np.testing.assert_allclose(grad_x, masked @ layer.W.T)
    assert layer.backward(g, need_grad_x=False) is None
    np.testing.assert_array_equal(h, np.maximum(x @ layer.W + layer.b, 0))


def test_softmax_mixes_a_whole_row() -> None:
    z = np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 30.0]])
    p = softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1)
    assert p[0, 0] != p[1, 0]  # same entry, other entries changed: not element-wise
    np.testing.assert_allclose(softmax(z + 1000), p)  # the shift keeps large scores finite


def test_loss_is_the_mean_cross_entropy() -> None:
    model = tiny_model()
    images, labels = tiny_batch()
    probabilities = model(images)
    loss, _ = model.loss_and_gradients(images, labels)
    assert loss == pytest.approx(-np.log(probabilities[np.arange(len(labels)), labels]).mean())
    assert cross_entropy(np.array([[1.0, 0.0]]), np.array([1])) == pytest.approx(-np.log(1e-7))


def test_the_training_step_counts_correct_guesses_and_updates_every_weight() -> None:
    model = tiny_model(np.float32)
    images, labels = tiny_batch(np.float32)
    before = [w.copy() for w in model.weights]
    probabilities = model(images)
    loss, correct = train_step(model, RMSprop(), images, labels)
    assert correct == int((probabilities.argmax(axis=1) == labels).sum())
    assert loss == pytest.approx(cross_entropy(probabilities, labels), rel=1e-6)
    assert all(not np.array_equal(a, b) for a, b in zip(before, model.weights, strict=True))


def test_training_stays_float32() -> None:
    model = mnist_model(seed=0, hidden=16)
    rng = np.random.default_rng(0)
    images, labels = rng.random((50, 784)), rng.integers(0, 10, 50)  # float64 images
    fit(model, images, labels, epochs=1, batch_size=16, log=None)
    assert all(w.dtype == np.float32 for w in model.weights)
    images = images.astype(np.float32)
    assert all(g.dtype == np.float32 for g in model.loss_and_gradients(images[:4], labels[:4])[1])
    assert model(images).dtype == np.float32


def test_rmsprop_is_the_readable_rule_of_section_2_4() -> None:
    rng = np.random.default_rng(0)
    w = rng.standard_normal((4, 3)).astype(np.float32)
    grads = [rng.standard_normal((4, 3)).astype(np.float32) for _ in range(3)]
    optimizer = RMSprop()
    expected, mean_square = w.copy(), np.zeros_like(w)
    same_array = w
    for g in grads:
        optimizer.apply([w], [g])
        expected, mean_square = rmsprop_step(expected, g, mean_square, 0.001, 0.9, 1e-7)
    assert w is same_array and w.dtype == np.float32  # the layer's own array, updated
    np.testing.assert_allclose(w, expected, rtol=1e-6)
    np.testing.assert_array_equal(optimizer.mean_square[0], mean_square)
    assert (optimizer.learning_rate, optimizer.rho, optimizer.epsilon) == (0.001, 0.9, 1e-7)


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


def test_fit_uses_the_optimizer_it_is_given() -> None:
    rng = np.random.default_rng(0)
    images, labels = rng.random((64, 784), dtype=np.float32), rng.integers(0, 10, 64)
    optimizer = RMSprop(learning_rate=0.01)
    fit(mnist_model(seed=3, hidden=8), images, labels, epochs=1, batch_size=64, optimizer=optimizer, log=None)
    assert len(optimizer.mean_square) == 4 and optimizer.mean_square[0].any()


def test_same_seed_same_training() -> None:
    rng = np.random.default_rng(0)
    images, labels = rng.random((64, 784), dtype=np.float32), rng.integers(0, 10, 64)
    models = [mnist_model(seed=3, hidden=8) for _ in range(2)]
    for model in models:
        fit(model, images, labels, epochs=2, batch_size=10, seed=5, log=None)
    for a, b in zip(models[0].weights, models[1].weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_batch_generator_is_reachable_from_here_as_in_the_chapter() -> None:
    from dlmath import batches

    assert BatchGenerator is batches.BatchGenerator


def test_fit_rejects_bad_data_clearly() -> None:
    """fit is where a learner's data comes in: its messages say what is wrong."""
    model = mnist_model(seed=0, hidden=8)
    images = np.zeros((4, 784), np.float32)
    with pytest.raises(ValueError, match=r"shape \(samples, 784\), got shape \(4, 28, 28\).*reshape"):
        fit(model, images.reshape(4, 28, 28), np.zeros(4, int), log=None)
    with pytest.raises(TypeError, match="must hold floats.*uint8"):
        fit(model, images.astype(np.uint8), np.zeros(4, int), log=None)
    with pytest.raises(TypeError, match="images must be a NumPy array, got list"):
        fit(model, images.tolist(), np.zeros(4, int), log=None)
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
    with pytest.raises(ValueError, match="batch_size must be"):
        fit(model, images, np.zeros(4, int), batch_size=0, log=None)
    with pytest.raises(ValueError, match="epochs must be a non-negative integer"):
        fit(model, images, np.zeros(4, int), epochs=-1, log=None)
    relu_last = NaiveSequential([NaiveDense(784, 3, "relu")])
    with pytest.raises(ValueError, match="the last layer must use softmax, got 'relu'"):
        fit(relu_last, images, np.zeros(4, int), log=None)


def test_mnist_model_rejects_a_bad_hidden_size() -> None:
    for hidden in (0, 2.5, True):
        with pytest.raises(ValueError, match="hidden must be a positive integer"):
            mnist_model(hidden=hidden)
