"""The training loop both scratch networks share: epochs of mini-batches.

:func:`train` knows nothing of NumPy or TensorFlow: it takes a ``step``
function that trains on one batch and returns ``(mean loss, number of
correct predictions)``, and the batches to feed it (a
:class:`~dlmath.batches.BatchGenerator`, reshuffled every epoch).
:func:`dlmath.scratch.numpy.fit` checks a learner's data, builds the
batches and calls :func:`train`.

>>> from dlmath.batches import BatchGenerator
>>> batches = BatchGenerator(np.zeros((6, 2)), np.zeros(6, int), 4, seed=0)
>>> history = train(lambda x, y: (1.0, len(y)), batches, epochs=2)
epoch 1/2: accuracy 1.0000, loss 1.0000
epoch 2/2: accuracy 1.0000, loss 1.0000
>>> sorted(history)
['accuracy', 'epoch_seconds', 'loss']
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import numpy as np

from dlmath._checks import is_integer

__all__ = ["train"]

Step = Callable[[np.ndarray, np.ndarray], tuple[float, int]]
Log = Callable[[str], object] | None
History = dict[str, list[float]]


def train(
    step: Step,
    batches: Iterable[tuple[np.ndarray, np.ndarray]],
    epochs: int = 5,
    *,
    log: Log = print,
) -> History:
    """Run ``epochs`` passes of ``step`` over ``batches``; return the history.

    ``batches`` must yield its ``(images, labels)`` pairs every time it is
    iterated, as a ``BatchGenerator`` or a list does (a generator is empty
    from the second epoch on, and an epoch without samples is an error).
    The history holds, per epoch, the mean ``loss`` and ``accuracy`` over
    the epoch's samples (as Keras reports them) and ``epoch_seconds``
    (never printed, so stored outputs stay the same).
    """
    if not is_integer(epochs) or epochs < 0:
        raise ValueError(
            f"epochs must be a non-negative integer, got {epochs!r}"
        )
    if not isinstance(batches, Iterable):
        raise TypeError(
            "batches must yield (images, labels) pairs, as a BatchGenerator "
            f"does; got {batches!r}"
        )
    history: History = {
        "loss": [],
        "accuracy": [],
        "epoch_seconds": [],
    }
    for epoch in range(epochs):
        start = time.perf_counter()
        total_loss, total_correct, samples = 0.0, 0, 0
        for batch_images, batch_labels in batches:
            loss, correct = step(batch_images, batch_labels)
            total_loss += float(loss) * len(batch_labels)
            total_correct += int(correct)
            samples += len(batch_labels)
        if samples == 0:
            raise ValueError(
                f"epoch {epoch + 1} got no samples from batches: pass "
                "something that yields its batches every time it is "
                "iterated, such as a BatchGenerator, not a generator"
            )
        history["epoch_seconds"].append(time.perf_counter() - start)
        history["loss"].append(total_loss / samples)
        history["accuracy"].append(total_correct / samples)
        if log is not None:
            accuracy, loss = history["accuracy"][-1], history["loss"][-1]
            log(
                f"epoch {epoch + 1}/{epochs}: "
                f"accuracy {accuracy:.4f}, loss {loss:.4f}"
            )
    return history
