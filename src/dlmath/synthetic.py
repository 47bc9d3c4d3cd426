"""Small example data sets: vector, timeseries, video and 2D-classification.

- :func:`digit_features` turns digit images into a (samples, features) table
  (section 2.2);
- :func:`make_daily_series` and :func:`make_moving_digits` build the
  timeseries and video examples of section 2.2;
- :func:`make_moons` makes the two interleaved half-circles that section 2.3's
  tiny network untangles.

>>> make_daily_series(days=3).shape
(3, 24, 3)
"""

from __future__ import annotations

import numpy as np

from dlmath._checks import is_integer, numeric_array

__all__ = [
    "DAILY_SERIES_FEATURES",
    "DIGIT_FEATURES",
    "digit_features",
    "make_daily_series",
    "make_moons",
    "make_moving_digits",
]


DIGIT_FEATURES = ("ink_fraction", "mean_intensity", "height_px", "width_px")


def digit_features(images: object, *, threshold: int = 128) -> np.ndarray:
    """Four hand-made features per digit image: a (samples, features) table.

    Columns (``DIGIT_FEATURES``): the fraction of pixels at or above
    ``threshold`` (ink), the mean pixel value scaled to [0, 1], and the height
    and width in pixels of the box around the ink (0 for a blank image).

    >>> ink = np.full((1, 2, 3), 255, np.uint8)
    >>> digit_features(np.pad(ink, ((0, 0), (1, 1), (1, 1))))
    array([[0.3, 0.3, 2. , 3. ]])
    """
    array = numeric_array(images, "images")
    if array.ndim != 3:
        raise ValueError(
            "images must have rank 3 (samples, height, width), got shape "
            f"{array.shape}"
        )
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


def make_daily_series(days: int = 365, *, seed: int = 0) -> np.ndarray:
    """A SYNTHETIC weather record: a day per sample, 24 hours, 3 features.

    Returns float32 of shape ``(days, 24, 3)``: temperature (a seasonal swing
    plus a daily cycle peaking mid-afternoon, plus slowly drifting noise),
    relative humidity (high when it is cool, within 15-100 %) and wind speed
    (positive, gustier by day). The numbers are made up to look plausible for
    a temperate city; they are not measurements.

    >>> make_daily_series(2).shape
    (2, 24, 3)
    """
    if not is_integer(days) or days < 1:
        raise ValueError(f"days must be a positive integer, got {days!r}")
    rng = np.random.default_rng(seed)
    hours = np.arange(days * 24)
    day_of_year = hours / 24
    seasonal = 11 + 9 * np.sin(2 * np.pi * (day_of_year - 110) / 365)
    daily = 4 * np.sin(2 * np.pi * (hours % 24 - 9) / 24)
    # Weather fronts: noise that persists for a day or two (an AR(1)
    # process), not white noise.
    shocks = rng.normal(0, 0.45, hours.size)
    drift = np.empty(hours.size)
    level = 0.0
    for i, shock in enumerate(shocks):
        level = 0.98 * level + shock
        drift[i] = level
    temperature = seasonal + daily + drift
    humidity = np.clip(
        80
        - 3 * (temperature - seasonal)
        - 0.8 * daily
        + rng.normal(0, 4, hours.size),
        15,
        100,
    )
    wind = np.abs(
        3 + 1.2 * np.maximum(daily, 0) + rng.gamma(2.0, 1.0, hours.size) - 2
    )
    series = np.stack([temperature, humidity, wind], axis=1)
    return series.reshape(days, 24, 3).astype(np.float32)


def _bounce(
    start: np.ndarray, velocity: np.ndarray, t: int, limit: int
) -> np.ndarray:
    """Where a point bouncing in [0, limit] is after ``t`` steps."""
    if limit == 0:
        return np.zeros_like(start)
    q = np.mod(start + velocity * t, 2 * limit)
    return np.where(q <= limit, q, 2 * limit - q)


def make_moving_digits(
    digits: object,
    *,
    frames: int = 10,
    size: int = 64,
    speed: int = 4,
    seed: int = 0,
) -> np.ndarray:
    """A clip of digits gliding over a black canvas, bouncing off its edges.

    ``digits`` is a rank-3 array ``(n_digits, height, width)`` (for example
    two MNIST images). Each digit starts at a random place with a random
    velocity of up to ``speed`` pixels per frame along each axis; where digits
    overlap the brighter pixel wins. Returns an array of shape ``(frames,
    size, size)`` with the dtype of ``digits``: a rank-3 clip (one grayscale
    frame per entry of the first axis).

    >>> make_moving_digits(np.ones((2, 28, 28), np.uint8), frames=3).shape
    (3, 64, 64)
    """
    array = numeric_array(digits, "digits")
    if array.ndim != 3:
        raise ValueError(
            "digits must have rank 3 (n_digits, height, width), got shape "
            f"{array.shape}"
        )
    n, height, width = array.shape
    if n == 0:
        raise ValueError("digits is empty: give at least one digit image")
    if frames < 1:
        raise ValueError(f"frames must be at least 1, got {frames}")
    if size < max(height, width):
        raise ValueError(
            f"size {size} is smaller than the digits {height}x{width}: "
            "they would not fit"
        )
    if speed < 1:
        raise ValueError(
            f"speed must be at least 1 pixel per frame, got {speed}"
        )
    rng = np.random.default_rng(seed)
    limits = np.array([size - height, size - width])
    starts = rng.integers(0, limits + 1, size=(n, 2))
    velocities = rng.choice(np.r_[-speed:0, 1 : speed + 1], size=(n, 2))
    clip = np.zeros((frames, size, size), dtype=array.dtype)
    for t in range(frames):
        rows = _bounce(starts[:, 0], velocities[:, 0], t, int(limits[0]))
        cols = _bounce(starts[:, 1], velocities[:, 1], t, int(limits[1]))
        for k in range(n):
            window = clip[
                t, rows[k] : rows[k] + height, cols[k] : cols[k] + width
            ]
            np.maximum(window, array[k], out=window)
    return clip


def make_moons(
    n_per_class: int = 200, *, noise: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved noisy half-circles, standardised; labels 0 and 1.

    No straight line separates the classes: each moon reaches into the other's
    hollow.
    """
    if n_per_class < 1:
        raise ValueError(f"n_per_class must be at least 1, got {n_per_class}")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    rng = np.random.default_rng(seed)
    upper = rng.uniform(0, np.pi, n_per_class)
    lower = rng.uniform(0, np.pi, n_per_class)
    points = np.concatenate(
        [
            np.column_stack([np.cos(upper), np.sin(upper)]),
            np.column_stack([1 - np.cos(lower), 0.5 - np.sin(lower)]),
        ]
    )
    points += rng.normal(0, noise, points.shape)
    points = (points - points.mean(axis=0)) / points.std(axis=0)
    labels = np.repeat(np.array([0, 1], dtype=np.int64), n_per_class)
    return points, labels


DAILY_SERIES_FEATURES = ("temperature_C", "humidity_pct", "wind_m_s")
