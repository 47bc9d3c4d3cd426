from __future__ import annotations

import numpy as np
import pytest
from matplotlib.patches import Polygon

from dlmath.tensors import (
    DAILY_SERIES_FEATURES,
    DIGIT_FEATURES,
    count_batches,
    digit_features,
    get_batch,
    iterate_batches,
    make_daily_series,
    make_moving_digits,
    show_crop,
    show_digit_at,
    show_tensor_rank,
)


@pytest.mark.parametrize("rank", range(6))
def test_show_tensor_rank_writes_every_front_value_and_titles_the_attributes(rank):
    x = np.arange(2**rank).reshape((2,) * rank)
    ax = show_tensor_rank(x)
    assert ax.get_title() == f"ndim {rank}, shape {x.shape}, int64"
    values = [t.get_text() for t in ax.texts if t.get_text() and not t.get_text().startswith("axis")]
    # The front face of each cube shows x[..., 0, :, :]; ranks below 3 show every value.
    front = x if rank < 3 else x[..., 0, :, :]
    assert sorted(values, key=int) == [str(v) for v in sorted(front.ravel())]


def test_show_tensor_rank_draws_cubes_only_from_rank_3():
    flat = show_tensor_rank(np.zeros((2, 3)))
    solid = show_tensor_rank(np.zeros((2, 2, 3)))
    assert not any(isinstance(p, Polygon) for p in flat.patches)
    assert any(isinstance(p, Polygon) for p in solid.patches)


def test_show_tensor_rank_names_axes_for_ranks_1_to_3():
    labels = [
        t.get_text() for t in show_tensor_rank(np.zeros((2, 2, 3))).texts if t.get_text().startswith("axis")
    ]
    assert sorted(labels) == ["axis 0", "axis 1", "axis 2"]


def test_show_tensor_rank_formats_floats_and_takes_a_title():
    ax = show_tensor_rank(np.array(1 / 3, np.float32), title="a scalar")
    assert ax.get_title() == "a scalar" and ax.texts[0].get_text() == "0.333"


@pytest.mark.parametrize(
    ("x", "error", "pattern"),
    [
        (np.zeros((1,) * 6), ValueError, r"rank 0 to 5, got rank 6"),
        (np.zeros((9, 2)), ValueError, r"length 1 to 8 .* got shape \(9, 2\)"),
        (np.zeros((0, 2)), ValueError, r"got shape \(0, 2\)"),
        (np.array(["a", "b"]), TypeError, "must hold numbers, got dtype <U1"),
    ],
)
def test_show_tensor_rank_rejects_what_it_cannot_draw(x, error, pattern):
    with pytest.raises(error, match=pattern):
        show_tensor_rank(x)


def test_show_digit_at_titles_index_and_label_and_accepts_negative_indices():
    images = np.arange(3 * 4 * 4, dtype=np.uint8).reshape(3, 4, 4)
    fig = show_digit_at(images, [7, 8, 9], -1)
    ax = fig.axes[0]
    assert ax.get_title() == "images[-1]: label 9"
    np.testing.assert_array_equal(ax.images[0].get_array(), images[-1])
    assert ax.get_xlabel() == "pixels 32 to 47"


@pytest.mark.parametrize(
    ("index", "labels", "error", "pattern"),
    [
        (3, [0, 1, 2], IndexError, r"index 3 is out of range for 3 images \(valid: 0 to 2, or -3 to -1\)"),
        (-4, [0, 1, 2], IndexError, "index -4 is out of range"),
        (0, [0, 1], ValueError, "labels has 2 entries but there are 3 images"),
    ],
)
def test_show_digit_at_rejects_bad_index_or_labels(index, labels, error, pattern):
    with pytest.raises(error, match=pattern):
        show_digit_at(np.zeros((3, 4, 4)), labels, index)


def test_show_digit_at_needs_rank_3():
    with pytest.raises(ValueError, match=r"rank 3 .* got shape \(4, 4\)"):
        show_digit_at(np.zeros((4, 4)), [0], 0)


def test_show_crop_outlines_the_crop_and_shows_it():
    image = np.arange(28 * 28).reshape(28, 28)
    fig = show_crop(image, slice(14, None), slice(7, -7))
    left, right = fig.axes
    (outline,) = left.patches
    assert outline.get_xy() == (6.5, 13.5) and outline.get_width() == 14 and outline.get_height() == 14
    np.testing.assert_array_equal(right.images[0].get_array(), image[14:, 7:-7])
    assert right.get_title() == "image[14:, 7:-7]\nshape (14, 14)"


@pytest.mark.parametrize(
    ("rows", "cols", "error", "pattern"),
    [
        (slice(10, 5), slice(None), ValueError, "selects nothing from an axis of length 28"),
        (slice(0, 28, 2), slice(None), ValueError, "step 1 for a crop, got step 2"),
        ((0, 5), slice(None), TypeError, "must be a slice such as slice"),
    ],
)
def test_show_crop_rejects_bad_slices(rows, cols, error, pattern):
    with pytest.raises(error, match=pattern):
        show_crop(np.zeros((28, 28)), rows, cols)


def test_show_crop_needs_one_image():
    with pytest.raises(ValueError, match=r"rank 2 .* got shape \(2, 28, 28\)"):
        show_crop(np.zeros((2, 28, 28)), slice(None), slice(None))


def test_batches_cover_every_sample_once_and_the_last_is_shorter():
    x = np.arange(60000)
    assert count_batches(60000, 128) == 469
    batches = list(iterate_batches(x, 128))
    assert len(batches) == 469 and len(batches[-1]) == 60000 - 468 * 128
    np.testing.assert_array_equal(np.concatenate(batches), x)
    np.testing.assert_array_equal(get_batch(x, 468), batches[-1])
    assert all(np.shares_memory(b, x) for b in batches[:3])  # views, not copies


def test_iterate_batches_drop_last_and_exact_division():
    assert [len(b) for b in iterate_batches(np.zeros(10), 4, drop_last=True)] == [4, 4]
    assert [len(b) for b in iterate_batches(np.zeros(8), 4)] == [4, 4]
    assert list(iterate_batches(np.zeros((0, 3)), 4)) == []


def test_get_batch_keeps_the_other_axes():
    x = np.zeros((300, 28, 28))
    assert get_batch(x, 1).shape == (128, 28, 28) and get_batch(x, 2).shape == (44, 28, 28)


@pytest.mark.parametrize("n", [3, -1])
def test_get_batch_past_the_end_raises_instead_of_returning_nothing(n):
    message = rf"batch {n} does not exist: 300 samples make 3 batches of 128 \(numbered 0 to 2\)"
    with pytest.raises(IndexError, match=message):
        get_batch(np.zeros(300), n)


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        (lambda: count_batches(10, 0), ValueError, "batch_size must be at least 1, got 0"),
        (lambda: count_batches(10, 2.5), TypeError, "batch_size must be an integer, got float"),
        (lambda: count_batches(-1, 2), ValueError, "n_samples must be at least 0"),
        (lambda: next(iterate_batches(np.array(5), 2)), ValueError, "a scalar .* has no batch axis"),
        (lambda: next(iterate_batches(np.zeros(5), True)), TypeError, "got bool"),
    ],
)
def test_batch_helpers_reject_bad_input(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_digit_features_measure_ink_and_box():
    images = np.zeros((2, 28, 28), np.uint8)
    images[0, 5:15, 10:13] = 255  # a bar 10 high, 3 wide
    table = digit_features(images)
    assert table.shape == (2, len(DIGIT_FEATURES)) and table.dtype == np.float64
    np.testing.assert_allclose(table[0], [30 / 784, 30 / 784, 10, 3])
    np.testing.assert_array_equal(table[1], [0, 0, 0, 0])  # a blank image


def test_digit_features_needs_rank_3():
    with pytest.raises(ValueError, match=r"rank 3 .* got shape \(784,\)"):
        digit_features(np.zeros(784))


def test_daily_series_is_seeded_plausible_and_float32():
    a, b = make_daily_series(30, seed=1), make_daily_series(30, seed=1)
    assert a.shape == (30, 24, len(DAILY_SERIES_FEATURES)) and a.dtype == np.float32
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, make_daily_series(30, seed=2))
    year = make_daily_series(365)
    temperature, humidity, wind = year[..., 0], year[..., 1], year[..., 2]
    assert -30 < temperature.min() and temperature.max() < 45
    assert 15 <= humidity.min() and humidity.max() <= 100 and wind.min() >= 0
    # Afternoons are warmer than nights, summer warmer than winter.
    assert temperature[:, 15].mean() > temperature[:, 4].mean() + 3
    assert temperature[180:210].mean() > temperature[0:30].mean() + 8


@pytest.mark.parametrize("days", [0, 2.5, True])
def test_daily_series_rejects_bad_days(days):
    with pytest.raises(ValueError, match="days must be a positive integer"):
        make_daily_series(days)


def test_moving_digits_keep_every_digit_on_the_canvas_and_move():
    digits = np.zeros((2, 28, 28), np.uint8)
    digits[0, 10:18, 10:18] = 200
    digits[1, 0:4, 0:4] = 100
    clip = make_moving_digits(digits, frames=12, size=64, speed=5, seed=3)
    assert clip.shape == (12, 64, 64) and clip.dtype == np.uint8
    for frame in clip:
        assert (frame == 200).sum() + (frame == 100).sum() >= 64  # the 8x8 square is never cut
        assert (frame == 200).sum() == 64
    assert not np.array_equal(clip[0], clip[1])
    np.testing.assert_array_equal(clip, make_moving_digits(digits, frames=12, size=64, speed=5, seed=3))


def test_moving_digits_bounce_back_inside_the_canvas():
    digit = np.zeros((1, 4, 4), np.uint8)
    digit[0, 0, 0] = 255
    clip = make_moving_digits(digit, frames=50, size=8, speed=3, seed=0)
    positions = [tuple(np.argwhere(frame == 255)[0]) for frame in clip]
    assert all(0 <= r <= 4 and 0 <= c <= 4 for r, c in positions)
    assert len(set(positions)) > 2


def test_moving_digits_on_a_canvas_of_the_digit_size_stand_still():
    digit = np.arange(16, dtype=np.uint8).reshape(1, 4, 4)
    clip = make_moving_digits(digit, frames=3, size=4)
    assert all(np.array_equal(frame, digit[0]) for frame in clip)


@pytest.mark.parametrize(
    ("digits", "kwargs", "pattern"),
    [
        (np.zeros((28, 28)), {}, r"rank 3 .* got shape \(28, 28\)"),
        (np.zeros((0, 28, 28)), {}, "empty"),
        (np.zeros((1, 28, 28)), {"frames": 0}, "frames must be at least 1"),
        (np.zeros((1, 28, 28)), {"size": 20}, "size 20 is smaller than the digits 28x28"),
        (np.zeros((1, 28, 28)), {"speed": 0}, "speed must be at least 1"),
    ],
)
def test_moving_digits_reject_bad_input(digits, kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        make_moving_digits(digits, **kwargs)
