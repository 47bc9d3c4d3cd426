"""Tests of dlmath.figures.layers."""

from __future__ import annotations

from dlmath.figures.layers import plot_layers
from dlmath.synthetic import make_moons
from dlmath.tiny_network import TinyNetwork


def test_plot_layers_draws_one_panel_per_representation():
    x, y = make_moons(20, seed=0)
    fig = plot_layers(TinyNetwork.random(3, seed=2), x, y)
    assert [ax.get_title() for ax in fig.axes] == ["input", "after layer 1", "after layer 2", "after layer 3"]
