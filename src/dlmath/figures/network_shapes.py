"""The MNIST network's passes drawn with every shape (section 2.4).

:func:`plot_network_shapes` draws a stack of Dense layers (``relu`` on every
hidden layer, ``softmax`` with cross-entropy at the end) for one batch: the
weights on the top row, the forward pass under them, the backward pass under
that, and the weights' gradients at the bottom. Every box names a tensor and
its shape; the backward boxes also give the formula that computes the
gradient. Each gradient has the shape of the tensor it belongs to.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from dlmath._checks import is_integer

__all__ = ["plot_network_shapes"]

_FORWARD, _WEIGHT, _BACKWARD = "#dbe9f6", "#e4f2dc", "#fde8c8"


def _check_sizes(batch: object, sizes: object) -> tuple[int, tuple[int, ...]]:
    def positive_int(value: object) -> bool:
        return is_integer(value) and value > 0

    if not positive_int(batch):
        raise ValueError(f"batch must be a positive integer, got {batch!r}")
    try:
        sizes = tuple(sizes)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(
            "sizes must be a sequence of layer widths, "
            f"got {type(sizes).__name__}"
        ) from None
    if len(sizes) < 2 or not all(positive_int(n) for n in sizes):
        raise ValueError(
            "sizes must hold at least two positive integers "
            f"(inputs, ..., classes), got {sizes!r}"
        )
    # NumPy integers pass the check; the boxes print plain ints, so that a
    # shape reads (128, 784) and not (np.int64(128), 784).
    widths = tuple(int(n) for n in sizes)
    return int(batch), widths  # type: ignore[call-overload]


def _boxes(
    batch: int, sizes: tuple[int, ...]
) -> list[tuple[str, float, float, str, str]]:
    """``(key, column, row, text, colour)`` for every box.

    The rows, from the top: weights, forward pass, backward pass, gradients
    of the weights.
    """
    layers = len(sizes) - 1
    boxes = [("x", 0, 2, f"x\n{(batch, sizes[0])}", _FORWARD)]
    for i in range(1, layers + 1):
        last = i == layers
        n_in, n_out = sizes[i - 1], sizes[i]
        before = "x" if i == 1 else f"h{i - 1}"
        z, a = ("logits", "probs") if last else (f"z{i}", f"h{i}")
        z_col, a_col = 2 * i - 1, 2 * i
        activation = "softmax" if last else "relu"
        boxes += [
            (f"W{i}", z_col - 0.25, 3.3, f"W{i}\n{(n_in, n_out)}", _WEIGHT),
            (f"b{i}", z_col + 0.25, 3.3, f"b{i}\n{(n_out,)}", _WEIGHT),
            (
                z,
                z_col,
                2,
                f"{z} = {before} @ W{i} + b{i}\n{(batch, n_out)}",
                _FORWARD,
            ),
            (
                a,
                a_col,
                2,
                f"{a} = {activation}({z})\n{(batch, n_out)}",
                _FORWARD,
            ),
            (
                f"dW{i}",
                z_col - 0.3,
                -0.2,
                f"dW{i} =\n{before}.T @ d{z}\n{(n_in, n_out)}",
                _BACKWARD,
            ),
            (
                f"db{i}",
                z_col + 0.3,
                -1.2,
                f"db{i} =\nd{z}.sum(axis=0)\n{(n_out,)}",
                _BACKWARD,
            ),
        ]
        if last:
            boxes.append(
                (
                    "dlogits",
                    z_col,
                    0.9,
                    f"dlogits =\n(probs - onehot) / {batch}\n"
                    f"{(batch, n_out)}",
                    _BACKWARD,
                )
            )
        else:
            after = "logits" if i + 1 == layers else f"z{i + 1}"
            boxes += [
                (
                    f"dh{i}",
                    a_col,
                    0.9,
                    f"dh{i} =\nd{after} @ W{i + 1}.T\n{(batch, n_out)}",
                    _BACKWARD,
                ),
                (
                    f"dz{i}",
                    z_col,
                    0.9,
                    f"dz{i} =\ndh{i} * (z{i} > 0)\n{(batch, n_out)}",
                    _BACKWARD,
                ),
            ]
    boxes.append(
        (
            "loss",
            2 * layers + 1,
            2,
            f"loss = mean\ncross-entropy with\nlabels {(batch,)}\n()",
            _FORWARD,
        )
    )
    return boxes


def _arrows(sizes: tuple[int, ...]) -> list[tuple[str, str]]:
    layers = len(sizes) - 1
    arrows, before = [], "x"
    for i in range(1, layers + 1):
        last = i == layers
        z, a = ("logits", "probs") if last else (f"z{i}", f"h{i}")
        dz = "dlogits" if last else f"dz{i}"
        arrows += [
            (before, z),
            (f"W{i}", z),
            (f"b{i}", z),
            (z, a),
            (dz, f"dW{i}"),
            (dz, f"db{i}"),
        ]
        if not last:
            arrows += [
                (f"dh{i}", dz),
                ("dlogits" if i + 1 == layers else f"dz{i + 1}", f"dh{i}"),
            ]
        before = a
    arrows.append((before, "loss"))
    arrows.append(("loss", "dlogits"))
    return arrows


def plot_network_shapes(
    ax: object = None,
    *,
    batch: int = 128,
    sizes: tuple[int, ...] = (784, 512, 10),
) -> object:
    """Draw a Dense network's forward and backward pass, every tensor's shape.

    ``sizes`` are the widths from the input to the output, ``(784, 512, 10)``
    for the network of section 2.1: one hidden ``relu`` layer of 512 units
    and ten ``softmax`` outputs. Top row: the kernels and biases; second row:
    the forward pass of a batch of ``batch`` samples, left to right; third
    row: the backward pass, right to left; bottom: the gradients of the
    kernels and biases. Returns the matplotlib Axes (a new figure when ``ax``
    is None).
    """
    batch, sizes = _check_sizes(batch, sizes)
    layers = len(sizes) - 1
    if ax is None:
        _, ax = plt.subplots(figsize=(1.9 * (2 * layers + 2.5), 5.6))
    texts = {}
    for key, column, row, text, colour in _boxes(batch, sizes):
        texts[key] = ax.text(
            column,
            row,
            text,
            ha="center",
            va="center",
            fontsize=7.5,
            bbox={"boxstyle": "round", "fc": colour, "ec": "0.3"},
        )
    # Lay out the boxes first, so that the arrows can stop at their edges.
    ax.figure.canvas.draw()
    for start, end in _arrows(sizes):
        backward = start.startswith("d") or start == "loss"
        ax.annotate(
            "",
            xy=texts[end].get_position(),
            xytext=texts[start].get_position(),
            arrowprops={
                "arrowstyle": "-|>",
                "color": "tab:red" if backward else "0.35",
                "patchA": texts[start].get_bbox_patch(),
                "patchB": texts[end].get_bbox_patch(),
                "shrinkA": 1,
                "shrinkB": 1,
            },
        )
    for row, label in [
        (3.3, "weights"),
        (2, "forward"),
        (0.9, "backward"),
        (-0.7, "gradients"),
    ]:
        ax.text(
            -0.45,
            row,
            label,
            ha="right",
            va="center",
            fontsize=8,
            style="italic",
            color="0.3",
        )
    ax.set_xlim(-1.2, 2 * layers + 1.6)
    ax.set_ylim(-1.8, 3.8)
    ax.axis("off")
    return ax
