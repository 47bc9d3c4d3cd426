"""The four trainers the benchmark compares, one training run per process.

- ``keras_tf``: Keras 3 on TensorFlow, the code of section 2.1;
- ``keras_jax``: the same Keras code on JAX (where JAX is installed: the ``bench`` extra);
- ``numpy``: the readable NumPy network that section 2.5 prints (:mod:`dlmath.scratch.numpy`);
- ``fast_numpy``: the same formulas tuned for speed (:mod:`benchmarks.fast_numpy`).

Each run trains chapter 2.1's network (784 -> 512 relu -> 10 softmax, RMSprop, batch 128) on
the 60,000 MNIST training images and reports its epoch times, its test accuracy, its peak
memory and, for the NumPy ones, the BLAS that ran (threadpoolctl).

    python -m benchmarks.trainers numpy --seed 0 --epochs 5   # prints one JSON line

With ``--paced`` the run takes turns with others (:mod:`benchmarks.bench_training`): before each
epoch, and before the test, it prints ``ready`` and waits for a line ``go`` on its standard input;
after each epoch it prints ``epoch <seconds>``. Its result says how much CPU time the process
used while waiting (``cpu_seconds_while_waiting``, all its threads): work left running in the
background would slow the trainer whose turn it is.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from benchmarks.machine import SIZES, blas_info, peak_rss_mb  # noqa: E402

# key -> (title in the report, Keras backend or None)
TRAINERS = {
    "keras_tf": ("Keras 3, TensorFlow backend", "tensorflow"),
    "keras_jax": ("Keras 3, JAX backend", "jax"),
    "numpy": ("NumPy, readable (as 2.5 prints it)", None),
    "fast_numpy": ("NumPy, fast variant", None),
}


def available() -> list[str]:
    """The trainers this environment can run: Keras on JAX only where JAX is installed."""
    return [
        key for key, (_, backend) in TRAINERS.items() if backend != "jax" or importlib.util.find_spec("jax")
    ]


class EpochClock:
    """Times each epoch; when paced, waits for the word ``go`` before each one."""

    def __init__(
        self, paced: bool = False, stdin: TextIO | None = None, stdout: TextIO | None = None
    ) -> None:
        self.paced = paced
        self.stdin, self.stdout = stdin or sys.stdin, stdout or sys.stdout
        self.seconds: list[float] = []
        self.cpu_seconds_while_waiting = 0.0  # all threads: the others' turns must not pay for it
        self._start = 0.0

    def wait_for_turn(self) -> None:
        """Paced: say ``ready`` and block until the benchmark answers ``go``."""
        if not self.paced:
            return
        cpu = time.process_time()
        print("ready", file=self.stdout, flush=True)
        word = self.stdin.readline().strip()
        self.cpu_seconds_while_waiting += time.process_time() - cpu
        if word != "go":
            raise SystemExit(f"expected 'go' from the benchmark, got {word!r}: stopping")

    def start(self) -> None:
        self.wait_for_turn()
        self._start = time.perf_counter()

    def stop(self) -> None:
        seconds = time.perf_counter() - self._start
        self.seconds.append(seconds)
        if self.paced:
            print(f"epoch {seconds!r}", file=self.stdout, flush=True)


class TimedBatches:
    """The batches of each epoch, between the clock's start and stop (the NumPy trainers)."""

    def __init__(self, batches: Iterable[tuple[np.ndarray, np.ndarray]], clock: EpochClock) -> None:
        self.batches, self.clock = batches, clock

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        self.clock.start()
        yield from self.batches
        self.clock.stop()  # runs when the loop asks for a batch after the last step


def load_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from dlmath import load_mnist

    (train_images, train_labels), (test_images, test_labels) = load_mnist()
    x_train = train_images.reshape(len(train_images), -1).astype(np.float32) / 255
    x_test = test_images.reshape(len(test_images), -1).astype(np.float32) / 255
    return x_train, train_labels.astype(np.int64), x_test, test_labels.astype(np.int64)


def train_keras(seed: int, data: tuple, epochs: int, batch_size: int, clock: EpochClock) -> dict[str, object]:
    import keras

    x_train, y_train, x_test, y_test = data

    class EpochTimer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
            clock.start()

        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            clock.stop()

    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(SIZES[0],)),
            keras.layers.Dense(SIZES[1], activation="relu"),
            keras.layers.Dense(SIZES[2], activation="softmax"),
        ]
    )
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    y_onehot = keras.utils.to_categorical(y_train, 10)
    model.fit(x_train, y_onehot, epochs=epochs, batch_size=batch_size, verbose=0, callbacks=[EpochTimer()])
    clock.wait_for_turn()
    predicted = model.predict(x_test, verbose=0, batch_size=1024).argmax(axis=1)
    return {
        "epoch_seconds": clock.seconds,
        "test_accuracy": float((predicted == y_test).mean()),
        "backend": keras.backend.backend(),
    }


def _train_numpy_network(
    network: Any, step: Callable, seed: int, data: tuple, epochs: int, batch_size: int, clock: EpochClock
) -> dict[str, object]:
    """Train with ``step`` on ``fit``'s batches (same seed), then test ``network.predict``."""
    from dlmath.batches import BatchGenerator
    from dlmath.scratch.training import train

    x_train, y_train, x_test, y_test = data
    batches = BatchGenerator(x_train, y_train, batch_size, seed=seed)
    train(step, TimedBatches(batches, clock), epochs, log=None)
    clock.wait_for_turn()
    accuracy = float((network.predict(x_test) == y_test).mean())
    return {"epoch_seconds": clock.seconds, "test_accuracy": accuracy}


def train_numpy(seed: int, data: tuple, epochs: int, batch_size: int, clock: EpochClock) -> dict[str, object]:
    """The readable network, trained as its ``fit`` trains it (``fit`` less the checks of its input)."""
    from functools import partial

    from dlmath.scratch import numpy as scratch_numpy

    model = scratch_numpy.mnist_model(seed=seed, hidden=SIZES[1])
    step = partial(scratch_numpy.train_step, model, scratch_numpy.RMSprop())
    return _train_numpy_network(model, step, seed, data, epochs, batch_size, clock)


def train_fast_numpy(
    seed: int, data: tuple, epochs: int, batch_size: int, clock: EpochClock
) -> dict[str, object]:
    from benchmarks.fast_numpy import fast_mnist_network

    network = fast_mnist_network(seed=seed, hidden=SIZES[1])
    return _train_numpy_network(network, network.train_step, seed, data, epochs, batch_size, clock)


def run(
    key: str, seed: int, epochs: int, batch_size: int, clock: EpochClock | None = None
) -> dict[str, object]:
    """Train one model in this process; the result holds its peak memory and BLAS."""
    train = {"numpy": train_numpy, "fast_numpy": train_fast_numpy}.get(key, train_keras)
    data = load_data()
    clock = clock or EpochClock()
    result = train(seed, data, epochs, batch_size, clock)
    result["cpu_seconds_while_waiting"] = round(clock.cpu_seconds_while_waiting, 3)
    backend = TRAINERS[key][1]
    if backend is not None and result.get("backend") != backend:
        raise RuntimeError(f"{key} ran on Keras's {result.get('backend')!r} backend, not {backend!r}")
    result["peak_rss_mb"] = peak_rss_mb()
    if backend is None:
        result["blas"] = blas_info()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="one training run, printed as JSON")
    parser.add_argument("trainer", choices=list(TRAINERS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--paced", action="store_true", help="take turns: wait for 'go' before each epoch")
    args = parser.parse_args(argv)
    backend = TRAINERS[args.trainer][1]
    if backend is not None:
        os.environ["KERAS_BACKEND"] = backend  # Keras reads it when first imported
    result = run(args.trainer, args.seed, args.epochs, args.batch_size, EpochClock(args.paced))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
