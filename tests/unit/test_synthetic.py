"""Tests of dlmath.synthetic."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.synthetic import (
    DAILY_SERIES_FEATURES,
    DIGIT_FEATURES,
    digit_features,
    make_daily_series,
    make_moons,
    make_moving_digits,
)


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


def test_moons_are_seeded_balanced_and_standardised():
    x, y = make_moons(50, seed=1)
    x2, _ = make_moons(50, seed=1)
    np.testing.assert_array_equal(x, x2)
    assert x.shape == (100, 2) and y.dtype == np.int64 and y.sum() == 50
    np.testing.assert_allclose(x.mean(axis=0), 0, atol=1e-12)
    with pytest.raises(ValueError, match="n_per_class"):
        make_moons(0)
