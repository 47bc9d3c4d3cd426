"""A tiny NumPy network whose every layer is two units wide, so each representation is a picture.

It learns to tell apart two interleaved half-moons in the plane. Every hidden layer maps the plane
to the plane (``tanh(h @ W + b)`` with ``W`` of shape (2, 2)), so we can draw the points, and a
grid, after each layer and watch the network uncrumple the data until one straight line (the
output unit) separates the classes. Training is plain full-batch Adam; section 2.4 explains how
gradients are found.

>>> x, y = make_moons(n_per_class=5, seed=0)
>>> x.shape, y.shape, y.tolist().count(1)
((10, 2), (10,), 5)
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from dlmath.geometry import grid_lines

__all__ = ["TinyNetwork", "make_moons", "plot_layers", "train_tiny_network"]


def make_moons(n_per_class: int = 200, *, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half-circles with Gaussian noise, standardised; labels 0 and 1 (int64).

    No straight line separates the classes: each moon reaches into the other's hollow.
    """
    if n_per_class < 1:
        raise ValueError(f"n_per_class must be at least 1, got {n_per_class}")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    rng = np.random.default_rng(seed)
    upper = rng.uniform(0, np.pi, n_per_class)
    lower = rng.uniform(0, np.pi, n_per_class)
    points = np.concatenate(
        [
            np.column_stack([np.cos(upper), np.sin(upper)]),
            np.column_stack([1 - np.cos(lower), 0.5 - np.sin(lower)]),
        ]
    )
    points += rng.normal(0, noise, points.shape)
    points = (points - points.mean(axis=0)) / points.std(axis=0)
    labels = np.repeat(np.array([0, 1], dtype=np.int64), n_per_class)
    return points, labels


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(z, -60, 60)))


@dataclass
class TinyNetwork:
    """Hidden layers ``tanh(h @ W + b)`` with ``W`` (2, 2), then one sigmoid unit ``h @ w + c``."""

    layers: list[tuple[np.ndarray, np.ndarray]]

    @classmethod
    def random(cls, hidden_layers: int = 3, *, seed: int = 0) -> TinyNetwork:
        """Glorot-like random kernels, zero biases."""
        if hidden_layers < 1:
            raise ValueError(f"hidden_layers must be at least 1, got {hidden_layers}")
        rng = np.random.default_rng(seed)
        sizes = [2] * (hidden_layers + 1) + [1]
        return cls(
            [
                (rng.normal(0, 1 / np.sqrt(m), (m, k)), np.zeros(k))
                for m, k in zip(sizes[:-1], sizes[1:], strict=True)
            ]
        )

    def representations(self, x: np.ndarray) -> list[np.ndarray]:
        """The input, then each hidden layer's output: a list of (n, 2) arrays."""
        x = np.asarray(x, dtype=float)
        if x.ndim != 2 or x.shape[1] != 2:
            raise ValueError(f"inputs must have shape (n, 2), got shape {x.shape}")
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
    network: TinyNetwork,
    x: np.ndarray,
    y: np.ndarray,
    *,
    steps: int = 2000,
    learning_rate: float = 0.02,
) -> tuple[TinyNetwork, list[float]]:
    """Full-batch Adam on the binary cross-entropy; returns a new network and the loss per step.

    The given network is not changed.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 2 or x.shape[1] != 2 or y.shape != (x.shape[0],):
        raise ValueError(f"need x of shape (n, 2) and y of shape (n,), got {x.shape} and {y.shape}")
    layers = [(w.copy(), b.copy()) for w, b in network.layers]
    trained = TinyNetwork(layers)
    moments = [[np.zeros_like(a) for a in layer] for layer in layers]
    squares = [[np.zeros_like(a) for a in layer] for layer in layers]
    losses = []
    for step in range(1, steps + 1):
        hidden = trained.representations(x)
        p = _sigmoid(hidden[-1] @ layers[-1][0] + layers[-1][1])[:, 0]
        losses.append(float(-np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12))))
        delta = ((p - y) / len(y))[:, None]  # gradient of the loss with respect to the output logit
        for i in range(len(layers) - 1, -1, -1):
            kernel, bias = layers[i]
            grads = (hidden[i].T @ delta, delta.sum(axis=0))
            if i > 0:
                delta = (delta @ kernel.T) * (1 - hidden[i] ** 2)
            for param, grad, m, v in zip(layers[i], grads, moments[i], squares[i], strict=True):
                m[...] = 0.9 * m + 0.1 * grad
                v[...] = 0.999 * v + 0.001 * grad**2
                param -= learning_rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return trained, losses


def plot_layers(network: TinyNetwork, x: np.ndarray, y: np.ndarray) -> Figure:
    """One panel per representation: the points and a grid, pushed through layer after layer.

    The first panel also shades the network's decision regions; the last draws the output unit's
    line ``h @ w + c = 0``, which separates the classes once the network has learned.
    """
    y = np.asarray(y)
    reps = network.representations(x)
    extent = float(np.abs(reps[0]).max()) * 1.05
    grids = [network.representations(line) for line in grid_lines(extent, lines=13, samples=60)]
    fig, axes = plt.subplots(1, len(reps), figsize=(3.0 * len(reps), 3.1))
    for k, ax in enumerate(axes):
        for grid in grids:
            ax.plot(*grid[k].T, color="0.75", lw=0.5)
        ax.scatter(*reps[k][y == 0].T, s=5, color="tab:blue")
        ax.scatter(*reps[k][y == 1].T, s=5, color="tab:orange")
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title("input" if k == 0 else f"after layer {k}", fontsize=10)
    xs = np.linspace(-extent, extent, 120)
    mesh = np.array([(a, b) for b in xs for a in xs])
    proba = network.predict_proba(mesh).reshape(len(xs), len(xs))
    axes[0].contourf(
        xs, xs, proba > 0.5, levels=[-0.5, 0.5, 1.5], colors=["tab:blue", "tab:orange"], alpha=0.12
    )
    kernel, bias = network.layers[-1]
    w, c = kernel[:, 0], float(bias[0])
    last = axes[-1]
    lo, hi = last.get_xlim(), last.get_ylim()
    if abs(w[1]) >= abs(w[0]):
        h0 = np.linspace(*lo, 2)
        last.plot(h0, -(w[0] * h0 + c) / w[1], color="black", lw=1.5)
    else:
        h1 = np.linspace(*hi, 2)
        last.plot(-(w[1] * h1 + c) / w[0], h1, color="black", lw=1.5)
    last.set_xlim(lo)
    last.set_ylim(hi)
    fig.tight_layout()
    return fig
