"""Checks for the exercises of section 2.2 (data representations).

Each check confirms a right answer without repeating it and names the usual
mistake when it sees one, never with the right answer in the message. A blank
(``...``, ``None`` or a stub that raises ``NotImplementedError``) gets
"Not yet".

>>> check_image_batch_shape((32, 64, 48, 3))
Correct: samples first, then height, width and the channel axis last.
>>> check_image_batch_shape((32, 3, 64, 48))
Not yet: that is channels-first; the exercise asks for channels-last \
(channel axis at the end).
"""

from __future__ import annotations

import inspect

import numpy as np

from dlmath.exercises.feedback import (
    Feedback,
    call_learner,
    check_array,
    describe,
    read_array,
    read_number,
    read_shape,
    shape_mistake,
)

__all__ = [
    "check_batch_generator",
    "check_center_crop",
    "check_image_batch_shape",
    "check_independent_crop",
    "check_nth_batch",
    "check_video_batch_bytes",
    "check_warmest_hour",
]

# 32 RGB photos, 64 pixels high, 48 wide, channels-last
IMAGE_BATCH_SHAPE = (32, 64, 48, 3)


def check_image_batch_shape(answer: object) -> Feedback:
    """The shape of a batch of 32 RGB images, 64 x 48, channels-last."""
    got = read_shape(answer)
    if isinstance(got, Feedback):
        return got
    samples, height, width, channels = IMAGE_BATCH_SHAPE
    if got == IMAGE_BATCH_SHAPE:
        return Feedback(
            True,
            "samples first, then height, width and the channel axis last.",
        )
    mistakes = {
        (samples, channels, height, width): "that is channels-first; the "
        "exercise asks for channels-last (channel axis at the end).",
        (samples, width, height, channels): "that puts the width before "
        "the height: images are (height, width), rows first.",
        (height, width, channels): "that is one image: the batch axis (the "
        "number of samples) comes first.",
        (samples, height, width): "each pixel of a colour image has several "
        "values: add the channel axis.",
        (samples, height, width, 1): "a channel axis of length 1 is for "
        "grayscale; an RGB pixel has one value per colour.",
        (samples, height * width * channels): "that is the batch flattened "
        "for a Dense layer; the exercise asks for the images' own shape.",
    }
    if got in mistakes:
        return Feedback(False, mistakes[got])
    return Feedback(
        False,
        f"your shape {got}: "
        + shape_mistake(got, IMAGE_BATCH_SHAPE)
        + " Channels-last is (samples, height, width, channels).",
    )


def _array_or_feedback(answer: object) -> np.ndarray | Feedback:
    return read_array(answer, "the answer should be an array of pixels")


def check_nth_batch(
    answer: object, images: np.ndarray, *, n: int = 4, batch_size: int = 128
) -> Feedback:
    """Batch ``n`` (counting from 0) of ``images``, ``batch_size`` each."""
    got = _array_or_feedback(answer)
    if isinstance(got, Feedback):
        return got
    images = np.asarray(images)
    start = n * batch_size
    expected = images[start : start + batch_size]
    if got.shape == expected.shape and np.array_equal(got, expected):
        return Feedback(True, f"that is batch {n}, counting from 0.")
    if got.shape == images.shape[1:]:
        return Feedback(
            False,
            "that is one image; a batch is a slice of many images, "
            "images[start:stop].",
        )
    if got.ndim == images.ndim and got.shape[1:] == images.shape[1:]:
        for other in (n - 1, n + 1):
            batch = images[other * batch_size : (other + 1) * batch_size]
            if other >= 0 and np.array_equal(got, batch):
                later = "after" if other > n else "before"
                return Feedback(
                    False,
                    f"that is batch {other}, the one {later}: batches count "
                    "from 0, so batch 0 starts at sample 0.",
                )
        if np.array_equal(got, images[n : n + batch_size]):
            return Feedback(
                False,
                f"that slice starts at sample {n}: batch {n} starts after "
                f"{n} whole batches of {batch_size}.",
            )
        if len(got) != batch_size:
            return Feedback(
                False,
                f"your slice holds {len(got)} image"
                f"{'' if len(got) == 1 else 's'}, not {batch_size}: the "
                "stop is the start of the next batch (the stop is excluded).",
            )
        flat = images.reshape(len(images), -1)
        starts = np.flatnonzero((flat == got[0].reshape(-1)).all(axis=1))
        starts = [
            int(i)
            for i in starts[:3]
            if np.array_equal(got, images[i : i + batch_size])
        ]
        if starts:
            return Feedback(
                False,
                f"your slice starts at sample {starts[0]}; batch {n} starts "
                f"at {batch_size} * {n}.",
            )
    return check_array(got, expected, what="pixels")


def check_center_crop(
    answer: object, images: np.ndarray, *, size: int = 20
) -> Feedback:
    """The central ``size`` x ``size`` patch of every image in ``images``."""
    got = _array_or_feedback(answer)
    if isinstance(got, Feedback):
        return got
    images = np.asarray(images)
    count, rows, cols = images.shape
    top, left = (rows - size) // 2, (cols - size) // 2
    expected = images[:, top : top + size, left : left + size]
    if got.shape == expected.shape and np.array_equal(got, expected):
        return Feedback(
            True, "the centre of every image, the sample axis kept whole."
        )
    if got.ndim == 2:
        return Feedback(
            False,
            f"shape {got.shape} is one image; crop every image, keeping the "
            "sample axis whole with `:` first.",
        )
    if got.ndim == 3 and len(got) != count:
        return Feedback(
            False,
            f"your array holds {len(got)} images, not all {count}: the first "
            "index selects images, so keep it whole with `:`.",
        )
    if got.ndim == 3 and got.shape[1:] != (size, size):
        return Feedback(
            False,
            f"each crop is {got.shape[1]} x {got.shape[2]} pixels, not "
            f"{size} x {size}. On an axis of {rows}, `a:-a` keeps "
            f"{rows} - 2a pixels, on both the rows and the columns.",
        )
    if got.shape == expected.shape:
        if np.array_equal(got, images[:, :size, :size]):
            return Feedback(
                False,
                "that is the top-left corner; the crop should be centred "
                "(use negative stops).",
            )
        offsets = [
            (a, b)
            for a in range(rows - size + 1)
            for b in range(cols - size + 1)
            # The first image rules out most offsets cheaply.
            if np.array_equal(got[0], images[0, a : a + size, b : b + size])
            and np.array_equal(got, images[:, a : a + size, b : b + size])
        ]
        if offsets:
            return Feedback(
                False,
                f"the crops are {size} x {size} but not centred: as many "
                "pixels should go on each side, top and bottom, left and "
                "right.",
            )
    return check_array(
        got,
        expected,
        what="pixels",
        hints=[
            (
                lambda a: a.max() <= 1 < images.max(),
                "keep the pixels as they are: cropping does not rescale.",
            ),
        ],
    )


def check_video_batch_bytes(
    answer: object,
    *,
    shape: tuple[int, ...] = (8, 120, 224, 224, 3),
    dtype: str = "float32",
) -> Feedback:
    """The memory, in bytes, of a video batch of ``shape`` and ``dtype``."""
    got = read_number(answer, "the answer is a number of bytes")
    if isinstance(got, Feedback):
        return got
    values = int(np.prod(shape, dtype=np.int64))
    itemsize = np.dtype(dtype).itemsize
    expected = values * itemsize
    if got == expected:
        return Feedback(
            True, "values times bytes per value, for every axis of the batch."
        )
    samples, frames = shape[0], shape[1]
    mistakes = [
        (
            values,
            f"that is the number of values; each {dtype} value takes more "
            "than one byte.",
        ),
        (
            expected // shape[-1],
            "that leaves out the channel axis: an RGB pixel has a value per "
            "colour.",
        ),
        (
            expected // samples,
            "that is one clip; the batch holds all of them.",
        ),
        (
            expected // frames * 5,
            "that counts seconds, not frames: each second has 24 frames.",
        ),
        (
            expected // 5,
            "that is one second of each clip; each clip lasts 5 seconds.",
        ),
        (
            values * 8,
            "8 bytes is a float64 value; the clips are stored as float32.",
        ),
        (expected * 8, "that is in bits; a byte is 8 bits."),
        (expected / 2**20, "that is in mebibytes; give the answer in bytes."),
        (expected / 1e6, "that is in megabytes; give the answer in bytes."),
        (expected / 2**30, "that is in gibibytes; give the answer in bytes."),
        (expected / 1e9, "that is in gigabytes; give the answer in bytes."),
    ]
    for wrong, message in mistakes:
        if np.isclose(got, wrong, rtol=1e-6):
            return Feedback(False, message)
    return Feedback(
        False,
        "multiply the lengths of all five axes, then the bytes per value; "
        "one factor is off.",
    )


def check_independent_crop(
    answer: object, original: np.ndarray, rows: slice, cols: slice
) -> Feedback:
    """A crop ``original[rows, cols]`` with memory of its own."""
    got = _array_or_feedback(answer)
    if isinstance(got, Feedback):
        return got
    original = np.asarray(original)
    expected = original[rows, cols]
    if got.shape == expected.shape and not np.array_equal(got, expected):
        corners = {
            "top-left": original[: len(expected), : expected.shape[1]],
            "top-right": original[: len(expected), -expected.shape[1] :],
            "bottom-left": original[-len(expected) :, : expected.shape[1]],
            "bottom-right": original[-len(expected) :, -expected.shape[1] :],
        }
        for name, corner in corners.items():
            if np.array_equal(got, corner):
                return Feedback(
                    False,
                    f"that is the {name} corner of the image; the rows come "
                    "first, then the columns.",
                )
    feedback = check_array(got, expected, what="pixels")
    if not feedback:
        return feedback
    if isinstance(answer, np.ndarray) and np.shares_memory(answer, original):
        return Feedback(
            False,
            "the pixels are right, but the crop is a view: it shares memory "
            "with the image, so writing into it would change the image too.",
        )
    if isinstance(answer, (list, tuple)) and any(
        isinstance(row, np.ndarray) and np.shares_memory(row, original)
        for row in answer
    ):
        return Feedback(
            False,
            "the rows of your list are views of the image: writing into "
            "them would change it. Make one array with memory of its own.",
        )
    return Feedback(True, "the crop owns its memory: painting it is safe.")


def _batches(
    batches_of: object, x: np.ndarray, size: int
) -> list[list] | Feedback:
    result = call_learner(batches_of, x, size, name="batches_of")
    if isinstance(result, Feedback):
        return result
    if not inspect.isgenerator(result):
        return Feedback(
            False,
            f"`batches_of` returned {describe(result)}; make it a generator "
            "with `yield`, so that it hands out one batch at a time.",
        )
    batches = []
    try:
        for batch in result:
            batches.append(np.asarray(batch).tolist())
            if len(batches) > 3 * len(x) + 3:
                break
    except Exception as exc:  # noqa: BLE001 - the learner's error is the feedback
        return Feedback(
            False,
            f"iterating over batches_of raised {type(exc).__name__}: {exc}",
        )
    return batches


def check_batch_generator(batches_of: object) -> Feedback:
    """A generator function ``batches_of(x, batch_size)``."""
    # Values that are not their own positions, so that yielding the
    # positions (np.arange(start, stop)) instead of x's rows fails.
    for first, stop, size in ((10, 20, 4), (10, 18, 4), (10, 17, 7)):
        x = np.arange(first, stop)
        got = _batches(batches_of, x, size)
        if isinstance(got, Feedback):
            return got
        want = [x[i : i + size].tolist() for i in range(0, len(x), size)]
        if got == want:
            continue
        call = f"batches_of(np.arange({first}, {stop}), {size})"
        plural = "batch" if len(got) == 1 else "batches"
        count = f"{call} yielded {len(got)} {plural}"
        if got == want[:-1]:
            return Feedback(
                False,
                f"{count}: the last one, shorter, is missing; every sample "
                "must be seen once.",
            )
        if got[: len(want)] == want and all(
            b == [] for b in got[len(want) :]
        ):
            return Feedback(
                False,
                f"{count}, the last one empty: stop when no sample is left.",
            )
        flat = [s for b in got for s in np.ravel(b).tolist()]
        sizes = [np.size(b) for b in got]
        if flat == x.tolist() and sizes == [len(w) for w in want]:
            return Feedback(
                False,
                f"{count} holding the right samples, but each batch should "
                "be the slice x[start:stop] itself, not wrapped in another "
                "list or axis.",
            )
        if flat == x.tolist():
            return Feedback(
                False,
                f"{count}, every sample once but in batches of other sizes: "
                f"each batch but the last holds batch_size samples.",
            )
        for i, (batch, right) in enumerate(zip(got, want, strict=False)):
            if batch != right:
                text = str(batch)
                text = text if len(text) <= 40 else text[:37] + "..."
                return Feedback(
                    False,
                    f"{count}; batch {i} is {text}, which is not "
                    f"x[{i} * batch_size:{i + 1} * batch_size].",
                )
        return Feedback(
            False,
            f"{count}: there should be one batch per batch_size samples, "
            "the last one shorter.",
        )
    return Feedback(
        True, "consecutive batches, the last one shorter, one at a time."
    )


def check_warmest_hour(answer: object, weather: np.ndarray) -> Feedback:
    """The hour of the day (0 to 23) warmest on average over the days.

    ``weather`` has shape (days, 24, features) with the temperature as
    feature 0, as :func:`dlmath.synthetic.make_daily_series` makes it.
    """
    if isinstance(answer, np.ndarray) and answer.size > 1:
        meaning = {
            (24,): "one value per hour: take its argmax",
            (1, 24): "one value per hour (keepdims kept an axis): take its "
            "argmax",
            (len(weather),): "one value per day: the reduction went along "
            "the hours; average over the days instead",
        }.get(answer.shape, "several values; the answer is one hour")
        return Feedback(
            False, f"your answer has shape {answer.shape}: {meaning}."
        )
    value = read_number(
        answer, "the answer is an hour, a whole number from 0 to 23"
    )
    if isinstance(value, Feedback):
        return value
    weather = np.asarray(weather, dtype=np.float64)
    temperature = weather[:, :, 0]
    profile = temperature.mean(axis=0)  # one mean per hour
    expected = int(profile.argmax())
    if value == expected:
        return Feedback(
            True, "averaging over the days (axis 0) left one value per hour."
        )
    if not float(value).is_integer():
        if np.isclose(value, profile, rtol=1e-4).any():
            return Feedback(
                False,
                "that is a temperature; the question asks for the hour "
                "(argmax, not max).",
            )
        return Feedback(False, "an hour of the day is a whole number.")
    mistakes = [
        (
            int(temperature.argmax()) % 24,
            "that is the hour of the single warmest reading; average over "
            "the days first.",
        ),
        (
            int(temperature.mean(axis=1).argmax()),
            "that is a day: averaging over axis 1 removed the hours. "
            "Average over the days, axis 0.",
        ),
        (
            int(temperature.argmax()),
            "that is a position in the flattened array: give argmax an axis.",
        ),
        (
            int(weather.mean(axis=0).argmax()),
            "that is a position among all the features' means; take the "
            "temperature, feature 0, alone.",
        ),
        (
            int(profile.argmin()),
            "that hour is the coldest on average: take the argmax (not "
            "argmin) of the temperature, feature 0.",
        ),
    ]
    for wrong, message in mistakes:
        if value == wrong:
            return Feedback(False, message)
    if not 0 <= value <= 23:
        return Feedback(
            False, "an hour of the day is a whole number from 0 to 23."
        )
    return Feedback(
        False,
        f"hour {value:g} is not the warmest on average. Average the "
        "temperature over the days, then take the argmax: the position it "
        "gives is the hour itself.",
    )
