"""Element-wise work on slices run by threads: every element once, same bits, errors surface."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from dlmath.scratch.threads import MIN_SLICE, available_cores, map_slices, slice_bounds


def add_into(x: np.ndarray, y: np.ndarray) -> None:
    np.add(x, y, out=x)


@pytest.mark.parametrize(("size", "parts"), [(10, 3), (7, 7), (5, 1), (0, 2), (1000, 4)])
def test_slice_bounds_cover_the_range_once_in_order(size: int, parts: int) -> None:
    bounds = slice_bounds(size, parts)
    assert len(bounds) == parts and bounds[0][0] == 0 and bounds[-1][1] == size
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
    lengths = [stop - start for start, stop in bounds]
    assert max(lengths) - min(lengths) <= 1


@pytest.mark.parametrize("threads", [1, 2, 3, 8])
def test_every_element_is_updated_exactly_once(threads: int) -> None:
    a = np.zeros(100_003)
    map_slices(add_into, a, np.ones_like(a), threads=threads, min_slice=1)
    np.testing.assert_array_equal(a, 1.0)


def test_the_result_does_not_depend_on_the_slicing() -> None:
    rng = np.random.default_rng(0)
    x, y = rng.random((2, 200_001), dtype=np.float32)

    def update(out: np.ndarray, y: np.ndarray) -> None:
        np.sqrt(out, out=out)
        np.divide(y, out + 1e-3, out=out)

    results = []
    for threads in (1, 2, 5):
        out = x.copy()
        map_slices(update, out, y, threads=threads, min_slice=1000)
        results.append(out)
    for out in results[1:]:
        np.testing.assert_array_equal(out, results[0])


def test_slices_run_on_several_threads_and_the_caller_does_one() -> None:
    seen: list[tuple[int, int]] = []
    lock = threading.Lock()

    def record(x: np.ndarray) -> None:
        with lock:
            seen.append((threading.get_ident(), len(x)))

    map_slices(record, np.zeros(90), threads=3, min_slice=10)
    assert sorted(n for _, n in seen) == [30, 30, 30]
    assert len({ident for ident, _ in seen}) >= 2
    assert threading.get_ident() in {ident for ident, _ in seen}


def test_small_arrays_are_not_split() -> None:
    calls: list[int] = []
    map_slices(lambda x: calls.append(len(x)), np.zeros(MIN_SLICE + 1), threads=4)
    assert calls == [MIN_SLICE + 1]
    calls.clear()
    map_slices(lambda x: calls.append(len(x)), np.zeros(3 * MIN_SLICE), threads=2)
    assert sorted(calls) == [3 * MIN_SLICE // 2] * 2


def test_an_exception_in_a_worker_reaches_the_caller() -> None:
    def fail_on_the_second_half(x: np.ndarray) -> None:
        if x[0] > 0:
            raise ArithmeticError("second half")

    with pytest.raises(ArithmeticError, match="second half"):
        map_slices(fail_on_the_second_half, np.arange(100.0), threads=2, min_slice=1)


def test_views_write_through_to_the_caller_arrays() -> None:
    matrix = np.zeros((300, 200), np.float32)
    map_slices(add_into, matrix.reshape(-1), np.full(60_000, 2, np.float32), threads=2, min_slice=1)
    assert (matrix == 2).all()


def test_available_cores_is_positive() -> None:
    assert available_cores() >= 1


@pytest.mark.parametrize(
    ("arrays", "kwargs", "error", "match"),
    [
        ((), {}, ValueError, "at least one array"),
        (([1.0, 2.0],), {}, TypeError, "got list"),
        ((np.zeros((2, 2)),), {}, ValueError, r"1-D arrays of one length, got shapes \[\(2, 2\)\]"),
        ((np.zeros(3), np.zeros(4)), {}, ValueError, r"got shapes \[\(3,\), \(4,\)\]"),
        ((np.zeros(3),), {"threads": 0}, ValueError, "threads must be a positive integer, got 0"),
        ((np.zeros(3),), {"threads": True}, ValueError, "got True"),
        ((np.zeros(3),), {"min_slice": 0}, ValueError, "min_slice must be a positive integer, got 0"),
    ],
)
def test_bad_input_is_named(arrays: tuple, kwargs: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        map_slices(add_into, *arrays, **kwargs)


@pytest.mark.parametrize(("size", "parts", "match"), [(5, 0, "parts"), (-1, 2, "size"), (5, 1.5, "parts")])
def test_slice_bounds_rejects_bad_input(size: object, parts: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        slice_bounds(size, parts)  # type: ignore[arg-type]
