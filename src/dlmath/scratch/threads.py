"""Element-wise work spread over the processor's cores: NumPy ufuncs on slices, run by threads.

NumPy's matrix products already use every core (its BLAS library starts its own threads), but its
element-wise operations (``np.multiply``, ``np.sqrt``, ...) run on one. An element-wise update
computes every element from the elements at the same position only, so an array can be cut into
slices that are updated independently, one slice per core. Python threads can do that here,
because NumPy releases Python's global interpreter lock while a ufunc loops over numbers, and the
result is the same, bit for bit, however the array is cut.

>>> a, b = np.arange(6.0), np.ones(6)
>>> def add_into(x, y):  # x += y, on whatever slices it is given
...     np.add(x, y, out=x)
>>> map_slices(add_into, a, b, threads=2, min_slice=1)
>>> a
array([1., 2., 3., 4., 5., 6.])

:class:`dlmath.scratch.numpy.RMSprop` updates the network's 407,050 parameters this way.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

__all__ = ["map_slices"]

# Below this many elements per slice, handing a slice to another thread costs more than it saves.
MIN_SLICE = 32_768

_pool: ThreadPoolExecutor | None = None
_pool_size = 0
_pool_lock = threading.Lock()


def available_cores() -> int:
    """How many cores this process may run on (its CPU affinity where the system tells it).

    >>> available_cores() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def slice_bounds(size: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous ``(start, stop)`` ranges covering ``range(size)``, as equal as possible.

    >>> slice_bounds(10, 3)
    [(0, 3), (3, 6), (6, 10)]
    """
    if isinstance(parts, bool) or not isinstance(parts, int) or parts < 1:
        raise ValueError(f"parts must be a positive integer, got {parts!r}")
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise ValueError(f"size must be a non-negative integer, got {size!r}")
    edges = [size * i // parts for i in range(parts + 1)]
    return list(zip(edges, edges[1:], strict=False))


def _executor(workers: int) -> ThreadPoolExecutor:
    """One shared pool of worker threads for the whole process, grown when more are asked for."""
    global _pool, _pool_size
    with _pool_lock:
        if _pool is None or _pool_size < workers:
            if _pool is not None:
                _pool.shutdown(wait=False)
            _pool, _pool_size = ThreadPoolExecutor(workers, thread_name_prefix="dlmath-slices"), workers
        return _pool


def _forget_pool() -> None:  # a forked child has none of its parent's threads
    global _pool, _pool_size
    _pool, _pool_size = None, 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def map_slices(
    function: Callable[..., object],
    *arrays: np.ndarray,
    threads: int | None = None,
    min_slice: int = MIN_SLICE,
) -> None:
    """Call ``function(*slices)`` on matching slices of ``arrays``, one slice per thread.

    ``arrays`` are 1-D arrays of one length (flatten with ``reshape(-1)``, which gives a view of a
    contiguous array); ``function`` works in place on the slices it gets, and its return value is
    ignored. The arrays are cut into ``threads`` parts (default: :func:`available_cores`), fewer
    when a part would hold less than ``min_slice`` elements; the calling thread does the first
    part itself while worker threads do the others. With one part, this is just
    ``function(*arrays)``.
    """
    if not arrays:
        raise ValueError("map_slices needs at least one array")
    for array in arrays:
        if not isinstance(array, np.ndarray):
            raise TypeError(f"map_slices works on NumPy arrays, got {type(array).__name__}")
        if array.ndim != 1 or len(array) != len(arrays[0]):
            raise ValueError(
                f"map_slices needs 1-D arrays of one length, got shapes {[a.shape for a in arrays]}"
            )
    threads = available_cores() if threads is None else threads
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be a positive integer, got {threads!r}")
    if isinstance(min_slice, bool) or not isinstance(min_slice, int) or min_slice < 1:
        raise ValueError(f"min_slice must be a positive integer, got {min_slice!r}")
    parts = max(1, min(threads, len(arrays[0]) // min_slice))
    if parts == 1:
        function(*arrays)
        return
    (first, *others) = slice_bounds(len(arrays[0]), parts)
    pool = _executor(parts - 1)
    futures = [pool.submit(function, *(a[start:stop] for a in arrays)) for start, stop in others]
    try:
        function(*(a[first[0] : first[1]] for a in arrays))
    finally:
        for future in futures:
            future.result()  # waits, and re-raises an exception from a worker
