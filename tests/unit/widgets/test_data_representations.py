from __future__ import annotations

import numpy as np
import pytest

from dlmath.widgets.data_representations import crop_explorer, digit_browser

IMAGES = np.arange(5 * 28 * 28, dtype=np.int64).reshape(5, 28, 28) % 256
LABELS = [3, 1, 4, 1, 5]


def test_digit_browser_redraws_when_the_slider_moves():
    browser = digit_browser(IMAGES, LABELS)
    slider, _caption, image = browser.children
    assert (slider.min, slider.max, slider.value) == (0, 4, 0)
    assert browser.figure.axes[0].get_title() == "images[0]: label 3"
    slider.value = 4
    assert browser.figure.axes[0].get_title() == "images[4]: label 5"
    np.testing.assert_array_equal(browser.figure.axes[0].images[0].get_array(), IMAGES[4])


def test_digit_browser_needs_a_stack_of_images():
    with pytest.raises(ValueError, match=r"non-empty rank-3 .* got shape \(28, 28\)"):
        digit_browser(IMAGES[0], LABELS)


def test_crop_explorer_starts_centred_and_follows_the_sliders():
    explorer = crop_explorer(IMAGES[2])
    rows, cols, _caption, image = explorer.children
    assert rows.value == (7, 21) and cols.value == (7, 21)
    assert explorer.figure.axes[1].get_title() == "image[7:21, 7:21]\nshape (14, 14)"
    rows.value, cols.value = (14, 28), (0, 10)
    np.testing.assert_array_equal(explorer.figure.axes[1].images[0].get_array(), IMAGES[2][14:28, 0:10])


def test_crop_explorer_widens_an_empty_range_to_one_pixel():
    explorer = crop_explorer(IMAGES[0])
    rows, cols, _caption, _ = explorer.children
    rows.value = (28, 28)
    cols.value = (5, 5)
    assert explorer.figure.axes[1].images[0].get_array().shape == (1, 1)
    assert explorer.figure.axes[1].get_title() == "image[27:28, 5:6]\nshape (1, 1)"


def test_crop_explorer_needs_one_image():
    with pytest.raises(ValueError, match=r"rank 2 .* got shape \(5, 28, 28\)"):
        crop_explorer(IMAGES)


def test_widgets_show_the_figure_as_png_bytes():
    browser = digit_browser(IMAGES, LABELS)
    slider, _caption, image = browser.children
    first = bytes(image.value)
    assert first.startswith(b"\x89PNG")
    slider.value = 2
    assert bytes(image.value).startswith(b"\x89PNG") and bytes(image.value) != first
