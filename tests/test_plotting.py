from __future__ import annotations

import numpy as np
import pytest

from dlmath import show_digit, show_digits


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
