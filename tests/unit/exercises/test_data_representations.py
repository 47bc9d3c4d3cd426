"""Exercises of 2.2: right forms pass, beginners' wrong answers fail, no message leaks."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.exercises import data_representations as ex
from dlmath.synthetic import make_daily_series

IMAGES = np.random.default_rng(0).integers(0, 256, size=(1000, 28, 28), dtype=np.uint8)
WEATHER = make_daily_series(365, seed=0)
CORNER = (slice(14, None), slice(14, None))

CHECKS = [
    ex.check_image_batch_shape,
    lambda a: ex.check_nth_batch(a, IMAGES),
    lambda a: ex.check_center_crop(a, IMAGES),
    ex.check_video_batch_bytes,
    lambda a: ex.check_independent_crop(a, IMAGES[4], *CORNER),
    lambda a: ex.check_warmest_hour(a, WEATHER),
    ex.check_batch_generator,
]


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("blank", [..., None])
def test_a_blank_says_not_yet(check, blank):
    feedback = check(blank)
    assert not feedback and feedback.message.endswith("then run the cell.")


# --- 2.2.1 ------------------------------------------------------------------------------------
SHAPE = (32, 64, 48, 3)


@pytest.mark.parametrize("answer", [SHAPE, list(SHAPE), np.array(SHAPE), (np.int64(32), 64, 48, 3)])
def test_image_batch_shape_right_forms(answer):
    assert ex.check_image_batch_shape(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ((32, 3, 64, 48), "channels-first"),
        ((32, 48, 64, 3), "width before"),
        ((64, 48, 3), "one image"),
        ((32, 64, 48), "channel axis"),
        ((32, 64, 48, 1), "grayscale"),
        ((32, 64 * 48 * 3), "flattened"),
        ((3, 64, 48, 32), "another order"),
        ((32, 48, 64, 1), "axes 1, 2, 3"),
        ("32, 64, 48, 3", "tuple of whole numbers"),
    ],
)
def test_image_batch_shape_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_image_batch_shape(answer), SHAPE, contains=words, answer=answer)


# --- 2.2.2 ------------------------------------------------------------------------------------
BATCH = IMAGES[512:640]


@pytest.mark.parametrize(
    "answer",
    [IMAGES[128 * 4 : 128 * 5], IMAGES[512:640].copy(), IMAGES[512:640].astype("float32"), list(BATCH)],
)
def test_nth_batch_right_forms(answer):
    assert ex.check_nth_batch(answer, IMAGES, n=4, batch_size=128)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (IMAGES[640:768], "batch 5, the one after"),
        (IMAGES[384:512], "batch 3, the one before"),
        (IMAGES[4:132], "starts at sample 4"),
        (IMAGES[512:639], "127 images"),
        (IMAGES[512:641], "129 images"),
        (IMAGES[500:628], "starts at sample 500"),
        (IMAGES[512], "one image"),
        (IMAGES[512:513], "holds 1 image,"),
        (IMAGES[512:640, :14], "axis 1"),
        (IMAGES[512:640] / 255, "pixels are not right"),
        ("batch 4", "array of pixels"),
    ],
)
def test_nth_batch_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_nth_batch(answer, IMAGES), BATCH[0, 0, :6], contains=words)


# --- 2.2.3 ------------------------------------------------------------------------------------
CROP = IMAGES[:, 4:-4, 4:-4]


@pytest.mark.parametrize("answer", [IMAGES[:, 4:-4, 4:-4], IMAGES[:, 4:24, 4:24], CROP.astype(float)])
def test_center_crop_right_forms(answer):
    assert ex.check_center_crop(answer, IMAGES, size=20)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (IMAGES[:, 8:-8, 8:-8], "12 x 12"),
        (IMAGES[:, 3:-3, 3:-3], "22 x 22"),
        (IMAGES[:, 4:-4], "20 x 28"),
        (IMAGES[4:-4, 4:-4], "not all 1000"),
        (IMAGES[:, :20, :20], "top-left"),
        (IMAGES[:, 5:-3, 5:-3], "not centred"),
        (IMAGES[:, 4:-4, 3:-5], "not centred"),
        (IMAGES[0, 4:-4, 4:-4], "one image"),
        # centred, but rescaled or transposed: not a matter of centring
        (CROP / 255, "does not rescale"),
        (CROP.transpose(0, 2, 1), "pixels are not right"),
    ],
)
def test_center_crop_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_center_crop(answer, IMAGES, size=20), (1000, 20, 20), contains=words)


# --- 2.2.4 ------------------------------------------------------------------------------------
BYTES = 8 * 120 * 224 * 224 * 3 * 4


@pytest.mark.parametrize(
    "answer", [BYTES, np.int64(BYTES), float(BYTES), 5.7802752e8, np.prod((8, 120, 224, 224, 3)) * 4]
)
def test_video_bytes_right_forms(answer):
    assert ex.check_video_batch_bytes(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (str(BYTES), "a string, not a number"),
        (BYTES // 4, "number of values"),
        (BYTES // 3, "channel axis"),
        (BYTES // 8, "one clip"),
        (8 * 5 * 224 * 224 * 3 * 4, "seconds, not frames"),
        (8 * 24 * 224 * 224 * 3 * 4, "one second"),
        (BYTES * 2, "float64"),
        (BYTES * 8, "bits"),
        (BYTES / 2**20, "mebibytes"),
        (BYTES / 1e6, "megabytes"),
        (BYTES / 1e9, "gigabytes"),
        (BYTES + 4, "one factor is off"),
        ([8, 120, 224, 224, 3], "number of bytes"),
    ],
)
def test_video_bytes_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_video_batch_bytes(answer), BYTES, contains=words, answer=answer)


# --- 2.2.5 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer",
    [
        IMAGES[4, 14:, 14:].copy(),
        np.array(IMAGES[4, 14:, 14:]),
        np.copy(IMAGES[4][14:, 14:]),
        IMAGES[4, 14:, 14:].astype("float32"),
        IMAGES[4, 14:, 14:].tolist(),
    ],
)
def test_independent_crop_right_forms(answer):
    assert ex.check_independent_crop(answer, IMAGES[4], *CORNER)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (IMAGES[4, 14:, 14:], "view"),
        (IMAGES[4][14:][:, 14:], "view"),
        (list(IMAGES[4, 14:, 14:]), "views of the image"),
        (IMAGES[4, :14, :14].copy(), "top-left"),
        (IMAGES[4, :14, 14:].copy(), "top-right"),
        (IMAGES[4, 14:, :14].copy(), "bottom-left"),
        (IMAGES[5, 14:, 14:].copy(), "pixels are not right"),
        (IMAGES[4, 14:, 13:].copy(), "axis 1"),
    ],
)
def test_independent_crop_wrong_answers(answer, words, assert_not_yet):
    target = IMAGES[4, 14:, 14:]
    assert_not_yet(ex.check_independent_crop(answer, IMAGES[4], *CORNER), target[0, :4], contains=words)


# --- 2.2.6 ------------------------------------------------------------------------------------
TEMPERATURE = WEATHER[:, :, 0]
HOUR = int(TEMPERATURE.mean(axis=0).argmax())


def test_the_weather_data_separates_the_usual_mistakes():
    candidates = [
        int(TEMPERATURE.argmax()) % 24,
        int(TEMPERATURE.mean(axis=1).argmax()),
        int(TEMPERATURE.argmax()),
        int(WEATHER.mean(axis=0).argmax()),
        int(TEMPERATURE.mean(axis=0).argmin()),
        HOUR + 1,
    ]
    assert HOUR not in candidates and len(set(candidates)) == len(candidates)


@pytest.mark.parametrize(
    "answer", [TEMPERATURE.mean(axis=0).argmax(), HOUR, float(HOUR), np.array(HOUR), np.array([HOUR])]
)
def test_warmest_hour_right_forms(answer):
    assert ex.check_warmest_hour(answer, WEATHER)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (TEMPERATURE.mean(axis=0).max(), "temperature"),
        (TEMPERATURE.mean(axis=1).argmax(), "that is a day"),
        (TEMPERATURE.argmax(), "flattened"),
        (TEMPERATURE.argmax() % 24, "single warmest reading"),
        (WEATHER.mean(axis=0).argmax(), "features"),
        (TEMPERATURE.mean(axis=0).argmin(), "coldest"),
        (WEATHER[:, :, 1].mean(axis=0).argmax(), "argmax (not argmin)"),
        # hours counted from 1: a message naming the off-by-one would give the hour away
        (HOUR + 1, "the hour itself"),
        (TEMPERATURE.mean(axis=0), "one value per hour"),
        (TEMPERATURE.mean(axis=0, keepdims=True), "keepdims"),
        (TEMPERATURE.argmax(axis=1), "one value per day"),
        (24, "0 to 23"),
        ((HOUR + 5) % 24, "not the warmest"),
        ("15", "a string, not a number"),
    ],
)
def test_warmest_hour_wrong_answers(answer, words, assert_not_yet):
    feedback = ex.check_warmest_hour(answer, WEATHER)
    assert_not_yet(feedback, HOUR, contains=words, allowed=("0 to 23",), answer=answer)
    assert "[" not in feedback.message  # no array dump


# --- 2.2.7 ------------------------------------------------------------------------------------
def _right(x, batch_size):
    for start in range(0, len(x), batch_size):
        yield x[start : start + batch_size]


def _as_lists(x, batch_size):
    for start in range(0, len(x), batch_size):
        yield list(x[start : start + batch_size])


def _expression(x, batch_size):
    return (x[i : i + batch_size] for i in range(0, len(x), batch_size))


def _yield_from(x, batch_size):
    yield from (x[i : i + batch_size] for i in range(0, len(x), batch_size))


def _split(x, batch_size):
    yield from np.split(x, range(batch_size, len(x), batch_size))


def _copies(x, batch_size):
    start = 0
    while start < len(x):
        yield x[start : start + batch_size].copy()
        start += batch_size


@pytest.mark.parametrize("function", [_right, _as_lists, _expression, _yield_from, _split, _copies])
def test_batch_generator_right_forms(function):
    assert ex.check_batch_generator(function)


def _no_last(x, batch_size):
    for i in range(len(x) // batch_size):
        yield x[i * batch_size : (i + 1) * batch_size]


def _empty_last(x, batch_size):
    for start in range(0, len(x) + 1, batch_size):
        yield x[start : start + batch_size]


def _returns_list(x, batch_size):
    return [x[i : i + batch_size] for i in range(0, len(x), batch_size)]


def _overlap(x, batch_size):
    for start in range(0, len(x), batch_size):
        yield x[start : start + batch_size + 1]


def _step_one(x, batch_size):
    for start in range(len(x)):
        yield x[start : start + batch_size]


def _halves(x, batch_size):
    yield x[: len(x) // 2]
    yield x[len(x) // 2 :]


def _positions(x, batch_size):
    # the positions of the batch, not its samples: caught only when x is not np.arange(n)
    for start in range(0, len(x), batch_size):
        yield np.arange(start, min(start + batch_size, len(x)))


def _wrapped(x, batch_size):
    for start in range(0, len(x), batch_size):
        yield (x[start : start + batch_size],)


def _padded(x, batch_size):
    for start in range(0, len(x), batch_size):
        batch = x[start : start + batch_size]
        yield np.concatenate([batch, np.zeros(batch_size - len(batch), x.dtype)])


def _only_first(x, batch_size):
    yield x[:batch_size]


def _stub(x, batch_size):
    raise NotImplementedError


def _raises(x, batch_size):
    yield x[batch_size.start]


@pytest.mark.parametrize(
    ("function", "words"),
    [
        (_no_last, "shorter, is missing"),
        (_empty_last, "last one empty"),
        (_returns_list, "generator"),
        (_overlap, "batch 0 is [10, 11, 12, 13, 14]"),
        (_positions, "batch 0 is [0, 1, 2, 3]"),
        (_wrapped, "not wrapped"),
        (_padded, "batch 2 is [18, 19, 0, 0]"),
        (_only_first, "yielded 1 batch:"),
        (_step_one, "10 batches"),
        (_halves, "other sizes"),
        (_stub, "then run the cell"),
        (_raises, "raised AttributeError"),
        ("batches_of", "pass the function"),
    ],
)
def test_batch_generator_wrong_answers(function, words, assert_not_yet):
    assert_not_yet(ex.check_batch_generator(function), (2, 4), contains=words)
