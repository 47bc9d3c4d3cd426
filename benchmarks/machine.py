"""What the benchmark records about the machine, and the two BLAS yardsticks.

- :func:`describe`: processor, cores, versions, and the BLAS NumPy runs (``threadpoolctl``: for
  OpenBLAS, the kernels it chose, e.g. ``SkylakeX``);
- :func:`blas_peak_gflops`: "BLAS peak", the best rate of NumPy's BLAS on one large float32
  matrix product, in GFLOP/s;
- :func:`matrix_products_alone_seconds`: "matrix products alone", an epoch's worth of the five
  matrix products of a training step, timed by themselves: the floor no NumPy epoch can beat;
- :func:`epoch_matmul_flops`: the FLOPs of those products per epoch (exercise 2.5.4), which the
  report divides by an epoch's time to get "effective GFLOP/s".

Run as ``python -m benchmarks.machine`` to print all of it as JSON (the benchmark does, in a
process of its own).
"""

from __future__ import annotations

import json
import os
import platform
import time
from importlib import metadata
from pathlib import Path

import numpy as np

SIZES = (28 * 28, 512, 10)


def epoch_matmul_flops(samples: int = 60_000, sizes: tuple[int, int, int] = SIZES) -> int:
    """2 x multiply-adds of an epoch's matrix products: forward, weight gradients, and g2 @ W2.T."""
    inputs, hidden, classes = sizes
    return samples * 2 * (2 * inputs * hidden + 3 * hidden * classes)


def blas_info() -> list[dict[str, object]]:
    """The BLAS libraries loaded in this process, as threadpoolctl reports them."""
    from threadpoolctl import threadpool_info

    keep = ("internal_api", "architecture", "version", "num_threads", "threading_layer")
    return [{k: info.get(k) for k in keep} for info in threadpool_info() if info.get("user_api") == "blas"]


def openblas_kernels() -> str | None:
    """The kernels NumPy's OpenBLAS runs here ("Haswell", "SkylakeX", ...), or None."""
    for info in blas_info():
        if info["internal_api"] == "openblas":
            return str(info["architecture"])
    return None


def blas_peak_gflops(size: int = 2048, repeats: int = 10) -> float:
    """Best float32 rate of NumPy's BLAS on a ``size`` x ``size`` product, in GFLOP/s."""
    rng = np.random.default_rng(0)
    a, b = rng.random((size, size), dtype=np.float32), rng.random((size, size), dtype=np.float32)
    out = np.empty_like(a)
    np.matmul(a, b, out=out)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        np.matmul(a, b, out=out)
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def matrix_products_alone_seconds(
    batch_size: int = 128, samples: int = 60_000, sizes: tuple[int, int, int] = SIZES, repeats: int = 7
) -> float:
    """Seconds per epoch of a step's five matrix products, timed alone (float32, no allocation).

    Best of ``repeats`` runs of 100 steps, times the epoch's samples over the batch size (the last,
    shorter batch counted by its share of a full one).
    """
    inputs, hidden, classes = sizes
    rng = np.random.default_rng(0)
    x, w1 = rng.random((batch_size, inputs), np.float32), rng.random((inputs, hidden), np.float32)
    h, w2 = rng.random((batch_size, hidden), np.float32), rng.random((hidden, classes), np.float32)
    g1, g2 = rng.random((batch_size, hidden), np.float32), rng.random((batch_size, classes), np.float32)
    products = [(x, w1), (h, w2), (h.T, g2), (g2, w2.T), (x.T, g1)]
    outs = [np.empty((a.shape[0], b.shape[1]), np.float32) for a, b in products]

    def step() -> None:
        for (a, b), out in zip(products, outs, strict=True):
            np.matmul(a, b, out=out)

    for _ in range(20):
        step()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(100):
            step()
        best = min(best, (time.perf_counter() - start) / 100)
    return best * samples / batch_size


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def cpu_ticks() -> tuple[int, int]:
    """(busy ticks of all CPUs, all ticks), from /proc/stat; (0, 0) where there is none."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0, 0
    return sum(fields[:8]) - fields[3] - fields[4], sum(fields[:8])


def describe() -> dict[str, object]:
    """The processor, core counts, versions and BLAS, without importing TensorFlow or JAX."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in ("numpy", "tensorflow", "keras", "jax", "jaxlib", "numexpr", "threadpoolctl"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return {
        "cpu": cpu,
        "logical_cores": os.cpu_count(),
        "cores_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "system": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "versions": versions,
        "blas": blas_info(),
        "openblas_kernels": openblas_kernels(),
    }


def main() -> None:
    print(
        json.dumps(
            {
                "machine": describe(),
                "blas_peak_gflops": blas_peak_gflops(),
                "matrix_products_alone_seconds": matrix_products_alone_seconds(),
            }
        )
    )


if __name__ == "__main__":
    main()
