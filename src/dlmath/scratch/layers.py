"""What the NumPy and the TensorFlow networks of section 2.5 share: checks, shapes and bookkeeping.

:mod:`dlmath.scratch.numpy` and :mod:`dlmath.scratch.tf` differ in their arithmetic (hand-written
backward pass vs ``tf.GradientTape``); everything else, the input checks, the Glorot-uniform
start, the sizes of a layer and of a stack, ``predict`` and ``set_weights``'s checks, and the
MNIST network's layout, is written once here.

>>> glorot_uniform(3, 2, np.random.default_rng(0)).shape
(3, 2)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from dlmath._checks import class_labels

__all__: list[
    str
] = []  # shared internals; learners use NaiveDense & co. from numpy or tf


ACTIVATIONS = ("relu", "softmax")


def glorot_uniform(
    input_size: int, output_size: int, rng: np.random.Generator
) -> np.ndarray:
    """Keras's default kernel initializer: uniform in ``[-limit, limit]``, ``limit = sqrt(6 / (in + out))``.

    >>> w = glorot_uniform(784, 512, np.random.default_rng(0))
    >>> w.dtype, bool(np.abs(w).max() <= np.sqrt(6 / (784 + 512)))
    (dtype('float32'), True)
    """
    limit = math.sqrt(6 / (input_size + output_size))
    return rng.uniform(-limit, limit, size=(input_size, output_size)).astype(
        np.float32
    )


def check_images(
    images: object, width: int, *, name: str = "images"
) -> np.ndarray:
    if not isinstance(images, np.ndarray):
        raise TypeError(
            f"{name} must be a NumPy array, got {type(images).__name__}"
        )
    if images.ndim != 2 or images.shape[1] != width:
        raise ValueError(
            f"{name} must have shape (samples, {width}), got shape {images.shape}; "
            "flatten each image with images.reshape(len(images), -1)"
        )
    if not np.issubdtype(images.dtype, np.floating):
        raise TypeError(
            f"{name} must hold floats (scaled to [0, 1]), got dtype {images.dtype}"
        )
    return images


def check_labels(labels: object, samples: int, classes: int) -> np.ndarray:
    if not isinstance(labels, np.ndarray):
        raise TypeError(
            f"labels must be a NumPy array, got {type(labels).__name__}"
        )
    return class_labels(
        labels, samples=samples, classes=classes, samples_name="images"
    )


def check_layer_stack(layers: Sequence) -> list:
    """Check that ``layers`` is non-empty, that sizes chain, and that the last one is softmax.

    Returns the layers as a list.
    """
    layers = list(layers)
    if not layers:
        raise ValueError("a NaiveSequential needs at least one layer")
    for before, after in zip(layers, layers[1:], strict=False):
        if before.output_size != after.input_size:
            raise ValueError(
                f"layer sizes do not chain: a layer with {before.output_size} outputs is followed by "
                f"one expecting {after.input_size} inputs"
            )
    if layers[-1].activation != "softmax":
        raise ValueError(
            f"the last layer must use softmax, got {layers[-1].activation!r}"
        )
    return layers


def check_rmsprop_settings(
    learning_rate: float, rho: float, epsilon: float
) -> None:
    """Reject RMSprop settings outside their meaningful ranges."""
    if not learning_rate > 0:
        raise ValueError(
            f"learning_rate must be positive, got {learning_rate}"
        )
    if not 0 <= rho < 1:
        raise ValueError(f"rho must be in [0, 1), got {rho}")
    if not epsilon >= 0:
        raise ValueError(f"epsilon must be >= 0, got {epsilon}")


def check_dense(input_size: int, output_size: int, activation: str) -> None:
    """Reject a layer that has no units or an activation the networks do not know."""
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"activation must be one of {ACTIVATIONS}, got {activation!r}"
        )
    if input_size < 1 or output_size < 1:
        raise ValueError(
            f"sizes must be positive, got input_size={input_size}, output_size={output_size}"
        )


class DenseSizes:
    """``weights``, ``input_size`` and ``output_size`` of a layer with kernel ``W`` and bias ``b``."""

    W: Any
    b: Any

    @property
    def weights(self) -> list:
        """``[W, b]``: the arrays (or variables) themselves, which the optimizer updates."""
        return [self.W, self.b]

    @property
    def input_size(self) -> int:
        return int(self.W.shape[0])

    @property
    def output_size(self) -> int:
        return int(self.W.shape[1])


class LayerStack:
    """``weights``, sizes, ``predict`` and ``set_weights`` of a stack of :class:`DenseSizes` layers.

    A subclass computes probabilities in ``__call__`` and writes one value in ``_assign``.
    """

    layers: list

    def __call__(self, images: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _assign(self, weight: Any, value: np.ndarray) -> None:
        raise NotImplementedError

    @property
    def weights(self) -> list:
        """Every layer's ``[W, b]``, in order: the arrays (or variables) themselves."""
        return [w for layer in self.layers for w in layer.weights]

    @property
    def input_size(self) -> int:
        return self.layers[0].input_size

    @property
    def classes(self) -> int:
        return self.layers[-1].output_size

    def predict(self, images: np.ndarray) -> np.ndarray:
        """The most probable class of each image."""
        return self(images).argmax(axis=1)

    def set_weights(self, values: Sequence[np.ndarray]) -> None:
        """Copy ``values`` (same shapes as ``weights``) into the model's weights."""
        weights = self.weights
        if len(values) != len(weights):
            raise ValueError(
                f"expected {len(weights)} arrays, got {len(values)}"
            )
        for w, value in zip(weights, values, strict=True):
            if tuple(np.shape(value)) != tuple(w.shape):
                raise ValueError(
                    f"expected shape {tuple(w.shape)}, got {tuple(np.shape(value))}"
                )
            self._assign(w, np.asarray(value))


def mnist_layers(
    dense: Callable[..., DenseSizes], seed: int, hidden: int
) -> list:
    """The layers of chapter 2.1's network, 784 -> ``hidden`` relu -> 10 softmax, from one seed."""
    rng = np.random.default_rng(seed)
    return [
        dense(28 * 28, hidden, "relu", rng=rng),
        dense(hidden, 10, "softmax", rng=rng),
    ]
