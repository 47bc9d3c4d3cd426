"""Tensors as data (section 2.2): pictures of rank, crops, batches, and example data tensors.

- :func:`show_tensor_rank` draws a small tensor of rank 0 to 5 as a number, a row, a grid, a
  cube, a row of cubes, or a grid of cubes, with its values on the front faces;
- :func:`show_digit_at` and :func:`show_crop` are the figures behind the chapter's widgets;
- :func:`count_batches`, :func:`get_batch` and :func:`iterate_batches` cut a dataset along its
  first axis, the batch axis;
- :func:`digit_features`, :func:`make_daily_series` and :func:`make_moving_digits` build the
  vector, timeseries and video examples.

>>> count_batches(60000, 128), get_batch(np.arange(10), 2, batch_size=4)
(469, array([8, 9]))
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle

from dlmath.plotting import show_digit

__all__ = [
    "DAILY_SERIES_FEATURES",
    "DIGIT_FEATURES",
    "count_batches",
    "digit_features",
    "get_batch",
    "iterate_batches",
    "make_daily_series",
    "make_moving_digits",
    "show_crop",
    "show_digit_at",
    "show_tensor_rank",
]

MAX_RANK_TO_DRAW = 5
MAX_AXIS_TO_DRAW = 8

_FRONT, _TOP, _SIDE = "#cfe3f5", "#a9c9e8", "#85aedb"
_DEPTH = 0.45  # oblique offset of one layer of a cube, in cell units


def _numeric_array(value: object, name: str) -> np.ndarray:
    array = np.asarray(value)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise TypeError(f"{name} must hold numbers, got dtype {array.dtype}")
    return array


def _format_value(value: object) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.3g}"
    return str(value)


def _draw_block(ax: Axes, x0: float, y0: float, block: np.ndarray, *, solid: bool, fontsize: float) -> None:
    """Draw a (depth, rows, cols) block with its front face's bottom left at (x0, y0).

    With ``solid``, every layer along the first axis is drawn behind the previous one, shifted
    up and to the right, with top and side faces, so the block reads as a cube; otherwise only
    the front layer is drawn, flat.
    """
    depth, rows, cols = block.shape
    # Back layers first, so the front layer (index 0 along the first axis) covers them.
    for layer in range(depth - 1, -1, -1):
        shift = layer * _DEPTH
        for r in range(rows):
            for c in range(cols):
                x, y = x0 + c + shift, y0 + (rows - 1 - r) + shift
                ax.add_patch(Rectangle((x, y), 1, 1, facecolor=_FRONT, edgecolor="black", linewidth=0.8))
                if solid and r == 0:  # top face of the top row
                    top = [
                        (x, y + 1),
                        (x + 1, y + 1),
                        (x + 1 + _DEPTH, y + 1 + _DEPTH),
                        (x + _DEPTH, y + 1 + _DEPTH),
                    ]
                    ax.add_patch(Polygon(top, facecolor=_TOP, edgecolor="black", linewidth=0.8))
                if solid and c == cols - 1:  # right face of the last column
                    side = [
                        (x + 1, y),
                        (x + 1 + _DEPTH, y + _DEPTH),
                        (x + 1 + _DEPTH, y + 1 + _DEPTH),
                        (x + 1, y + 1),
                    ]
                    ax.add_patch(Polygon(side, facecolor=_SIDE, edgecolor="black", linewidth=0.8))
                if layer == 0:
                    text = _format_value(block[0, r, c])
                    ax.text(x + 0.5, y + 0.5, text, ha="center", va="center", fontsize=fontsize)


def _label_axes(ax: Axes, shape: tuple[int, ...]) -> None:
    """Name the axes of a rank-1 to rank-3 picture: the last axis runs right, the one before down."""
    style = {"fontsize": 8, "color": "#444444"}
    rows = shape[-2] if len(shape) >= 2 else 1
    cols = shape[-1]
    ax.annotate("", (cols, -0.45), (0, -0.45), arrowprops={"arrowstyle": "->", "color": "#444444"})
    ax.text(cols / 2, -0.6, f"axis {len(shape) - 1}", ha="center", va="top", **style)
    if len(shape) >= 2:
        ax.annotate("", (-0.3, 0), (-0.3, rows), arrowprops={"arrowstyle": "->", "color": "#444444"})
        ax.text(-0.45, rows / 2, f"axis {len(shape) - 2}", ha="right", va="center", rotation=90, **style)
    if len(shape) == 3:
        depth = shape[0] * _DEPTH
        tip = (cols + depth + 0.1, depth + 0.1)
        ax.annotate("", tip, (cols + 0.1, 0.1), arrowprops={"arrowstyle": "->", "color": "#444444"})
        ax.text(tip[0] + 0.1, tip[1] - 0.2, "axis 0", ha="left", va="top", **style)


def show_tensor_rank(x: object, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Draw a small tensor of rank 0 to 5 so that its rank is visible.

    Rank 0 is one cell, rank 1 a row of cells, rank 2 a grid, rank 3 a cube whose first axis
    goes into the page, rank 4 a row of cubes (its first axis runs right), rank 5 a grid of
    cubes (its first axis runs down). Values are written on the front faces; ranks 1 to 3 name
    their axes. The default title gives the ``ndim``, ``shape`` and ``dtype``.

    >>> ax = show_tensor_rank(np.arange(6).reshape(2, 3))
    >>> ax.get_title()
    'ndim 2, shape (2, 3), int64'
    """
    array = _numeric_array(x, "x")
    if array.ndim > MAX_RANK_TO_DRAW:
        raise ValueError(
            f"can draw tensors of rank 0 to {MAX_RANK_TO_DRAW}, got rank {array.ndim} {array.shape}"
        )
    if any(n > MAX_AXIS_TO_DRAW for n in array.shape) or 0 in array.shape:
        raise ValueError(
            f"can draw axes of length 1 to {MAX_AXIS_TO_DRAW} only (a picture of numbers must stay "
            f"readable), got shape {array.shape}"
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(3, 2.5))
    # Every rank is drawn as a grid of blocks: shape (grid rows, grid cols, depth, rows, cols).
    grid = array.reshape((1,) * (MAX_RANK_TO_DRAW - array.ndim) + array.shape)
    n_rows, n_cols, depth, rows, cols = grid.shape
    solid = array.ndim >= 3
    widest = max(len(_format_value(v)) for v in array.ravel())
    fontsize = min(9.0, 30.0 / max(widest, 1))  # long numbers get smaller type, to fit their cell
    gap = 1.0
    block_w = cols + (depth * _DEPTH if solid else 0)
    block_h = rows + (depth * _DEPTH if solid else 0)
    for i in range(n_rows):
        for j in range(n_cols):
            x0, y0 = j * (block_w + gap), (n_rows - 1 - i) * (block_h + gap)
            _draw_block(ax, x0, y0, grid[i, j], solid=solid, fontsize=fontsize)
    if 1 <= array.ndim <= 3:
        _label_axes(ax, array.shape)
    # Keep a minimum extent, so that small tensors are drawn at the same scale as bigger ones.
    width = max(n_cols * (block_w + gap) - gap, 6.0)
    height = max(n_rows * (block_h + gap) - gap, 4.0)
    ax.set_xlim(-1.2, width + 0.6)
    ax.set_ylim(-1.2, height + 0.4)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title if title is not None else f"ndim {array.ndim}, shape {array.shape}, {array.dtype}")
    return ax


def show_digit_at(images: object, labels: Sequence[int] | np.ndarray, index: int) -> Figure:
    """Draw ``images[index]`` with its label and its pixel range (the digit browser's figure).

    Negative indices count from the end, as in Python; an index outside the data raises
    ``IndexError``.
    """
    array = _numeric_array(images, "images")
    if array.ndim != 3:
        raise ValueError(f"images must have rank 3 (samples, height, width), got shape {array.shape}")
    if len(labels) != len(array):
        raise ValueError(f"labels has {len(labels)} entries but there are {len(array)} images")
    n = len(array)
    if not -n <= index < n:
        raise IndexError(f"index {index} is out of range for {n} images (valid: 0 to {n - 1}, or -{n} to -1)")
    image = array[index]
    fig, ax = plt.subplots(figsize=(2.8, 3.0))
    show_digit(image, ax=ax, title=f"images[{index}]: label {int(labels[index])}")
    ax.set_xlabel(f"pixels {int(image.min())} to {int(image.max())}", fontsize=9)
    fig.tight_layout()
    return fig


def _check_unit_slice(s: slice, length: int, axis: str) -> tuple[int, int]:
    if not isinstance(s, slice):
        raise TypeError(f"{axis} must be a slice such as slice(7, -7), got {type(s).__name__}")
    start, stop, step = s.indices(length)
    if step != 1:
        raise ValueError(f"{axis} must have step 1 for a crop, got step {step}")
    if stop <= start:
        raise ValueError(f"{axis} {s} selects nothing from an axis of length {length}")
    return start, stop


def show_crop(image: object, rows: slice, cols: slice) -> Figure:
    """Draw an image with the crop ``image[rows, cols]`` outlined, and the crop beside it.

    Both panels use the same pixel scale, so the crop looks as big as the part it came from.

    >>> fig = show_crop(np.eye(28), slice(7, -7), slice(7, -7))
    >>> fig.axes[1].get_title()
    'image[7:-7, 7:-7]\\nshape (14, 14)'
    """
    array = _numeric_array(image, "image")
    if array.ndim != 2:
        raise ValueError(f"image must have rank 2 (height, width), got shape {array.shape}")
    r0, r1 = _check_unit_slice(rows, array.shape[0], "rows")
    c0, c1 = _check_unit_slice(cols, array.shape[1], "cols")
    crop = array[rows, cols]
    width = array.shape[1]
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(5.2, 2.8), gridspec_kw={"width_ratios": [width, max(c1 - c0, 1)]}
    )
    left.imshow(array, cmap="binary", vmin=0, vmax=max(float(array.max()), 1.0))
    left.add_patch(
        Rectangle((c0 - 0.5, r0 - 0.5), c1 - c0, r1 - r0, fill=False, edgecolor="red", linewidth=2)
    )
    left.set_title(f"image\nshape {array.shape}", fontsize=9)
    right.imshow(crop, cmap="binary", vmin=0, vmax=max(float(array.max()), 1.0))
    right.set_title(f"image[{_slice_text(rows)}, {_slice_text(cols)}]\nshape {crop.shape}", fontsize=9)
    for ax in (left, right):
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


def _slice_text(s: slice) -> str:
    start = "" if s.start is None else str(s.start)
    stop = "" if s.stop is None else str(s.stop)
    return f"{start}:{stop}"


def count_batches(n_samples: int, batch_size: int) -> int:
    """Number of batches of ``batch_size`` needed to cover ``n_samples`` (the last may be shorter).

    >>> count_batches(10, 4)
    3
    """
    _check_batch_size(batch_size)
    if n_samples < 0:
        raise ValueError(f"n_samples must be at least 0, got {n_samples}")
    return -(-n_samples // batch_size)


def _check_batch_size(batch_size: int) -> None:
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
        raise TypeError(f"batch_size must be an integer, got {type(batch_size).__name__}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")


def _check_batchable(x: object) -> np.ndarray:
    array = np.asarray(x)
    if array.ndim == 0:
        raise ValueError("a scalar (rank 0) has no batch axis; batches need rank 1 or more")
    return array


def get_batch(x: object, n: int, *, batch_size: int = 128) -> np.ndarray:
    """The ``n``-th batch (counting from 0) of ``x`` along its first axis: ``x[b * n : b * (n + 1)]``.

    The result is a view. The last batch is shorter when ``len(x)`` is not a multiple of
    ``batch_size``; a batch number past the end raises ``IndexError`` (plain slicing would
    silently return an empty array).

    >>> get_batch(np.arange(10), 1, batch_size=4)
    array([4, 5, 6, 7])
    """
    array = _check_batchable(x)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"the batch number n must be an integer, got {type(n).__name__} {n!r}")
    total = count_batches(len(array), batch_size)
    if not 0 <= n < total:
        raise IndexError(
            f"batch {n} does not exist: {len(array)} samples make {total} batches of {batch_size} "
            f"(numbered 0 to {total - 1})"
        )
    return array[batch_size * n : batch_size * (n + 1)]


def iterate_batches(x: object, batch_size: int = 128, *, drop_last: bool = False) -> Iterator[np.ndarray]:
    """Yield consecutive batches of ``x`` along its first axis, as views, the last one possibly shorter.

    With ``drop_last=True`` a shorter last batch is skipped, so every batch has the same shape.

    >>> [b.tolist() for b in iterate_batches(np.arange(5), 2)]
    [[0, 1], [2, 3], [4]]
    """
    array = _check_batchable(x)
    _check_batch_size(batch_size)
    for start in range(0, len(array), batch_size):
        batch = array[start : start + batch_size]
        if drop_last and len(batch) < batch_size:
            return
        yield batch


DIGIT_FEATURES = ("ink_fraction", "mean_intensity", "height_px", "width_px")


def digit_features(images: object, *, threshold: int = 128) -> np.ndarray:
    """Four hand-made features per digit image: a (samples, features) table of float64.

    Columns (``DIGIT_FEATURES``): the fraction of pixels at or above ``threshold`` (ink), the mean
    pixel value scaled to [0, 1], and the height and width in pixels of the box around the ink
    (0 for a blank image).

    >>> digit_features(np.pad(np.full((1, 2, 3), 255, np.uint8), ((0, 0), (1, 1), (1, 1))))
    array([[0.3, 0.3, 2. , 3. ]])
    """
    array = _numeric_array(images, "images")
    if array.ndim != 3:
        raise ValueError(f"images must have rank 3 (samples, height, width), got shape {array.shape}")
    ink = array >= threshold
    pixels = array.shape[1] * array.shape[2]

    def extent(any_along: np.ndarray) -> np.ndarray:
        n = any_along.shape[1]
        first = np.argmax(any_along, axis=1)
        last = n - 1 - np.argmax(any_along[:, ::-1], axis=1)
        return np.where(any_along.any(axis=1), last - first + 1, 0)

    return np.stack(
        [
            ink.sum(axis=(1, 2)) / pixels,
            array.mean(axis=(1, 2)) / 255,
            extent(ink.any(axis=2)),
            extent(ink.any(axis=1)),
        ],
        axis=1,
    ).astype(np.float64)


DAILY_SERIES_FEATURES = ("temperature_C", "humidity_pct", "wind_m_s")


def make_daily_series(days: int = 365, *, seed: int = 0) -> np.ndarray:
    """A SYNTHETIC weather record: one sample per day, 24 hourly timesteps, 3 features.

    Returns float32 of shape ``(days, 24, 3)``: temperature (a seasonal swing plus a daily
    cycle peaking mid-afternoon, plus slowly drifting noise), relative humidity (high when it is
    cool, within 15-100 %) and wind speed (positive, gustier by day). The numbers are made up
    to look plausible for a temperate city; they are not measurements.

    >>> make_daily_series(2).shape
    (2, 24, 3)
    """
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)) or days < 1:
        raise ValueError(f"days must be a positive integer, got {days!r}")
    rng = np.random.default_rng(seed)
    hours = np.arange(days * 24)
    day_of_year = hours / 24
    seasonal = 11 + 9 * np.sin(2 * np.pi * (day_of_year - 110) / 365)
    daily = 4 * np.sin(2 * np.pi * (hours % 24 - 9) / 24)
    # Weather fronts: noise that persists for a day or two (an AR(1) process), not white noise.
    shocks = rng.normal(0, 0.45, hours.size)
    drift = np.empty(hours.size)
    level = 0.0
    for i, shock in enumerate(shocks):
        level = 0.98 * level + shock
        drift[i] = level
    temperature = seasonal + daily + drift
    humidity = np.clip(
        80 - 3 * (temperature - seasonal) - 0.8 * daily + rng.normal(0, 4, hours.size), 15, 100
    )
    wind = np.abs(3 + 1.2 * np.maximum(daily, 0) + rng.gamma(2.0, 1.0, hours.size) - 2)
    series = np.stack([temperature, humidity, wind], axis=1)
    return series.reshape(days, 24, 3).astype(np.float32)


def _bounce(start: np.ndarray, velocity: np.ndarray, t: int, limit: int) -> np.ndarray:
    """Position after ``t`` steps of a point moving in [0, limit] and bouncing off both ends."""
    if limit == 0:
        return np.zeros_like(start)
    q = np.mod(start + velocity * t, 2 * limit)
    return np.where(q <= limit, q, 2 * limit - q)


def make_moving_digits(
    digits: object, *, frames: int = 10, size: int = 64, speed: int = 4, seed: int = 0
) -> np.ndarray:
    """A short clip of digits gliding over a black canvas and bouncing off its edges.

    ``digits`` is a rank-3 array ``(n_digits, height, width)`` (for example two MNIST images).
    Each digit starts at a random place with a random velocity of up to ``speed`` pixels per
    frame along each axis; where digits overlap the brighter pixel wins. Returns an array of
    shape ``(frames, size, size)`` with the dtype of ``digits``: a rank-3 clip (one grayscale
    frame per entry of the first axis).

    >>> make_moving_digits(np.ones((2, 28, 28), np.uint8), frames=3).shape
    (3, 64, 64)
    """
    array = _numeric_array(digits, "digits")
    if array.ndim != 3:
        raise ValueError(f"digits must have rank 3 (n_digits, height, width), got shape {array.shape}")
    n, height, width = array.shape
    if n == 0:
        raise ValueError("digits is empty: give at least one digit image")
    if frames < 1:
        raise ValueError(f"frames must be at least 1, got {frames}")
    if size < max(height, width):
        raise ValueError(f"size {size} is smaller than the digits {height}x{width}: they would not fit")
    if speed < 1:
        raise ValueError(f"speed must be at least 1 pixel per frame, got {speed}")
    rng = np.random.default_rng(seed)
    limits = np.array([size - height, size - width])
    starts = rng.integers(0, limits + 1, size=(n, 2))
    velocities = rng.choice(np.r_[-speed:0, 1 : speed + 1], size=(n, 2))
    clip = np.zeros((frames, size, size), dtype=array.dtype)
    for t in range(frames):
        rows = _bounce(starts[:, 0], velocities[:, 0], t, int(limits[0]))
        cols = _bounce(starts[:, 1], velocities[:, 1], t, int(limits[1]))
        for k in range(n):
            window = clip[t, rows[k] : rows[k] + height, cols[k] : cols[k] + width]
            np.maximum(window, array[k], out=window)
    return clip
