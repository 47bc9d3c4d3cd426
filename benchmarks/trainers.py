"""The four trainers the benchmark compares, one training run per process.

- ``keras_tf``: Keras 3 on TensorFlow, the code of section 2.1;
- ``keras_jax``: the same Keras code on JAX (where JAX is installed: the ``bench`` extra);
- ``numpy``: the readable NumPy network that section 2.5 prints (:mod:`dlmath.scratch.numpy`);
- ``fast_numpy``: the same arithmetic tuned for speed (:mod:`benchmarks.fast_numpy`).

Each run trains chapter 2.1's network (784 -> 512 relu -> 10 softmax, RMSprop, batch 128) on
the 60,000 MNIST training images and reports its epoch times, its test accuracy, its peak
memory and, for the NumPy ones, the BLAS that ran (threadpoolctl).

    python -m benchmarks.trainers numpy --seed 0 --epochs 5   # prints one JSON line
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import time

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
    y_onehot = keras.utils.to_categorical(y_train, 10)
    model.fit(x_train, y_onehot, epochs=epochs, batch_size=batch_size, verbose=0, callbacks=[timer])
    predicted = model.predict(x_test, verbose=0, batch_size=1024).argmax(axis=1)
    return {
        "epoch_seconds": timer.seconds,
        "test_accuracy": float((predicted == y_test).mean()),
        "backend": keras.backend.backend(),
    }


def train_numpy(seed: int, data: tuple, epochs: int, batch_size: int) -> dict[str, object]:
    from dlmath.scratch import numpy as scratch_numpy

    x_train, y_train, x_test, y_test = data
    model = scratch_numpy.mnist_model(seed=seed, hidden=SIZES[1])
    history = scratch_numpy.fit(model, x_train, y_train, epochs, batch_size, seed=seed, log=None)
    accuracy = float((model.predict(x_test) == y_test).mean())
    return {"epoch_seconds": history["epoch_seconds"], "test_accuracy": accuracy}


def train_fast_numpy(seed: int, data: tuple, epochs: int, batch_size: int) -> dict[str, object]:
    from benchmarks.fast_numpy import fast_mnist_network, fit_fast

    x_train, y_train, x_test, y_test = data
    network = fast_mnist_network(seed=seed, hidden=SIZES[1])
    history = fit_fast(network, x_train, y_train, epochs, batch_size, seed=seed)
    accuracy = float((network.predict(x_test) == y_test).mean())
    return {"epoch_seconds": history["epoch_seconds"], "test_accuracy": accuracy}


def run(key: str, seed: int, epochs: int, batch_size: int) -> dict[str, object]:
    """Train one model in this process; the result holds its peak memory and BLAS."""
    train = {"numpy": train_numpy, "fast_numpy": train_fast_numpy}.get(key, train_keras)
    result = train(seed, load_data(), epochs, batch_size)
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
    args = parser.parse_args(argv)
    backend = TRAINERS[args.trainer][1]
    if backend is not None:
        os.environ["KERAS_BACKEND"] = backend  # Keras reads it when first imported
    print(json.dumps(run(args.trainer, args.seed, args.epochs, args.batch_size)))


if __name__ == "__main__":
    main()
