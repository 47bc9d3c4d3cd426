"""Tests of dlmath.scratch.training, the loop both scratch networks share."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.scratch.training import train


def test_train_sees_every_sample_once_per_epoch_in_a_fresh_seeded_order() -> None:
    seen: list[np.ndarray] = []

    def step(images: np.ndarray, labels: np.ndarray) -> tuple[float, int]:
        seen.append(labels.copy())
        return 0.5, int((labels % 2 == 0).sum())

    labels = np.arange(10)
    history = train(step, np.zeros((10, 3)), labels, epochs=2, batch_size=4, seed=0, log=None)
    assert [len(b) for b in seen] == [4, 4, 2, 4, 4, 2]
    first, second = np.concatenate(seen[:3]), np.concatenate(seen[3:])
    assert sorted(first) == sorted(second) == list(range(10))
    assert not np.array_equal(first, second)  # reshuffled each epoch
    assert history["loss"] == [0.5, 0.5] and history["accuracy"] == [0.5, 0.5]
    assert len(history["epoch_seconds"]) == 2


def test_train_logs_one_line_per_epoch_without_timings() -> None:
    lines: list[str] = []
    train(lambda x, y: (0.25, 0), np.zeros((3, 1)), np.zeros(3, int), epochs=2, log=lines.append)
    assert lines == ["epoch 1/2: accuracy 0.0000, loss 0.2500", "epoch 2/2: accuracy 0.0000, loss 0.2500"]


@pytest.mark.parametrize("epochs", [-1, 1.5, True])
def test_train_rejects_bad_epochs(epochs) -> None:
    with pytest.raises(ValueError, match="epochs must be a non-negative integer"):
        train(lambda x, y: (0.0, 0), np.zeros((2, 1)), np.zeros(2, int), epochs=epochs)
