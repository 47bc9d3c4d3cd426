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
)

IMAGES = np.random.default_rng(0).integers(0, 256, size=(1000, 28, 28), dtype=np.uint8)


def test_image_batch_shape():
    assert check_image_batch_shape((32, 64, 48, 3))
    assert check_image_batch_shape(np.zeros((32, 64, 48, 3)).shape)
    assert "channels-first" in check_image_batch_shape((32, 3, 64, 48)).message
    assert "width before the height" in check_image_batch_shape((32, 48, 64, 3)).message
    assert "batch axis" in check_image_batch_shape((64, 48, 3)).message
    assert (
        "expected shape (32, 64, 48, 3), got shape (32, 64, 48)"
        in check_image_batch_shape((32, 64, 48)).message
    )
    assert "tuple of integers" in check_image_batch_shape(7).message
    assert "no answer yet" in check_image_batch_shape(...).message


def test_nth_batch():
    assert check_nth_batch(IMAGES[512:640], IMAGES, n=4)
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
    assert "no answer yet" in check_nth_batch(..., IMAGES).message


def test_center_crop():
    assert check_center_crop(IMAGES[:, 4:-4, 4:-4], IMAGES)
    assert "one image" in check_center_crop(IMAGES[0, 4:-4, 4:-4], IMAGES).message
    assert (
        "each crop is 22 x 22 pixels, not 20 x 20" in check_center_crop(IMAGES[:, 3:-3, 3:-3], IMAGES).message
    )
    assert "top-left corner" in check_center_crop(IMAGES[:, :20, :20], IMAGES).message
    assert "values differ" in check_center_crop(IMAGES[:, 8:, 8:], IMAGES).message


def test_video_batch_bytes():
    right = 8 * 120 * 224 * 224 * 3 * 4
    assert check_video_batch_bytes(right)
    assert check_video_batch_bytes(np.int64(right))
    assert "number of values; each float32 value takes 4 bytes" in check_video_batch_bytes(right // 4).message
    assert "channel axis" in check_video_batch_bytes(right // 3).message
    assert "bits" in check_video_batch_bytes(right * 8).message
    assert "mebibytes" in check_video_batch_bytes(right / 2**20).message
    assert "megabytes" in check_video_batch_bytes(right / 1e6).message
    assert f"expected the number of bytes {right}, got" in check_video_batch_bytes(right + 1).message
    assert "expected a number of bytes" in check_video_batch_bytes("400 MB").message
    assert check_video_batch_bytes(2 * 3, shape=(2, 3), dtype="uint8")


def test_independent_crop():
    digit = IMAGES[4]
    assert check_independent_crop(digit[7:-7, 7:-7].copy(), digit, slice(7, -7), slice(7, -7))
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


@pytest.mark.parametrize(
    ("function", "ok", "words"),
    [
        (right_batches, True, "consecutive batches"),
        (drops_last, False, "last, shorter batch [8, 9] is missing"),
        (returns_list, False, "returned a list; make it a generator with `yield`"),
        (overlapping, False, "yielded [[0, 1, 2, 3], [3, 4, 5, 6]"),
        (empty_at_end, False, "no empty batch at the end"),
        (..., False, "no answer yet"),
        (42, False, "must be a function, got int"),
    ],
)
def test_batch_generator(function, ok, words):
    feedback = check_batch_generator(function)
    assert bool(feedback) is ok and words in feedback.message
