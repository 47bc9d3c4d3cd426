"""The MNIST network of chapter 2.1 rebuilt with low-level TensorFlow: variables and a gradient tape.

Same public names as :mod:`dlmath.scratch.numpy`: ``NaiveDense``, ``NaiveSequential``,
``BatchGenerator`` (the very same class), ``RMSprop``, ``fit`` and ``mnist_model``. Here the
weights are ``tf.Variable`` objects and ``tf.GradientTape`` derives the backward pass that the
NumPy version writes by hand. Given the same seed, both versions start from the same weights.

>>> model = mnist_model(seed=0)  # doctest: +SKIP
>>> [tuple(w.shape) for w in model.weights]  # doctest: +SKIP
[(784, 512), (512,), (512, 10), (10,)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import tensorflow as tf

from dlmath.batches import (
    BatchGenerator,
)  # also reachable from here, as in section 2.5
from dlmath.scratch.layers import (
    DenseSizes,
    LayerStack,
    check_dense,
    check_images,
    check_labels,
    check_layer_stack,
    check_rmsprop_settings,
    glorot_uniform,
    mnist_layers,
)
from dlmath.scratch.training import train

__all__ = ["NaiveDense", "NaiveSequential", "RMSprop", "fit", "mnist_model"]


class NaiveDense(DenseSizes):
    """One dense layer, ``activation(inputs @ W + b)``, with ``W`` and ``b`` as ``tf.Variable``.

    Initialised like the NumPy version (Glorot-uniform ``W`` drawn from the same NumPy
    generator, zero ``b``), so the same seed gives the same starting weights.
    """

    def __init__(
        self,
        input_size: int,
        output_size: int,
        activation: str,
        *,
        seed: int | None = None,
        rng: np.random.Generator | None = None,
    ) -> None:
        check_dense(input_size, output_size, activation)
        rng = rng if rng is not None else np.random.default_rng(seed)
        self.activation = activation
        self.W = tf.Variable(
            glorot_uniform(input_size, output_size, rng), name="W"
        )
        self.b = tf.Variable(tf.zeros((output_size,), tf.float32), name="b")

    def logits(self, inputs: tf.Tensor) -> tf.Tensor:
        """``inputs @ W + b``: the values before the activation."""
        return tf.matmul(inputs, self.W) + self.b

    def __call__(self, inputs: tf.Tensor) -> tf.Tensor:
        z = self.logits(inputs)
        return (
            tf.nn.relu(z) if self.activation == "relu" else tf.nn.softmax(z)
        )


class NaiveSequential(LayerStack):
    """Layers applied one after the other; the last one must be a ``softmax`` layer."""

    def __init__(self, layers: Sequence[NaiveDense]) -> None:
        layers = check_layer_stack(layers)
        self.layers = layers

    def _assign(self, weight: tf.Variable, value: np.ndarray) -> None:
        weight.assign(value.astype(np.float32))

    def logits(self, images: tf.Tensor) -> tf.Tensor:
        """Every layer, except that the last one stops before its softmax."""
        x = images
        for layer in self.layers[:-1]:
            x = layer(x)
        return self.layers[-1].logits(x)

    def __call__(self, images: np.ndarray | tf.Tensor) -> np.ndarray:
        """Class probabilities for ``images`` (shape ``(samples, input_size)``), as a NumPy array."""
        if isinstance(images, np.ndarray):
            check_images(images, self.input_size)
        return tf.nn.softmax(
            self.logits(tf.convert_to_tensor(images, tf.float32))
        ).numpy()

    def loss(self, images: tf.Tensor, labels: tf.Tensor) -> tf.Tensor:
        """Mean categorical cross-entropy, computed from the logits (stable, as Keras does)."""
        per_sample = tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=self.logits(images)
        )
        return tf.reduce_mean(per_sample)

    def loss_and_gradients(
        self, images: np.ndarray, labels: np.ndarray
    ) -> tuple[float, list[np.ndarray]]:
        """The loss on one batch and its gradient for every weight (NumPy arrays), by GradientTape."""
        check_images(images, self.input_size)
        check_labels(labels, len(images), self.classes)
        with tf.GradientTape() as tape:
            loss = self.loss(
                tf.constant(images, tf.float32), tf.constant(labels, tf.int64)
            )
        gradients = tape.gradient(loss, self.weights)
        return float(loss), [g.numpy() for g in gradients]


class RMSprop:
    """Keras's RMSprop (momentum 0, not centered), on ``tf.Variable`` weights.

    ``v = rho * v + (1 - rho) * g**2`` then ``w = w - learning_rate * g / sqrt(v + epsilon)``.
    """

    def __init__(
        self,
        learning_rate: float = 0.001,
        rho: float = 0.9,
        epsilon: float = 1e-7,
    ) -> None:
        check_rmsprop_settings(learning_rate, rho, epsilon)
        self.learning_rate = learning_rate
        self.rho = rho
        self.epsilon = epsilon
        self.velocities: list[tf.Variable] = []

    def build(self, weights: Sequence[tf.Variable]) -> None:
        """Create a zero velocity for every weight (before any ``tf.function`` traces ``apply``)."""
        self.velocities = [
            tf.Variable(tf.zeros_like(w), trainable=False) for w in weights
        ]

    def apply(
        self, weights: Sequence[tf.Variable], gradients: Sequence[tf.Tensor]
    ) -> None:
        """One update of every weight from its gradient."""
        if not self.velocities:
            self.build(weights)
        if len(weights) != len(self.velocities) or len(gradients) != len(
            weights
        ):
            raise ValueError(
                f"expected {len(self.velocities)} weights and as many gradients, "
                f"got {len(weights)} weights and {len(gradients)} gradients"
            )
        for w, g, v in zip(weights, gradients, self.velocities, strict=True):
            if tuple(g.shape) != tuple(w.shape):
                raise ValueError(
                    f"a gradient of shape {tuple(g.shape)} does not fit a weight of shape {tuple(w.shape)}"
                )
            v.assign(self.rho * v + (1 - self.rho) * tf.square(g))
            w.assign_sub(self.learning_rate * g / tf.sqrt(v + self.epsilon))


def mnist_model(seed: int = 0, hidden: int = 512) -> NaiveSequential:
    """The network of chapter 2.1: 784 -> ``hidden`` relu -> 10 softmax, seeded like the NumPy one."""
    return NaiveSequential(mnist_layers(NaiveDense, seed, hidden))


def make_train_step(
    model: NaiveSequential, optimizer: RMSprop
) -> Callable[[tf.Tensor, tf.Tensor], tuple]:
    """One compiled training step: forward under a tape, gradients, RMSprop update.

    Returns ``(mean loss, number of correct predictions)`` for the batch.
    """
    if not optimizer.velocities:
        optimizer.build(model.weights)

    @tf.function(
        input_signature=[
            tf.TensorSpec([None, model.input_size], tf.float32),
            tf.TensorSpec([None], tf.int64),
        ],
        reduce_retracing=True,
    )
    def train_step(
        images: tf.Tensor, labels: tf.Tensor
    ) -> tuple[tf.Tensor, tf.Tensor]:
        with tf.GradientTape() as tape:
            logits = model.logits(images)
            loss = tf.reduce_mean(
                tf.nn.sparse_softmax_cross_entropy_with_logits(
                    labels=labels, logits=logits
                )
            )
        gradients = tape.gradient(loss, model.weights)
        optimizer.apply(model.weights, gradients)
        correct = tf.reduce_sum(
            tf.cast(tf.equal(tf.argmax(logits, axis=1), labels), tf.int32)
        )
        return loss, correct

    return train_step


def fit(
    model: NaiveSequential,
    images: np.ndarray,
    labels: np.ndarray,
    epochs: int = 5,
    batch_size: int = 128,
    *,
    optimizer: RMSprop | None = None,
    seed: int | None = 0,
    log: Callable[[str], object] | None = print,
) -> dict[str, list[float]]:
    """Train ``model`` with mini-batch RMSprop; print one line per epoch (no timings).

    Same arguments and history as :func:`dlmath.scratch.numpy.fit`; the batches come from the
    same seeded ``BatchGenerator``, so both versions see the same batches in the same order.
    """
    check_images(images, model.input_size)
    check_labels(labels, len(images), model.classes)
    images = images.astype(np.float32, copy=False)
    labels = labels.astype(np.int64, copy=False)
    optimizer = optimizer if optimizer is not None else RMSprop()
    train_step = make_train_step(model, optimizer)

    def step(
        batch_images: np.ndarray, batch_labels: np.ndarray
    ) -> tuple[float, int]:
        loss, correct = train_step(
            tf.constant(batch_images), tf.constant(batch_labels)
        )
        return float(loss), int(correct)

    batches = BatchGenerator(images, labels, batch_size, seed=seed)
    return train(step, batches, epochs, log=log)
