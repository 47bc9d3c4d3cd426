"""One RMSprop update of the network's 407,050 parameters, written several ways and timed.

Each variant is first checked against :func:`dlmath.optimizers.rmsprop_step` (float64), then all
are timed in interleaved rounds (best and median milliseconds per update):

- the readable ``RMSprop.apply`` of :mod:`dlmath.scratch.numpy`, on the four weight arrays
  (each formula makes new arrays);
- the fast variant's in-place update (:meth:`benchmarks.fast_numpy.FastNetwork.update`) on one
  flat array, whole or in chunks of several sizes (a chunk small enough stays in cache between
  the update's eight passes);
- the in-place chunks shared out among threads (NumPy releases the interpreter lock inside its
  loops), one per core;
- with numexpr (where installed), the two formulas as two fused expressions.

    python -m benchmarks.update_variants   # prints one JSON line
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from benchmarks.fast_numpy import FastNetwork
from dlmath.optimizers import rmsprop_step
from dlmath.scratch import numpy as scratch

LR, RHO, EPS = 0.001, 0.9, 1e-7
Update = Callable[[np.ndarray], None]
Start = Callable[[np.ndarray, np.ndarray], tuple[Update, Callable[[], np.ndarray]]]


def _fast(w: np.ndarray, s: np.ndarray, chunk: int | None) -> FastNetwork:
    """A FastNetwork of the MNIST sizes whose flat parameters and mean square are ``w`` and ``s``."""
    net = FastNetwork(scratch.mnist_model(seed=0, hidden=512), chunk=chunk)
    if net.parameters.shape != w.shape:
        raise ValueError(f"the variants update {net.parameters.size} parameters, got {w.size}")
    net.parameters[...] = w
    net.scaled_mean_square[...] = s / np.float32(1 - net.rho)
    return net


SHAPES = [(784, 512), (512,), (512, 10), (10,)]


def _split(flat: np.ndarray) -> list[np.ndarray]:
    """The network's four weight arrays (views) from one flat array of 407,050."""
    edges = np.cumsum([0] + [int(np.prod(shape)) for shape in SHAPES])
    return [flat[a:b].reshape(shape) for a, b, shape in zip(edges[:-1], edges[1:], SHAPES, strict=True)]


def variants(cores: int) -> dict[str, Start]:
    """name -> start(w, s): returns (update(g), current weights and mean square as one array pair)."""

    def readable(w: np.ndarray, s: np.ndarray) -> tuple[Update, Callable]:
        weights = [x.copy() for x in _split(w)]
        optimizer = scratch.RMSprop(LR, RHO, EPS)
        optimizer.mean_square = [x.copy() for x in _split(s)]

        def update(g: np.ndarray) -> None:
            optimizer.apply(weights, _split(g))

        def state() -> tuple[np.ndarray, np.ndarray]:
            flat = np.concatenate([x.ravel() for x in weights])
            return flat, np.concatenate([x.ravel() for x in optimizer.mean_square])

        return update, state

    def in_place(chunk: int | None) -> Start:
        def start(w: np.ndarray, s: np.ndarray) -> tuple[Update, Callable]:
            net = _fast(w, s, chunk)

            def update(g: np.ndarray) -> None:
                net.gradients = g
                net.update()

            return update, lambda: (net.parameters, net.mean_square)

        return start

    def threaded(w: np.ndarray, s: np.ndarray) -> tuple[Update, Callable]:
        net = _fast(w, s, chunk=-(-w.size // cores))  # one chunk per thread
        pool = ThreadPoolExecutor(cores)

        def update(g: np.ndarray) -> None:
            net.gradients = g
            for future in [pool.submit(net.update, [part]) for part in net.chunks]:
                future.result()

        return update, lambda: (net.parameters, net.mean_square)

    options: dict[str, Start] = {"readable: the network's RMSprop.apply, four arrays": readable}
    options["in place, one flat array"] = in_place(None)
    for chunk in (16_384, 65_536, 262_144):
        options[f"in place, in chunks of {chunk:,}"] = in_place(chunk)
    options[f"in place, {cores} slices on {cores} threads"] = threaded
    if importlib.util.find_spec("numexpr"):
        options["numexpr: 2 fused expressions, 1 thread"] = _numexpr(1)
        options[f"numexpr: 2 fused expressions, {cores} threads"] = _numexpr(cores)
    return options


def _numexpr(threads: int) -> Start:
    import numexpr

    constants = {"rho": np.float32(RHO), "one_minus_rho": np.float32(1 - RHO)}
    constants |= {"lr": np.float32(LR), "eps": np.float32(EPS)}

    def start(w: np.ndarray, s: np.ndarray) -> tuple[Update, Callable]:
        w, s = w.copy(), s.copy()

        def update(g: np.ndarray) -> None:
            numexpr.set_num_threads(threads)
            names = {"w": w, "g": g, "s": s, **constants}
            numexpr.evaluate(
                "rho * s + one_minus_rho * (g * g)", local_dict=names, out=s, casting="same_kind"
            )
            numexpr.evaluate("w - lr * g / sqrt(s + eps)", local_dict=names, out=w, casting="same_kind")

        return update, lambda: (w, s)

    return start


def check(options: dict[str, Start], w0: np.ndarray, s0: np.ndarray, g: np.ndarray) -> None:
    """Every variant computes one step of rmsprop_step (float64), to float32 round-off."""
    want_w, want_s = rmsprop_step(*(a.astype(np.float64) for a in (w0, g, s0)), LR, RHO, EPS)
    for name, start in options.items():
        update, state = start(w0.copy(), s0.copy())
        update(g)
        w, s = state()
        if not (np.allclose(w, want_w, rtol=0, atol=1e-7) and np.allclose(s, want_s, rtol=1e-6)):
            raise AssertionError(f"{name} does not compute rmsprop_step")


def time_variants(cores: int, rounds: int = 7, calls: int = 40, size: int = 407_050) -> dict[str, dict]:
    """Best and median milliseconds per update for each variant, rounds interleaved."""
    rng = np.random.default_rng(0)
    w0 = (0.05 * rng.standard_normal(size)).astype(np.float32)
    s0 = (1e-4 * rng.random(size)).astype(np.float32)
    g = (0.01 * rng.standard_normal(size)).astype(np.float32)
    options = variants(cores)
    check(options, w0, s0, g)
    times: dict[str, list[float]] = {name: [] for name in options}
    for _ in range(rounds):
        for name, start in options.items():
            update, _ = start(w0.copy(), s0.copy())
            update(g)
            begin = time.perf_counter()
            for _ in range(calls):
                update(g)
            times[name].append(1000 * (time.perf_counter() - begin) / calls)
    return {name: {"ms_best": min(ms), "ms_median": statistics.median(ms)} for name, ms in times.items()}


def main() -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    print(json.dumps({"cores": cores, "variants": time_variants(cores)}))


if __name__ == "__main__":
    main()
