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


def test_profile_covers_every_part_of_a_step() -> None:
    rng = np.random.default_rng(0)
    data = (rng.random((300, 784), dtype=np.float32), rng.integers(0, 10, 300), None, None)
    markdown, profiles = bench.profile_table(data, batch_size=128, cores=2, steps=3)
    assert list(profiles) == list(bench.profile_columns(2))
    assert all(len(p) == 5 and all(ms >= 0 for ms in p.values()) for p in profiles.values())
    assert markdown.count("\n") == 1 + 5 + 1 and "RMSprop update" in markdown


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
    return results | {"numpy_rmsprop_threads": 2} | bench.ratios(trainers)


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
    assert "**0.40**" in text and "Keras-on-JAX epoch time: **0.80**" in text and "2 threads" in text
    assert "JAX" not in bench.summary_text(_results(["numpy", "keras_tf"]), args, 60_000)


def test_available_trainers_always_include_numpy_and_keras_on_tensorflow() -> None:
    keys = bench.available_trainers()
    assert keys[0] == "keras_tf" and "numpy" in keys
    assert set(keys) <= set(bench.TRAINERS)


def test_epoch_flops_match_exercise_2_5_4() -> None:
    assert bench.epoch_matmul_flops() == 60_000 * 2 * (2 * 784 * 512 + 3 * 512 * 10)
