"""Tests of dlmath.figures.descent."""

from __future__ import annotations

import warnings

import pytest

from dlmath.figures.descent import plot_descent_on_curve


@pytest.mark.parametrize(
    ("learning_rate", "momentum", "verdict"),
    [
        (0.01, 0.0, "stuck in the local minimum"),
        (0.01, 0.9, "the global minimum"),
        (0.002, 0.0, "still moving"),
        (0.2, 0.0, "diverged"),
    ],
)
def test_plot_descent_on_curve_titles_say_what_happened(learning_rate, momentum, verdict):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a diverging run must not print overflow warnings
        ax = plot_descent_on_curve(learning_rate, momentum)
    assert verdict in ax.get_title()
    assert f"lr = {learning_rate:g}, momentum = {momentum:g}" in ax.get_title()
    assert len(ax.lines) == 3


def test_plot_descent_on_curve_draws_into_a_given_axes():
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2)
    assert plot_descent_on_curve(0.01, 0.5, ax=axes[1], steps=5) is axes[1]
    assert len(axes[0].lines) == 0 and len(plt.get_fignums()) == 1
