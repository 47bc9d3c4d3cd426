"""Train the MNIST network of chapter 2.1 with Keras (TensorFlow backend) and from scratch in NumPy.

Both trainers run in this one process, interleaved (Keras seed 0, NumPy seed 0, Keras seed 1, ...),
5 epochs of batch 128 on the full training set. The script prints a Markdown table and writes
``benchmarks/results.json`` and ``benchmarks/results.md`` (the table the book includes).

    make bench                        # one seed
    make bench BENCH_ARGS="--seeds 5" # test accuracy as the median over 5 seeds
    .venv/bin/python benchmarks/bench_training.py --profile   # where a NumPy training step spends its time
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
SIZES = (28 * 28, 512, 10)


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


def _status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (Linux >= 4.0) so the next reading covers one trainer only."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def peak_rss_mb() -> float:
    """Peak resident memory of this process since the last reset, in MB."""
    peak = _status_mb("VmHWM")
    if peak is None:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak


def cpu_ticks() -> tuple[int, int, int]:
    """(busy ticks of all CPUs, all ticks, ticks used by this process) so far, from /proc (Linux)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        own = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0, 0, 0
    idle = fields[3] + fields[4]
    return sum(fields[:8]) - idle, sum(fields[:8]), int(own[11]) + int(own[12])


def others_cpu_share(start: tuple[int, int, int], end: tuple[int, int, int]) -> float | None:
    """Fraction of all CPU time between two ``cpu_ticks()`` readings used by *other* processes."""
    busy, total, own = (b - a for a, b in zip(start, end, strict=True))
    return round(max(busy - own, 0) / total, 3) if total else None


def machine_description() -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import keras
    import tensorflow as tf

    return {
        "cpu": cpu,
        "logical_cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "load_average_1min_before": round(os.getloadavg()[0], 2),
    }


def load_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from dlmath import load_mnist

    (train_images, train_labels), (test_images, test_labels) = load_mnist()
    x_train = train_images.reshape(len(train_images), -1).astype(np.float32) / 255
    x_test = test_images.reshape(len(test_images), -1).astype(np.float32) / 255
    return x_train, train_labels.astype(np.int64), x_test, test_labels.astype(np.int64)


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
    return {"epoch_seconds": timer.seconds, "test_accuracy": accuracy}


def train_numpy(seed: int, data: tuple, epochs: int, batch_size: int) -> dict[str, object]:
    from dlmath.scratch import numpy as scratch_numpy

    x_train, y_train, x_test, y_test = data
    model = scratch_numpy.mnist_model(seed=seed, hidden=SIZES[1])
    history = scratch_numpy.fit(model, x_train, y_train, epochs, batch_size, seed=seed, log=None)
    accuracy = float((model.predict(x_test) == y_test).mean())
    return {"epoch_seconds": history["epoch_seconds"], "test_accuracy": accuracy}


TRAINERS = {
    "keras_tf": ("Keras 3, TensorFlow backend", train_keras),
    "numpy": ("NumPy from scratch", train_numpy),
}


def _rmsprop_with_temporaries() -> object:
    """The readable rule, :func:`dlmath.optimizers.rmsprop_step`: every operation makes a new array."""
    from dlmath.optimizers import rmsprop_step
    from dlmath.scratch import numpy as scratch_numpy

    class RMSpropWithTemporaries(scratch_numpy.RMSprop):
        def apply(self, weights: list, gradients: list) -> None:
            for w, g, v in zip(weights, gradients, self.velocities, strict=True):
                w[...], v[...] = rmsprop_step(w, g, v, self.learning_rate, self.rho, self.epsilon)

    return RMSpropWithTemporaries()


def profile_numpy_step(
    data: tuple, steps: int = 300, batch_size: int = 128, *, temporaries: bool = False
) -> dict[str, float]:
    """Milliseconds per training step spent in each part of the NumPy trainer's step.

    With ``temporaries``, the optimizer is the naive RMSprop that allocates a new array per operation.
    """
    from dlmath.scratch import numpy as scratch_numpy

    x_train, y_train, _, _ = data
    model = scratch_numpy.mnist_model(seed=0)
    optimizer = _rmsprop_with_temporaries() if temporaries else scratch_numpy.RMSprop()
    weights, gradients = [model.parameters], [model.parameter_gradients]  # as fit() does
    optimizer.build(weights)
    hidden_layer, output_layer = model.layers
    batches = scratch_numpy.BatchGenerator(x_train, y_train, batch_size, seed=0)
    parts = [
        "batch gather",
        "hidden layer forward",
        "output layer forward + loss + backward",
        "hidden layer backward",
    ]
    parts += ["RMSprop update"]
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


def table(results: dict, seeds: int) -> str:
    rows = [
        f"| trainer | epoch time, median (s) | test accuracy (median of {seeds} seed{'s' * (seeds > 1)}) "
        "| peak RSS (MB) | matmul GFLOP/s | share of matmul peak |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key, (title, _) in TRAINERS.items():
        r = results["trainers"][key]
        rows.append(
            f"| {title} | {r['epoch_seconds_median']:.3f} | {r['test_accuracy']:.4f} "
            f"| {r['peak_rss_mb']:.0f} | {r['gflops']:.1f} | {100 * r['peak_fraction']:.0f}% |"
        )
    return "\n".join(rows)


def profile_table(data: tuple, batch_size: int) -> str:
    """Markdown table: time per part of a NumPy training step, in-place RMSprop vs one with temporaries."""
    in_place = profile_numpy_step(data, batch_size=batch_size)
    naive = profile_numpy_step(data, batch_size=batch_size, temporaries=True)
    rows = [
        "| part of one NumPy training step | in-place RMSprop (ms) | share "
        "| RMSprop with temporaries (ms) | share |",
        "|---|---:|---:|---:|---:|",
    ]
    totals = sum(in_place.values()), sum(naive.values())
    for part in in_place:
        rows.append(
            f"| {part} | {in_place[part]:.3f} | {100 * in_place[part] / totals[0]:.0f}% "
            f"| {naive[part]:.3f} | {100 * naive[part] / totals[1]:.0f}% |"
        )
    rows.append(f"| whole step | {totals[0]:.3f} | 100% | {totals[1]:.3f} | 100% |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1, help="train each model with seeds 0..N-1 (default 1)")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--output-dir", type=Path, default=HERE)
    parser.add_argument("--profile", action="store_true", help="only profile one NumPy training step")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        parser.error("--seeds must be at least 1")

    data = load_data()
    if args.profile:
        print(profile_table(data, args.batch_size))
        return 0

    machine = machine_description()
    ticks = cpu_ticks()
    peak = matmul_peak_gflops()
    per_trainer: dict[str, dict[str, list]] = {
        key: {"epoch_seconds": [], "accuracy": [], "rss": []} for key in TRAINERS
    }
    for seed in range(args.seeds):
        for key, (title, train) in TRAINERS.items():
            reset_peak_rss()
            run = train(seed, data, args.epochs, args.batch_size)
            per_trainer[key]["rss"].append(peak_rss_mb())
            per_trainer[key]["epoch_seconds"].extend(run["epoch_seconds"])
            per_trainer[key]["accuracy"].append(run["test_accuracy"])
            print(
                f"seed {seed}, {title}: test accuracy {run['test_accuracy']:.4f}", file=sys.stderr, flush=True
            )
    peak = max(peak, matmul_peak_gflops())  # measured before and after: the better of the two
    machine["load_average_1min_after"] = round(os.getloadavg()[0], 2)
    machine["cpu_share_used_by_other_processes"] = others_cpu_share(ticks, cpu_ticks())

    flops = epoch_matmul_flops(len(data[0]))
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
    results = {
        "machine": machine,
        "matmul_peak_gflops": round(peak, 1),
        "trainers": trainers,
        "numpy_over_keras_epoch_ratio": round(
            trainers["numpy"]["epoch_seconds_median"] / trainers["keras_tf"]["epoch_seconds_median"], 3
        ),
    }
    markdown = table(results, args.seeds)
    summary = (
        f"NumPy epoch time / Keras epoch time: **{results['numpy_over_keras_epoch_ratio']:.2f}**. "
        f"{args.epochs} epochs of batch {args.batch_size} on {len(data[0]):,} images per run, "
        f"{flops / 1e9:.1f} GFLOP of matrix products per epoch; float32 matmul peak "
        f"{results['matmul_peak_gflops']:.0f} GFLOP/s (NumPy's BLAS, 2048 x 2048).\n\n"
        f"Machine: {machine['cpu']}, {machine['logical_cores']} logical cores, {machine['system']}; "
        f"Python {machine['python']}, NumPy {machine['numpy']}, TensorFlow {machine['tensorflow']}, "
        f"Keras {machine['keras']}; 1-minute load average {machine['load_average_1min_before']} before, "
        f"{machine['load_average_1min_after']} after; other processes used "
        f"{100 * (machine['cpu_share_used_by_other_processes'] or 0):.0f}% of the CPU time during the runs. "
        "Peak RSS is the whole process's (TensorFlow included), "
        "reset before each run."
    )
    profile = (
        "Where one NumPy training step (batch 128) spends its time, measured right after the runs above, "
        "with the in-place RMSprop of `dlmath.scratch.numpy` and with the same rule written with "
        "temporaries (`v = rho * v + (1 - rho) * g**2; w -= lr * g / np.sqrt(v + eps)`):\n\n"
        + profile_table(data, args.batch_size)
    )
    report = markdown + "\n\n" + summary + "\n\n" + profile + "\n"
    print(report)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    (args.output_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.output_dir / "results.md").write_text(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
