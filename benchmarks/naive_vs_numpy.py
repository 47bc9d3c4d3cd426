"""How much faster NumPy is than the loop versions in ``dlmath.naive``, for several sizes.

Run ``python benchmarks/naive_vs_numpy.py``. For each operation and size it prints the best of a
few runs for the naive loop and for NumPy, and their ratio (how many times faster NumPy is).
Timings for many sizes are kept here; the chapter times one size.
"""

from __future__ import annotations

import argparse
import timeit
from collections.abc import Callable

import numpy as np

from dlmath.naive import naive_add, naive_matrix_dot, naive_relu


def best_time(fn: Callable[[], object], *, budget: float = 0.5) -> float:
    """Best seconds per call over a few repetitions, sized to take about ``budget`` seconds in all."""
    timer = timeit.Timer(fn)
    number, elapsed = timer.autorange()
    reps = max(3, min(7, int(budget / max(elapsed, 1e-9))))
    return min(timer.repeat(repeat=reps, number=number)) / number


def row(name: str, n: int, t_naive: float, t_fast: float) -> str:
    shape = f"({n}, {n})"
    return f"{name:<12} {shape:>12} {t_naive:>10.2e}s {t_fast:>10.2e}s {t_naive / t_fast:>17,.0f}x"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke test")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    elementwise_sizes = [16, 64] if args.quick else [16, 64, 256, 512]
    dot_sizes = [8, 16] if args.quick else [8, 32, 64, 128]
    print(f"{'operation':<12} {'shape':>12} {'naive':>11} {'numpy':>11} {'numpy is x faster':>18}")
    for n in elementwise_sizes:
        x, y = rng.normal(size=(n, n)), rng.normal(size=(n, n))
        cases = [
            ("relu", lambda x=x: naive_relu(x), lambda x=x: np.maximum(x, 0.0)),
            ("add", lambda x=x, y=y: naive_add(x, y), lambda x=x, y=y: x + y),
        ]
        for name, naive, fast in cases:
            t_naive, t_fast = best_time(naive), best_time(fast)
            print(row(name, n, t_naive, t_fast))
    for n in dot_sizes:
        x, y = rng.normal(size=(n, n)), rng.normal(size=(n, n))
        t_naive = best_time(lambda x=x, y=y: naive_matrix_dot(x, y))
        t_fast = best_time(lambda x=x, y=y: x @ y)
        print(row("matrix dot", n, t_naive, t_fast))


if __name__ == "__main__":
    main()
