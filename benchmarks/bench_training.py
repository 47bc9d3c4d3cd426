"""Train the MNIST network of chapter 2.1 with Keras (TensorFlow and JAX backends) and from scratch in NumPy.

Each training run (one trainer, one seed) runs in a fresh Python process, the trainers taking turns
(Keras/TensorFlow seed 0, Keras/JAX seed 0, NumPy seed 0, Keras/TensorFlow seed 1, ...): Keras picks
its backend when it is imported, and each run's peak memory is its own. Each run is 5 epochs of
batch 128 on the full training set. Keras on JAX runs when JAX is installed (``pip install -e
'.[bench]'``; ``make bench`` does it). The script prints Markdown tables and writes
``benchmarks/results.json`` and ``benchmarks/results.md`` (what section 2.5 shows).

NumPy's matrix products run in OpenBLAS, which picks its kernels for the processor it finds (AVX-512
ones where there is AVX-512) unless ``OPENBLAS_CORETYPE`` names others. The benchmark keeps the
environment as it is, records which kernels ran, and profiles a training step with OpenBLAS's own
choice as well when the environment pins other kernels; ``--blas-own-choice`` runs everything
without the pin.

    make bench                        # 5 seeds; test accuracy is the median over them
    make bench BENCH_ARGS="--seeds 1" # quicker
    .venv/bin/python benchmarks/bench_training.py --profile   # where a NumPy training step spends its time
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
SIZES = (28 * 28, 512, 10)

# key: (title, Keras backend or None for NumPy). The rows of the table come in this order.
TRAINERS = {
    "keras_tf": ("Keras 3, TensorFlow backend", "tensorflow"),
    "keras_jax": ("Keras 3, JAX backend", "jax"),
    "numpy": ("NumPy from scratch", None),
}


def available_trainers() -> list[str]:
    """The trainers this environment can run: Keras on JAX only where JAX is installed."""
    return [
        key for key, (_, backend) in TRAINERS.items() if backend != "jax" or importlib.util.find_spec("jax")
    ]


def epoch_matmul_flops(samples: int = 60_000, sizes: tuple[int, int, int] = SIZES) -> int:
    """Multiply-adds x 2 of one epoch: forward, weight gradients, and the hidden layer's input gradient."""
    inputs, hidden, classes = sizes
    per_sample = 2 * (2 * inputs * hidden + 3 * hidden * classes)
    return samples * per_sample


def matmul_peak_gflops(size: int = 2048, repeats: int = 7) -> float:
    """Best float32 matrix-product rate NumPy's BLAS reaches here, in GFLOP/s."""
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


def matmul_only_epoch_seconds(
    batch_size: int = 128, samples: int = 60_000, sizes: tuple[int, int, int] = SIZES, repeats: int = 7
) -> float:
    """Seconds per epoch of the NumPy network's matrix products alone, timed by themselves.

    The five products of one training step (both forward products, both weight gradients, the
    output layer's input gradient), in float32 into preallocated arrays, best of ``repeats`` runs
    of 100 steps, times the epoch's samples over the batch size: the least a NumPy epoch can take here.
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
    return best * samples / batch_size  # the last, shorter batch counted by its share of a full one


def _status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    peak = _status_mb("VmHWM")
    if peak is None:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak


def cpu_ticks() -> tuple[int, int, int]:
    """(busy ticks of all CPUs, all ticks, ticks of this process and its finished children), from /proc."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        own = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0, 0, 0
    idle = fields[3] + fields[4]
    return sum(fields[:8]) - idle, sum(fields[:8]), sum(int(x) for x in own[11:15])


def others_cpu_share(start: tuple[int, int, int], end: tuple[int, int, int]) -> float | None:
    """Fraction of all CPU time between two ``cpu_ticks()`` readings used by *other* processes."""
    busy, total, own = (b - a for a, b in zip(start, end, strict=True))
    return round(max(busy - own, 0) / total, 3) if total else None


def available_cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


PINNED = "DLMATH_BENCH_PINNED_OPENBLAS_CORETYPE"  # the pin --blas-own-choice removed, for the report


def openblas_corename() -> str | None:
    """The kernels NumPy's OpenBLAS runs with in this process ("Haswell", "SkylakeX", ...), or None."""
    import ctypes

    try:
        maps = Path("/proc/self/maps").read_text().splitlines()
    except OSError:
        return None
    paths = {line.split()[-1] for line in maps if "openblas" in line.rsplit("/", 1)[-1]}
    for path in sorted(paths):
        library = ctypes.CDLL(path)
        for name in (
            "scipy_openblas_get_corename64_",
            "scipy_openblas_get_corename",
            "openblas_get_corename",
        ):
            function = getattr(library, name, None)
            if function is not None:
                function.restype = ctypes.c_char_p
                return function().decode()
    return None


def blas_environment(pinned: str | None) -> dict[str, str]:
    """This process's environment with OpenBLAS pinned to ``pinned`` kernels, or left to choose (None)."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", PINNED)}
    return env | ({"OPENBLAS_CORETYPE": pinned} if pinned else {})


def openblas_own_choice() -> str | None:
    """The kernels OpenBLAS picks for this processor by itself, whatever ``OPENBLAS_CORETYPE`` says."""
    if "OPENBLAS_CORETYPE" not in os.environ:
        return openblas_corename()
    command = [sys.executable, str(Path(__file__).resolve()), "--print-blas-kernels"]
    done = subprocess.run(command, env=blas_environment(None), capture_output=True, text=True, check=False)  # noqa: S603
    return done.stdout.strip() or None if done.returncode == 0 else None


def pinned_coretype() -> str | None:
    """The kernels the environment pinned OpenBLAS to (also after ``--blas-own-choice`` removed the pin)."""
    return os.environ.get("OPENBLAS_CORETYPE") or os.environ.get(PINNED)


def drop_the_pin_and_restart(argv: list[str]) -> None:
    """``--blas-own-choice``: restart this script without ``OPENBLAS_CORETYPE`` (a no-op without one)."""
    if "OPENBLAS_CORETYPE" not in os.environ:
        return
    env = blas_environment(None) | {PINNED: os.environ["OPENBLAS_CORETYPE"]}
    print(f"restarting without OPENBLAS_CORETYPE={env[PINNED]}", file=sys.stderr, flush=True)
    os.execve(sys.executable, [sys.executable, str(Path(__file__).resolve()), *argv], env)  # noqa: S606


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def machine_description() -> dict[str, object]:
    """The processor, the core count and the versions that matter, without importing TensorFlow or JAX."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {name: _version(name) for name in ("tensorflow", "keras", "jax", "jaxlib", "numexpr")}
    return {
        "cpu": cpu,
        "logical_cores": os.cpu_count(),
        "cores_available": available_cores(),
        "openblas_kernels": openblas_corename(),
        "openblas_coretype_pinned_by_the_environment": pinned_coretype(),
        "openblas_kernels_of_its_own_choice": openblas_own_choice(),
        "system": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        **{name: version for name, version in versions.items() if version is not None},
        "load_average_1min_before": round(os.getloadavg()[0], 2),
    }


def load_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from dlmath import load_mnist

    (train_images, train_labels), (test_images, test_labels) = load_mnist()
    x_train = train_images.reshape(len(train_images), -1).astype(np.float32) / 255
    x_test = test_images.reshape(len(test_images), -1).astype(np.float32) / 255
    return x_train, train_labels.astype(np.int64), x_test, test_labels.astype(np.int64)


# --- one training run (in its own process) ---------------------------------------------------------


def train_keras(seed: int, data: tuple, epochs: int, batch_size: int) -> dict[str, object]:
    import keras

    x_train, y_train, x_test, y_test = data

    class EpochTimer(keras.callbacks.Callback):
        def on_train_begin(self, logs: dict | None = None) -> None:
            self.seconds: list[float] = []

        def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            self.seconds.append(time.perf_counter() - self.start)

    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(SIZES[0],)),
            keras.layers.Dense(SIZES[1], activation="relu"),
            keras.layers.Dense(SIZES[2], activation="softmax"),
        ]
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    timer = EpochTimer()
    model.fit(
        x_train,
        keras.utils.to_categorical(y_train, 10),
        epochs=epochs,
        batch_size=batch_size,
        verbose=0,
        callbacks=[timer],
    )
    accuracy = float((model.predict(x_test, verbose=0, batch_size=1024).argmax(axis=1) == y_test).mean())
    return {"epoch_seconds": timer.seconds, "test_accuracy": accuracy, "backend": keras.backend.backend()}


def train_numpy(seed: int, data: tuple, epochs: int, batch_size: int) -> dict[str, object]:
    from dlmath.scratch import numpy as scratch_numpy

    x_train, y_train, x_test, y_test = data
    model = scratch_numpy.mnist_model(seed=seed, hidden=SIZES[1])
    history = scratch_numpy.fit(model, x_train, y_train, epochs, batch_size, seed=seed, log=None)
    accuracy = float((model.predict(x_test) == y_test).mean())
    return {"epoch_seconds": history["epoch_seconds"], "test_accuracy": accuracy}


def run_one(key: str, seed: int, epochs: int, batch_size: int) -> dict[str, object]:
    """Train one model in this process; the result includes this process's peak memory."""
    train = train_numpy if TRAINERS[key][1] is None else train_keras
    result = train(seed, load_data(), epochs, batch_size)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def run_in_subprocess(key: str, seed: int, epochs: int, batch_size: int) -> dict[str, object]:
    """Run :func:`run_one` in a fresh Python process (with the trainer's Keras backend); return its result."""
    backend = TRAINERS[key][1]
    env = dict(os.environ, **({"KERAS_BACKEND": backend} if backend else {}))
    command = [sys.executable, str(Path(__file__).resolve()), "--run-one", key, "--seed", str(seed)]
    command += ["--epochs", str(epochs), "--batch-size", str(batch_size)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{key} seed {seed} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if backend is not None and result.get("backend") != backend:
        raise RuntimeError(f"{key} ran on Keras's {result.get('backend')!r} backend, not {backend!r}")
    return result


# --- where a NumPy step spends its time, and the update written several ways -----------------------


def readable_rmsprop() -> object:
    """The readable rule, :func:`dlmath.optimizers.rmsprop_step`: every operation makes a new array."""
    from dlmath.optimizers import rmsprop_step
    from dlmath.scratch import numpy as scratch_numpy

    class ReadableRMSprop(scratch_numpy.RMSprop):
        def apply(self, weights: list, gradients: list) -> None:
            for w, g, v in zip(weights, gradients, self.velocities, strict=True):
                w[...], v[...] = rmsprop_step(w, g, v, self.learning_rate, self.rho, self.epsilon)

    return ReadableRMSprop()


class SlicedRMSprop:
    """The network's in-place RMSprop on ``threads`` slices of each flat weight, one thread per slice.

    NumPy releases Python's global interpreter lock while a ufunc loops over numbers, so the slices
    are updated side by side; each element gets the same operations, so the result is the same, bit
    for bit, as on one thread. One of the options this benchmark measures, not what the network uses.
    """

    def __init__(self, threads: int) -> None:
        from dlmath.scratch import numpy as scratch_numpy

        self.threads, self.make = threads, scratch_numpy.RMSprop
        self.pool = ThreadPoolExecutor(max(threads - 1, 1))
        self.parts: list[tuple[int, int, int, object]] = []  # (weight index, start, stop, optimizer)

    def build(self, weights: list[np.ndarray]) -> None:
        self.parts = []
        for index, w in enumerate(weights):
            edges = [w.size * i // self.threads for i in range(self.threads + 1)]
            for start, stop in zip(edges, edges[1:], strict=False):
                optimizer = self.make()
                optimizer.build([w.reshape(-1)[start:stop]])
                self.parts.append((index, start, stop, optimizer))

    @property
    def velocities(self) -> list[np.ndarray]:
        return [
            np.concatenate([opt.velocities[0] for i, _, _, opt in self.parts if i == index])
            for index in sorted({i for i, _, _, _ in self.parts})
        ]

    def apply(self, weights: list[np.ndarray], gradients: list[np.ndarray]) -> None:
        jobs = [
            (opt.apply, [weights[i].reshape(-1)[a:b]], [gradients[i].reshape(-1)[a:b]])
            for i, a, b, opt in self.parts
        ]
        futures = [self.pool.submit(*job) for job in jobs[1:]]  # the other slices on worker threads,
        jobs[0][0](*jobs[0][1:])  # the first one on this thread
        for future in futures:
            future.result()


def profile_numpy_step(
    data: tuple, optimizer: object, steps: int = 300, batch_size: int = 128
) -> dict[str, float]:
    """Milliseconds per training step spent in each part of the NumPy trainer's step, with ``optimizer``."""
    from dlmath.scratch import numpy as scratch_numpy

    x_train, y_train, _, _ = data
    model = scratch_numpy.mnist_model(seed=0)
    weights, gradients = [model.parameters], [model.parameter_gradients]  # as fit() does
    optimizer.build(weights)
    hidden_layer, output_layer = model.layers
    batches = scratch_numpy.BatchGenerator(x_train, y_train, batch_size, seed=0)
    parts = [
        "batch gather",
        "hidden layer forward",
        "output layer forward + loss + backward",
        "hidden layer backward",
        "RMSprop update",
    ]
    totals = dict.fromkeys(parts, 0.0)
    epoch = iter(batches)
    for step in range(steps + 20):
        t0 = time.perf_counter()
        try:
            images, labels = next(epoch)
        except StopIteration:
            epoch = iter(batches)
            images, labels = next(epoch)
        t1 = time.perf_counter()
        hidden = hidden_layer.forward(images)
        t2 = time.perf_counter()
        probabilities = output_layer.forward(hidden)
        n = len(labels)
        probabilities[np.arange(n), labels] -= 1
        probabilities *= 1 / n
        grad_hidden = output_layer.backward(probabilities)
        t3 = time.perf_counter()
        hidden_layer.backward(grad_hidden, need_grad_inputs=False)
        t4 = time.perf_counter()
        optimizer.apply(weights, gradients)
        t5 = time.perf_counter()
        if step >= 20:  # warm-up steps are not counted
            for part, seconds in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
                totals[part] += seconds
    return {part: 1000 * seconds / steps for part, seconds in totals.items()}


# Profile columns: key -> (optimizer, OpenBLAS kernels: "as run" or the other setting of the pin).
PROFILES = {
    "now": ("in place", "as run"),
    "other_kernels": ("in place", "other"),
    "sliced": ("sliced", "as run"),
    "readable": ("readable", "as run"),
}


def make_optimizer(kind: str, cores: int) -> object:
    from dlmath.scratch import numpy as scratch_numpy

    if kind == "sliced":
        return SlicedRMSprop(cores)
    return readable_rmsprop() if kind == "readable" else scratch_numpy.RMSprop()


def other_kernels() -> tuple[str, dict[str, str]] | None:
    """The other OpenBLAS setting worth profiling: (its title, its environment), or None."""
    pinned, running = pinned_coretype(), "OPENBLAS_CORETYPE" in os.environ
    if not pinned:
        return None
    if running:
        return f"{openblas_own_choice()} kernels, OpenBLAS's own choice", blas_environment(None)
    return f"{pinned} kernels, as the environment pins them", blas_environment(pinned)


def profile_titles(cores: int) -> dict[str, str]:
    other = other_kernels()
    return {
        "now": f"in-place RMSprop, {openblas_corename()} kernels",
        "other_kernels": f"in-place RMSprop, {other[0] if other else ''}",
        "sliced": f"update on {cores} threads (slices)",
        "readable": "readable rule (rmsprop_step)",
    }


def profile_in_subprocess(key: str, batch_size: int, steps: int = 300) -> dict[str, float]:
    """Run :func:`profile_numpy_step` for one column of :data:`PROFILES` in a fresh process."""
    other = other_kernels()
    env = other[1] if PROFILES[key][1] == "other" and other else dict(os.environ)
    command = [sys.executable, str(Path(__file__).resolve()), "--profile-one", key]
    command += ["--batch-size", str(batch_size), "--steps", str(steps)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"profile {key} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile_table(profiles: dict[str, dict[str, float]], titles: dict[str, str]) -> str:
    """Markdown table: time per part of a NumPy training step, one column per profile.

    Each cell holds the milliseconds and the share of the step, so the table stays narrow
    enough for the book's column.
    """
    keys = list(profiles)
    rows = [
        "| part of one NumPy training step | " + " | ".join(f"{titles[k]}: ms (share)" for k in keys) + " |",
        "|---|" + "---:|" * len(keys),
    ]
    totals = {k: sum(profile.values()) for k, profile in profiles.items()}
    for part in profiles[keys[0]]:
        cells = [f"{profiles[k][part]:.3f} ({100 * profiles[k][part] / totals[k]:.0f}%)" for k in keys]
        rows.append(f"| {part} | " + " | ".join(cells) + " |")
    rows.append("| whole step | " + " | ".join(f"{totals[k]:.3f} (100%)" for k in keys) + " |")
    return "\n".join(rows)


def measure_profiles(batch_size: int, steps: int = 300) -> dict[str, dict[str, float]]:
    keys = [key for key in PROFILES if PROFILES[key][1] == "as run" or other_kernels()]
    return {key: profile_in_subprocess(key, batch_size, steps) for key in keys}


Update = Callable[[np.ndarray], None]


def update_options(cores: int) -> dict[str, Callable[[np.ndarray, np.ndarray], tuple[Update, Callable]]]:
    """Ways to write one RMSprop update: ``name -> start(w, v)``.

    ``start(w, v)`` takes the weights (updated in place) and a starting mean square, and returns
    ``(update, mean_square)``: ``update(g)`` does one step, ``mean_square()`` returns the current one.
    """
    from dlmath.optimizers import rmsprop_step
    from dlmath.scratch import numpy as scratch_numpy

    rho, lr, eps = 0.9, 0.001, 1e-7

    def readable(w: np.ndarray, v: np.ndarray) -> tuple[Update, Callable]:
        state = [v.copy()]

        def update(g: np.ndarray) -> None:
            w[...], state[0] = rmsprop_step(w, g, state[0], lr, rho, eps)

        return update, lambda: state[0]

    def in_place(chunk: int | None = None) -> Callable:
        def start(w: np.ndarray, v: np.ndarray) -> tuple[Update, Callable]:
            optimizer = scratch_numpy.RMSprop(lr, rho, eps)
            bounds = [(0, len(w))] if chunk is None else [(i, i + chunk) for i in range(0, len(w), chunk)]
            optimizer.build([w[a:b] for a, b in bounds])  # with chunks: one "weight" per chunk
            for velocity, (a, b) in zip(optimizer.velocities, bounds, strict=True):
                velocity[...] = v[a:b]

            def update(g: np.ndarray) -> None:
                optimizer.apply([w[a:b] for a, b in bounds], [g[a:b] for a, b in bounds])

            return update, lambda: np.concatenate(optimizer.velocities)

        return start

    def sliced(w: np.ndarray, v: np.ndarray) -> tuple[Update, Callable]:
        optimizer = SlicedRMSprop(cores)
        optimizer.build([w])
        for _, a, b, part in optimizer.parts:
            part.velocities[0][...] = v[a:b]
        return (lambda g: optimizer.apply([w], [g])), lambda: optimizer.velocities[0]

    options = {
        "readable rule: rmsprop_step, a new array per operation": readable,
        "in place: 9 NumPy operations into one scratch array (the network's RMSprop)": in_place(),
        "in place, in 16,384-element chunks that stay in cache": in_place(chunk=16_384),
        f"in place, on {cores} slices in {cores} threads": sliced,
    }
    if importlib.util.find_spec("numexpr"):
        import numexpr

        constants = {"rho": np.float32(rho), "one_minus_rho": np.float32(1 - rho)}
        constants |= {"lr": np.float32(lr), "eps": np.float32(eps)}

        def fused(threads: int) -> Callable:
            def start(w: np.ndarray, v: np.ndarray) -> tuple[Update, Callable]:
                v = v.copy()

                def update(g: np.ndarray) -> None:
                    numexpr.set_num_threads(threads)
                    names = {"w": w, "g": g, "v": v, **constants}
                    expression = "rho * v + one_minus_rho * (g * g)"
                    numexpr.evaluate(expression, local_dict=names, out=v, casting="same_kind")
                    expression = "w - lr * (g / sqrt(v + eps))"
                    numexpr.evaluate(expression, local_dict=names, out=w, casting="same_kind")

                return update, lambda: v

            return start

        options["numexpr: 2 fused expressions, 1 thread"] = fused(1)
        options[f"numexpr: 2 fused expressions, {cores} threads"] = fused(cores)
    return options


def time_update_options(cores: int, size: int = 407_050, rounds: int = 7, calls: int = 40) -> dict[str, dict]:
    """Milliseconds per update for each of :func:`update_options`: best and median of ``rounds``, interleaved.

    Every option is first checked against :func:`dlmath.optimizers.rmsprop_step` in float64.
    """
    from dlmath.optimizers import rmsprop_step

    rng = np.random.default_rng(0)
    w0 = (0.05 * rng.standard_normal(size)).astype(np.float32)
    v0 = (1e-4 * rng.random(size)).astype(np.float32)
    g = (0.01 * rng.standard_normal(size)).astype(np.float32)
    expected_w, expected_v = rmsprop_step(*(a.astype(np.float64) for a in (w0, g, v0)), 0.001, 0.9, 1e-7)
    options = update_options(cores)
    for name, start in options.items():
        w = w0.copy()
        update, mean_square = start(w, v0)
        update(g)
        same_v = np.allclose(mean_square(), expected_v, rtol=1e-6)
        if not (np.allclose(w, expected_w, rtol=0, atol=1e-7) and same_v):
            raise AssertionError(f"{name} does not compute rmsprop_step")
    times: dict[str, list[tuple[float, float | None]]] = {name: [] for name in options}
    for _ in range(rounds):
        for name, start in options.items():
            update, _ = start(w0.copy(), v0)
            update(g)
            ticks, begin = cpu_ticks(), time.perf_counter()
            for _ in range(calls):
                update(g)
            seconds = (time.perf_counter() - begin) / calls
            times[name].append((seconds * 1000, others_cpu_share(ticks, cpu_ticks())))
    return {
        name: {
            "ms_best": round(min(ms for ms, _ in runs), 3),
            "ms_median": round(statistics.median(ms for ms, _ in runs), 3),
            "others_cpu_share_median": statistics.median(share or 0 for _, share in runs),
        }
        for name, runs in times.items()
    }


def update_options_table(options: dict[str, dict]) -> str:
    rows = [
        "| one RMSprop update of 407,050 float32 parameters | best (ms) | median (ms) | others' CPU share |",
        "|---|---:|---:|---:|",
    ]
    for name, r in options.items():
        rows.append(
            f"| {name} | {r['ms_best']:.3f} | {r['ms_median']:.3f} "
            f"| {100 * r['others_cpu_share_median']:.0f}% |"
        )
    return "\n".join(rows)


# --- the report --------------------------------------------------------------------------------------


def table(results: dict, seeds: int) -> str:
    rows = [
        f"| trainer | epoch time, median (s) | test accuracy (median of {seeds} seed{'s' * (seeds > 1)}) "
        "| peak RSS (MB) | matmul GFLOP/s | share of matmul peak |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, (title, _) in TRAINERS.items():
        r = results["trainers"].get(key)
        if r is None:
            continue
        rows.append(
            f"| {title} | {r['epoch_seconds_median']:.3f} | {r['test_accuracy']:.4f} "
            f"| {r['peak_rss_mb']:.0f} | {r['gflops']:.1f} | {100 * r['peak_fraction']:.0f}% |"
        )
    return "\n".join(rows)


def ratios(trainers: dict[str, dict]) -> dict[str, float]:
    """NumPy's median epoch time divided by each Keras trainer's."""
    numpy_seconds = trainers["numpy"]["epoch_seconds_median"]
    names = {"keras_tf": "numpy_over_keras_epoch_ratio", "keras_jax": "numpy_over_keras_jax_epoch_ratio"}
    return {
        name: round(numpy_seconds / trainers[key]["epoch_seconds_median"], 3)
        for key, name in names.items()
        if key in trainers
    }


def blas_sentence(machine: dict) -> str:
    kernels, own = machine.get("openblas_kernels"), machine.get("openblas_kernels_of_its_own_choice")
    pinned = machine.get("openblas_coretype_pinned_by_the_environment")
    if kernels is None:
        return "NumPy's BLAS is not OpenBLAS here."
    if not pinned:
        return f"NumPy's OpenBLAS ran its {kernels} kernels, its own choice for this processor."
    if kernels == own:
        return (
            f"NumPy's OpenBLAS ran its {kernels} kernels, its own choice for this processor: the run dropped "
            f"the environment's `OPENBLAS_CORETYPE={pinned}` (`--blas-own-choice`)."
        )
    return (
        f"NumPy's OpenBLAS ran its {kernels} kernels, as the environment's `OPENBLAS_CORETYPE={pinned}` "
        f"says; by itself it picks its {own} kernels on this processor (see the profile below)."
    )


def summary_text(results: dict, args: argparse.Namespace, samples: int) -> str:
    machine = results["machine"]
    parts = [
        "NumPy epoch time / Keras-on-TensorFlow epoch time: "
        f"**{results['numpy_over_keras_epoch_ratio']:.2f}**"
    ]
    if "numpy_over_keras_jax_epoch_ratio" in results:
        parts.append(f"/ Keras-on-JAX epoch time: **{results['numpy_over_keras_jax_epoch_ratio']:.2f}**")
    versions = ", ".join(
        f"{label} {machine[key]}"
        for key, label in [
            ("numpy", "NumPy"),
            ("tensorflow", "TensorFlow"),
            ("jax", "JAX"),
            ("keras", "Keras"),
        ]
        if key in machine
    )
    return (
        "; ".join(parts) + ". "
        f"{args.epochs} epochs of batch {args.batch_size} on {samples:,} images per run, each run in its own "
        f"process, {results['epoch_gflop']:.1f} GFLOP of matrix products per epoch; float32 matmul peak "
        f"{results['matmul_peak_gflops']:.0f} GFLOP/s (NumPy's BLAS, 2048 x 2048, measured before and after "
        f"the runs). NumPy's matrix products alone, the five of each step timed by themselves, take "
        f"{results['numpy_matmul_only_epoch_seconds']:.3f} s per epoch here: no NumPy epoch can be faster. "
        f"{blas_sentence(machine)}\n\n"
        f"Machine: {machine['cpu']}, {machine['logical_cores']} logical cores, {machine['system']}; "
        f"Python {machine['python']}, {versions}; 1-minute load average "
        f"{machine['load_average_1min_before']} before, {machine['load_average_1min_after']} after; other "
        f"processes used {100 * (machine['cpu_share_used_by_other_processes'] or 0):.0f}% of the CPU time "
        "during the runs. Peak RSS is each run's whole process (Keras and its backend included)."
    )


def profile_text(profiles: dict, titles: dict[str, str], options: dict, share: float | None) -> str:
    return (
        "Where one NumPy training step (batch 128) spends its time, measured right after the runs above, "
        f"each column in its own process (other processes used {100 * (share or 0):.0f}% of the CPU time "
        "meanwhile): the network as it ran above; with the other setting of OpenBLAS's kernels, where "
        "the environment pins them; with the update cut into slices updated by threads side by side; and "
        "with the readable "
        "rule `rmsprop_step` of `dlmath.optimizers`, which makes a new array for every operation:\n\n"
        + profile_table(profiles, titles)
        + "\n\nThe same RMSprop update written in several ways, each checked against `rmsprop_step` "
        "(times interleaved; the median shows the noise):\n\n" + update_options_table(options)
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="train each model with seeds 0..N-1 (default 5)")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--output-dir", type=Path, default=HERE)
    parser.add_argument("--profile", action="store_true", help="only profile the NumPy step and its update")
    parser.add_argument("--trainers", nargs="+", choices=list(TRAINERS), help="default: every one installed")
    parser.add_argument(
        "--blas-own-choice", action="store_true", help="drop OPENBLAS_CORETYPE: OpenBLAS picks its kernels"
    )
    parser.add_argument("--print-blas-kernels", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--run-one", choices=list(TRAINERS), help=argparse.SUPPRESS)
    parser.add_argument("--profile-one", choices=list(PROFILES), help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--steps", type=int, default=300, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seeds < 1:
        parser.error("--seeds must be at least 1")
    cores = available_cores()
    if args.run_one:
        print(json.dumps(run_one(args.run_one, args.seed, args.epochs, args.batch_size)))
        return 0
    if args.profile_one:
        optimizer = make_optimizer(PROFILES[args.profile_one][0], cores)
        print(json.dumps(profile_numpy_step(load_data(), optimizer, args.steps, args.batch_size)))
        return 0
    if args.print_blas_kernels:
        print(openblas_corename() or "")
        return 0
    if args.blas_own_choice:
        drop_the_pin_and_restart(argv)  # returns only when there is no pin to drop
    titles = profile_titles(cores)
    if args.profile:
        print(blas_sentence(machine_description()) + "\n")
        print(profile_table(measure_profiles(args.batch_size), titles) + "\n")
        print(update_options_table(time_update_options(cores)))
        return 0

    keys = args.trainers or available_trainers()
    if "numpy" not in keys or "keras_tf" not in keys:
        parser.error(
            "the report compares NumPy with Keras on TensorFlow: --trainers needs numpy and keras_tf"
        )
    machine = machine_description()
    ticks = cpu_ticks()
    peak = matmul_peak_gflops()
    per_trainer: dict[str, dict[str, list]] = {
        key: {"epoch_seconds": [], "accuracy": [], "rss": []} for key in keys
    }
    for seed in range(args.seeds):
        for key in keys:
            run = run_in_subprocess(key, seed, args.epochs, args.batch_size)
            per_trainer[key]["rss"].append(run["peak_rss_mb"])
            per_trainer[key]["epoch_seconds"].extend(run["epoch_seconds"])
            per_trainer[key]["accuracy"].append(run["test_accuracy"])
            print(
                f"seed {seed}, {TRAINERS[key][0]}: test accuracy {run['test_accuracy']:.4f}, "
                f"median epoch {statistics.median(run['epoch_seconds']):.3f} s",
                file=sys.stderr,
                flush=True,
            )
    peak = max(peak, matmul_peak_gflops())  # measured before and after: the better of the two
    machine["load_average_1min_after"] = round(os.getloadavg()[0], 2)
    machine["cpu_share_used_by_other_processes"] = others_cpu_share(ticks, cpu_ticks())

    samples = 60_000
    flops = epoch_matmul_flops(samples)
    matmul_only = matmul_only_epoch_seconds(args.batch_size, samples)
    trainers = {}
    for key, runs in per_trainer.items():
        seconds = statistics.median(runs["epoch_seconds"])
        trainers[key] = {
            "epoch_seconds_median": round(seconds, 4),
            "test_accuracy": round(statistics.median(runs["accuracy"]), 4),
            "peak_rss_mb": round(max(runs["rss"]), 1),
            "gflops": round(flops / seconds / 1e9, 1),
            "peak_fraction": round(flops / seconds / 1e9 / peak, 3),
        }
    results: dict[str, object] = {
        "machine": machine,
        "matmul_peak_gflops": round(peak, 1),
        "epoch_gflop": round(flops / 1e9, 1),
        "numpy_matmul_only_epoch_seconds": round(matmul_only, 4),
        "trainers": trainers,
        **ratios(trainers),
    }
    markdown = table(results, args.seeds)
    summary = summary_text(results, args, samples)

    ticks = cpu_ticks()
    profiles = measure_profiles(args.batch_size)
    options = time_update_options(cores)
    share = others_cpu_share(ticks, cpu_ticks())
    results["numpy_step_profile_ms"] = {
        titles[key]: {part: round(ms, 3) for part, ms in profile.items()} for key, profile in profiles.items()
    }
    results["rmsprop_update_options_ms"] = options
    results["profile_cpu_share_used_by_other_processes"] = share
    report = markdown + "\n\n" + summary + "\n\n" + profile_text(profiles, titles, options, share) + "\n"
    print(report)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    (args.output_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.output_dir / "results.md").write_text(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
