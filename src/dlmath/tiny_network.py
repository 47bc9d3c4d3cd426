"""A tiny NumPy network, every layer two units wide: each representation is a
picture.

It learns to tell apart two interleaved half-moons in the plane. Every hidden
layer maps the plane to the plane (``tanh(h @ W + b)`` with ``W`` of shape
(2, 2)), so we can draw the points, and a grid, after each layer and watch the
network uncrumple the data until one straight line (the output unit) separates
the classes. Training is plain full-batch Adam; section 2.4 explains how
gradients are found.

>>> net = TinyNetwork.random(3, seed=0)
>>> [w.shape for w, _ in net.layers]
[(2, 2), (2, 2), (2, 2), (2, 1)]
>>> net.predict_proba(np.zeros((4, 2))).shape
(4,)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlmath.optimizers import adam_step

__all__ = ["TinyNetwork", "train_tiny_network"]

#: Adam's step size: large enough to untangle the moons in 1000 steps.
LEARNING_RATE = 0.02


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(z, -60, 60)))


@dataclass
class TinyNetwork:
    """Hidden layers ``tanh(h @ W + b)`` (``W``: 2x2), then a sigmoid unit."""

    layers: list[tuple[np.ndarray, np.ndarray]]

    @classmethod
    def random(cls, hidden_layers: int = 3, *, seed: int = 0) -> TinyNetwork:
        """Glorot-like random kernels, zero biases."""
        if hidden_layers < 1:
            raise ValueError(
                f"hidden_layers must be at least 1, got {hidden_layers}"
            )
        rng = np.random.default_rng(seed)
        sizes = [2] * (hidden_layers + 1) + [1]
        return cls(
            [
                (rng.normal(0, 1 / np.sqrt(m), (m, k)), np.zeros(k))
                for m, k in zip(sizes[:-1], sizes[1:], strict=True)
            ]
        )

    def representations(self, x: np.ndarray) -> list[np.ndarray]:
        """The input, then each hidden layer's output: (n, 2) arrays."""
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] != 2:
            raise ValueError(
                f"inputs must have shape (n, 2), got shape {x.shape}"
            )
        out = [x]
        for kernel, bias in self.layers[:-1]:
            out.append(np.tanh(out[-1] @ kernel + bias))
        return out

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Probability of class 1 for each input point, shape (n,)."""
        kernel, bias = self.layers[-1]
        return _sigmoid(self.representations(x)[-1] @ kernel + bias)[:, 0]

    def accuracy(self, x: np.ndarray, y: np.ndarray) -> float:
        return float(np.mean((self.predict_proba(x) > 0.5) == np.asarray(y)))


def train_tiny_network(
    network: TinyNetwork, x: np.ndarray, y: np.ndarray, *, steps: int = 2000
) -> tuple[TinyNetwork, list[float]]:
    """Full-batch Adam on the binary cross-entropy.

    Returns a new network and the loss per step.

    The given network is not changed.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2 or y.shape != (x.shape[0],):
        raise ValueError(
            f"need x of shape (n, 2) and y of shape (n,), got {x.shape} "
            f"and {y.shape}"
        )
    layers = [(w.copy(), b.copy()) for w, b in network.layers]
    trained = TinyNetwork(layers)
    moments = [
        [(np.zeros_like(a), np.zeros_like(a)) for a in layer]
        for layer in layers
    ]
    losses = []
    for step in range(1, steps + 1):
        hidden = trained.representations(x)
        p = _sigmoid(hidden[-1] @ layers[-1][0] + layers[-1][1])[:, 0]
        losses.append(
            float(
                -np.mean(
                    y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)
                )
            )
        )
        delta = ((p - y) / len(y))[
            :, None
        ]  # gradient of the loss with respect to the output logit
        for i in range(len(layers) - 1, -1, -1):
            kernel, bias = layers[i]
            grads = (hidden[i].T @ delta, delta.sum(axis=0))
            if i > 0:
                delta = (delta @ kernel.T) * (1 - hidden[i] ** 2)
            for j, (param, grad) in enumerate(
                zip(layers[i], grads, strict=True)
            ):
                param[...], moments[i][j] = adam_step(
                    param, grad, moments[i][j], step, LEARNING_RATE
                )
    return trained, losses
