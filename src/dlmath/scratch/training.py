"""The training loop both scratch networks share: epochs of shuffled mini-batches, one line per epoch.

:func:`train` knows nothing about NumPy or TensorFlow models: it takes a ``step`` function that
trains on one batch and returns ``(mean loss, number of correct predictions)``.
:func:`dlmath.scratch.numpy.fit` and :func:`dlmath.scratch.tf.fit` build that step and call it.

>>> history = train(lambda x, y: (1.0, len(y)), np.zeros((6, 2)), np.zeros(6, int), epochs=2,
...                 batch_size=4, log=print)
epoch 1/2: accuracy 1.0000, loss 1.0000
epoch 2/2: accuracy 1.0000, loss 1.0000
>>> sorted(history)
['accuracy', 'epoch_seconds', 'loss']
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from dlmath.batches import BatchGenerator

__all__ = ["train"]

Step = Callable[[np.ndarray, np.ndarray], tuple[float, int]]


def train(
    step: Step,
    images: np.ndarray,
    labels: np.ndarray,
    epochs: int = 5,
    batch_size: int = 128,
    *,
    seed: int | None = 0,
    log: Callable[[str], object] | None = print,
) -> dict[str, list[float]]:
    """Run ``epochs`` passes of ``step`` over seeded, shuffled mini-batches; return the history.

    The history holds, per epoch, the mean ``loss`` and ``accuracy`` over the epoch's batches (as
    Keras reports them) and ``epoch_seconds`` (never printed, so stored outputs stay the same).
    """
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")
    batches = BatchGenerator(images, labels, batch_size, seed=seed)
    history: dict[str, list[float]] = {"loss": [], "accuracy": [], "epoch_seconds": []}
    for epoch in range(epochs):
        start = time.perf_counter()
        total_loss, total_correct = 0.0, 0
        for batch_images, batch_labels in batches:
            loss, correct = step(batch_images, batch_labels)
            total_loss += float(loss) * len(batch_labels)
            total_correct += int(correct)
        history["epoch_seconds"].append(time.perf_counter() - start)
        history["loss"].append(total_loss / len(images))
        history["accuracy"].append(total_correct / len(images))
        if log is not None:
            accuracy, loss = history["accuracy"][-1], history["loss"][-1]
            log(f"epoch {epoch + 1}/{epochs}: accuracy {accuracy:.4f}, loss {loss:.4f}")
    return history
