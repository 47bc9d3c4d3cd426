from __future__ import annotations

import numpy as np
import pytest

from dlmath.plotting import show_film_strip, show_image_channels


def test_film_strip_shows_each_frame_in_order():
    clip = np.arange(3 * 4 * 4, dtype=np.uint8).reshape(3, 4, 4, 1)
    fig = show_film_strip(clip, title="a clip")
    assert [ax.get_title() for ax in fig.axes] == ["frame 0", "frame 1", "frame 2"]
    for i, ax in enumerate(fig.axes):
        np.testing.assert_array_equal(ax.images[0].get_array(), clip[i, ..., 0])
    assert fig._suptitle.get_text() == "a clip"


def test_film_strip_takes_colour_frames():
    clip = np.zeros((2, 4, 4, 3), np.uint8)
    fig = show_film_strip(clip)
    assert fig.axes[0].images[0].get_array().shape == (4, 4, 3)


@pytest.mark.parametrize(
    ("frames", "error", "pattern"),
    [
        (np.zeros((4, 4)), ValueError, r"got shape \(4, 4\)"),
        (np.zeros((2, 4, 4, 2)), ValueError, r"got shape \(2, 4, 4, 2\)"),
        (np.zeros((0, 4, 4)), ValueError, "empty"),
        (np.array([[["x"]]]), TypeError, "numbers"),
    ],
)
def test_film_strip_rejects_bad_input(frames, error, pattern):
    with pytest.raises(error, match=pattern):
        show_film_strip(frames)


def test_image_channels_splits_a_channels_last_image():
    image = np.arange(4 * 6 * 3, dtype=np.uint8).reshape(4, 6, 3)
    fig = show_image_channels(image)
    assert [ax.get_title() for ax in fig.axes] == [
        "image (4, 6, 3)",
        "[..., 0] red",
        "[..., 1] green",
        "[..., 2] blue",
    ]
    np.testing.assert_array_equal(fig.axes[2].images[0].get_array(), image[..., 1])


def test_image_channels_spots_a_channels_first_image():
    with pytest.raises(ValueError, match=r"channels-first\? move the axis with np.moveaxis"):
        show_image_channels(np.zeros((3, 4, 6)))


@pytest.mark.parametrize(
    ("image", "error", "pattern"),
    [
        (np.zeros((4, 6)), ValueError, r"rank 3 .* got shape \(4, 6\)"),
        (np.array([[["x"]]]), TypeError, "numbers"),
    ],
)
def test_image_channels_rejects_bad_input(image, error, pattern):
    with pytest.raises(error, match=pattern):
        show_image_channels(image)
