"""Figures of images (sections 2.1 and 2.2).

One digit, a grid of digits with labels and predictions, a film strip,
colour channels, and the digit browser's and crop explorer's pictures.

>>> images = np.zeros((3, 28, 28), np.uint8)
>>> fig = show_digits(images, labels=[0, 1, 2])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dlmath._checks import numeric_array

__all__ = [
    "show_crop",
    "show_digit",
    "show_digit_at",
    "show_digits",
    "show_film_strip",
    "show_image_channels",
]


def _as_images(images: object, *, rank: int, name: str) -> np.ndarray:
    array = np.asarray(images)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ):
        raise TypeError(f"{name} must hold numbers, got dtype {array.dtype}")
    if array.ndim != rank:
        expected = (
            "(height, width)" if rank == 2 else "(samples, height, width)"
        )
        raise ValueError(
            f"{name} must have rank {rank} {expected}, "
            f"got shape {array.shape}"
        )
    return array


def show_digit(
    image: object, *, title: str | None = None, ax: Axes | None = None
) -> Axes:
    """Draw one grayscale image (rank 2) dark on light, as on paper.

    >>> ax = show_digit(np.eye(28))  # doctest: +SKIP
    """
    array = _as_images(image, rank=2, name="image")
    if ax is None:
        _, ax = plt.subplots(figsize=(2.5, 2.5))
    ax.imshow(array, cmap="binary")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title)
    return ax


def show_digits(
    images: object,
    labels: Sequence[int] | np.ndarray | None = None,
    *,
    predictions: Sequence[int] | np.ndarray | None = None,
    ncols: int = 10,
    size: float = 1.2,
) -> Figure:
    """Draw a grid of images (samples, height, width), titled with labels.

    With ``predictions``, each title reads ``label -> prediction`` and wrong
    ones are red.
    """
    array = _as_images(images, rank=3, name="images")
    n = len(array)
    if n == 0:
        raise ValueError("images is empty: there is nothing to show")
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, got {ncols}")
    for name, values in (("labels", labels), ("predictions", predictions)):
        if values is not None and len(values) != n:
            raise ValueError(
                f"{name} has {len(values)} entries but there are {n} images"
            )
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(size * ncols, size * nrows * 1.15),
        squeeze=False,
    )
    for i, ax in enumerate(axes.flat):
        if i >= n:
            ax.axis("off")
            continue
        title, color = None, "black"
        if labels is not None:
            title = str(int(labels[i]))
            if predictions is not None:
                title = f"{int(labels[i])} \u2192 {int(predictions[i])}"
                color = (
                    "black"
                    if int(labels[i]) == int(predictions[i])
                    else "red"
                )
        show_digit(array[i], ax=ax)
        if title is not None:
            ax.set_title(title, color=color, fontsize=9)
    fig.tight_layout()
    return fig


def _as_frames(frames: object) -> np.ndarray:
    array = np.asarray(frames)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ):
        raise TypeError(f"frames must hold numbers, got dtype {array.dtype}")
    if array.ndim == 4 and array.shape[-1] == 1:
        array = array[..., 0]
    if not (array.ndim == 3 or (array.ndim == 4 and array.shape[-1] == 3)):
        raise ValueError(
            "frames must have shape (frames, height, width), "
            "(frames, height, width, 1) or (frames, height, width, 3), "
            f"got shape {array.shape}"
        )
    if len(array) == 0:
        raise ValueError("frames is empty: there is nothing to show")
    return array


def show_film_strip(
    frames: object, *, size: float = 1.1, title: str | None = None
) -> Figure:
    """Draw the frames of one video clip left to right, like a strip of film.

    ``frames`` is channels-last: ``(frames, height, width)``, ``(..., 1)`` for
    grayscale or ``(..., 3)`` for colour. Grayscale frames are drawn light on
    dark, as a screen shows them.

    >>> fig = show_film_strip(np.zeros((4, 8, 8), np.uint8))
    >>> [ax.get_title() for ax in fig.axes]
    ['frame 0', 'frame 1', 'frame 2', 'frame 3']
    """
    array = _as_frames(frames)
    n = len(array)
    fig, axes = plt.subplots(
        1, n, figsize=(size * n, size * 1.3), squeeze=False
    )
    for i, ax in enumerate(axes[0]):
        if array.ndim == 3:
            ax.imshow(
                array[i],
                cmap="gray",
                vmin=0,
                vmax=max(float(array.max()), 1.0),
            )
        else:
            ax.imshow(array[i])
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"frame {i}", fontsize=8)
    if title is not None:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def show_image_channels(
    image: object,
    *,
    channel_names: Sequence[str] = ("red", "green", "blue"),
    size: float = 2.4,
) -> Figure:
    """Draw a channels-last colour image, then each of its channels alone.

    The image has shape ``(height, width, channels)``.

    Each channel is a grayscale image: bright where that colour is strong.

    >>> fig = show_image_channels(np.zeros((4, 6, 3), np.uint8))
    >>> [ax.get_title() for ax in fig.axes]
    ['image (4, 6, 3)', '[..., 0] red', '[..., 1] green', '[..., 2] blue']
    """
    array = np.asarray(image)
    if array.dtype == object or not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"image must hold numbers, got dtype {array.dtype}")
    if array.ndim != 3:
        raise ValueError(
            "image must have rank 3 (height, width, channels), "
            f"got shape {array.shape}"
        )
    channels = array.shape[-1]
    if channels != len(channel_names):
        hint = (
            " (channels-first? move the axis with np.moveaxis(image, 0, -1))"
            if array.shape[0] == 3
            else ""
        )
        raise ValueError(
            f"image has {channels} channels on its last axis but "
            f"{len(channel_names)} channel names were given, "
            f"shape {array.shape}{hint}"
        )
    fig, axes = plt.subplots(
        1, channels + 1, figsize=(size * (channels + 1), size * 1.15)
    )
    axes[0].imshow(
        array if channels in (3, 4) else array[..., 0],
        cmap=None if channels in (3, 4) else "gray",
    )
    axes[0].set_title(f"image {array.shape}", fontsize=9)
    for c, (ax, name) in enumerate(zip(axes[1:], channel_names, strict=True)):
        ax.imshow(array[..., c], cmap="gray")
        ax.set_title(f"[..., {c}] {name}", fontsize=9)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


def show_digit_at(
    images: object, labels: Sequence[int] | np.ndarray, index: int
) -> Figure:
    """Draw ``images[index]`` with its label and its pixel range.

    This is the digit browser's figure. Negative indices count from the end,
    as in Python; an index outside the data raises ``IndexError``.
    """
    array = numeric_array(images, "images")
    if array.ndim != 3:
        raise ValueError(
            "images must have rank 3 (samples, height, width), "
            f"got shape {array.shape}"
        )
    if len(labels) != len(array):
        raise ValueError(
            f"labels has {len(labels)} entries but there are "
            f"{len(array)} images"
        )
    n = len(array)
    if not -n <= index < n:
        raise IndexError(
            f"index {index} is out of range for {n} images "
            f"(valid: 0 to {n - 1}, or -{n} to -1)"
        )
    image = array[index]
    fig, ax = plt.subplots(figsize=(2.8, 3.0))
    show_digit(
        image, ax=ax, title=f"images[{index}]: label {int(labels[index])}"
    )
    ax.set_xlabel(
        f"pixels {int(image.min())} to {int(image.max())}", fontsize=9
    )
    fig.tight_layout()
    return fig


def _check_unit_slice(s: slice, length: int, axis: str) -> tuple[int, int]:
    if not isinstance(s, slice):
        raise TypeError(
            f"{axis} must be a slice such as slice(7, -7), "
            f"got {type(s).__name__}"
        )
    start, stop, step = s.indices(length)
    if step != 1:
        raise ValueError(
            f"{axis} must have step 1 for a crop, got step {step}"
        )
    if stop <= start:
        raise ValueError(
            f"{axis} {s} selects nothing from an axis of length {length}"
        )
    return start, stop


def show_crop(image: object, rows: slice, cols: slice) -> Figure:
    """Draw an image with ``image[rows, cols]`` outlined, the crop beside it.

    Both panels use the same pixel scale, so the crop looks as big as the
    part it came from.

    >>> fig = show_crop(np.eye(28), slice(7, -7), slice(7, -7))
    >>> fig.axes[1].get_title()
    'image[7:-7, 7:-7]\\nshape (14, 14)'
    """
    array = numeric_array(image, "image")
    if array.ndim != 2:
        raise ValueError(
            f"image must have rank 2 (height, width), got shape {array.shape}"
        )
    r0, r1 = _check_unit_slice(rows, array.shape[0], "rows")
    c0, c1 = _check_unit_slice(cols, array.shape[1], "cols")
    crop = array[rows, cols]
    width = array.shape[1]
    fig, (left, right) = plt.subplots(
        1,
        2,
        figsize=(5.2, 2.8),
        gridspec_kw={"width_ratios": [width, max(c1 - c0, 1)]},
    )
    left.imshow(
        array, cmap="binary", vmin=0, vmax=max(float(array.max()), 1.0)
    )
    left.add_patch(
        Rectangle(
            (c0 - 0.5, r0 - 0.5),
            c1 - c0,
            r1 - r0,
            fill=False,
            edgecolor="red",
            linewidth=2,
        )
    )
    left.set_title(f"image\nshape {array.shape}", fontsize=9)
    right.imshow(
        crop, cmap="binary", vmin=0, vmax=max(float(array.max()), 1.0)
    )
    right.set_title(
        f"image[{_slice_text(rows)}, {_slice_text(cols)}]\n"
        f"shape {crop.shape}",
        fontsize=9,
    )
    for ax in (left, right):
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


def _slice_text(s: slice) -> str:
    start = "" if s.start is None else str(s.start)
    stop = "" if s.stop is None else str(s.stop)
    return f"{start}:{stop}"
