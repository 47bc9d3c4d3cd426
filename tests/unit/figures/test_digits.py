from __future__ import annotations

import numpy as np
import pytest

from dlmath import show_digit, show_digits
from dlmath.figures.digits import show_crop, show_digit_at, show_film_strip, show_image_channels


def test_show_digits_titles_labels_and_marks_wrong_predictions_red():
    images = np.zeros((3, 28, 28), np.uint8)
    fig = show_digits(images, [1, 2, 3], predictions=[1, 7, 3], ncols=2)
    axes = fig.axes
    assert len(axes) == 4  # a 2 x 2 grid, the last one blank
    assert [a.get_title() for a in axes[:3]] == ["1 \u2192 1", "2 \u2192 7", "3 \u2192 3"]
    assert axes[1].title.get_color() == "red" and axes[0].title.get_color() == "black"
    assert not axes[3].axison


def test_show_digit_draws_the_pixels():
    image = np.arange(28 * 28, dtype=np.uint8).reshape(28, 28)
    ax = show_digit(image, title="x")
    np.testing.assert_array_equal(ax.images[0].get_array(), image)
    assert ax.get_title() == "x"


@pytest.mark.parametrize(
    ("images", "kwargs", "error", "pattern"),
    [
        (np.zeros((28, 28)), {}, ValueError, r"rank 3 .* got shape \(28, 28\)"),
        (np.zeros((0, 28, 28)), {}, ValueError, "empty"),
        (np.zeros((2, 28, 28)), {"labels": [1]}, ValueError, "labels has 1 entries but there are 2"),
        (np.zeros((2, 28, 28)), {"ncols": 0}, ValueError, "ncols"),
        (np.array([[["a"]]]), {}, TypeError, "numbers"),
    ],
)
def test_show_digits_rejects_bad_input(images, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        show_digits(images, **kwargs)


def test_show_digit_rejects_a_batch():
    with pytest.raises(ValueError, match=r"rank 2 .* got shape \(1, 28, 28\)"):
        show_digit(np.zeros((1, 28, 28)))


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
