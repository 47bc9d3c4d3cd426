"""Batches (sections 2.2 and 2.5): cutting a dataset along its first axis, the batch axis.

- :func:`count_batches`, :func:`get_batch` and :func:`iterate_batches` take consecutive slices,
  the way section 2.2 introduces batches;
- :class:`BatchGenerator` shuffles once per epoch and yields ``(images, labels)`` mini-batches,
  the way training (sections 2.4 and 2.5) uses them.

>>> count_batches(60000, 128), get_batch(np.arange(10), 2, batch_size=4)
(469, array([8, 9]))
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

__all__ = ["BatchGenerator", "count_batches", "get_batch", "iterate_batches"]


def count_batches(n_samples: int, batch_size: int) -> int:
    """Number of batches of ``batch_size`` needed to cover ``n_samples`` (the last may be shorter).

    >>> count_batches(10, 4)
    3
    """
    _check_batch_size(batch_size)
    if n_samples < 0:
        raise ValueError(f"n_samples must be at least 0, got {n_samples}")
    return -(-n_samples // batch_size)


def _check_batch_size(batch_size: int) -> None:
    if isinstance(batch_size, bool) or not isinstance(
        batch_size, (int, np.integer)
    ):
        raise TypeError(
            f"batch_size must be an integer, got {type(batch_size).__name__}"
        )
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")


def _check_batchable(x: object) -> np.ndarray:
    array = np.asarray(x)
    if array.ndim == 0:
        raise ValueError(
            "a scalar (rank 0) has no batch axis; batches need rank 1 or more"
        )
    return array


def get_batch(x: object, n: int, *, batch_size: int = 128) -> np.ndarray:
    """The ``n``-th batch (counting from 0) of ``x`` along its first axis: ``x[b * n : b * (n + 1)]``.

    The result is a view. The last batch is shorter when ``len(x)`` is not a multiple of
    ``batch_size``; a batch number past the end raises ``IndexError`` (plain slicing would
    silently return an empty array).

    >>> get_batch(np.arange(10), 1, batch_size=4)
    array([4, 5, 6, 7])
    """
    array = _check_batchable(x)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(
            f"the batch number n must be an integer, got {type(n).__name__} {n!r}"
        )
    total = count_batches(len(array), batch_size)
    if not 0 <= n < total:
        raise IndexError(
            f"batch {n} does not exist: {len(array)} samples make {total} batches of {batch_size} "
            f"(numbered 0 to {total - 1})"
        )
    return array[batch_size * n : batch_size * (n + 1)]


def iterate_batches(
    x: object, batch_size: int = 128, *, drop_last: bool = False
) -> Iterator[np.ndarray]:
    """Yield consecutive batches of ``x`` along its first axis, as views, the last one possibly shorter.

    With ``drop_last=True`` a shorter last batch is skipped, so every batch has the same shape.

    >>> [b.tolist() for b in iterate_batches(np.arange(5), 2)]
    [[0, 1], [2, 3], [4]]
    """
    array = _check_batchable(x)
    _check_batch_size(batch_size)
    for start in range(0, len(array), batch_size):
        batch = array[start : start + batch_size]
        if drop_last and len(batch) < batch_size:
            return
        yield batch


class BatchGenerator:
    """Mini-batches of one epoch: a fresh seeded shuffle each time it is iterated.

    Every sample appears exactly once per epoch; all batches have ``batch_size`` samples but
    the last, which holds the rest.

    >>> batches = BatchGenerator(np.zeros((10, 2), np.float32), np.arange(10), batch_size=4, seed=0)
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
        if not isinstance(images, np.ndarray) or images.ndim < 1:
            got = (
                f"shape {images.shape}"
                if isinstance(images, np.ndarray)
                else type(images).__name__
            )
            raise TypeError(
                f"images must be a NumPy array with one sample per row, got {got}"
            )
        if not isinstance(labels, np.ndarray) or len(labels) != len(images):
            got = (
                len(labels)
                if isinstance(labels, np.ndarray)
                else type(labels).__name__
            )
            raise ValueError(
                f"labels must be an array with one label per image: {len(images)} images, got {got}"
            )
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, (int, np.integer))
            or batch_size < 1
        ):
            raise ValueError(
                f"batch_size must be a positive integer, got {batch_size!r}"
            )
        self.images = images
        self.labels = labels
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.rng = np.random.default_rng(seed)

    def __len__(self) -> int:
        return -(-len(self.images) // self.batch_size)

    def epoch_indices(self) -> list[np.ndarray]:
        """The sample indices of each batch of the next epoch (advances the generator)."""
        n = len(self.images)
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        return [
            order[start : start + self.batch_size]
            for start in range(0, n, self.batch_size)
        ]

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for indices in self.epoch_indices():
            yield self.images.take(indices, axis=0), self.labels.take(indices)
