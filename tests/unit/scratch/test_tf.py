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
    numpy_model.set_weights(values)
    tf_model.set_weights(values)
    images, labels = batch()
    numpy_loss, _ = numpy_model.loss_and_gradients(images, labels)
    tf_loss, tf_gradients = tf_model.loss_and_gradients(images, labels)
    assert numpy_loss == pytest.approx(tf_loss, rel=1e-5)
    for mine, taped in zip(numpy_model.gradients, tf_gradients, strict=True):
        np.testing.assert_allclose(mine, taped, rtol=1e-4, atol=1e-6)


def test_one_training_step_changes_the_weights_identically() -> None:
    numpy_model, tf_model = (
        scratch_numpy.mnist_model(seed=2, hidden=64),
        scratch_tf.mnist_model(seed=2, hidden=64),
    )
    before = [w.copy() for w in numpy_model.weights]
    images, labels = batch(128)
    numpy_model.loss_and_gradients(images, labels)
    scratch_numpy.RMSprop().apply(numpy_model.weights, numpy_model.gradients)
    step = scratch_tf.make_train_step(tf_model, scratch_tf.RMSprop())
    step(tf.constant(images), tf.constant(labels, tf.int64))
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


def test_bad_shapes_raise_clear_errors() -> None:
    model = scratch_tf.mnist_model(seed=0, hidden=8)
    with pytest.raises(ValueError, match=r"shape \(samples, 784\), got shape \(2, 28, 28\)"):
        model(np.zeros((2, 28, 28), np.float32))
    with pytest.raises(ValueError, match="got 4 images but 3 labels"):
        scratch_tf.fit(model, np.zeros((4, 784), np.float32), np.zeros(3, int), log=None)
    with pytest.raises(ValueError, match="a layer with 5 outputs is followed by one expecting 4 inputs"):
        scratch_tf.NaiveSequential(
            [scratch_tf.NaiveDense(6, 5, "relu"), scratch_tf.NaiveDense(4, 3, "softmax")]
        )
    with pytest.raises(
        ValueError, match=r"a gradient of shape \(3, 2\) does not fit a weight of shape \(2, 3\)"
    ):
        scratch_tf.RMSprop().apply([tf.Variable(tf.zeros((2, 3)))], [tf.zeros((3, 2))])
    assert scratch_tf.BatchGenerator is scratch_numpy.BatchGenerator
