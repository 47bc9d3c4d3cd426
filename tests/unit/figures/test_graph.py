"""Tests of dlmath.figures.graph."""

from __future__ import annotations

import numpy as np

from dlmath import autodiff as ad
from dlmath.autodiff import Tensor
from dlmath.figures.graph import plot_graph


def test_graph_nodes_and_plot_graph():
    x, w, b = (
        Tensor(np.ones((1, 2)), name="x"),
        Tensor(np.ones((2, 3)), name="w"),
        Tensor(np.zeros(3), name="b"),
    )
    loss = ad.mean(ad.relu(x @ w + b))
    nodes = ad.graph_nodes(loss)
    assert nodes[-1] is loss and len(nodes) == 7
    assert nodes.index(x) < nodes.index(nodes[-2])
    ax = plot_graph(loss)
    labels = [t.get_text() for t in ax.texts if t.get_text()]  # arrows are empty annotations
    assert len(labels) == 7 and {"x\n(1, 2)", "mean\n()"} <= set(labels)
    assert len(ax.texts) == 7 + 6  # one arrow per edge
    assert "Tensor 'x'(op=leaf, shape=(1, 2))" == repr(x)
