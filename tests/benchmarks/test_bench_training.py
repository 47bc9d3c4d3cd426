"""The training benchmark's pieces that do not train: the update options, the profile and the report."""

from __future__ import annotations

import argparse

import numpy as np
import pytest

from benchmarks import bench_training as bench
from dlmath.optimizers import rmsprop_step


@pytest.mark.parametrize("size", [40_000, 70_001])
def test_every_update_option_computes_rmsprop_step(size: int) -> None:
    rng = np.random.default_rng(0)
    w0 = (0.05 * rng.standard_normal(size)).astype(np.float32)
    v0 = (1e-4 * rng.random(size)).astype(np.float32)
    grads = (0.01 * rng.standard_normal((2, size))).astype(np.float32)
    expected_w, expected_v = w0.astype(np.float64), v0.astype(np.float64)
    for g in grads:
        expected_w, expected_v = rmsprop_step(expected_w, g.astype(np.float64), expected_v, 0.001, 0.9, 1e-7)
    options = bench.update_options(cores=2)
    assert any("rmsprop_step" in name for name in options) and any("2 threads" in name for name in options)
    assert any("network's RMSprop" in name for name in options)
    for name, start in options.items():
        w = w0.copy()
        update, mean_square = start(w, v0)
        for g in grads:
            update(g)
        np.testing.assert_allclose(w, expected_w, rtol=0, atol=1e-7, err_msg=name)
        np.testing.assert_allclose(mean_square(), expected_v, rtol=1e-6, err_msg=name)


def test_time_update_options_reports_every_option() -> None:
    timed = bench.time_update_options(cores=2, size=50_000, rounds=1, calls=1)
    assert set(timed) == set(bench.update_options(cores=2))
    assert all(r["ms_best"] > 0 and 0 <= r["others_cpu_share_median"] <= 1 for r in timed.values())


@pytest.mark.parametrize("kind", ["in place", "sliced", "readable"])
def test_profile_covers_every_part_of_a_step(kind: str) -> None:
    rng = np.random.default_rng(0)
    data = (rng.random((300, 784), dtype=np.float32), rng.integers(0, 10, 300), None, None)
    profile = bench.profile_numpy_step(data, bench.make_optimizer(kind, 2), steps=3)
    assert len(profile) == 5 and all(ms >= 0 for ms in profile.values())
    titles = bench.profile_titles(2)
    markdown = bench.profile_table({"now": profile, "readable": profile}, titles)
    assert markdown.count("\n") == 1 + 5 + 1 and "RMSprop update" in markdown
    assert f"in-place RMSprop, {bench.openblas_corename()} kernels: ms (share)" in markdown.splitlines()[0]
    assert markdown.splitlines()[-1].count("(100%)") == 2


def test_sliced_rmsprop_gives_the_same_bits_as_the_network_s() -> None:
    from dlmath.scratch.numpy import RMSprop, mnist_model

    model = mnist_model(seed=0, hidden=64)
    one, sliced = RMSprop(), bench.SlicedRMSprop(3)
    w_one, w_sliced = model.parameters.copy(), model.parameters.copy()
    one.build([w_one])
    sliced.build([w_sliced])
    for step in range(3):
        g = np.random.default_rng(step).standard_normal(w_one.shape).astype(np.float32)
        one.apply([w_one], [g])
        sliced.apply([w_sliced], [g])
    np.testing.assert_array_equal(w_sliced, w_one)
    np.testing.assert_array_equal(sliced.velocities[0], one.velocities[0])
    assert len(sliced.parts) == 3


def test_the_openblas_pin_is_kept_unless_asked_and_reported_either_way(monkeypatch) -> None:
    name = bench.openblas_corename()
    assert name is None or isinstance(name, str)
    # monkeypatch remembers each variable as it was before the test, and restores it afterwards
    monkeypatch.setenv(bench.PINNED, "")
    monkeypatch.delenv(bench.PINNED)
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    assert bench.pinned_coretype() == "Haswell"
    assert "OPENBLAS_CORETYPE" not in bench.blas_environment(None)
    assert bench.blas_environment("Zen")["OPENBLAS_CORETYPE"] == "Zen"
    restarts = []
    monkeypatch.setattr(bench.os, "execve", lambda *args: restarts.append(args))
    bench.drop_the_pin_and_restart(["--seeds", "1"])
    ((_, command, env),) = restarts
    assert (
        command[-2:] == ["--seeds", "1"] and "OPENBLAS_CORETYPE" not in env and env[bench.PINNED] == "Haswell"
    )
    monkeypatch.delenv("OPENBLAS_CORETYPE")
    bench.drop_the_pin_and_restart([])  # no pin: nothing to drop
    assert len(restarts) == 1 and bench.other_kernels() is None


def _results(keys: list[str]) -> dict:
    seconds = {"keras_tf": 2.0, "keras_jax": 1.0, "numpy": 0.8}
    trainers = {
        key: {
            "epoch_seconds_median": seconds[key],
            "test_accuracy": 0.98,
            "peak_rss_mb": 500.0,
            "gflops": 98.2 / seconds[key],
            "peak_fraction": 98.2 / seconds[key] / 300,
        }
        for key in keys
    }
    machine = {"cpu": "AMD EPYC", "logical_cores": 2, "system": "Linux x86_64", "python": "3.11.7"}
    machine |= {"numpy": "2.4.6", "load_average_1min_before": 0.1, "load_average_1min_after": 0.2}
    machine["cpu_share_used_by_other_processes"] = 0.01
    results = {"machine": machine, "matmul_peak_gflops": 300.0, "epoch_gflop": 98.2, "trainers": trainers}
    results["numpy_matmul_only_epoch_seconds"] = 0.35
    results["machine"] |= {"openblas_kernels": "Haswell", "openblas_kernels_of_its_own_choice": "SkylakeX"}
    results["machine"]["openblas_coretype_pinned_by_the_environment"] = "Haswell"
    return results | bench.ratios(trainers)


def test_the_table_shows_whatever_was_measured_in_a_fixed_order() -> None:
    both = bench.table(_results(["numpy", "keras_tf"]), seeds=5)
    assert "JAX" not in both and both.index("TensorFlow") < both.index("NumPy")
    three = bench.table(_results(["numpy", "keras_jax", "keras_tf"]), seeds=5)
    lines = three.splitlines()
    assert len(lines) == 5 and "median of 5 seeds" in lines[0]
    assert ["TensorFlow" in lines[2], "JAX" in lines[3], "NumPy" in lines[4]] == [True] * 3
    assert "| 0.800 | 0.9800 | 500 | 122.8 | 41% |" in lines[4]


def test_ratios_and_summary_name_both_keras_backends() -> None:
    results = _results(["numpy", "keras_jax", "keras_tf"])
    assert results["numpy_over_keras_epoch_ratio"] == 0.4
    assert results["numpy_over_keras_jax_epoch_ratio"] == 0.8
    args = argparse.Namespace(epochs=5, batch_size=128)
    text = bench.summary_text(results, args, 60_000)
    assert "**0.40**" in text and "Keras-on-JAX epoch time: **0.80**" in text
    assert "ran its Haswell kernels, as the environment's `OPENBLAS_CORETYPE=Haswell` says" in text
    assert "by itself it picks its SkylakeX kernels" in text
    assert "matrix products alone, the five of each step timed by themselves, take 0.350 s per epoch" in text
    assert "JAX" not in bench.summary_text(_results(["numpy", "keras_tf"]), args, 60_000)


def test_available_trainers_always_include_numpy_and_keras_on_tensorflow() -> None:
    keys = bench.available_trainers()
    assert keys[0] == "keras_tf" and "numpy" in keys
    assert set(keys) <= set(bench.TRAINERS)


def test_epoch_flops_match_exercise_2_5_4() -> None:
    assert bench.epoch_matmul_flops() == 60_000 * 2 * (2 * 784 * 512 + 3 * 512 * 10)


def test_matrix_products_alone_are_the_five_of_a_step_times_the_steps_of_an_epoch(monkeypatch) -> None:
    shapes: list[tuple] = []
    real_matmul = np.matmul

    def matmul(a, b, out):
        shapes.append((a.shape, b.shape))
        return real_matmul(a, b, out=out)

    clock = iter(range(1000))  # each reading one second later: every 100-step run takes 1 s
    monkeypatch.setattr(bench.np, "matmul", matmul)
    monkeypatch.setattr(bench.time, "perf_counter", lambda: float(next(clock)))
    seconds = bench.matmul_only_epoch_seconds(batch_size=32, samples=330, sizes=(64, 16, 10), repeats=2)
    assert seconds == pytest.approx(0.01 * 330 / 32)  # 1 s / 100 steps, times 330 / 32 steps' worth
    assert len(shapes) == 5 * (20 + 2 * 100)
    assert set(shapes[:5]) == {
        ((32, 64), (64, 16)),
        ((32, 16), (16, 10)),
        ((16, 32), (32, 10)),
        ((32, 10), (10, 16)),
        ((64, 32), (32, 16)),
    }
