"""The fast NumPy variant of section 2.5's network: the same formulas, tuned for speed.

:mod:`dlmath.scratch.numpy` is what the book prints: every operation makes a new array, and
the four weight arrays are updated one after the other. This variant computes the same formulas
(so its loss curve is the readable one's, to float32 round-off; see
``tests/benchmarks/test_fast_numpy.py``), but

- every weight and every gradient is a view into one flat array, so RMSprop updates all
  407,050 parameters with a handful of whole-array operations;
- the forward and backward passes write into arrays allocated once (``out=``), so a step
  allocates almost nothing;
- the update runs in place, in eight passes over the flat arrays (the readable rule makes nine
  and allocates new arrays), over the whole flat array or in chunks (``chunk``), so that a chunk
  small enough stays in the processor's cache between the passes.

It is a benchmark's tool, not a lesson: the book's network is the readable one.
"""

from __future__ import annotations

import numpy as np

from dlmath.batches import BatchGenerator
from dlmath.scratch.numpy import NaiveSequential, mnist_model
from dlmath.scratch.training import History, train

# None: the update makes each of its passes over the whole flat array. benchmarks/update_variants.py
# times chunks of cache-sized pieces too; on the project's machine no chunk size beat one pass by
# more than the noise.
DEFAULT_CHUNK: int | None = None


class FastNetwork:
    """A two-layer relu/softmax network trained by RMSprop, with preallocated buffers.

    Starts from the weights of a readable :class:`~dlmath.scratch.numpy.NaiveSequential`
    (copied, not shared) and uses Keras's RMSprop defaults, as ``fit`` does.
    """

    def __init__(
        self,
        model: NaiveSequential,
        learning_rate: float = 0.001,
        rho: float = 0.9,
        epsilon: float = 1e-7,
        chunk: int | None = DEFAULT_CHUNK,
    ) -> None:
        if [layer.activation for layer in model.layers] != ["relu", "softmax"]:
            raise ValueError("the fast variant is written for a relu layer followed by a softmax layer")
        weights = model.weights
        sizes = [w.size for w in weights]
        self.parameters = np.concatenate([w.ravel() for w in weights]).astype(np.float32)
        self.gradients = np.zeros_like(self.parameters)
        self.scaled_mean_square = np.zeros_like(self.parameters)  # mean_square / (1 - rho)
        self._scratch = np.empty_like(self.parameters)
        views, grads, offset = [], [], 0
        for w, size in zip(weights, sizes, strict=True):
            views.append(self.parameters[offset : offset + size].reshape(w.shape))
            grads.append(self.gradients[offset : offset + size].reshape(w.shape))
            offset += size
        self.W1, self.b1, self.W2, self.b2 = views
        self.grad_W1, self.grad_b1, self.grad_W2, self.grad_b2 = grads
        self.learning_rate, self.rho, self.epsilon = learning_rate, rho, epsilon
        n = len(self.parameters)
        step = n if chunk is None else chunk
        self.chunks = [slice(start, min(start + step, n)) for start in range(0, n, step)]
        self._batch = 0
        self._rows = np.arange(0)

    @property
    def weights(self) -> list[np.ndarray]:
        return [self.W1, self.b1, self.W2, self.b2]

    def _buffers(self, n: int) -> None:
        """(Re)allocate the per-batch arrays when a larger batch comes."""
        if n <= self._batch:
            return
        hidden, classes = self.W1.shape[1], self.W2.shape[1]
        self._h = np.empty((n, hidden), np.float32)
        self._grad_h = np.empty((n, hidden), np.float32)
        self._p = np.empty((n, classes), np.float32)
        self._mask = np.empty((n, hidden), bool)
        self._rows = np.arange(n)
        self._batch = n

    def forward_backward(self, x: np.ndarray, labels: np.ndarray) -> tuple[float, int]:
        """Fill ``gradients`` for one batch; return its mean loss and number of correct guesses."""
        n = len(x)
        self._buffers(n)
        h = self.hidden_forward(x)
        p = self.output_forward(h)
        loss, correct = self.loss(p, labels)
        grad_h = self.output_backward(h, p, labels)
        self.hidden_backward(x, h, grad_h)
        return loss, correct

    def hidden_forward(self, x: np.ndarray) -> np.ndarray:
        """relu(x W1 + b1), into a reused array."""
        h = self._h[: len(x)]
        np.matmul(x, self.W1, out=h)
        h += self.b1
        return np.maximum(h, 0, out=h)

    def output_forward(self, h: np.ndarray) -> np.ndarray:
        """softmax(h W2 + b2), in place in a reused array."""
        p = self._p[: len(h)]
        np.matmul(h, self.W2, out=p)
        p += self.b2
        p -= p.max(axis=1, keepdims=True)
        np.exp(p, out=p)
        p /= p.sum(axis=1, keepdims=True)
        return p

    def loss(self, p: np.ndarray, labels: np.ndarray) -> tuple[float, int]:
        picked = p[self._rows[: len(p)], labels]
        loss = float(-np.log(np.maximum(picked, 1e-7)).mean())
        return loss, int((p.argmax(axis=1) == labels).sum())

    def output_backward(self, h: np.ndarray, p: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """Turn ``p`` into dL/dz2 = (p - onehot) / n, fill the output layer's gradients, return dL/dh."""
        n = len(p)
        p[self._rows[:n], labels] -= 1
        p /= n
        np.matmul(h.T, p, out=self.grad_W2)
        np.sum(p, axis=0, out=self.grad_b2)
        grad_h = self._grad_h[:n]
        return np.matmul(p, self.W2.T, out=grad_h)

    def hidden_backward(self, x: np.ndarray, h: np.ndarray, grad_h: np.ndarray) -> None:
        """relu's mask, then the hidden layer's gradients (its grad_x is never needed)."""
        mask = self._mask[: len(h)]
        np.greater(h, 0, out=mask)
        np.multiply(grad_h, mask, out=grad_h)
        np.matmul(x.T, grad_h, out=self.grad_W1)
        np.sum(grad_h, axis=0, out=self.grad_b1)

    def update(self, chunks: list[slice] | None = None) -> None:
        """RMSprop on the flat arrays, in place, chunk by chunk, in eight passes over memory.

        ``chunks``: the slices of the flat arrays to update (default: all of ``self.chunks``).
        The state kept is ``mean_square / (1 - rho)``, which saves the pass that would
        multiply ``g**2`` by ``1 - rho``; ``sqrt(1 - rho)`` comes back in the step's factor.
        """
        rho, eps = self.rho, self.epsilon / (1 - self.rho)
        factor = self.learning_rate / float(np.sqrt(1 - self.rho))
        for part in self.chunks if chunks is None else chunks:
            w, g, q, t = (
                self.parameters[part],
                self.gradients[part],
                self.scaled_mean_square[part],
                self._scratch[part],
            )
            q *= rho  # q = rho * q + g**2, q = mean_square / (1 - rho)
            np.multiply(g, g, out=t)
            q += t
            np.add(q, eps, out=t)  # w -= lr * g / sqrt(mean_square + epsilon)
            np.sqrt(t, out=t)
            np.divide(g, t, out=t)
            t *= factor
            w -= t

    @property
    def mean_square(self) -> np.ndarray:
        """RMSprop's running mean of squared gradients (a copy), as the readable class keeps it."""
        return self.scaled_mean_square * np.float32(1 - self.rho)

    def train_step(self, x: np.ndarray, labels: np.ndarray) -> tuple[float, int]:
        loss, correct = self.forward_backward(x, labels)
        self.update()
        return loss, correct

    def predict(self, images: np.ndarray) -> np.ndarray:
        h = np.maximum(images @ self.W1 + self.b1, 0)
        return (h @ self.W2 + self.b2).argmax(axis=1)


def fit_fast(
    network: FastNetwork,
    images: np.ndarray,
    labels: np.ndarray,
    epochs: int = 5,
    batch_size: int = 128,
    *,
    seed: int | None = 0,
) -> History:
    """Train ``network`` on the batches :func:`dlmath.scratch.numpy.fit` would use (same seed).

    ``images``: float32, shape ``(samples, 784)``; ``labels``: integer classes. Unchecked: the
    benchmark gives it data that ``load_mnist`` produced.
    """
    batches = BatchGenerator(images, labels, batch_size, seed=seed)
    return train(network.train_step, batches, epochs, log=None)


def fast_mnist_network(seed: int = 0, hidden: int = 512, chunk: int | None = DEFAULT_CHUNK) -> FastNetwork:
    """The fast variant of ``mnist_model(seed, hidden)``: the same starting weights."""
    return FastNetwork(mnist_model(seed=seed, hidden=hidden), chunk=chunk)
