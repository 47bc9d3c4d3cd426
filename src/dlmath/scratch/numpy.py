"""Chapter 2.1's network rebuilt in NumPy, backward pass by hand (2.5).

``NaiveDense`` computes ``activation(x @ W + b)`` and, going backwards, the
three gradients that section 2.4 derives; ``NaiveSequential`` chains the
layers and starts the backward pass at the loss; ``RMSprop`` is Keras's update
rule; ``fit`` trains with mini-batches. :mod:`dlmath.scratch.tf` has the same
names, with a gradient tape in place of the hand-written backward pass. The
class names and the shape of the code follow the second edition of *Deep
Learning with Python* (section 2.5).

>>> model = mnist_model(seed=0)
>>> [w.shape for w in model.weights]
[(784, 512), (512,), (512, 10), (10,)]
>>> model(np.zeros((3, 784), np.float32)).sum(axis=1)
array([1., 1., 1.], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from dlmath.batches import BatchGenerator
from dlmath.scratch.layers import check_fit, glorot_uniform, mnist_layers
from dlmath.scratch.training import History, Log, train

__all__ = [
    "BatchGenerator",
    "NaiveDense",
    "NaiveSequential",
    "RMSprop",
    "fit",
    "mnist_model",
    "train_step",
]


def relu(z: np.ndarray) -> np.ndarray:
    """``max(z, 0)``, entry by entry."""
    return np.maximum(z, 0)


def softmax(z: np.ndarray) -> np.ndarray:
    """Each row of ``z`` turned into probabilities that add up to 1.

    Not element-wise: each output divides by a sum over its whole row.

    >>> softmax(np.array([[0.0, 0.0], [0.0, np.log(3)]]))
    array([[0.5 , 0.5 ],
           [0.25, 0.75]])
    """
    e = np.exp(z - z.max(axis=1, keepdims=True))  # same result, no overflow
    return e / e.sum(axis=1, keepdims=True)


def cross_entropy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Mean of ``-log(p)`` over the batch, ``p`` the correct class's.

    >>> p = np.array([[0.5, 0.5], [0.1, 0.9]])
    >>> round(cross_entropy(p, np.array([0, 1])), 4)  # -(log .5 + log .9) / 2
    0.3993
    """
    p = probabilities[np.arange(len(labels)), labels]
    return float(-np.log(np.maximum(p, 1e-7)).mean())  # Keras's floor


ACTIVATIONS = {"relu": relu, "softmax": softmax}


class NaiveDense:
    """A dense layer, ``activation(x @ W + b)``, and its backward pass.

    ``activation`` is ``"relu"`` or ``"softmax"``; ``W`` starts
    Glorot-uniform (as in Keras) and ``b`` at zero.

    >>> layer = NaiveDense(4, 3, "relu", rng=np.random.default_rng(0))
    >>> layer(np.ones((2, 4), np.float32)).shape
    (2, 3)
    """

    def __init__(
        self,
        input_size: int,
        output_size: int,
        activation: str,
        *,
        rng: np.random.Generator | None = None,
        dtype: type = np.float32,
    ) -> None:
        self.activation = activation
        self.W = glorot_uniform(input_size, output_size, rng).astype(dtype)
        self.b = np.zeros(output_size, dtype)

    @property
    def weights(self) -> list[np.ndarray]:
        return [self.W, self.b]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """``activation(x @ W + b)``, keeping ``x`` and the output."""
        self.x = x
        self.outputs = ACTIVATIONS[self.activation](x @ self.W + self.b)
        return self.outputs

    def backward(
        self, g: np.ndarray, need_grad_x: bool = True
    ) -> np.ndarray | None:
        """Set ``grad_W``, ``grad_b``; return the gradient at the input.

        ``g`` is the loss gradient at the output (for the softmax layer, at
        ``z``, before softmax: see ``NaiveSequential``).
        """
        if self.activation == "relu":
            # relu lets the gradient through where its output is positive
            g = g * (self.outputs > 0)
        self.grad_W = self.x.T @ g
        self.grad_b = g.sum(axis=0)
        return g @ self.W.T if need_grad_x else None


class NaiveSequential:
    """Layers applied one after the other, the last one a softmax layer.

    The loss is the mean cross-entropy, with integer labels.

    >>> mnist_model(seed=0, hidden=4)(np.zeros((2, 784), np.float32)).shape
    (2, 10)
    """

    def __init__(self, layers: list[NaiveDense]) -> None:
        self.layers = layers

    @property
    def weights(self) -> list[np.ndarray]:
        return [w for layer in self.layers for w in layer.weights]

    def __call__(self, images: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per image."""
        x = images
        for layer in self.layers:
            x = layer(x)
        return x

    def predict(self, images: np.ndarray) -> np.ndarray:
        """The most probable class of each image."""
        return self(images).argmax(axis=1)

    def loss_and_gradients(
        self, images: np.ndarray, labels: np.ndarray
    ) -> tuple[float, list[np.ndarray]]:
        """The mean loss on one batch and the gradient of every weight."""
        probabilities = self(images)
        # softmax and cross-entropy together: dL/dz = (p - onehot(y)) / n
        n = len(labels)
        g = probabilities.copy()
        g[np.arange(n), labels] -= 1
        g /= n
        for i in reversed(range(len(self.layers))):
            # the first layer's grad_x would be the images': nothing needs it
            g = self.layers[i].backward(g, need_grad_x=i > 0)
        gradients = [
            grad
            for layer in self.layers
            for grad in (layer.grad_W, layer.grad_b)
        ]
        return cross_entropy(probabilities, labels), gradients


class RMSprop:
    """Keras's RMSprop: steps divided by a running root-mean-square gradient.

    For each weight ``w``, with gradient ``g`` and ``mean_square`` starting
    at zero: ``mean_square = rho * mean_square + (1 - rho) * g**2``, then
    ``w -= learning_rate * g / sqrt(mean_square + epsilon)``.

    >>> w = np.ones(2, np.float32)
    >>> RMSprop(learning_rate=0.1).apply([w], [np.array([1, -1], np.float32)])
    >>> w  # mean_square = 0.1 * g**2 = 0.1: each step is 0.1 / sqrt(0.1)
    array([0.6837724, 1.3162277], dtype=float32)
    """

    def __init__(
        self,
        learning_rate: float = 0.001,
        rho: float = 0.9,
        epsilon: float = 1e-7,
    ) -> None:
        self.learning_rate = learning_rate
        self.rho = rho
        self.epsilon = epsilon
        self.mean_square: list[np.ndarray] = []  # one per weight

    def apply(
        self, weights: list[np.ndarray], gradients: list[np.ndarray]
    ) -> None:
        """One step for every weight (the weights change in place)."""
        if not self.mean_square:
            self.mean_square = [np.zeros_like(w) for w in weights]
        for i, (w, g) in enumerate(zip(weights, gradients, strict=True)):
            s = self.rho * self.mean_square[i] + (1 - self.rho) * g**2
            self.mean_square[i] = s
            w -= self.learning_rate * g / np.sqrt(s + self.epsilon)


def train_step(
    model: NaiveSequential,
    optimizer: RMSprop,
    images: np.ndarray,
    labels: np.ndarray,
) -> tuple[float, int]:
    """One training step: forward pass, backward pass, RMSprop update.

    Returns the batch's mean loss and its number of correct guesses.
    """
    loss, gradients = model.loss_and_gradients(images, labels)
    optimizer.apply(model.weights, gradients)
    probabilities = model.layers[-1].outputs  # kept by the forward pass
    return loss, int((probabilities.argmax(axis=1) == labels).sum())


def fit(
    model: NaiveSequential,
    images: np.ndarray,
    labels: np.ndarray,
    epochs: int = 5,
    batch_size: int = 128,
    *,
    optimizer: RMSprop | None = None,
    seed: int | None = 0,
    log: Log = print,
    step: Callable[..., tuple[float, int]] = train_step,
) -> History:
    """Train ``model`` with mini-batch RMSprop; print one line per epoch.

    ``images``: shape ``(samples, 784)``, floats in [0, 1]; ``labels``:
    integer classes. ``seed`` sets the order of the batches; ``step`` is
    the training step (the TensorFlow version passes its compiled one).
    Returns the history: per epoch, the mean ``loss`` and ``accuracy``
    over its batches (as Keras reports them) and ``epoch_seconds``.
    """
    images, labels = check_fit(model, images, labels, optimizer)
    if step is train_step and not isinstance(model.weights[0], np.ndarray):
        raise TypeError(
            "this model's weights are TensorFlow variables: train it with "
            "dlmath.scratch.tf.fit"
        )
    optimizer = optimizer if optimizer is not None else RMSprop()
    batches = BatchGenerator(images, labels, batch_size, seed=seed)
    one_step = partial(step, model, optimizer)  # a step of (images, labels)
    return train(one_step, batches, epochs, log=log)


def mnist_model(seed: int = 0, hidden: int = 512) -> NaiveSequential:
    """Chapter 2.1's network: 784 -> ``hidden`` relu -> 10 softmax, seeded."""
    return NaiveSequential(mnist_layers(NaiveDense, seed, hidden))
