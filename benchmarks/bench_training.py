"""Train chapter 2.1's network four ways and write ``benchmarks/results.json`` and ``results.md``.

The four trainers (:mod:`benchmarks.trainers`): Keras on TensorFlow, Keras on JAX, the readable
NumPy network that section 2.5 prints, and its fast variant. Each run (one trainer, one seed) is a
fresh Python process. For each seed the four processes start, load the data and build their
model; then they take turns epoch by epoch (a *round* is one epoch of each trainer, in an order
shuffled anew each round), so that a slow spell of the machine, which comes and goes over
seconds, falls on all four rather than on one trainer's runs. Around the runs, in processes of
their own: the machine and the two BLAS yardsticks (:mod:`benchmarks.machine`, before and after),
the profile of a step (:mod:`benchmarks.profile_step`) and the update variants
(:mod:`benchmarks.update_variants`). :mod:`benchmarks.report` writes the tables. See ``benchmarks/README.md``.

Every measuring process runs without ``OPENBLAS_CORETYPE`` and ``OPENBLAS_L2_SIZE``: OpenBLAS
picks its kernels for the processor it finds, as on a reader's machine. This script changes
only its children's environment.

    make bench                          # 5 seeds of 5 epochs; about 5 minutes on 2 cores
    make bench BENCH_ARGS="--seeds 1 --epochs 2"   # a quick check of the pipeline
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(ROOT))

from benchmarks import report  # noqa: E402
from benchmarks.machine import cpu_ticks  # noqa: E402
from benchmarks.trainers import TRAINERS, available  # noqa: E402

# Set by some machines to protect old OpenBLAS builds; a reader's machine does not set them.
DROPPED = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
# The longest a trainer may take to say its next word (loading, an epoch, its test) before
# it is stopped: a hung run must not hang `make bench`.
PATIENCE_SECONDS = 600.0


def child_environment() -> dict[str, str]:
    """This process's environment without :data:`DROPPED`, for the measuring processes."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def job(module: str, *args: str) -> dict:
    """Run ``python -m benchmarks.<module> args`` in a fresh process; return its JSON line."""
    command = [sys.executable, "-m", f"benchmarks.{module}", *args]
    env = child_environment()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[2:])} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class PacedRun:
    """One trainer's run in a process of its own, told when to train each epoch (``--paced``)."""

    def __init__(self, command: list[str], patience: float = PATIENCE_SECONDS) -> None:
        self.command, self.patience = command, patience
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(  # noqa: S603
            command,
            env=child_environment(),
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            bufsize=1,
        )

    def _fail(self, what: str) -> RuntimeError:
        self.process.kill()
        self.process.wait()
        self.stderr.seek(0)
        return RuntimeError(f"{' '.join(self.command[2:])}: {what}\n{self.stderr.read()[-3000:]}")

    def expect(self, word: str) -> str:
        """Read the run's output up to its next line starting with ``word``; return that line.

        A run that has not said it within ``patience`` seconds is stopped, and this raises.
        """
        assert self.process.stdout is not None
        watchdog = threading.Timer(self.patience, self.process.kill)
        watchdog.start()
        try:
            for line in self.process.stdout:
                if line.split(" ", 1)[0].strip() == word:
                    return line.strip()
        finally:
            watchdog.cancel()
        late = f" within {self.patience:g} s" if self.process.wait() < 0 else ""
        raise self._fail(f"ended ({self.process.returncode}) before saying {word!r}{late}")

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def epoch(self) -> float:
        """Let the run train one epoch (it said ``ready``); return that epoch's seconds."""
        self.go()
        seconds = float(self.expect("epoch").split()[1])
        self.expect("ready")  # at the next epoch's start, or before the test
        return seconds

    def result(self) -> dict:
        """Let the run test its model; return its JSON result."""
        self.go()
        assert self.process.stdout is not None
        lines = self.process.stdout.read().strip().splitlines()
        if self.process.wait() != 0 or not lines:
            raise self._fail(f"failed ({self.process.returncode})")
        self.stderr.close()
        return json.loads(lines[-1])


def paced_runs(keys: list[str], seed: int, epochs: int, batch_size: int) -> dict[str, dict]:
    """One run per trainer for ``seed``, taking turns epoch by epoch; each run's result by trainer.

    The runs start one after the other (loading the data is not timed, but it would slow the
    others down), then each round gives every trainer one epoch, in an order shuffled anew
    (seeded); the tests run one after the other at the end. Each result records, for each of its
    epochs, its place in the round (``turns``: 0 for first).
    """
    options = ["--seed", str(seed), "--epochs", str(epochs), "--batch-size", str(batch_size), "--paced"]
    rng = np.random.default_rng(seed)
    runs: dict[str, PacedRun] = {}
    turns: dict[str, list[int]] = {key: [] for key in keys}
    try:
        for key in keys:
            runs[key] = PacedRun([sys.executable, "-m", "benchmarks.trainers", key, *options])
            runs[key].expect("ready")
        for _ in range(epochs):
            for turn, index in enumerate(rng.permutation(len(keys))):
                turns[keys[index]].append(turn)
                runs[keys[index]].epoch()
        return {key: run.result() | {"seed": seed, "turns": turns[key]} for key, run in runs.items()}
    finally:
        for run in runs.values():
            if run.process.poll() is None:
                run.process.kill()
                run.process.wait()


def child_cpu_seconds() -> float:
    times = os.times()
    return times.children_user + times.children_system


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="train each model with seeds 0..N-1 (default 5)")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--trainers", nargs="+", choices=list(TRAINERS), help="default: every one installed")
    parser.add_argument("--output-dir", type=Path, default=HERE)
    parser.add_argument("--profile-steps", type=int, default=300)
    args = parser.parse_args(argv)
    if args.seeds < 1 or args.epochs < 1:
        parser.error("--seeds and --epochs must be at least 1")
    if importlib.util.find_spec("threadpoolctl") is None:
        parser.error("the benchmark records the BLAS with threadpoolctl: pip install -e '.[bench]'")
    keys = args.trainers or available()
    started, ticks, children = time.time(), cpu_ticks(), child_cpu_seconds()

    before = job("machine")
    runs: dict[str, list[dict]] = {key: [] for key in keys}
    for seed in range(args.seeds):
        for key, run in paced_runs(keys, seed, args.epochs, args.batch_size).items():
            runs[key].append(run)
            epochs = " ".join(f"{s:.3f}" for s in run["epoch_seconds"])
            print(f"seed {seed}, {TRAINERS[key][0]}: test accuracy {run['test_accuracy']:.4f}, "
                  f"epochs {epochs} s", file=sys.stderr, flush=True)  # fmt: skip
    after = job("machine")
    machine = before | {
        "blas_peak_gflops": max(before["blas_peak_gflops"], after["blas_peak_gflops"]),
        "matrix_products_alone_seconds": min(
            before["matrix_products_alone_seconds"], after["matrix_products_alone_seconds"]
        ),
    }
    results = report.summarize(runs, machine)
    if "numpy" in keys or "fast_numpy" in keys:
        steps = str(args.profile_steps)
        results["step_profile_ms"] = {
            title: job("profile_step", variant, "--steps", steps)
            for variant, title in (("readable", "readable"), ("fast", "fast variant"))
        }
        results["update_variants_ms"] = job("update_variants")["variants"]

    busy, total = (b - a for a, b in zip(ticks, cpu_ticks(), strict=True))
    ours = (child_cpu_seconds() - children) * os.sysconf("SC_CLK_TCK")
    results["others_cpu_share"] = round(max(busy - ours, 0) / total, 3) if total else None
    results["run"] = {
        "seeds": args.seeds,
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "minutes": round((time.time() - started) / 60, 1),
        "environment_variables_dropped": [name for name in DROPPED if name in os.environ],
    }
    text = report.markdown(results, args.epochs, args.batch_size)
    print(text)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    (args.output_dir / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.output_dir / "results.md").write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
