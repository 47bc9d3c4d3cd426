"""Chapter 2.1's network rebuilt with TensorFlow's variables and a tape.

The same names as :mod:`dlmath.scratch.numpy`, and the same methods return
the same things (``__call__`` and ``predict`` a NumPy array,
``loss_and_gradients`` a float and a list of NumPy arrays). The weights are
``tf.Variable`` objects, ``forward`` gives a tensor that
``tf.GradientTape`` records, and the tape derives the backward pass that
the NumPy version writes by hand. The same seed gives the same weights.

>>> model = mnist_model(seed=0)  # doctest: +SKIP
>>> [tuple(w.shape) for w in model.weights]  # doctest: +SKIP
[(784, 512), (512,), (512, 10), (10,)]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

from dlmath.batches import BatchGenerator  # noqa: F401 - in __all__
from dlmath.scratch import numpy as numpy_twin
from dlmath.scratch.layers import mnist_layers
from dlmath.scratch.training import History

# The same interface as the NumPy version, name for name.
__all__ = list(numpy_twin.__all__)

ACTIVATIONS = {"relu": tf.nn.relu, "softmax": tf.nn.softmax}


def cross_entropy(probabilities: tf.Tensor, labels: tf.Tensor) -> tf.Tensor:
    """Mean of ``-log(p)`` over the batch, ``p`` the correct class's."""
    p = tf.gather(probabilities, labels, batch_dims=1)
    return -tf.reduce_mean(tf.math.log(tf.maximum(p, 1e-7)))


class NaiveDense:
    """A dense layer, ``activation(x @ W + b)``, its weights ``tf.Variable``s.

    Same arguments as :class:`dlmath.scratch.numpy.NaiveDense`, whose
    start it takes (Glorot-uniform ``W``, zero ``b``): the same generator
    gives the same weights in both versions.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        start = numpy_twin.NaiveDense(*args, **kwargs)
        self.activation = start.activation
        self.W = tf.Variable(start.W)
        self.b = tf.Variable(start.b)

    @property
    def weights(self) -> list[tf.Variable]:
        return [self.W, self.b]

    def __call__(self, x: tf.Tensor) -> tf.Tensor:
        return ACTIVATIONS[self.activation](tf.matmul(x, self.W) + self.b)


class NaiveSequential(numpy_twin.NaiveSequential):
    """Layers applied one after the other, the last one a softmax layer.

    ``weights`` and ``predict`` as in the NumPy version; here ``forward``
    gives the probabilities as a tensor, for the tape to record.
    """

    # Class probabilities as a tensor: the NumPy version's loop over the
    # layers, here on tensors.
    forward = numpy_twin.NaiveSequential.__call__

    def __call__(self, images: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per image, as a NumPy array."""
        return self.forward(tf.constant(images, tf.float32)).numpy()

    def loss_and_gradients(
        self, images: np.ndarray, labels: np.ndarray
    ) -> tuple[float, list[np.ndarray]]:
        """The mean loss on one batch and the gradient of every weight."""
        with tf.GradientTape() as tape:
            probabilities = self.forward(tf.constant(images, tf.float32))
            loss = cross_entropy(probabilities, tf.constant(labels, tf.int64))
        gradients = tape.gradient(loss, self.weights)
        return float(loss), [g.numpy() for g in gradients]


class RMSprop(numpy_twin.RMSprop):
    """Keras's RMSprop, as in the NumPy version, on ``tf.Variable`` weights.

    ``mean_square = rho * mean_square + (1 - rho) * g**2``, then
    ``w -= learning_rate * g / sqrt(mean_square + epsilon)``.
    """

    def apply(
        self, weights: list[tf.Variable], gradients: list[tf.Tensor]
    ) -> None:
        """One step for every weight (the variables change in place)."""
        if not self.mean_square:
            self.mean_square = [
                tf.Variable(tf.zeros_like(w)) for w in weights
            ]
        rho = self.rho
        for w, g, s in zip(weights, gradients, self.mean_square, strict=True):
            s.assign(rho * s + (1 - rho) * g**2)
            w.assign_sub(self.learning_rate * g / tf.sqrt(s + self.epsilon))


@tf.function  # compiled into a graph, as Keras compiles its training step
def train_step(
    model: NaiveSequential,
    optimizer: RMSprop,
    images: tf.Tensor,
    labels: tf.Tensor,
) -> tuple[tf.Tensor, tf.Tensor]:
    """One training step; the tape derives the backward pass.

    Returns the batch's mean loss and its number of correct guesses.
    """
    with tf.GradientTape() as tape:
        probabilities = model.forward(images)
        loss = cross_entropy(probabilities, labels)
    optimizer.apply(model.weights, tape.gradient(loss, model.weights))
    right = tf.argmax(probabilities, axis=1) == labels
    return loss, tf.reduce_sum(tf.cast(right, tf.int32))


def fit(
    model: NaiveSequential,
    images: np.ndarray,
    labels: np.ndarray,
    *args: Any,
    optimizer: RMSprop | None = None,
    **kwargs: Any,
) -> History:
    """:func:`dlmath.scratch.numpy.fit`, with this module's ``train_step``.

    Same arguments; ``optimizer`` is this module's ``RMSprop``.
    """
    if not isinstance(model, NaiveSequential):
        raise TypeError(
            "dlmath.scratch.tf.fit trains a model of dlmath.scratch.tf "
            f"(its mnist_model()); got {type(model).__module__}."
            f"{type(model).__name__}"
        )
    optimizer = optimizer if optimizer is not None else RMSprop()
    if not isinstance(optimizer, RMSprop):
        raise TypeError(
            "optimizer must be dlmath.scratch.tf.RMSprop(), whose state "
            f"is made of TensorFlow variables; got {optimizer!r}"
        )
    if not optimizer.mean_square:
        # made here: a compiled step may not make variables of its own
        optimizer.mean_square = [
            tf.Variable(tf.zeros_like(w)) for w in model.weights
        ]
    return numpy_twin.fit(
        model,
        images,
        labels,
        *args,
        optimizer=optimizer,
        step=train_step,
        **kwargs,
    )


def mnist_model(seed: int = 0, hidden: int = 512) -> NaiveSequential:
    """Chapter 2.1's network, seeded like the NumPy one."""
    return NaiveSequential(mnist_layers(NaiveDense, seed, hidden))
