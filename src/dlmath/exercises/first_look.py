"""Checks for the exercises of section 2.1 (a first look at a neural network).

A check confirms a right answer without repeating it and names the likely
mistake in a wrong one, never with the right answer in the message. A blank
(``...``, ``None`` or a stub that raises ``NotImplementedError``) gets
"Not yet".

>>> check_flat_shape((500, 1024))
Correct: one flat row of pixels per image, the layout a Dense layer takes.
>>> check_dense_param_count(784 * 256 + 256 * 10)
Not yet: that counts the weights only: each unit of a Dense layer also has \
a bias.
"""

from __future__ import annotations

import numpy as np

from dlmath.exercises.feedback import (
    Feedback,
    call_learner,
    check_array,
    close_to,
    describe,
    read_number,
    read_shape,
    shape_mistake,
    within_rounding,
)

__all__ = [
    "check_confidence_on_mistakes",
    "check_dense_param_count",
    "check_flat_shape",
    "check_one_hot",
    "check_preprocess",
]


def check_flat_shape(
    answer: object, *, samples: int = 500, height: int = 32, width: int = 32
) -> Feedback:
    """The shape of ``samples`` grayscale images flattened for Dense."""
    got = read_shape(answer)
    if isinstance(got, Feedback):
        return got
    pixels = height * width
    if got == (samples, pixels):
        return Feedback(
            True,
            "one flat row of pixels per image, the layout a Dense layer "
            "takes.",
        )
    mistakes = {
        (samples, height, width): "that is the shape before flattening: "
        "each image becomes one row.",
        (pixels, samples): "the axes are swapped: the samples come first, "
        "one row per image.",
        (pixels,): "that is one image; the prepared data keeps one row per "
        "image.",
        (height, width): "that is one image, not flattened; the prepared "
        "data keeps one row per image.",
        (samples, 28 * 28): "784 is 28 x 28, the size of an MNIST image; "
        "these images have another size.",
        (samples, pixels * 3): "these images are grayscale: one value per "
        "pixel, no colour channels.",
    }
    if got in mistakes:
        return Feedback(False, mistakes[got])
    if len(got) == 2 and got[0] != samples:
        return Feedback(
            False,
            f"the first axis of your shape {got} has length {got[0]}: it "
            "counts the images, one row each.",
        )
    return Feedback(
        False,
        f"your shape {got}: "
        + shape_mistake(got, (samples, pixels))
        + " The data becomes a matrix with one row per image.",
    )


def check_dense_param_count(
    answer: object, *, inputs: int = 784, hidden: int = 256, classes: int = 10
) -> Feedback:
    """Trainable numbers of Dense(hidden), Dense(classes) on ``inputs``."""
    value = read_number(answer, "the answer is a count, one whole number")
    if isinstance(value, Feedback):
        return value
    expected = inputs * hidden + hidden + hidden * classes + classes
    if value == expected:
        return Feedback(True, "weights and biases of both layers, counted.")
    mistakes = [
        (
            inputs * hidden + hidden * classes,
            "that counts the weights only: each unit of a Dense layer also "
            "has a bias.",
        ),
        (
            inputs * hidden + hidden * classes + classes,
            "the second layer's biases are there; the first layer's 256 "
            "units each have a bias too.",
        ),
        (
            inputs * hidden + hidden + hidden * classes,
            "the first layer's biases are there; the second layer's units "
            "each have a bias too.",
        ),
        (
            inputs * hidden + hidden,
            "that is the first layer only: the second layer has weights and "
            "biases too.",
        ),
        (
            hidden * classes + classes,
            "that is the second layer only: add the first layer's weights "
            "and biases.",
        ),
        (
            inputs * 512 + 512 + 512 * classes + classes,
            "that is the 512-unit network of the chapter; use 256 units.",
        ),
        (
            inputs + hidden + classes,
            "that counts units; a Dense layer has one weight per (input, "
            "unit) pair.",
        ),
    ]
    for wrong, message in mistakes:
        if value == wrong:
            return Feedback(False, message)
    if not float(value).is_integer():
        return Feedback(False, "a count is a whole number.")
    return Feedback(
        False,
        f"{int(value)} is not the count. For each layer, count inputs x "
        "units weights plus one bias per unit, then add the two layers.",
    )


def check_one_hot(
    answer: object, labels: object, classes: int = 10
) -> Feedback:
    """The one-hot matrix of ``labels``: row i's 1 in column labels[i]."""
    labels = np.asarray(labels)
    expected = np.eye(classes)[labels]
    feedback = check_array(
        answer,
        expected,
        what="entries",
        hints=[
            (
                lambda a: a.shape == expected.T.shape,
                "one row per label, one column per class.",
            ),
            (
                lambda a: (
                    a.ndim == 2
                    and (a.argmax(axis=1) == (labels - 1) % classes).all()
                ),
                "columns count from 0: digit d goes in column d, not d - 1.",
            ),
            (
                lambda a: a.ndim == 2 and (a.sum(axis=1) != 1).any(),
                "each row holds exactly one 1.",
            ),
            (
                lambda a: a.ndim == 2,
                "row i has its 1 in the column that labels[i] names.",
            ),
        ],
    )
    if feedback:
        return Feedback(
            True, "one row per label, a single 1 in the label's column."
        )
    return feedback


# Images whose darkest pixel is above 0 and brightest below 255, and differ
# from image to image: so dividing by the largest pixel, or stretching each
# image to [0, 1], cannot pass for dividing by 255.
def _images(count: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    low = rng.integers(5, 40, size=(count, 1, 1))
    high = rng.integers(150, 250, size=(count, 1, 1))
    values = low + rng.random((count, 28, 28)) * (high - low)
    return values.astype(np.uint8)


def check_preprocess(preprocess: object) -> Feedback:
    """``preprocess(images)``: uint8 (n, 28, 28) -> float32 (n, 784)."""
    for count, seed in ((5, 0), (3, 1)):
        images = _images(count, seed)
        before = images.copy()
        result = call_learner(preprocess, images, name="preprocess")
        if isinstance(result, Feedback):
            return result
        if not np.array_equal(images, before):
            return Feedback(
                False,
                "preprocess changed its input in place; return a new array "
                "instead.",
            )
        if result is None:
            return Feedback(
                False, "preprocess returned None: end it with `return ...`."
            )
        if not isinstance(result, np.ndarray):
            return Feedback(
                False,
                f"preprocess returned {describe(result)}; return the NumPy "
                "array itself.",
            )
        got = result
        if got.dtype.kind not in "iuf":
            return Feedback(
                False,
                f"preprocess returned {describe(result)}, not an array of "
                "numbers.",
            )
        if got.shape != (count, 784):
            if got.shape == (count, 28, 28):
                return Feedback(
                    False,
                    "the images are not flattened: each one should become a "
                    "row of 784.",
                )
            if got.size == count * 784:
                return Feedback(
                    False,
                    f"{count} images gave shape {got.shape}; keep one row "
                    "per image: reshape to (len(images), 784).",
                )
            return Feedback(
                False,
                f"{count} images gave shape {got.shape}; it should be one "
                "row of 784 per image.",
            )
        if got.dtype != np.float32:
            hint = (
                " Dividing a uint8 array by 255 gives float64: convert "
                "with .astype('float32') first."
                if got.dtype == np.float64
                else ""
            )
            return Feedback(
                False,
                f"the result has dtype {got.dtype}; the network takes "
                "float32." + hint,
            )
        flat = images.reshape(count, 784).astype(np.float64)
        expected = flat / 255
        if close_to(got, expected, rtol=1e-6, atol=1e-7):
            continue
        mistakes = [
            (flat, "values must lie in [0, 1]: divide by 255."),
            (
                flat / flat.max(),
                "dividing by the largest pixel of these images scales them "
                "by a number that changes from batch to batch; divide by "
                "255, the largest value a uint8 pixel can hold.",
            ),
            (
                flat / flat.max(axis=1, keepdims=True),
                "each image was divided by its own brightest pixel; divide "
                "every image by 255, the largest value a uint8 can hold.",
            ),
            (
                (flat - flat.min()) / (flat.max() - flat.min()),
                "stretching the pixels to fill [0, 1] changes them with the "
                "batch; divide by 255, the largest value a uint8 can hold.",
            ),
            (
                images.transpose(0, 2, 1).reshape(count, 784) / 255,
                "the pixels are in column order: reshape the images as they "
                "are, row after row, without transposing.",
            ),
            (
                flat / 256,
                "a uint8 pixel goes up to 255, so divide by 255.",
            ),
        ]
        for wrong, message in mistakes:
            if close_to(got, wrong, rtol=1e-5, atol=1e-6):
                return Feedback(False, message)
        return Feedback(
            False,
            "the shape and dtype are right but some values are not: each "
            "row holds one image's pixels, row after row, divided by 255.",
        )
    return Feedback(
        True, "flat float32 rows in [0, 1], and the input left as it was."
    )


def check_confidence_on_mistakes(
    answer: object, probabilities: object, labels: object
) -> Feedback:
    """The mean, over the misclassified samples, of the largest probability.

    ``probabilities`` is the (n, classes) output of the network, ``labels``
    the n true classes. Three decimals are enough.
    """
    value = read_number(
        answer, "the answer is one number, the average over the mistakes"
    )
    if isinstance(value, Feedback):
        return value
    p, y = np.asarray(probabilities, dtype=np.float64), np.asarray(labels)
    top = p.max(axis=1)
    missed = p.argmax(axis=1) != y
    if not missed.any():
        return Feedback(
            False, "there are no misclassified samples to average over."
        )
    expected = float(top[missed].mean())
    if within_rounding(value, expected, decimals=3):
        return Feedback(
            True, "that is the network's average confidence on its mistakes."
        )
    right = float(top[~missed].mean()) if (~missed).any() else np.nan
    mistakes = [
        (
            float(top.mean()),
            "that averages over all the images; keep only the misclassified "
            "ones.",
        ),
        (
            right,
            "that is the average over the images classified correctly, the "
            "one to compare with; `answer` holds the one over the mistakes.",
        ),
        (
            float(p[missed, y[missed]].mean()),
            "that is the probability of the true label; take the largest "
            "probability, the predicted digit's.",
        ),
        (
            float(p[missed].mean()),
            "that averages all ten probabilities of each image; take only "
            "the largest of each (`max(axis=1)`).",
        ),
        (
            float(top[missed].max()),
            "that is the largest single probability among the mistakes; "
            "average them instead.",
        ),
        (
            float(missed.sum()),
            "that counts the mistakes; average their largest probabilities.",
        ),
        (
            100 * expected,
            "that is a percentage; give a probability between 0 and 1.",
        ),
    ]
    for wrong_value, message in mistakes:
        if within_rounding(value, wrong_value, decimals=3):
            return Feedback(False, message)
    if not 0 <= value <= 1:
        return Feedback(
            False, "an average of probabilities lies between 0 and 1."
        )
    # Typed with two decimals and right to two: the method is fine.
    if round(value, 2) == value and within_rounding(
        value, expected, decimals=2
    ):
        return Feedback(
            False,
            "rounded to two decimals, that can be right, but two decimals "
            "do not settle it: give three.",
        )
    return Feedback(
        False,
        f"{value:.4g} is not that average. Take the largest of each image's "
        "ten probabilities (`max(axis=1)`), keep the misclassified images, "
        "and average.",
    )
