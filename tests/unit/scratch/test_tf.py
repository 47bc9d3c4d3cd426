"""The TensorFlow from-scratch network agrees with the NumPy one, and its RMSprop with Keras's."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from dlmath.scratch import numpy as scratch_numpy  # noqa: E402
from dlmath.scratch import tf as scratch_tf  # noqa: E402


def batch(n: int = 32, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.random((n, 784), dtype=np.float32), rng.integers(0, 10, n)


def test_same_seed_same_starting_weights() -> None:
    numpy_model, tf_model = (
        scratch_numpy.mnist_model(seed=4, hidden=16),
        scratch_tf.mnist_model(seed=4, hidden=16),
    )
    for a, b in zip(numpy_model.weights, tf_model.weights, strict=True):
        np.testing.assert_array_equal(a, b.numpy())
    images, _ = batch()
    np.testing.assert_allclose(numpy_model(images), tf_model(images), rtol=1e-5, atol=1e-7)


def test_hand_derived_gradients_equal_the_gradient_tape() -> None:
    numpy_model, tf_model = (
        scratch_numpy.mnist_model(seed=0, hidden=32),
        scratch_tf.mnist_model(seed=0, hidden=32),
    )
    rng = np.random.default_rng(1)
    values = [w + rng.normal(0, 0.05, w.shape).astype(np.float32) for w in numpy_model.weights]
    for numpy_weight, tf_weight, value in zip(numpy_model.weights, tf_model.weights, values, strict=True):
        numpy_weight[...] = value
        tf_weight.assign(value)
    images, labels = batch()
    labels = labels.astype(np.uint8)  # as load_mnist gives them
    numpy_loss, numpy_gradients = numpy_model.loss_and_gradients(images, labels)
    tf_loss, tf_gradients = tf_model.loss_and_gradients(images, labels)
    assert numpy_loss == pytest.approx(tf_loss, rel=1e-5)
    for mine, taped in zip(numpy_gradients, tf_gradients, strict=True):
        assert type(mine) is type(taped) is np.ndarray  # the same kind of result from both
        np.testing.assert_allclose(mine, taped, rtol=1e-4, atol=1e-6)


def test_one_training_step_changes_the_weights_identically() -> None:
    numpy_model, tf_model = (
        scratch_numpy.mnist_model(seed=2, hidden=64),
        scratch_tf.mnist_model(seed=2, hidden=64),
    )
    before = [w.copy() for w in numpy_model.weights]
    images, labels = batch(128)
    numpy_loss, numpy_correct = scratch_numpy.train_step(numpy_model, scratch_numpy.RMSprop(), images, labels)
    optimizer = scratch_tf.RMSprop()
    optimizer.mean_square = [tf.Variable(tf.zeros_like(w)) for w in tf_model.weights]  # as fit does
    tf_loss, tf_correct = scratch_tf.train_step(
        tf_model, optimizer, tf.constant(images), tf.constant(labels, tf.int64)
    )
    assert numpy_loss == pytest.approx(float(tf_loss), rel=1e-5) and numpy_correct == int(tf_correct)
    for old, mine, theirs in zip(before, numpy_model.weights, tf_model.weights, strict=True):
        assert not np.array_equal(old, mine)
        np.testing.assert_allclose(mine - old, theirs.numpy() - old, rtol=1e-3, atol=2e-6)


def test_both_rmsprops_match_keras() -> None:
    rng = np.random.default_rng(0)
    start = rng.standard_normal((5, 4)).astype(np.float32)
    grads = [rng.standard_normal((5, 4)).astype(np.float32) * scale for scale in (1.0, 0.1, 1e-4)]
    variable = keras.Variable(start.copy())
    keras_optimizer = keras.optimizers.RMSprop()
    numpy_weight = start.copy()
    numpy_optimizer = scratch_numpy.RMSprop()
    tf_weight = tf.Variable(start.copy())
    tf_optimizer = scratch_tf.RMSprop()
    for g in grads:
        keras_optimizer.apply_gradients([(tf.constant(g), variable)])
        numpy_optimizer.apply([numpy_weight], [g])
        tf_optimizer.apply([tf_weight], [tf.constant(g)])
    np.testing.assert_allclose(numpy_weight, np.asarray(variable), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(tf_weight.numpy(), np.asarray(variable), rtol=1e-6, atol=1e-7)
    defaults = (keras_optimizer.rho, keras_optimizer.epsilon, float(keras_optimizer.learning_rate))
    assert (numpy_optimizer.rho, numpy_optimizer.epsilon, numpy_optimizer.learning_rate) == pytest.approx(
        defaults
    )


def test_fit_trains_and_agrees_with_numpy() -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 200)
    images = (rng.random((200, 784)) * 0.1).astype(np.float32)
    images[np.arange(200), labels * 50] = 1.0
    histories = [
        module.fit(module.mnist_model(seed=1, hidden=32), images, labels, epochs=2, batch_size=50, log=None)
        for module in (scratch_numpy, scratch_tf)
    ]
    assert histories[1]["loss"][-1] < histories[1]["loss"][0]
    np.testing.assert_allclose(histories[0]["loss"], histories[1]["loss"], rtol=1e-4)


def test_the_twins_have_the_same_names_and_methods() -> None:
    assert scratch_numpy.__all__ == scratch_tf.__all__
    for name in ("NaiveDense", "NaiveSequential", "RMSprop"):
        numpy_methods = {m for m in dir(getattr(scratch_numpy, name)) if not m.startswith("_")}
        tf_methods = {m for m in dir(getattr(scratch_tf, name)) if not m.startswith("_")}
        # the NumPy layer adds its hand-written backward; the TF stack its tensor forward
        assert numpy_methods - tf_methods <= {"backward"} and tf_methods - numpy_methods <= {"forward"}
    images, labels = batch(8)
    numpy_model, tf_model = (
        scratch_numpy.mnist_model(seed=5, hidden=8),
        scratch_tf.mnist_model(seed=5, hidden=8),
    )
    for method in ("__call__", "predict"):
        mine, theirs = getattr(numpy_model, method)(images), getattr(tf_model, method)(images)
        assert type(mine) is type(theirs) is np.ndarray and mine.dtype == theirs.dtype
    numpy_optimizer, tf_optimizer = scratch_numpy.RMSprop(), scratch_tf.RMSprop()
    numpy_optimizer.apply(numpy_model.weights, numpy_model.loss_and_gradients(images, labels)[1])
    tf_optimizer.apply(tf_model.weights, tf_model.loss_and_gradients(images, labels)[1])
    for a, b in zip(numpy_optimizer.mean_square, tf_optimizer.mean_square, strict=True):
        np.testing.assert_allclose(a, b.numpy(), rtol=1e-4, atol=1e-9)


def test_fit_checks_the_data_as_the_numpy_fit_does() -> None:
    model = scratch_tf.mnist_model(seed=0, hidden=8)
    with pytest.raises(ValueError, match=r"shape \(samples, 784\), got shape \(2, 28, 28\)"):
        scratch_tf.fit(model, np.zeros((2, 28, 28), np.float32), np.zeros(2, int), log=None)
    with pytest.raises(ValueError, match="got 4 images but 3 labels"):
        scratch_tf.fit(model, np.zeros((4, 784), np.float32), np.zeros(3, int), log=None)
    assert scratch_tf.BatchGenerator is scratch_numpy.BatchGenerator


def test_each_fit_says_when_given_the_other_twin() -> None:
    """Mixing the twins (a NumPy model in tf.fit, a tf model in numpy.fit) names the right fit."""
    images, labels = np.zeros((4, 784), np.float32), np.zeros(4, int)
    with pytest.raises(TypeError, match="tf.fit trains a model of dlmath.scratch.tf"):
        scratch_tf.fit(scratch_numpy.mnist_model(seed=0, hidden=8), images, labels, log=None)
    with pytest.raises(TypeError, match="train it with dlmath.scratch.tf.fit"):
        scratch_numpy.fit(scratch_tf.mnist_model(seed=0, hidden=8), images, labels, log=None)
    with pytest.raises(TypeError, match=r"dlmath.scratch.tf.RMSprop\(\)"):
        model = scratch_tf.mnist_model(seed=0, hidden=8)
        scratch_tf.fit(model, images, labels, optimizer=scratch_numpy.RMSprop(), log=None)
