"""Tests of dlmath.scratch.training, the loop both scratch networks share."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.batches import BatchGenerator
from dlmath.scratch.training import train


def test_train_sees_every_sample_once_per_epoch_in_a_fresh_seeded_order() -> None:
    seen: list[np.ndarray] = []

    def step(images: np.ndarray, labels: np.ndarray) -> tuple[float, int]:
        seen.append(labels.copy())
        return 0.5, int((labels % 2 == 0).sum())

    labels = np.arange(10)
    history = train(step, BatchGenerator(np.zeros((10, 3)), labels, 4, seed=0), epochs=2, log=None)
    assert [len(b) for b in seen] == [4, 4, 2, 4, 4, 2]
    first, second = np.concatenate(seen[:3]), np.concatenate(seen[3:])
    assert sorted(first) == sorted(second) == list(range(10))
    assert not np.array_equal(first, second)  # reshuffled each epoch
    assert history["loss"] == [0.5, 0.5] and history["accuracy"] == [0.5, 0.5]
    assert len(history["epoch_seconds"]) == 2


def test_train_logs_one_line_per_epoch_without_timings() -> None:
    lines: list[str] = []
    batches = BatchGenerator(np.zeros((3, 1)), np.zeros(3, int), 128, seed=0)
    train(lambda x, y: (0.25, 0), batches, epochs=2, log=lines.append)
    assert lines == ["epoch 1/2: accuracy 0.0000, loss 0.2500", "epoch 2/2: accuracy 0.0000, loss 0.2500"]


@pytest.mark.parametrize("epochs", [-1, 1.5, True])
def test_train_rejects_bad_epochs(epochs) -> None:
    with pytest.raises(ValueError, match="epochs must be a non-negative integer"):
        train(lambda x, y: (0.0, 0), [(np.zeros((2, 1)), np.zeros(2, int))], epochs=epochs)


def test_train_averages_over_the_samples_it_was_given() -> None:
    # Two batches of unequal size: the epoch's loss is the mean over samples, not over batches.
    batches = [(np.zeros((3, 1)), np.zeros(3, int)), (np.zeros((1, 1)), np.zeros(1, int))]
    losses = iter([1.0, 5.0])
    history = train(lambda x, y: (next(losses), len(y)), batches, epochs=1, log=None)
    assert history["loss"] == [(3 * 1.0 + 1 * 5.0) / 4] and history["accuracy"] == [1.0]


def test_train_refuses_batches_that_run_dry() -> None:
    one_shot = ((np.zeros((2, 1)), np.zeros(2, int)) for _ in range(1))
    with pytest.raises(ValueError, match="epoch 2 got no samples.*BatchGenerator"):
        train(lambda x, y: (0.0, 0), one_shot, epochs=2, log=None)
    with pytest.raises(ValueError, match="epoch 1 got no samples"):
        train(lambda x, y: (0.0, 0), [], epochs=1, log=None)
