"""The MNIST network of chapter 2.1 rebuilt from scratch in NumPy, with a hand-derived backward pass.

Same public names as :mod:`dlmath.scratch.tf`: ``NaiveDense``, ``NaiveSequential``,
``BatchGenerator``, ``RMSprop``, ``fit`` and ``mnist_model``. Everything is float32 (like
Keras), and the training step reuses preallocated buffers and updates the weights in place,
so that almost all of its time goes into the two big matrix products.

>>> model = mnist_model(seed=0)
>>> [w.shape for w in model.weights]
[(784, 512), (512,), (512, 10), (10,)]
>>> model(np.zeros((3, 784), np.float32)).sum(axis=1)
array([1., 1., 1.], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

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
    """One dense layer, ``activation(inputs @ W + b)``, with its own backward pass.

    ``W`` has shape ``(input_size, output_size)`` and starts Glorot-uniform (Keras's default),
    ``b`` starts at zero. ``activation`` is ``"relu"`` or ``"softmax"``.

    >>> layer = NaiveDense(4, 3, "relu", seed=0)
    >>> layer(np.ones((2, 4), np.float32)).shape
    (2, 3)
    """

    def __init__(
        self,
        input_size: int,
        output_size: int,
        activation: str,
        *,
        seed: int | None = None,
        rng: np.random.Generator | None = None,
        dtype: type = np.float32,
    ) -> None:
        check_dense(input_size, output_size, activation)
        rng = rng if rng is not None else np.random.default_rng(seed)
        self.activation = activation
        self.W = glorot_uniform(input_size, output_size, rng).astype(dtype)
        self.b = np.zeros(output_size, dtype=dtype)
        self.grad_W = np.zeros_like(self.W)
        self.grad_b = np.zeros_like(self.b)
        self._inputs: np.ndarray | None = None
        self._outputs = np.empty(
            (0, output_size), dtype=dtype
        )  # grows to the largest batch seen
        self._grad_inputs = np.empty((0, input_size), dtype=dtype)

    def _activate(self, z: np.ndarray) -> np.ndarray:
        """Apply the activation to ``z`` in place and return it."""
        if self.activation == "relu":
            return np.maximum(z, 0, out=z)
        z -= z.max(
            axis=1, keepdims=True
        )  # softmax is unchanged by a shift; this avoids overflow
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        return z

    def __call__(self, inputs: np.ndarray) -> np.ndarray:
        """Forward pass for inference: a fresh output array, nothing kept for a backward pass."""
        check_images(inputs, self.input_size, name="inputs")
        z = inputs.astype(self.W.dtype, copy=False) @ self.W
        z += self.b
        return self._activate(z)

    def forward(self, inputs: np.ndarray) -> np.ndarray:
        """Forward pass for training: keeps ``inputs`` and writes into a reused output buffer.

        The returned array is overwritten by the next call; copy it to keep it.
        """
        n = len(inputs)
        if len(self._outputs) < n:
            self._outputs = np.empty(
                (n, self.output_size), dtype=self.W.dtype
            )
        z = self._outputs[:n]
        np.matmul(inputs, self.W, out=z)
        z += self.b
        self._inputs = inputs
        return self._activate(z)

    def backward(
        self, grad_outputs: np.ndarray, *, need_grad_inputs: bool = True
    ) -> np.ndarray | None:
        """Backward pass: fill ``grad_W``, ``grad_b`` and return the gradient for the inputs.

        For a ``relu`` layer ``grad_outputs`` is the loss gradient with respect to its outputs.
        For a ``softmax`` layer it is the gradient with respect to the *logits* (the values
        before softmax): softmax and cross-entropy are differentiated together, which gives
        the simple, stable ``probabilities - one_hot(labels)`` (see ``NaiveSequential``).
        ``grad_outputs`` may be modified in place.
        """
        if self._inputs is None:
            raise RuntimeError("call forward() before backward()")
        n = len(self._inputs)
        if grad_outputs.shape != (n, self.output_size):
            raise ValueError(
                f"grad_outputs must have shape {(n, self.output_size)}, got {grad_outputs.shape}"
            )
        grad_z = grad_outputs
        if (
            self.activation == "relu"
        ):  # relu'(z) is 1 where the output is positive, else 0
            np.multiply(grad_z, self._outputs[:n] > 0, out=grad_z)
        np.matmul(
            self._inputs.T, grad_z, out=self.grad_W
        )  # dL/dW = x^T . dL/dz
        np.sum(
            grad_z, axis=0, out=self.grad_b
        )  # dL/db = sum over the batch of dL/dz
        if not need_grad_inputs:
            return None
        if len(self._grad_inputs) < n:
            self._grad_inputs = np.empty(
                (n, self.input_size), dtype=self.W.dtype
            )
        grad_inputs = self._grad_inputs[:n]
        np.matmul(grad_z, self.W.T, out=grad_inputs)  # dL/dx = dL/dz . W^T
        return grad_inputs


class NaiveSequential(LayerStack):
    """Layers applied one after the other; the last one must be a ``softmax`` layer.

    The loss is the categorical cross-entropy averaged over the batch, with integer labels:
    ``mean(-log(probabilities[i, labels[i]]))``. The layers' weights and gradients become views
    into two flat arrays, ``parameters`` and ``parameter_gradients``, so an optimizer can treat
    all of them as one array.

    >>> model = mnist_model(seed=0, hidden=4)
    >>> model.parameters.shape, np.shares_memory(model.parameters, model.layers[1].b)
    ((3190,), True)
    """

    def __init__(self, layers: Sequence[NaiveDense]) -> None:
        layers = check_layer_stack(layers)
        dtypes = {layer.W.dtype for layer in layers}
        if len(dtypes) != 1:
            raise ValueError(
                f"all layers must share one dtype, got {sorted(str(d) for d in dtypes)}"
            )
        self.layers = layers
        self._rows = np.arange(0)
        # Every weight (and every gradient) becomes a view into one flat array, so that the
        # optimizer can update all of them with a few whole-array operations.
        sizes = [w.size for layer in layers for w in layer.weights]
        self.parameters = np.empty(sum(sizes), dtype=dtypes.pop())
        self.parameter_gradients = np.zeros_like(self.parameters)
        offset = 0
        for layer in layers:
            for name in ("W", "b"):
                value = getattr(layer, name)
                view = self.parameters[offset : offset + value.size].reshape(
                    value.shape
                )
                view[...] = value
                setattr(layer, name, view)
                grad = self.parameter_gradients[
                    offset : offset + value.size
                ].reshape(value.shape)
                setattr(layer, "grad_" + name, grad)
                offset += value.size

    @property
    def gradients(self) -> list[np.ndarray]:
        """The gradients filled by the last ``backward`` call, in the order of ``weights``."""
        return [
            g for layer in self.layers for g in (layer.grad_W, layer.grad_b)
        ]

    def _assign(self, weight: np.ndarray, value: np.ndarray) -> None:
        weight[...] = value

    def __call__(
        self, images: np.ndarray, batch_size: int = 1024
    ) -> np.ndarray:
        """Class probabilities for ``images`` (shape ``(samples, input_size)``), in batches."""
        check_images(images, self.input_size)
        outputs = []
        for start in range(0, len(images), batch_size):
            x = images[start : start + batch_size]
            for layer in self.layers:
                x = layer(x)
            outputs.append(x)
        if not outputs:
            return np.empty((0, self.classes), dtype=self.layers[-1].W.dtype)
        return np.concatenate(outputs)

    def loss_and_gradients(
        self, images: np.ndarray, labels: np.ndarray
    ) -> tuple[float, int]:
        """Forward and backward pass on one batch.

        Returns the mean cross-entropy and the number of correct predictions; the gradients
        are left in ``self.gradients``.
        """
        n = len(images)
        check_labels(labels, n, self.classes)
        if len(self._rows) < n:
            self._rows = np.arange(n)
        rows = self._rows[:n]
        x = images
        for layer in self.layers:
            x = layer.forward(x)
        probabilities = (
            x  # the softmax layer's output buffer: becomes dL/dlogits below
        )
        picked = probabilities[rows, labels]
        loss = float(
            -np.log(np.maximum(picked, np.finfo(picked.dtype).tiny)).mean()
        )
        correct = int((probabilities.argmax(axis=1) == labels).sum())
        # d(mean cross-entropy)/d(logits) = (probabilities - one_hot(labels)) / n
        grad = probabilities
        grad[rows, labels] -= 1
        grad *= 1 / n
        for index in range(len(self.layers) - 1, -1, -1):
            grad = self.layers[index].backward(
                grad, need_grad_inputs=index > 0
            )
        return loss, correct


class RMSprop:
    """Keras's RMSprop (momentum 0, not centered), updating the weights in place.

    For every weight ``w`` with gradient ``g`` and a velocity ``v`` that starts at zero::

        v = rho * v + (1 - rho) * g**2
        w = w - learning_rate * g / sqrt(v + epsilon)

    (Keras 3 puts ``epsilon`` inside the square root.) The update runs as a few in-place
    NumPy operations on one reused scratch array per weight, with no temporaries.

    >>> w, g = np.ones(2, np.float32), np.array([1.0, -1.0], np.float32)
    >>> RMSprop(learning_rate=0.1).apply([w], [g])
    >>> w  # v = 0.1 * g**2 = 0.1, so each weight moves by 0.1 / sqrt(0.1), about 0.316
    array([0.6837723, 1.3162277], dtype=float32)
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
        self.velocities: list[np.ndarray] = []
        self._scratch: list[np.ndarray] = []

    def build(self, weights: Sequence[np.ndarray]) -> None:
        """Create a zero velocity (and a scratch array) for every weight."""
        self.velocities = [np.zeros_like(w) for w in weights]
        self._scratch = [np.empty_like(w) for w in weights]

    def apply(
        self, weights: Sequence[np.ndarray], gradients: Sequence[np.ndarray]
    ) -> None:
        """One update of every weight from its gradient (in place)."""
        if not self.velocities:
            self.build(weights)
        if len(weights) != len(self.velocities) or len(gradients) != len(
            weights
        ):
            raise ValueError(
                f"expected {len(self.velocities)} weights and as many gradients, "
                f"got {len(weights)} weights and {len(gradients)} gradients"
            )
        rho, lr = self.rho, self.learning_rate
        for w, g, v, t in zip(
            weights, gradients, self.velocities, self._scratch, strict=True
        ):
            if g.shape != w.shape:
                raise ValueError(
                    f"a gradient of shape {g.shape} does not fit a weight of shape {w.shape}"
                )
            # Python floats are "weak" scalars in NumPy 2: every step stays float32.
            np.multiply(v, rho, out=v)  # v = rho * v
            np.multiply(g, g, out=t)  #     + (1 - rho) * g**2
            np.multiply(t, 1 - rho, out=t)
            np.add(v, t, out=v)
            np.add(v, self.epsilon, out=t)  # t = lr * g / sqrt(v + eps)
            np.sqrt(t, out=t)
            np.divide(g, t, out=t)
            np.multiply(t, lr, out=t)
            np.subtract(w, t, out=w)  # w = w - t


def mnist_model(seed: int = 0, hidden: int = 512) -> NaiveSequential:
    """The network of chapter 2.1: 784 -> ``hidden`` relu -> 10 softmax, seeded."""
    return NaiveSequential(mnist_layers(NaiveDense, seed, hidden))


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

    ``images`` has shape ``(samples, 784)`` (float32 in [0, 1]), ``labels`` holds integer
    classes. Returns the history: per epoch, the mean ``loss`` and ``accuracy`` over the
    epoch's batches (as Keras reports them) and ``epoch_seconds`` (never printed).
    """
    check_images(images, model.input_size)
    check_labels(labels, len(images), model.classes)
    if images.dtype != model.layers[0].W.dtype:
        images = images.astype(model.layers[0].W.dtype)
    optimizer = optimizer if optimizer is not None else RMSprop()
    # All weights live in one flat array (views of ``model.parameters``), so one update covers them.
    weights, gradients = [model.parameters], [model.parameter_gradients]
    if not optimizer.velocities:
        optimizer.build(weights)

    def step(
        batch_images: np.ndarray, batch_labels: np.ndarray
    ) -> tuple[float, int]:
        loss, correct = model.loss_and_gradients(batch_images, batch_labels)
        optimizer.apply(weights, gradients)
        return loss, correct

    batches = BatchGenerator(images, labels, batch_size, seed=seed)
    return train(step, batches, epochs, log=log)
