"""Where one NumPy training step spends its time, measured on the networks' own code.

The readable network (:mod:`dlmath.scratch.numpy`) and the fast variant
(:mod:`benchmarks.fast_numpy`) are run as they are, step after step on MNIST batches of 128; for
the time of the profile, their methods (a layer's forward and backward, the loss, the RMSprop
update) are wrapped in a timer that adds up what each call took. Nothing is copied or rewritten:
what is timed is the code that trains. "the rest" is the step's time that no wrapped method
accounts for (the softmax's gradient, the lists of weights, Python's own work); "getting the batch"
is the ``BatchGenerator``'s gather of 128 images.

    python -m benchmarks.profile_step readable   # prints one JSON line: milliseconds per part
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from typing import Any

import numpy as np

PARTS = [
    "getting the batch",
    "hidden layer forward",
    "output layer forward (softmax)",
    "loss",
    "output layer backward",
    "hidden layer backward",
    "RMSprop update",
    "the rest",
]


@contextmanager
def timing(owner: Any, name: str, totals: dict[str, float], part: Callable[[Any], str]) -> Iterator[None]:
    """Wrap ``owner.name`` so that each call's time is added to ``totals[part(first argument)]``."""
    original = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[part(args[0] if args else None)] += time.perf_counter() - start

    setattr(owner, name, timed)
    try:
        yield
    finally:
        setattr(owner, name, original)


def readable_step(totals: dict[str, float]) -> tuple[Callable, list]:
    """The readable network's training step, and the wrappers that profile it."""
    from dlmath.scratch import numpy as scratch

    model = scratch.mnist_model(seed=0)
    hidden = model.layers[0]

    def layer_part(forward: bool) -> Callable[[Any], str]:
        def part(layer: Any) -> str:
            if forward:
                return "hidden layer forward" if layer is hidden else "output layer forward (softmax)"
            return "hidden layer backward" if layer is hidden else "output layer backward"

        return part

    wrappers = [
        timing(scratch.NaiveDense, "__call__", totals, layer_part(forward=True)),
        timing(scratch.NaiveDense, "backward", totals, layer_part(forward=False)),
        timing(scratch, "cross_entropy", totals, lambda _: "loss"),
        timing(scratch.RMSprop, "apply", totals, lambda _: "RMSprop update"),
    ]
    return partial(scratch.train_step, model, scratch.RMSprop()), wrappers


def fast_step(totals: dict[str, float]) -> tuple[Callable, list]:
    """The fast variant's training step, and the wrappers that profile it."""
    from benchmarks.fast_numpy import FastNetwork, fast_mnist_network

    parts = {
        "hidden_forward": "hidden layer forward",
        "output_forward": "output layer forward (softmax)",
        "loss": "loss",
        "output_backward": "output layer backward",
        "hidden_backward": "hidden layer backward",
        "update": "RMSprop update",
    }
    wrappers = [timing(FastNetwork, name, totals, lambda _, p=part: p) for name, part in parts.items()]
    return fast_mnist_network(seed=0).train_step, wrappers


VARIANTS = {"readable": readable_step, "fast": fast_step}


def profile(variant: str, images: np.ndarray, labels: np.ndarray, steps: int = 300, warmup: int = 30) -> dict:
    """Milliseconds per step for each of :data:`PARTS`, and the whole step, over ``steps`` steps."""
    from dlmath.batches import BatchGenerator

    totals = dict.fromkeys(PARTS, 0.0)
    step, wrappers = VARIANTS[variant](totals)
    batches = BatchGenerator(images, labels, 128, seed=0)
    epoch = iter(batches)
    whole = 0.0
    with ExitStack() as stack:
        for wrapper in wrappers:
            stack.enter_context(wrapper)
        for index in range(warmup + steps):
            if index == warmup:  # the wrappers add to this very dict: reset it in place
                totals.update(dict.fromkeys(PARTS, 0.0))
                whole = 0.0
            start = time.perf_counter()
            try:
                x, y = next(epoch)
            except StopIteration:
                epoch = iter(batches)
                x, y = next(epoch)
            gathered = time.perf_counter()
            totals["getting the batch"] += gathered - start
            step(x, y)
            whole += time.perf_counter() - start
    totals["the rest"] = whole - sum(v for k, v in totals.items() if k != "the rest")
    result = {part: 1000 * seconds / steps for part, seconds in totals.items()}
    result["whole step"] = 1000 * whole / steps
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="profile one NumPy training step, printed as JSON")
    parser.add_argument("variant", choices=list(VARIANTS))
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args(argv)
    from benchmarks.trainers import load_data

    x_train, y_train, _, _ = load_data()
    print(json.dumps(profile(args.variant, x_train, y_train, args.steps)))


if __name__ == "__main__":
    main()
