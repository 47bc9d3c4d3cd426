"""Widgets for section 2.2: a digit browser and a cropping explorer.

The figures come from :func:`dlmath.figures.digits.show_digit_at` and
:func:`dlmath.figures.digits.show_crop`; this module only wires sliders to
them. Each widget keeps the figure it drew last (closed) in its ``figure``
attribute, so tests (and curious readers) can inspect it.

>>> images = np.zeros((3, 28, 28), np.uint8)
>>> browser = digit_browser(images, [0, 1, 2])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from dlmath.figures.digits import show_crop, show_digit_at
from dlmath.widgets.explorer import explorer
from dlmath.widgets.player import Control, FramePlayer, frame_player

__all__ = ["crop_explorer", "crop_player", "digit_browser", "digit_player"]


def digit_browser(
    images: object, labels: Sequence[int] | np.ndarray
) -> widgets.VBox:
    """A slider over the samples that shows ``images[index]`` and its label.

    ``images`` has rank 3: ``(samples, height, width)``.
    """
    array = np.asarray(images)
    if array.ndim != 3 or len(array) == 0:
        raise ValueError(
            "images must be a non-empty rank-3 array "
            f"(samples, height, width), got shape {array.shape}"
        )
    slider = widgets.IntSlider(
        value=0,
        min=0,
        max=len(array) - 1,
        description="index",
        continuous_update=False,
    )
    return explorer(
        [slider], lambda: show_digit_at(array, labels, slider.value)
    )


def crop_explorer(image: object) -> widgets.VBox:
    """Two range sliders that pick and show a crop ``image[r0:r1, c0:c1]``.

    The crop is drawn beside the image.
    """
    array = np.asarray(image)
    if array.ndim != 2:
        raise ValueError(
            f"image must have rank 2 (height, width), got shape {array.shape}"
        )
    height, width = array.shape
    rows = widgets.IntRangeSlider(
        value=(7, height - 7), min=0, max=height, description="rows"
    )
    cols = widgets.IntRangeSlider(
        value=(7, width - 7), min=0, max=width, description="cols"
    )
    for slider in (rows, cols):
        slider.continuous_update = False

    def draw() -> Figure:
        (r0, r1), (c0, c1) = rows.value, cols.value
        # An empty range would select nothing; widen it to one pixel instead
        # of failing.
        r1, c1 = max(r1, r0 + 1), max(c1, c0 + 1)
        if r1 > height:
            r0, r1 = height - 1, height
        if c1 > width:
            c0, c1 = width - 1, width
        return show_crop(array, slice(r0, r1), slice(c0, c1))

    return explorer([rows, cols], draw)


def digit_player(
    images: object,
    labels: Sequence[int] | np.ndarray,
    indices: Sequence[int] = range(24),
) -> FramePlayer:
    """The digit browser with no kernel: a slider over ``indices``."""
    array = np.asarray(images)
    return frame_player(
        [Control("index", list(indices))],
        lambda index: show_digit_at(array, labels, index),
        name="digit-browser",
        alt="The chosen image of the data set, drawn with its label",
    )


# The live explorer's two ranges, as a few slices (start:stop) each.
CROP_RANGES = ((0, 14), (14, 28), (7, 21), (4, 24), (0, 28))


def crop_player(
    image: object, ranges: Sequence[tuple[int, int]] = CROP_RANGES
) -> FramePlayer:
    """The crop explorer with no kernel: rows and columns over ``ranges``."""
    array = np.asarray(image)
    shown = [f"{start}:{stop}" for start, stop in ranges]
    return frame_player(
        [
            Control("rows", list(ranges), start=2, labels=shown),
            Control("cols", list(ranges), start=2, labels=shown),
        ],
        lambda rows, cols: show_crop(array, slice(*rows), slice(*cols)),
        name="crop-explorer",
        alt="The image with the cropped region framed, and the crop",
    )
