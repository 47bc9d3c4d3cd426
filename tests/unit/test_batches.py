from __future__ import annotations

import numpy as np
import pytest

from dlmath.batches import count_batches, get_batch, iterate_batches


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


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: count_batches(10, 0), ValueError, "batch_size must be at least 1, got 0"),
        (lambda: count_batches(10, 2.5), TypeError, "batch_size must be an integer, got float"),
        (lambda: count_batches(-1, 2), ValueError, "n_samples must be at least 0"),
        (lambda: next(iterate_batches(np.array(5), 2)), ValueError, "a scalar .* has no batch axis"),
        (lambda: next(iterate_batches(np.zeros(5), True)), TypeError, "got bool"),
    ],
)
def test_batch_helpers_reject_bad_input(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
