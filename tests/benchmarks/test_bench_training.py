"""The training benchmark's pieces that do not train: environment, yardsticks, profile, variants, report."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from benchmarks import bench_training, machine, profile_step, report, trainers, update_variants


def test_children_run_without_the_openblas_pins_and_the_parent_keeps_them(monkeypatch) -> None:
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    monkeypatch.setenv("OPENBLAS_L2_SIZE", "1048576")
    env = bench_training.child_environment()
    assert "OPENBLAS_CORETYPE" not in env and "OPENBLAS_L2_SIZE" not in env
    assert str(bench_training.ROOT) in env["PYTHONPATH"].split(os.pathsep)
    assert os.environ["OPENBLAS_CORETYPE"] == "Haswell"  # this process's own environment is untouched


def test_a_child_sees_no_pin_and_reports_the_kernels_openblas_chose(monkeypatch) -> None:
    pytest.importorskip("threadpoolctl")  # the bench extra's
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    code = "import json, os, benchmarks.machine as m; "
    code += "print(json.dumps([os.getenv('OPENBLAS_CORETYPE'), m.blas_info()]))"
    env = bench_training.child_environment()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    pinned, blas = json.loads(done.stdout)
    assert pinned is None and blas and all("architecture" in info for info in blas)


def test_epoch_flops_match_exercise_2_5_4() -> None:
    assert machine.epoch_matmul_flops() == 60_000 * 2 * (2 * 784 * 512 + 3 * 512 * 10)


def test_matrix_products_alone_are_the_five_of_a_step_times_the_steps_of_an_epoch(monkeypatch) -> None:
    shapes: list[tuple] = []
    real_matmul = np.matmul

    def matmul(a, b, out):
        shapes.append((a.shape, b.shape))
        return real_matmul(a, b, out=out)

    clock = iter(range(1000))  # each reading one second later: every 100-step run takes 1 s
    monkeypatch.setattr(machine.np, "matmul", matmul)
    monkeypatch.setattr(machine.time, "perf_counter", lambda: float(next(clock)))
    seconds = machine.matrix_products_alone_seconds(batch_size=32, samples=330, sizes=(64, 16, 10), repeats=2)
    assert seconds == pytest.approx(0.01 * 330 / 32)
    assert len(shapes) == 5 * (20 + 2 * 100)
    assert set(shapes[:5]) == {
        ((32, 64), (64, 16)),
        ((32, 16), (16, 10)),
        ((16, 32), (32, 10)),
        ((32, 10), (10, 16)),
        ((64, 32), (32, 16)),
    }


def test_blas_peak_is_a_rate_in_gflops() -> None:
    assert 0.1 < machine.blas_peak_gflops(size=256, repeats=2) < 1e5


def test_blas_info_names_the_library_and_its_kernels() -> None:
    pytest.importorskip("threadpoolctl")  # the bench extra's
    infos = machine.blas_info()
    assert infos and all(info["internal_api"] and "architecture" in info for info in infos)


def test_the_four_trainers_are_named_and_the_numpy_ones_always_available() -> None:
    assert list(trainers.TRAINERS) == ["keras_tf", "keras_jax", "numpy", "fast_numpy"]
    keys = trainers.available()
    assert {"keras_tf", "numpy", "fast_numpy"} <= set(keys)


@pytest.mark.parametrize("variant", ["readable", "fast"])
def test_the_profile_times_the_network_s_own_methods(variant: str) -> None:
    rng = np.random.default_rng(0)
    images, labels = rng.random((300, 784), dtype=np.float32), rng.integers(0, 10, 300)
    profile = profile_step.profile(variant, images, labels, steps=5, warmup=2)
    assert list(profile) == [*profile_step.PARTS, "whole step"]
    timed = [part for part in profile_step.PARTS if part not in ("the rest", "getting the batch")]
    assert all(profile[part] > 0 for part in timed)  # every wrapped method was called
    assert sum(profile[part] for part in profile_step.PARTS) == pytest.approx(profile["whole step"])
    from dlmath.scratch import numpy as scratch

    assert scratch.NaiveDense.__call__.__name__ == "__call__"  # the wrappers are gone afterwards
    assert scratch.cross_entropy.__name__ == "cross_entropy"


def test_every_update_variant_computes_rmsprop_step() -> None:
    rng = np.random.default_rng(1)
    size = 407_050
    w0 = (0.05 * rng.standard_normal(size)).astype(np.float32)
    s0 = (1e-4 * rng.random(size)).astype(np.float32)
    g = (0.01 * rng.standard_normal(size)).astype(np.float32)
    options = update_variants.variants(cores=2)
    assert any(name.startswith("readable") for name in options) and any("threads" in name for name in options)
    update_variants.check(options, w0, s0, g)  # raises if one does not
    wrong = {"wrong": lambda w, s: (lambda g: None, lambda: (w, s))}
    with pytest.raises(AssertionError, match="wrong does not compute rmsprop_step"):
        update_variants.check(wrong, w0, s0, g)


def _runs(seconds: dict[str, float]) -> dict[str, list[dict]]:
    # the same machine slowdowns for every trainer: round 2 of seed 1 and round 1 of seed 2
    return {
        key: [
            {"seed": 0, "epoch_seconds": [5.0, s, s], "test_accuracy": 0.98, "peak_rss_mb": 500.0},
            {"seed": 1, "epoch_seconds": [s, s * 1.1, s], "test_accuracy": 0.979, "peak_rss_mb": 510.0},
            {"seed": 2, "epoch_seconds": [s * 2, s, s], "test_accuracy": 0.981, "peak_rss_mb": 505.0},
        ]
        for key, s in seconds.items()
    }


MACHINE = {
    "machine": {"cpu": "AMD EPYC", "logical_cores": 2, "system": "Linux x86_64", "python": "3.11.7"}
    | {"versions": {"numpy": "2.4.6", "threadpoolctl": "3.6.0"}, "openblas_kernels": "SkylakeX"},
    "blas_peak_gflops": 300.0,
    "matrix_products_alone_seconds": 0.35,
}


def test_summary_takes_medians_and_checks_the_targets() -> None:
    results = report.summarize(
        _runs({"keras_tf": 1.2, "keras_jax": 0.5, "numpy": 0.55, "fast_numpy": 0.45}), MACHINE
    )
    numpy = results["trainers"]["numpy"]
    assert numpy["epoch_seconds_median"] == 0.55 and numpy["test_accuracy_median"] == 0.98
    assert numpy["effective_gflops"] == pytest.approx(98.2 / 0.55, abs=0.1)
    assert numpy["share_of_blas_peak"] == pytest.approx(98.2 / 0.55 / 300, abs=0.001)
    assert results["epoch_time_ratios"]["numpy_over_keras_jax"] == 1.1
    met = {(t["trainer"], t["reference"]): t["met"] for t in results["targets"]}
    assert met == {
        ("fast_numpy", "keras_jax"): True,
        ("numpy", "keras_tf"): True,
        ("numpy", "keras_jax"): True,
    }
    slow = report.summarize(
        _runs({"keras_tf": 1.0, "keras_jax": 0.5, "numpy": 0.7, "fast_numpy": 0.6}), MACHINE
    )
    assert not any(t["met"] for t in slow["targets"])


def test_ratios_pair_the_epochs_of_a_round_so_a_slow_moment_hits_both() -> None:
    fast = [{"seed": 0, "epoch_seconds": [9.0, 1.0, 2.0, 1.0]}, {"seed": 1, "epoch_seconds": [1.0, 3.0]}]
    slow = [{"seed": 1, "epoch_seconds": [4.0, 6.0]}, {"seed": 0, "epoch_seconds": [1.0, 2.0, 4.0, 2.0]}]
    # seed 0's third round was twice as slow for both: the ratio stays 2; first epochs left out
    assert report.paired_ratios(slow, fast) == [2.0, 2.0, 2.0, 2.0]
    assert report.paired_ratios(
        [{"seed": 0, "epoch_seconds": [3.0]}], [{"seed": 0, "epoch_seconds": [2.0]}]
    ) == [1.5]
    assert report.paired_ratios(slow, [{"seed": 5, "epoch_seconds": [1.0, 1.0]}]) == []
    assert report.quartiles([1.0, 2.0, 3.0, 4.0, 5.0]) == [2.0, 4.0]


def test_a_slow_round_moves_the_medians_of_times_but_not_the_paired_ratio() -> None:
    runs = {
        "keras_jax": [
            {"seed": 0, "epoch_seconds": [3.0, 1.0, 2.0, 2.0], "test_accuracy": 0.98, "peak_rss_mb": 1.0}
        ],
        "numpy": [
            {"seed": 0, "epoch_seconds": [1.1, 2.2, 1.1, 2.2], "test_accuracy": 0.98, "peak_rss_mb": 1.0}
        ],
    }
    # rounds 3 and 4 were slow for JAX, rounds 2 and 4 for NumPy: its times over JAX's are 2.2, 0.55, 1.1
    results = report.summarize(runs, MACHINE)
    assert results["epoch_time_ratios"]["numpy_over_keras_jax"] == 1.1
    assert results["epoch_time_ratio_quartiles"]["numpy_over_keras_jax"] == [0.825, 1.65]
    target = next(t for t in results["targets"] if t["reference"] == "keras_jax")
    assert target["ratio"] == 1.1 and target["middle_half"] == [0.825, 1.65] and target["met"]


def test_the_report_shows_the_table_first_and_the_detail_after() -> None:
    results = report.summarize(
        _runs({"keras_tf": 1.2, "keras_jax": 0.5, "numpy": 0.55, "fast_numpy": 0.45}), MACHINE
    )
    profile = dict.fromkeys(profile_step.PARTS, 0.1) | {"whole step": 0.8}
    results["step_profile_ms"] = {"readable": profile, "fast variant": profile}
    results["update_variants_ms"] = {"in place": {"ms_best": 0.3, "ms_median": 0.31}}
    text = report.markdown(results, epochs=5, batch_size=128)
    shown, detail = text.split("## Detail")
    lines = shown.splitlines()
    assert "median of 3 seeds" in lines[0] and "effective GFLOP/s" in lines[0]
    titles = [line.split(" | ")[0] for line in lines[2:7]]
    assert titles == [
        "| Keras 3, TensorFlow backend",
        "| Keras 3, JAX backend",
        "| NumPy, readable (as 2.5 prints it)",
        "| NumPy, fast variant",
        "| NumPy's matrix products alone (the floor)",
    ]
    assert "| 0.550 | 1.10x | 178 | 0.9800 |" in lines[4]  # 98.2 GFLOP / 0.55 s
    assert "BLAS peak, measured in the same run: 300 GFLOP/s" in shown and "SkylakeX" in shown
    assert "OPENBLAS" not in text  # the chapter shows this text: no environment variables in it
    assert "taking turns epoch by epoch" in shown and "in the same round" in shown
    assert "| <= 1.15 | 1.10 | 1.10 - 1.10 | yes |" in detail
    assert (
        "| whole step | 0.800 (100%) | 0.800 (100%) |" in detail and "| in place | 0.300 | 0.310 |" in detail
    )


class FakeTime:
    """A clock that moves only when told: ``perf_counter`` in seconds, ``process_time`` too."""

    def __init__(self) -> None:
        self.now, self.cpu = 0.0, 0.0

    def perf_counter(self) -> float:
        return self.now

    def process_time(self) -> float:
        return self.cpu


def test_a_paced_clock_times_the_epochs_and_not_the_waits(monkeypatch) -> None:
    import io

    clock_time = FakeTime()
    monkeypatch.setattr(trainers, "time", clock_time)

    class SlowStdin(io.StringIO):
        def readline(self, *args: object) -> str:
            clock_time.now += 100.0  # waiting for the turn takes long
            clock_time.cpu += 0.25  # and some background thread works meanwhile
            return super().readline(*args)

    def two_batches():
        for batch in [(1, 2), (3, 4)]:
            clock_time.now += 1.0  # each step takes a second
            yield batch

    stdout = io.StringIO()
    clock = trainers.EpochClock(paced=True, stdin=SlowStdin("go\ngo\nstop\n"), stdout=stdout)
    epochs = [list(trainers.TimedBatches(two_batches(), clock)), list(trainers.TimedBatches([], clock))]
    assert epochs == [[(1, 2), (3, 4)], []]
    assert clock.seconds == [2.0, 0.0] and clock.cpu_seconds_while_waiting == 0.5
    assert stdout.getvalue().splitlines() == ["ready", "epoch 2.0", "ready", "epoch 0.0"]
    with pytest.raises(SystemExit, match="expected 'go'"):
        clock.wait_for_turn()
    said = stdout.getvalue()
    unpaced = trainers.EpochClock(stdin=io.StringIO(), stdout=stdout)
    assert list(trainers.TimedBatches(two_batches(), unpaced)) == [(1, 2), (3, 4)]
    assert unpaced.seconds == [2.0] and stdout.getvalue() == said  # it said nothing


FAKE_TRAINER = """
import json, pathlib, sys, time
for seconds in (0.25, 0.5):
    print("ready", flush=True)
    assert sys.stdin.readline() == "go\\n"
    print("some library's chatter")
    print(f"epoch {seconds}", flush=True)
    time.sleep(0.2)  # winding down the epoch: the next trainer must not start yet
    pathlib.Path(sys.argv[1], f"wound down {seconds}").touch()
print("ready", flush=True)
assert sys.stdin.readline() == "go\\n"
print(json.dumps({"test_accuracy": 0.98}))
"""


def test_a_paced_run_trains_an_epoch_per_go_and_returns_once_it_is_ready_again(tmp_path) -> None:
    run = bench_training.PacedRun([sys.executable, "-c", FAKE_TRAINER, str(tmp_path)])
    run.expect("ready")
    assert run.epoch() == 0.25 and (tmp_path / "wound down 0.25").exists()
    assert run.epoch() == 0.5 and (tmp_path / "wound down 0.5").exists()
    assert run.result() == {"test_accuracy": 0.98}


def test_a_paced_run_that_dies_says_so_with_its_error_output() -> None:
    run = bench_training.PacedRun([sys.executable, "-c", "import sys; sys.exit('no MNIST here')"])
    with pytest.raises(RuntimeError, match="before saying 'ready'(.|\\n)*no MNIST here"):
        run.expect("ready")


def test_a_paced_run_that_hangs_is_stopped_after_its_patience() -> None:
    run = bench_training.PacedRun([sys.executable, "-c", "import time; time.sleep(60)"], patience=0.5)
    with pytest.raises(RuntimeError, match="before saying 'ready' within 0.5 s"):
        run.expect("ready")
    assert run.process.poll() is not None


def _fake_runs(monkeypatch, said: list[tuple[str, str]], fail_at: str | None = None) -> list:
    """Replace PacedRun by runs that note what they are told; each holds a sleeping process."""
    processes = []

    class Run:
        def __init__(self, command: list[str]) -> None:
            self.key = command[3]
            self.process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # noqa: S603
            processes.append(self.process)

        def expect(self, word: str) -> str:
            said.append((self.key, word))
            return word

        def epoch(self) -> float:
            if self.key == fail_at:
                raise RuntimeError(f"{self.key} failed")
            said.append((self.key, "epoch"))
            return 1.0

        def result(self) -> dict:
            said.append((self.key, "test"))
            return {"epoch_seconds": [1.0]}

    monkeypatch.setattr(bench_training, "PacedRun", Run)
    return processes


def test_the_runs_of_a_seed_take_turns_in_a_new_order_each_round(monkeypatch) -> None:
    said: list[tuple[str, str]] = []
    processes = _fake_runs(monkeypatch, said)
    keys = ["a", "b", "c", "d"]
    results = bench_training.paced_runs(keys, seed=1, epochs=6, batch_size=128)
    assert said[:4] == [(key, "ready") for key in keys]  # all loaded before any epoch
    epochs = [key for key, word in said if word == "epoch"]
    rounds = [epochs[i : i + 4] for i in range(0, 24, 4)]
    assert all(sorted(order) == keys for order in rounds)  # each trainer once a round
    assert len({tuple(order) for order in rounds}) > 1  # not always the same order
    for key in keys:  # each result says where its epochs came in their round
        assert results[key]["turns"] == [order.index(key) for order in rounds]
    assert [word for _, word in said[-4:]] == ["test"] * 4 and results["c"]["seed"] == 1
    again = bench_training.paced_runs(keys, seed=1, epochs=6, batch_size=128)
    assert [again[key]["turns"] for key in keys] == [results[key]["turns"] for key in keys]  # seeded
    for process in processes:
        process.kill()
        process.wait()


def test_when_one_run_fails_every_process_of_the_seed_is_stopped(monkeypatch) -> None:
    processes = _fake_runs(monkeypatch, [], fail_at="b")
    with pytest.raises(RuntimeError, match="b failed"):
        bench_training.paced_runs(["a", "b", "c"], seed=0, epochs=2, batch_size=128)
    assert len(processes) == 3 and all(process.poll() is not None for process in processes)


def test_no_benchmark_file_is_longer_than_the_readme_says() -> None:
    import re

    folder = bench_training.HERE
    limit = int(re.search(r"No file is over (\d+) lines", (folder / "README.md").read_text())[1])
    lengths = {path.name: len(path.read_text().splitlines()) for path in folder.glob("*.py")}
    assert max(lengths.values()) <= limit, lengths


def test_the_report_s_examples_hold() -> None:
    import doctest

    assert doctest.testmod(report).failed == 0
