"""Batches (sections 2.2 and 2.5): a dataset cut along its first axis.

- :func:`count_batches`, :func:`get_batch` and :func:`iterate_batches` take
  consecutive slices, the way section 2.2 introduces batches;
- :class:`BatchGenerator` shuffles once per epoch and yields ``(images,
  labels)`` mini-batches, the way training (sections 2.4 and 2.5) uses them.

A learner calls these directly, so they check what they are given: a count
that is not an integer is a ``TypeError``, one that is too small a
``ValueError``, and a batch past the end an ``IndexError``.

>>> count_batches(60000, 128), get_batch(np.arange(10), 2, batch_size=4)
(469, array([8, 9]))
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from dlmath._checks import is_integer

__all__ = ["BatchGenerator", "count_batches", "get_batch", "iterate_batches"]


def count_batches(n_samples: int, batch_size: int) -> int:
    """How many batches of ``batch_size`` cover ``n_samples``.

    All are full but the last, which holds the rest.

    >>> count_batches(10, 4)
    3
    """
    _check_count("batch_size", batch_size, least=1)
    _check_count("n_samples", n_samples, least=0)
    return -(-n_samples // batch_size)


def _check_count(name: str, value: object, *, least: int) -> None:
    # One rule for every count: a TypeError for what is not an integer (a
    # float, a bool, a string), a ValueError for an integer that is too small.
    if not is_integer(value):
        raise TypeError(
            f"{name} must be an integer, got {type(value).__name__} {value!r}"
        )
    if value < least:
        raise ValueError(f"{name} must be at least {least}, got {value}")


def _check_batchable(x: object) -> np.ndarray:
    array = np.asarray(x)
    if array.ndim == 0:
        raise ValueError(
            "a scalar (rank 0) has no batch axis; batches need rank 1 or more"
        )
    return array


def get_batch(x: object, n: int, *, batch_size: int = 128) -> np.ndarray:
    """The ``n``-th batch (from 0) of ``x`` along its first axis.

    That is ``x[batch_size * n : batch_size * (n + 1)]``, a view. The last
    batch is shorter when ``len(x)`` is not a multiple of ``batch_size``; a
    batch number past the end raises ``IndexError`` (plain slicing would
    silently return an empty array).

    >>> get_batch(np.arange(10), 1, batch_size=4)
    array([4, 5, 6, 7])
    """
    array = _check_batchable(x)
    if not is_integer(n):
        raise TypeError(
            f"the batch number n must be an integer, got {type(n).__name__} "
            f"{n!r}"
        )
    total = count_batches(len(array), batch_size)
    if not 0 <= n < total:
        raise IndexError(
            f"batch {n} does not exist: {len(array)} samples make {total} "
            f"batches of {batch_size} (numbered 0 to {total - 1})"
        )
    return array[batch_size * n : batch_size * (n + 1)]


def iterate_batches(
    x: object, batch_size: int = 128, *, drop_last: bool = False
) -> Iterator[np.ndarray]:
    """Yield consecutive batches of ``x`` along its first axis, as views.

    The last batch may be shorter; with ``drop_last=True`` it is skipped, so
    every batch has the same shape. The arguments are checked at the call,
    not when the first batch is asked for.

    >>> [b.tolist() for b in iterate_batches(np.arange(5), 2)]
    [[0, 1], [2, 3], [4]]
    """
    array = _check_batchable(x)
    _check_count("batch_size", batch_size, least=1)
    stop = len(array) - len(array) % batch_size if drop_last else len(array)
    return (
        array[start : start + batch_size]
        for start in range(0, stop, batch_size)
    )


class BatchGenerator:
    """Mini-batches of one epoch, in a fresh seeded shuffle on each iteration.

    Every sample appears exactly once per epoch; all batches have
    ``batch_size`` samples but the last, which holds the rest.

    >>> images = np.zeros((10, 2), np.float32)
    >>> batches = BatchGenerator(images, np.arange(10), batch_size=4, seed=0)
    >>> len(batches), [len(labels) for _, labels in batches]
    (3, [4, 4, 2])
    """

    def __init__(
        self,
        images: np.ndarray,
        labels: np.ndarray,
        batch_size: int = 128,
        *,
        shuffle: bool = True,
        seed: int | None = 0,
    ) -> None:
        for name, array in (("images", images), ("labels", labels)):
            if not isinstance(array, np.ndarray) or array.ndim < 1:
                got = (
                    f"shape {array.shape}"
                    if isinstance(array, np.ndarray)
                    else type(array).__name__
                )
                raise TypeError(
                    f"{name} must be a NumPy array with one sample per row, "
                    f"got {got}"
                )
        if len(labels) != len(images):
            raise ValueError(
                f"labels must have one label per image: {len(images)} "
                f"images, got {len(labels)} labels"
            )
        _check_count("batch_size", batch_size, least=1)
        self.images = images
        self.labels = labels
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return count_batches(len(self.images), self.batch_size)

    def epoch_indices(self) -> list[np.ndarray]:
        """The sample indices of each batch of the next epoch.

        Each call advances the generator: the next call shuffles afresh.
        """
        n = len(self.images)
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        return [
            order[start : start + self.batch_size]
            for start in range(0, n, self.batch_size)
        ]

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for indices in self.epoch_indices():
            yield self.images.take(indices, axis=0), self.labels.take(indices)
