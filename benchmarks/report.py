"""The benchmark's report: medians and ratios from the runs, and the Markdown tables.

:func:`summarize` turns the raw runs into ``results.json``'s numbers; :func:`markdown` writes
``results.md``. The part above its first ``##`` heading (the trainers' table and one paragraph)
is what section 2.5 shows; the rest is the detail (profile, update variants, memory, targets).
"""

from __future__ import annotations

import statistics

from benchmarks.machine import epoch_matmul_flops
from benchmarks.profile_step import PARTS
from benchmarks.trainers import TRAINERS

# The targets: (trainer, reference, largest ratio of epoch times)
TARGETS = [("fast_numpy", "keras_jax", 1.0), ("numpy", "keras_tf", 0.5), ("numpy", "keras_jax", 1.15)]


def paired_ratios(runs: list[dict], references: list[dict]) -> list[float]:
    """Round by round, a run's epoch time over the reference run's: same seed, same epoch.

    The runs of a seed take turns epoch by epoch, so both epochs of a round met the same
    machine. A run's first epoch is left out when it has more (Keras compiles its step then).

    >>> paired_ratios([{"seed": 0, "epoch_seconds": [9.0, 2.0, 3.0]}],
    ...               [{"seed": 0, "epoch_seconds": [1.0, 1.0, 2.0]}])
    [2.0, 1.5]
    """
    reference = {r["seed"]: r["epoch_seconds"] for r in references}
    ratios: list[float] = []
    for run in runs:
        pairs = list(zip(run["epoch_seconds"], reference.get(run["seed"], []), strict=False))
        ratios += [a / b for a, b in (pairs[1:] if len(pairs) > 1 else pairs)]
    return ratios


def quartiles(values: list[float]) -> list[float]:
    """The first and third quartiles: the middle half of ``values`` lies between them."""
    if len(values) < 2:
        return [round(values[0], 3)] * 2 if values else []
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return [round(q1, 3), round(q3, 3)]


def summarize(runs: dict[str, list[dict]], machine: dict, samples: int = 60_000) -> dict:
    """``results.json``: per trainer the median over seeds of each run's median epoch time, etc.

    The ratios of epoch times are the medians of :func:`paired_ratios` (with their quartiles).

    ``runs``: trainer -> its runs' results (one per seed); ``machine``: what
    :mod:`benchmarks.machine` measured, with ``blas_peak_gflops`` and
    ``matrix_products_alone_seconds``.
    """
    flops = epoch_matmul_flops(samples)
    peak = machine["blas_peak_gflops"]
    trainers = {}
    for key, results in runs.items():
        seconds = statistics.median(statistics.median(r["epoch_seconds"]) for r in results)
        trainers[key] = {
            "epoch_seconds_median": round(seconds, 4),
            "test_accuracy_median": round(statistics.median(r["test_accuracy"] for r in results), 4),
            "effective_gflops": round(flops / seconds / 1e9, 1),
            "share_of_blas_peak": round(flops / seconds / 1e9 / peak, 3),
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in results), 1),
            "seeds": len(results),
            "runs": results,
        }
    floor = machine["matrix_products_alone_seconds"]
    rounds = {
        f"{a}_over_{b}": paired_ratios(runs[a], runs[b])
        for a in trainers
        for b in ("keras_tf", "keras_jax", "fast_numpy")
        if a != b and b in trainers
    }
    ratios = {name: round(statistics.median(values), 3) for name, values in rounds.items() if values}
    spread = {name: quartiles(values) for name, values in rounds.items() if values}
    targets = [
        {"trainer": a, "reference": b, "target": limit, "ratio": ratios[f"{a}_over_{b}"]}
        | {"middle_half": spread[f"{a}_over_{b}"], "met": ratios[f"{a}_over_{b}"] <= limit}
        for a, b, limit in TARGETS
        if f"{a}_over_{b}" in ratios
    ]
    return {
        "machine": machine["machine"],
        "epoch_matmul_gflop": round(flops / 1e9, 2),
        "blas_peak_gflops": round(peak, 1),
        "matrix_products_alone": {
            "epoch_seconds": round(floor, 4),
            "effective_gflops": round(flops / floor / 1e9, 1),
            "share_of_blas_peak": round(flops / floor / 1e9 / peak, 3),
        },
        "trainers": trainers,
        "epoch_time_ratios": ratios,
        "epoch_time_ratio_quartiles": spread,
        "targets": targets,
    }


def trainers_table(results: dict) -> str:
    trainers, jax = results["trainers"], results["trainers"].get("keras_jax")
    seeds = max(t["seeds"] for t in trainers.values())
    rows = [
        "| trainer | epoch time (s) | relative to Keras on JAX | effective GFLOP/s "
        f"| test accuracy (median of {seeds} seed{'s' * (seeds > 1)}) |",
        "|---|---:|---:|---:|---:|",
    ]

    def relative(seconds: float) -> str:
        return f"{seconds / jax['epoch_seconds_median']:.2f}x" if jax else "-"

    def paired(key: str) -> str:
        ratio = 1.0 if key == "keras_jax" else results["epoch_time_ratios"].get(f"{key}_over_keras_jax")
        return f"{ratio:.2f}x" if ratio is not None else "-"

    for key, (title, _) in TRAINERS.items():
        if key in trainers:
            t = trainers[key]
            rows.append(
                f"| {title} | {t['epoch_seconds_median']:.3f} | {paired(key)} "
                f"| {t['effective_gflops']:.0f} | {t['test_accuracy_median']:.4f} |"
            )
    floor = results["matrix_products_alone"]
    rows.append(
        f"| NumPy's matrix products alone (the floor) | {floor['epoch_seconds']:.3f} "
        f"| {relative(floor['epoch_seconds'])} | {floor['effective_gflops']:.0f} | - |"
    )
    return "\n".join(rows)


def summary(results: dict, epochs: int, batch_size: int) -> str:
    m = results["machine"]
    versions = ", ".join(f"{name} {v}" for name, v in m["versions"].items() if name != "threadpoolctl")
    kernels = (
        f"OpenBLAS with its {m['openblas_kernels']} kernels" if m.get("openblas_kernels") else "its BLAS"
    )
    return (
        "Epoch time: the median over seeds of each run's median epoch "
        f"({epochs} epoch{'s' * (epochs > 1)} of batch {batch_size}, "
        "each run in its own process, the four runs of a seed taking turns epoch by epoch). "
        "Relative to Keras on JAX: the median, over the rounds (after each run's first epoch, "
        "when it has more), of the trainer's epoch time over Keras-on-JAX's in the same round, "
        "so it can differ from the ratio of the two epoch times; for the last row, the floor "
        "over Keras-on-JAX's epoch time. "
        f"Effective GFLOP/s: the {results['epoch_matmul_gflop']:.1f} GFLOP of matrix products in an epoch "
        "divided by the epoch time. BLAS peak, measured in the same run: "
        f"{results['blas_peak_gflops']:.0f} GFLOP/s (NumPy's BLAS on one 2048 x 2048 float32 product). "
        f"NumPy ran {kernels}. Machine: {m['cpu']}, {m['logical_cores']} logical cores, {m['system']}; "
        f"Python {m['python']}, {versions}."
    )


def profile_table(profiles: dict[str, dict[str, float]]) -> str:
    keys = list(profiles)
    rows = [
        "| part of one training step (batch 128) | " + " | ".join(f"{k}: ms (share)" for k in keys) + " |",
        "|---|" + "---:|" * len(keys),
    ]
    for part in [*PARTS, "whole step"]:
        cells = []
        for k in keys:
            ms, whole = profiles[k][part], profiles[k]["whole step"]
            cells.append(f"{ms:.3f} ({100 * ms / whole:.0f}%)")
        rows.append(f"| {part} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def variants_table(variants: dict[str, dict]) -> str:
    rows = [
        "| one RMSprop update of 407,050 float32 parameters | best (ms) | median (ms) |",
        "|---|---:|---:|",
    ]
    rows += [f"| {name} | {r['ms_best']:.3f} | {r['ms_median']:.3f} |" for name, r in variants.items()]
    return "\n".join(rows)


def targets_table(results: dict) -> str:
    rows = [
        "| epoch time of | over | target | measured | middle half of the rounds | met |",
        "|---|---|---:|---:|---:|---|",
    ]
    for t in results["targets"]:
        low, high = t["middle_half"]
        rows.append(
            f"| {TRAINERS[t['trainer']][0]} | {TRAINERS[t['reference']][0]} | <= {t['target']:.2f} "
            f"| {t['ratio']:.2f} | {low:.2f} - {high:.2f} | {'yes' if t['met'] else 'no'} |"
        )
    return "\n".join(rows)


def markdown(results: dict, epochs: int, batch_size: int) -> str:
    parts = [trainers_table(results), summary(results, epochs, batch_size), "## Detail"]
    memory = ", ".join(f"{TRAINERS[k][0]} {t['peak_rss_mb']:.0f} MB" for k, t in results["trainers"].items())
    parts.append(f"Peak memory of each run's whole process: {memory}.")
    waiting = [
        r.get("cpu_seconds_while_waiting", 0.0) for t in results["trainers"].values() for r in t["runs"]
    ]
    if waiting:
        parts.append(
            "CPU time a run's process used while it waited for its turn: at most "
            f"{max(waiting):.2f} s in a run (all its threads)."
        )
    share = results.get("others_cpu_share")
    if share is not None:
        parts.append(f"Other processes used {100 * share:.0f}% of the CPU time during the benchmark.")
    if results["targets"]:
        parts += [
            "Targets (medians of the ratios of epoch times in the same round, and the range of "
            "the middle half of those ratios):",
            targets_table(results),
        ]
    if "step_profile_ms" in results:
        parts += [
            "Where one step's time goes, each network's own methods timed as they run (`profile_step.py`):",
            profile_table(results["step_profile_ms"]),
        ]
    if "update_variants_ms" in results:
        parts += [
            "The RMSprop update written several ways, each checked against `rmsprop_step` "
            "(`update_variants.py`; rounds interleaved, the median shows the noise):",
            variants_table(results["update_variants_ms"]),
        ]
    return "\n\n".join(parts) + "\n"
