"""Batches: consecutive slices and shuffled mini-batches, and the checks of what a learner passes."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dlmath.batches import BatchGenerator, count_batches, get_batch, iterate_batches


def test_batches_cover_every_sample_once_and_the_last_is_shorter():
    x = np.arange(60000)
    assert count_batches(60000, 128) == 469
    batches = list(iterate_batches(x, 128))
    assert len(batches) == 469 and len(batches[-1]) == 60000 - 468 * 128
    np.testing.assert_array_equal(np.concatenate(batches), x)
    np.testing.assert_array_equal(get_batch(x, 468), batches[-1])
    assert all(np.shares_memory(b, x) for b in batches[:3])  # views, not copies


def test_iterate_batches_drop_last_and_exact_division():
    assert [len(b) for b in iterate_batches(np.zeros(10), 4, drop_last=True)] == [4, 4]
    assert [len(b) for b in iterate_batches(np.zeros(8), 4)] == [4, 4]
    assert list(iterate_batches(np.zeros((0, 3)), 4)) == []


def test_get_batch_keeps_the_other_axes():
    x = np.zeros((300, 28, 28))
    assert get_batch(x, 1).shape == (128, 28, 28) and get_batch(x, 2).shape == (44, 28, 28)


@pytest.mark.parametrize("n", [3, -1])
def test_get_batch_past_the_end_raises_instead_of_returning_nothing(n):
    message = rf"batch {n} does not exist: 300 samples make 3 batches of 128 \(numbered 0 to 2\)"
    with pytest.raises(IndexError, match=message):
        get_batch(np.zeros(300), n)


# One rule for every count a learner passes: TypeError when it is not an integer, ValueError when it
# is too small, whichever helper takes it.
BAD_BATCH_SIZES = [
    (0, ValueError, "batch_size must be at least 1, got 0"),
    (-1, ValueError, "batch_size must be at least 1, got -1"),
    (2.5, TypeError, "batch_size must be an integer, got float 2.5"),
    (True, TypeError, "batch_size must be an integer, got bool True"),
    ("4", TypeError, "batch_size must be an integer, got str '4'"),
]
HELPERS = {
    "count_batches": lambda b: count_batches(10, b),
    "get_batch": lambda b: get_batch(np.zeros(10), 0, batch_size=b),
    "iterate_batches": lambda b: iterate_batches(np.zeros(10), b),
    "BatchGenerator": lambda b: BatchGenerator(np.zeros((4, 2)), np.zeros(4, int), b),
}


@pytest.mark.parametrize("helper", HELPERS)
@pytest.mark.parametrize(("batch_size", "error", "message"), BAD_BATCH_SIZES)
def test_every_helper_rejects_a_bad_batch_size_the_same_way(helper, batch_size, error, message):
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        HELPERS[helper](batch_size)


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: count_batches(-1, 2), ValueError, "n_samples must be at least 0, got -1"),
        (lambda: count_batches(10.0, 2), TypeError, "n_samples must be an integer, got float"),
        (lambda: iterate_batches(np.array(5), 2), ValueError, "a scalar .* has no batch axis"),
        (lambda: get_batch(np.zeros(5), 1.0), TypeError, "batch number n must be an integer, got float 1.0"),
        (
            lambda: BatchGenerator([[0.0]], np.zeros(1, int)),
            TypeError,
            "images must be a NumPy array with one sample per row, got list",
        ),
        (lambda: BatchGenerator(np.zeros((4, 2)), [0, 1, 2, 3]), TypeError, "labels must be a NumPy array"),
        (lambda: BatchGenerator(np.float32(1.0), np.zeros(1)), TypeError, r"got (float32|shape \(\))"),
        (lambda: BatchGenerator(np.zeros((4, 2)), np.zeros(3, int)), ValueError, "4 images, got 3 labels"),
    ],
)
def test_batch_helpers_reject_bad_input(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_batch_generator_reshuffles_each_epoch_and_keeps_pairs():
    images, labels = np.arange(10, dtype=np.float32).reshape(10, 1), np.arange(10)
    batches = BatchGenerator(images, labels, batch_size=4, seed=0)
    epochs = [list(batches) for _ in range(2)]
    assert len(batches) == 3 and [len(y) for _, y in epochs[0]] == [4, 4, 2]
    for epoch in epochs:
        assert sorted(np.concatenate([y for _, y in epoch]).tolist()) == list(range(10))
        assert all((x[:, 0] == y).all() for x, y in epoch)
    assert not np.array_equal(*(np.concatenate([y for _, y in e]) for e in epochs))
