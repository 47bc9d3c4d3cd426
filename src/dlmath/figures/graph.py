"""A computation graph drawn (section 2.4).

The nodes of a :mod:`dlmath.autodiff` graph, from the inputs to the loss.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt

from dlmath.autodiff import Tensor, graph_nodes

__all__ = ["plot_graph"]


def plot_graph(
    root: Tensor,
    *,
    label: Callable[[Tensor], str] | None = None,
    ax: object = None,
) -> object:
    """Draw the graph that computed ``root``: inputs left, ``root`` right.

    A node's column is its longest distance from ``root``; arrows point the
    way the forward pass goes (backward goes against them).
    ``label(tensor)`` gives a node's text, by default its name (or operation)
    and shape. Returns the matplotlib Axes.
    """
    nodes = graph_nodes(root)
    level: dict[int, int] = {id(root): 0}
    for node in reversed(nodes):  # consumers before their inputs
        for parent, _ in node.parents:
            level[id(parent)] = max(
                level.get(id(parent), 0), level[id(node)] + 1
            )
    depth = max(level.values())
    columns: dict[int, list[Tensor]] = {}
    for node in nodes:
        columns.setdefault(level[id(node)], []).append(node)
    position = {}
    for lev, members in columns.items():
        for row, node in enumerate(members):
            position[id(node)] = (depth - lev, (len(members) - 1) / 2 - row)
    if label is None:

        def label(t: Tensor) -> str:
            return f"{t.name or t.op}\n{t.shape}"

    if ax is None:
        rows = max(len(m) for m in columns.values())
        _, ax = plt.subplots(figsize=(2.0 * (depth + 1), 1.1 * rows + 1))
    boxes = {}
    for node in nodes:
        leaf = not node.parents
        boxes[id(node)] = ax.text(
            *position[id(node)],
            label(node),
            ha="center",
            va="center",
            fontsize=8,
            bbox={
                "boxstyle": "round",
                "fc": "#dbe9f6" if leaf else "#fde8c8",
                "ec": "0.3",
            },
        )
    # Lay out the boxes first, so that the arrows can stop at their edges.
    ax.figure.canvas.draw()
    for node in nodes:
        for parent, _ in node.parents:
            ax.annotate(
                "",
                xy=position[id(node)],
                xytext=position[id(parent)],
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": "0.35",
                    "patchA": boxes[id(parent)].get_bbox_patch(),
                    "patchB": boxes[id(node)].get_bbox_patch(),
                    "shrinkA": 1,
                    "shrinkB": 1,
                },
            )
    rows = max(len(m) for m in columns.values())
    ax.set_xlim(-0.6, depth + 0.6)
    ax.set_ylim(-rows / 2 - 0.2, rows / 2 + 0.2)
    ax.axis("off")
    return ax
