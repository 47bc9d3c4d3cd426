"""Keras callbacks that keep notebook outputs readable and reproducible.

Keras's own progress bar prints per-step timings and terminal escape codes;
this module prints one plain line per epoch instead, so a learner sees
progress and a stored notebook holds no timings.
"""

from __future__ import annotations

import keras

__all__ = ["EpochLogger"]


class EpochLogger(keras.callbacks.Callback):
    """After every epoch print ``epoch i/n:`` and the metrics, no timings.

    The metrics come in the order of their names.

    >>> model.fit(  # doctest: +SKIP
    ...     x, y, epochs=5, verbose=0, callbacks=[EpochLogger()]
    ... )
    epoch 1/5: accuracy 0.9263, loss 0.2571
    """

    def __init__(self, digits: int = 4) -> None:
        super().__init__()
        self.digits = digits
        self.epochs: int | None = None

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.epochs = self.params.get("epochs")

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        metrics = ", ".join(
            f"{name} {value:.{self.digits}f}"
            for name, value in sorted((logs or {}).items())
        )
        print(f"epoch {epoch + 1}/{self.epochs}: {metrics}", flush=True)
