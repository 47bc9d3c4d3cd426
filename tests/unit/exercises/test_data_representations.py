from __future__ import annotations

import numpy as np
import pytest

from dlmath.exercises.data_representations import (
    check_batch_generator,
    check_center_crop,
    check_image_batch_shape,
    check_independent_crop,
    check_nth_batch,
    check_video_batch_bytes,
    check_warmest_hour,
)
from dlmath.synthetic import make_daily_series

IMAGES = np.random.default_rng(0).integers(0, 256, size=(1000, 28, 28), dtype=np.uint8)
WEATHER = make_daily_series(365, seed=0)

BLANK_CALLS = {
    "image_batch_shape": check_image_batch_shape,
    "nth_batch": lambda a: check_nth_batch(a, IMAGES),
    "center_crop": lambda a: check_center_crop(a, IMAGES),
    "video_batch_bytes": check_video_batch_bytes,
    "independent_crop": lambda a: check_independent_crop(a, IMAGES[4], slice(7, -7), slice(7, -7)),
    "batch_generator": check_batch_generator,
    "warmest_hour": lambda a: check_warmest_hour(a, WEATHER),
}


@pytest.mark.parametrize("name", BLANK_CALLS)
@pytest.mark.parametrize("blank", [..., None])
def test_blank_answers_say_not_yet(name, blank):
    feedback = BLANK_CALLS[name](blank)
    assert (
        not feedback and repr(feedback) == "Not yet: replace the `...` with your answer, then run the cell."
    )


def test_image_batch_shape():
    right = check_image_batch_shape((32, 64, 48, 3))
    assert right and "32" not in right.message and "48" not in right.message
    assert check_image_batch_shape(np.zeros((32, 64, 48, 3)).shape)
    assert "channels-first" in check_image_batch_shape((32, 3, 64, 48)).message
    assert "width before the height" in check_image_batch_shape((32, 48, 64, 3)).message
    assert "batch axis" in check_image_batch_shape((64, 48, 3)).message
    assert "add the channel axis" in check_image_batch_shape((32, 64, 48)).message
    assert "rank 4, got rank 2" in check_image_batch_shape((32, 64)).message
    wrong = check_image_batch_shape((32, 64, 48, 1))
    assert not wrong and "(samples, height, width, channels)" in wrong.message
    assert "tuple of integers" in check_image_batch_shape(7).message


def test_nth_batch():
    right = check_nth_batch(IMAGES[512:640], IMAGES, n=4)
    assert right and "512" not in right.message
    assert "that is batch 3. Batches count from 0" in check_nth_batch(IMAGES[384:512], IMAGES, n=4).message
    assert "that is batch 5" in check_nth_batch(IMAGES[640:768], IMAGES, n=4).message
    assert (
        "it starts at sample 4; batch 4 starts at 128 * 4 = 512"
        in check_nth_batch(IMAGES[4:132], IMAGES).message
    )
    assert (
        "expected shape (128, 28, 28), got shape (129, 28, 28)"
        in check_nth_batch(IMAGES[512:641], IMAGES).message
    )


def test_center_crop():
    right = check_center_crop(IMAGES[:, 4:-4, 4:-4], IMAGES)
    assert right and "4:-4" not in right.message
    assert "one image" in check_center_crop(IMAGES[0, 4:-4, 4:-4], IMAGES).message
    assert (
        "each crop is 22 x 22 pixels, not 20 x 20" in check_center_crop(IMAGES[:, 3:-3, 3:-3], IMAGES).message
    )
    assert "top-left corner" in check_center_crop(IMAGES[:, :20, :20], IMAGES).message
    assert "values differ" in check_center_crop(IMAGES[:, 8:, 8:], IMAGES).message


def test_video_batch_bytes():
    right = 8 * 120 * 224 * 224 * 3 * 4
    feedback = check_video_batch_bytes(right)
    assert feedback and str(right) not in feedback.message and f"{right:,}" not in feedback.message
    assert check_video_batch_bytes(np.int64(right))
    assert "number of values; each float32 value takes 4 bytes" in check_video_batch_bytes(right // 4).message
    assert "channel axis" in check_video_batch_bytes(right // 3).message
    assert "bits" in check_video_batch_bytes(right * 8).message
    assert "mebibytes" in check_video_batch_bytes(right / 2**20).message
    assert "megabytes" in check_video_batch_bytes(right / 1e6).message
    off = check_video_batch_bytes(right + 1)
    assert not off and "one factor is off" in off.message and str(right) not in off.message
    assert "expected a number of bytes" in check_video_batch_bytes("400 MB").message
    assert "expected a number of bytes" in check_video_batch_bytes(True).message
    assert check_video_batch_bytes(2 * 3, shape=(2, 3), dtype="uint8")


def test_independent_crop():
    digit = IMAGES[4]
    right = check_independent_crop(digit[7:-7, 7:-7].copy(), digit, slice(7, -7), slice(7, -7))
    assert right and "owns its memory" in right.message
    view = check_independent_crop(digit[7:-7, 7:-7], digit, slice(7, -7), slice(7, -7))
    assert not view and "view" in view.message and ".copy()" in view.message
    assert (
        "expected shape (14, 14)"
        in check_independent_crop(digit[7:, 7:].copy(), digit, slice(7, -7), slice(7, -7)).message
    )


def right_batches(x, batch_size):
    for start in range(0, len(x), batch_size):
        yield x[start : start + batch_size]


def drops_last(x, batch_size):
    for start in range(0, len(x) - batch_size + 1, batch_size):
        yield x[start : start + batch_size]


def returns_list(x, batch_size):
    return [x[i : i + batch_size] for i in range(0, len(x), batch_size)]


def overlapping(x, batch_size):
    for start in range(0, len(x), batch_size - 1):
        yield x[start : start + batch_size]


def empty_at_end(x, batch_size):
    for start in range(0, len(x) + 1, batch_size):
        yield x[start : start + batch_size]


def stub(x, batch_size):
    raise NotImplementedError


def generator_stub(x, batch_size):
    raise NotImplementedError
    yield x


def broken(x, batch_size):
    yield x[:batch_size] + undefined  # noqa: F821


@pytest.mark.parametrize(
    ("function", "ok", "words"),
    [
        (right_batches, True, "consecutive batches"),
        (drops_last, False, "last, shorter batch [8, 9] is missing"),
        (returns_list, False, "returned a list; make it a generator with `yield`"),
        (overlapping, False, "yielded [[0, 1, 2, 3], [3, 4, 5, 6]"),
        (empty_at_end, False, "no empty batch at the end"),
        (stub, False, "replace `raise NotImplementedError`"),
        (generator_stub, False, "replace `raise NotImplementedError`"),
        (broken, False, "raised NameError"),
        (42, False, "must be a function, got int"),
    ],
)
def test_batch_generator(function, ok, words):
    feedback = check_batch_generator(function)
    assert bool(feedback) is ok and words in feedback.message, feedback.message


def test_warmest_hour():
    temperature = WEATHER[:, :, 0]
    hour = int(temperature.mean(axis=0).argmax())
    right = check_warmest_hour(hour, WEATHER)
    assert right and str(hour) not in right.message
    assert check_warmest_hour(np.int64(hour), WEATHER)


@pytest.mark.parametrize(
    ("make_answer", "words"),
    [
        (lambda t: t.mean(axis=0).max(), "temperature itself"),
        (lambda t: t.mean(axis=1).argmax(), "that is a day"),
        (lambda t: t.argmax(), "flattened array"),
        (lambda t: t.argmax() % 24, "single warmest reading"),
        (lambda t: 30, "whole number from 0 to 23"),
        (lambda t: 2.5, "whole number from 0 to 23"),
        (lambda t: (t.mean(axis=0).argmax() + 3) % 24, "then take the argmax"),
        (lambda t: "afternoon", "got 'afternoon'"),
        (lambda t: True, "got True"),
    ],
)
def test_warmest_hour_names_the_mistake(make_answer, words):
    feedback = check_warmest_hour(make_answer(WEATHER[:, :, 0]), WEATHER)
    assert not feedback and words in feedback.message, feedback.message
