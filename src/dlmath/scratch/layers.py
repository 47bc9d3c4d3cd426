"""What the NumPy and TensorFlow networks of section 2.5 share.

The Glorot-uniform start of a layer's kernel, the layout of chapter 2.1's
network, and the checks at ``fit``'s door, where a learner's data comes in.

>>> glorot_uniform(3, 2, np.random.default_rng(0)).shape
(3, 2)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from dlmath._checks import class_labels, is_integer

__all__: list[str] = []  # learners use NaiveDense & co. from numpy or tf


def glorot_uniform(
    input_size: int,
    output_size: int,
    rng: np.random.Generator | int | None = None,
) -> np.ndarray:
    """Keras's default kernel start: uniform in ``[-limit, limit]``.

    ``limit = sqrt(6 / (input_size + output_size))``, which keeps the scale
    of a layer's outputs close to that of its inputs. ``rng`` is a
    generator, a seed or None (a fresh seed).

    >>> w = glorot_uniform(784, 512, np.random.default_rng(0))
    >>> w.dtype, bool(np.abs(w).max() <= np.sqrt(6 / (784 + 512)))
    (dtype('float32'), True)
    """
    limit = math.sqrt(6 / (input_size + output_size))
    shape = (input_size, output_size)
    rng = np.random.default_rng(rng)  # a generator is used as it is
    return rng.uniform(-limit, limit, size=shape).astype(np.float32)


def mnist_layers(dense: Callable[..., Any], seed: int, hidden: int) -> list:
    """Chapter 2.1's layers, 784 -> ``hidden`` relu -> 10 softmax, seeded."""
    if not is_integer(hidden) or hidden < 1:
        raise ValueError(f"hidden must be a positive integer, got {hidden!r}")
    rng = np.random.default_rng(seed)
    return [
        dense(28 * 28, hidden, "relu", rng=rng),
        dense(hidden, 10, "softmax", rng=rng),
    ]


def check_fit(
    model: Any, images: object, labels: object, optimizer: object = None
) -> tuple[np.ndarray, np.ndarray]:
    """``fit``'s checks: a model, an optimizer and data that suit it.

    Returns the images as float32 (the weights' dtype) and the labels as
    int64 (what ``tf.function``'s signature asks for).
    """
    layers: Sequence[Any] | None = getattr(model, "layers", None)
    if not layers:
        raise TypeError(
            "model must be a NaiveSequential, as mnist_model() makes; "
            f"got {type(model).__name__}"
        )
    if optimizer is not None and not callable(
        getattr(optimizer, "apply", None)
    ):
        raise TypeError(
            "optimizer must be an object with an apply(weights, gradients) "
            f"method, such as RMSprop(); got {optimizer!r}"
        )
    if layers[-1].activation != "softmax":
        raise ValueError(
            f"the last layer must use softmax, got {layers[-1].activation!r}"
        )
    width, classes = int(layers[0].W.shape[0]), int(layers[-1].W.shape[1])
    if not isinstance(images, np.ndarray):
        raise TypeError(
            f"images must be a NumPy array, got {type(images).__name__}"
        )
    if images.ndim != 2 or images.shape[1] != width:
        raise ValueError(
            f"images must have shape (samples, {width}), got shape "
            f"{images.shape}; flatten each image with "
            "images.reshape(len(images), -1)"
        )
    if not np.issubdtype(images.dtype, np.floating):
        raise TypeError(
            "images must hold floats (scaled to [0, 1]), "
            f"got dtype {images.dtype}"
        )
    if len(images) == 0:
        raise ValueError("images is empty: fit needs at least one sample")
    if not isinstance(labels, np.ndarray):
        raise TypeError(
            f"labels must be a NumPy array, got {type(labels).__name__}"
        )
    labels = class_labels(
        labels, samples=len(images), classes=classes, samples_name="images"
    )
    return images.astype(np.float32, copy=False), labels.astype(np.int64)
