"""Checks for the exercises of section 2.2 (data representations), built on :mod:`dlmath.exercises`.

Each check confirms a right answer without repeating it and names the usual mistake when it sees
one. A blank answer (``...``, ``None`` or a stub that raises ``NotImplementedError``) gets
"Not yet" and never an exception.

>>> check_image_batch_shape((32, 64, 48, 3))
Correct: samples first, then height, width and the channel axis last.
>>> check_image_batch_shape((32, 3, 64, 48))
Not yet: that is channels-first; the exercise asks for channels-last (channel axis at the end).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from dlmath.batches import get_batch
from dlmath.exercises.feedback import (
    Feedback,
    as_number,
    as_shape,
    check_array,
    is_blank,
    no_answer,
    read_answer,
)

__all__ = [
    "check_batch_generator",
    "check_warmest_hour",
    "check_center_crop",
    "check_image_batch_shape",
    "check_independent_crop",
    "check_nth_batch",
    "check_video_batch_bytes",
]

IMAGE_BATCH_SHAPE = (
    32,
    64,
    48,
    3,
)  # 32 RGB photos, 64 pixels high, 48 wide, channels-last


def check_image_batch_shape(answer: object) -> Feedback:
    """The shape of a batch of 32 RGB images, 64 pixels high and 48 wide, channels-last."""
    got = read_answer(
        answer,
        as_shape,
        lambda: (
            f"a shape is a tuple of integers such as (2, 3), got {answer!r}."
        ),
    )
    if isinstance(got, Feedback):
        return got
    samples, height, width, channels = IMAGE_BATCH_SHAPE
    if got == IMAGE_BATCH_SHAPE:
        return Feedback(
            True,
            "samples first, then height, width and the channel axis last.",
        )
    if got == (samples, channels, height, width):
        return Feedback(
            False,
            "that is channels-first; the exercise asks for channels-last (channel axis at the end).",
        )
    if got == (samples, width, height, channels):
        return Feedback(
            False,
            "that puts the width before the height: images are (height, width), rows first.",
        )
    if got == (height, width, channels):
        return Feedback(
            False,
            "that is one image: the batch axis (the number of samples) comes first.",
        )
    if len(got) == 3 and got[0] == samples:
        return Feedback(
            False,
            "each pixel of a colour image has several values: add the channel axis.",
        )
    if len(got) != 4:
        return Feedback(
            False,
            f"a batch of colour images has rank 4, got rank {len(got)}.",
        )
    return Feedback(
        False,
        "for channels-last the order is (samples, height, width, channels).",
    )


def check_nth_batch(
    answer: object, images: np.ndarray, *, n: int = 4, batch_size: int = 128
) -> Feedback:
    """Batch number ``n`` (counting from 0) of ``batch_size`` samples of ``images``."""
    expected = get_batch(images, n, batch_size=batch_size)
    got = read_answer(
        answer, np.asarray, "the answer could not be turned into an array."
    )
    if isinstance(got, Feedback):
        return got
    for other in (n - 1, n + 1):
        if 0 <= other * batch_size < len(images):
            neighbour = get_batch(images, other, batch_size=batch_size)
            if got.shape == neighbour.shape and np.array_equal(
                got, neighbour
            ):
                return Feedback(
                    False,
                    f"that is batch {other}. Batches count from 0: batch {n} starts at sample "
                    f"{batch_size} * {n} = {batch_size * n}.",
                )
    if got.shape == expected.shape and np.array_equal(
        got, images[n : n + batch_size]
    ):
        return Feedback(
            False,
            f"it starts at sample {n}; batch {n} starts at {batch_size} * {n} = {batch_size * n}.",
        )
    feedback = check_array(answer, expected)
    if feedback:
        return Feedback(True, f"that is batch {n}, counting from 0.")
    return feedback


def check_center_crop(
    answer: object, images: np.ndarray, *, size: int = 20
) -> Feedback:
    """The central ``size`` x ``size`` patch of every image in ``images`` (rank 3)."""
    margin_rows = (images.shape[1] - size) // 2
    margin_cols = (images.shape[2] - size) // 2
    expected = images[
        :,
        margin_rows : images.shape[1] - margin_rows,
        margin_cols : images.shape[2] - margin_cols,
    ]
    got = read_answer(
        answer, np.asarray, "the answer could not be turned into an array."
    )
    if isinstance(got, Feedback):
        return got
    if got.ndim == 2:
        return Feedback(
            False,
            f"shape {got.shape} is one image; crop every image, keeping the sample axis with `:` first.",
        )
    if (
        got.ndim == 3
        and got.shape[0] == len(images)
        and got.shape[1:] != expected.shape[1:]
    ):
        return Feedback(
            False,
            f"each crop is {got.shape[1]} x {got.shape[2]} pixels, not {size} x {size}. "
            f"On an axis of {images.shape[1]}, `a:-a` keeps {images.shape[1]} - 2a pixels.",
        )
    if got.shape == expected.shape and np.array_equal(
        got, images[:, :size, :size]
    ):
        return Feedback(
            False,
            "that is the top-left corner; the crop should be centred (use negative stops).",
        )
    feedback = check_array(answer, expected)
    if feedback:
        return Feedback(
            True, "the centre of every image, the sample axis kept whole."
        )
    return feedback


def check_video_batch_bytes(
    answer: object,
    *,
    shape: tuple[int, ...] = (8, 120, 224, 224, 3),
    dtype: str = "float32",
) -> Feedback:
    """The memory, in bytes, of a video batch of ``shape`` and ``dtype``."""
    values = int(np.prod(shape, dtype=np.int64))
    itemsize = np.dtype(dtype).itemsize
    expected = values * itemsize
    got = read_answer(
        answer,
        as_number,
        lambda: f"expected a number of bytes, got {answer!r}.",
    )
    if isinstance(got, Feedback):
        return got
    if got == expected:
        return Feedback(
            True, "values times bytes per value, for every axis of the batch."
        )
    mistakes = {
        values: f"that is the number of values; each {dtype} value takes {itemsize} bytes.",
        expected
        // shape[
            -1
        ]: "that leaves out the channel axis: each pixel has 3 colour values.",
        expected * 8: "that is in bits; a byte is 8 bits.",
        expected / 2**20: "that is in mebibytes; give the answer in bytes.",
        expected / 1e6: "that is in megabytes; give the answer in bytes.",
    }
    for wrong, message in mistakes.items():
        if np.isclose(got, wrong, rtol=1e-9):
            return Feedback(False, message)
    return Feedback(
        False,
        "multiply the lengths of all the axes, then the bytes per value; one factor is off.",
    )


def check_independent_crop(
    answer: object, original: np.ndarray, rows: slice, cols: slice
) -> Feedback:
    """A crop ``original[rows, cols]`` that does not share memory with ``original``."""
    feedback = check_array(answer, original[rows, cols])
    if not feedback:
        return feedback
    if np.shares_memory(np.asarray(answer), original):
        return Feedback(
            False,
            "the values are right, but the crop is a view: it shares memory with the original, so "
            "writing into it would change the original too. Make a copy with `.copy()`.",
        )
    return Feedback(True, "the crop owns its memory: painting it is safe.")


def check_batch_generator(batches_of: Callable[..., object]) -> Feedback:
    """A generator function ``batches_of(x, batch_size)`` that yields consecutive batches of ``x``."""
    if is_blank(batches_of):
        return no_answer()
    if not callable(batches_of):
        return Feedback(
            False,
            f"`batches_of` must be a function, got {type(batches_of).__name__}.",
        )
    try:
        result = batches_of(np.arange(10), 4)
        if not inspect.isgenerator(result):
            return Feedback(
                False,
                f"`batches_of` returned a {type(result).__name__}; make it a generator with `yield`, "
                "so that it hands out one batch at a time.",
            )
        got = [np.asarray(batch).tolist() for batch in result]
        exact = [
            np.asarray(batch).tolist()
            for batch in batches_of(np.arange(8), 4)
        ]
    except NotImplementedError:
        return Feedback(
            False,
            "replace `raise NotImplementedError` with the body of `batches_of`.",
        )
    except Exception as exc:  # noqa: BLE001 - the learner's function may fail in any way
        return Feedback(
            False,
            f"batches_of(np.arange(10), 4) raised {type(exc).__name__}: {exc}",
        )
    expected = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    if got == expected[:2]:
        return Feedback(
            False,
            "the last, shorter batch [8, 9] is missing: every sample must be seen once.",
        )
    if got != expected:
        return Feedback(
            False,
            f"batches_of(np.arange(10), 4) yielded {got}, expected {expected}.",
        )
    if exact != [[0, 1, 2, 3], [4, 5, 6, 7]]:
        return Feedback(
            False,
            f"batches_of(np.arange(8), 4) yielded {exact}: no empty batch at the end.",
        )
    return Feedback(
        True, "consecutive batches, the last one shorter, one at a time."
    )


def check_warmest_hour(answer: object, weather: np.ndarray) -> Feedback:
    """The hour of the day (0 to 23) whose temperature, averaged over the days, is highest.

    ``weather`` has shape (days, 24, features) with the temperature as feature 0, as
    :func:`dlmath.synthetic.make_daily_series` makes it.
    """
    value = read_answer(
        answer,
        as_number,
        lambda: (
            f"the answer is an hour, a whole number from 0 to 23; got {answer!r}."
        ),
    )
    if isinstance(value, Feedback):
        return value
    temperature = np.asarray(weather)[:, :, 0]
    profile = temperature.mean(axis=0)  # one mean per hour
    expected = int(profile.argmax())
    if value == expected:
        return Feedback(
            True, "averaging over the days (axis 0) left one value per hour."
        )
    if np.isclose(value, profile.max(), rtol=1e-4):
        return Feedback(
            False,
            "that is the temperature itself; the question asks for the hour (argmax).",
        )
    if value == int(temperature.mean(axis=1).argmax()):
        return Feedback(
            False,
            "that is a day: averaging over axis 1 removed the hours. Average over the days, axis 0.",
        )
    if value == int(temperature.argmax()):
        return Feedback(
            False,
            "that is a position in the flattened array: give argmax an axis.",
        )
    if value == int(temperature.argmax()) % temperature.shape[1]:
        return Feedback(
            False,
            "that is the hour of the single warmest reading; average over the days first.",
        )
    if not (0 <= value < temperature.shape[1] and value == int(value)):
        return Feedback(
            False, "an hour of the day is a whole number from 0 to 23."
        )
    return Feedback(
        False,
        "average the temperature over the days (axis 0), then take the argmax.",
    )
