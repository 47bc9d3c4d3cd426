"""Checks for the exercises of section 2.1 (a first look at a neural network).

A check confirms a right answer without repeating it, and names the likely mistake in a wrong
one. A blank answer (``...``, ``None`` or a stub that raises ``NotImplementedError``) gets
"Not yet" and never an exception.

>>> check_flat_shape((500, 1024))
Correct: one flat row of pixels per image, the layout a Dense layer takes.
>>> check_dense_param_count(784 * 256 + 256 * 10)
Not yet: that counts the weights only: each unit of a Dense layer also has a bias.
"""

from __future__ import annotations

import numpy as np

from dlmath.exercises.feedback import (
    Feedback,
    as_number,
    as_shape,
    check_array,
    read_answer,
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
    """The shape of ``samples`` grayscale images of ``height`` x ``width`` flattened for a Dense network."""
    got = read_answer(
        answer,
        as_shape,
        lambda: (
            f"a shape is a tuple of integers such as (2, 3), got {answer!r}."
        ),
    )
    if isinstance(got, Feedback):
        return got
    pixels = height * width
    if got == (samples, pixels):
        return Feedback(
            True,
            "one flat row of pixels per image, the layout a Dense layer takes.",
        )
    if got == (samples, height, width):
        return Feedback(
            False,
            "that is the shape before flattening: each image becomes one row.",
        )
    if got == (pixels, samples):
        return Feedback(
            False,
            "the axes are swapped: the samples come first, one row per image.",
        )
    if got == (pixels,):
        return Feedback(
            False,
            "that is one image; the prepared data keeps one row per image.",
        )
    if len(got) == 2 and got[1] == 28 * 28:
        return Feedback(
            False,
            f"784 is 28 x 28, the size of an MNIST image; these are {height} x {width}.",
        )
    if len(got) == 2 and got[0] != samples:
        return Feedback(
            False,
            f"the first axis counts the images: there are {samples} of them.",
        )
    return Feedback(
        False,
        f"{got} is not it: the data becomes a matrix with one row per image.",
    )


def check_dense_param_count(
    answer: object, *, inputs: int = 784, hidden: int = 256, classes: int = 10
) -> Feedback:
    """Trainable numbers of Dense(hidden) then Dense(classes) on ``inputs`` features."""
    value = read_answer(
        answer,
        as_number,
        lambda: f"the answer is a count, a whole number; got {answer!r}.",
    )
    if isinstance(value, Feedback):
        return value
    expected = inputs * hidden + hidden + hidden * classes + classes
    if value == expected:
        return Feedback(True, "weights and biases of both layers, counted.")
    mistakes = [
        (
            inputs * hidden + hidden * classes,
            "that counts the weights only: each unit of a Dense layer also has a bias.",
        ),
        (
            inputs * hidden + hidden,
            "that is the first layer only: the second layer has weights and biases too.",
        ),
        (
            hidden * classes + classes,
            "that is the second layer only: add the first layer's weights and biases.",
        ),
        (
            inputs * 512 + 512 + 512 * classes + classes,
            "that is the 512-unit network of the chapter; use 256 units.",
        ),
        (
            inputs + hidden + classes,
            "that counts units; a Dense layer has one weight per (input, unit) pair.",
        ),
    ]
    for wrong, message in mistakes:
        if value == wrong:
            return Feedback(False, message)
    return Feedback(
        False,
        "count, for each layer, inputs x units weights plus one bias per unit, then add the two layers.",
    )


def check_one_hot(
    answer: object, labels: object, classes: int = 10
) -> Feedback:
    """The one-hot matrix of ``labels``: row i is all zeros but a 1 in column ``labels[i]``."""
    labels = np.asarray(labels)
    expected = np.eye(classes, dtype=np.float32)[labels]
    feedback = check_array(
        answer,
        expected,
        hints=[
            (
                lambda a: (
                    a.ndim == 2
                    and (a.argmax(axis=1) == (labels - 1) % classes).all()
                ),
                "columns count from 0: digit d goes in column d, not d - 1.",
            ),
            (
                lambda a: a.ndim == 2 and (a.sum(axis=1) != 1).any(),
                "each row must hold exactly one 1.",
            ),
        ],
    )
    if feedback:
        return Feedback(
            True, "one row per label, a single 1 in the label's column."
        )
    return feedback


def check_preprocess(preprocess: object) -> Feedback:
    """``preprocess(images)``: uint8 (n, 28, 28) -> float32 (n, 784) with values in [0, 1]."""
    not_a_function = f"expected a function preprocess(images), got {type(preprocess).__name__}."
    preprocess = read_answer(
        preprocess, lambda f: f if callable(f) else None, not_a_function
    )
    if isinstance(preprocess, Feedback):
        return preprocess
    images = np.random.default_rng(0).integers(
        0, 256, size=(5, 28, 28), dtype=np.uint8
    )
    before = images.copy()
    try:
        result = preprocess(images)
    except NotImplementedError:
        return Feedback(
            False,
            "replace `raise NotImplementedError` with the body of `preprocess`.",
        )
    except Exception as exc:  # noqa: BLE001 - the learner's function may fail in any way
        return Feedback(
            False, f"preprocess raised {type(exc).__name__}: {exc}"
        )
    if not np.array_equal(images, before):
        return Feedback(
            False,
            "preprocess changed its input in place; return a new array instead.",
        )
    if result is None:
        return Feedback(
            False, "preprocess returned None: end it with `return ...`."
        )
    try:
        got = np.asarray(result)
    except ValueError as exc:
        return Feedback(
            False, f"the result could not be turned into an array ({exc})."
        )
    if got.shape != (5, 784):
        if got.shape == (5, 28, 28):
            return Feedback(
                False,
                "the images are not flattened: each one should become a row of 784.",
            )
        return Feedback(
            False,
            f"5 images of 28 x 28 should give 5 rows of 784 values, got shape {got.shape}.",
        )
    if got.dtype != np.float32:
        hint = " Dividing a uint8 array by 255 gives float64: convert with .astype('float32')."
        return Feedback(
            False,
            f"expected dtype float32, got {got.dtype}."
            + (hint if got.dtype == np.float64 else ""),
        )
    feedback = check_array(
        got,
        images.reshape(5, 784).astype(np.float32) / 255,
        rtol=1e-6,
        hints=[
            (
                lambda a: a.max() > 1,
                "values must lie in [0, 1]: divide by 255.",
            )
        ],
    )
    if feedback:
        return Feedback(
            True, "flat float32 rows in [0, 1], and the input left as it was."
        )
    return feedback


def check_confidence_on_mistakes(
    answer: object, probabilities: object, labels: object
) -> Feedback:
    """The mean, over the misclassified samples, of the largest predicted probability.

    ``probabilities`` is the (n, classes) output of the network, ``labels`` the n true classes; a
    sample is misclassified when the position of its largest probability differs from its label.
    """
    value = read_answer(
        answer,
        as_number,
        lambda: (
            f"the answer is one number, an average of probabilities; got {answer!r}."
        ),
    )
    if isinstance(value, Feedback):
        return value
    p, y = np.asarray(probabilities, dtype=np.float64), np.asarray(labels)
    top = p.max(axis=1)
    wrong = p.argmax(axis=1) != y
    if not wrong.any():
        return Feedback(
            False, "there are no misclassified samples to average over."
        )
    expected = float(top[wrong].mean())
    if np.isclose(value, expected, rtol=1e-5, atol=0):
        return Feedback(
            True, "that is the network's average confidence on its mistakes."
        )
    mistakes = [
        (float(top.mean()), "that averages over all images; keep only the misclassified ones."),
        (float(top[~wrong].mean()) if (~wrong).any() else np.nan,
         "that averages over the images classified correctly; keep the misclassified ones."),
        (float(p[wrong, y[wrong]].mean()),
         "that is the probability of the true label; take the largest probability, the predicted digit's."),
        (100 * expected, "that is a percentage; give a probability between 0 and 1."),
    ]  # fmt: skip
    for wrong_value, message in mistakes:
        if np.isclose(value, wrong_value, rtol=1e-5, atol=0):
            return Feedback(False, message)
    if not 0 <= value <= 1:
        return Feedback(
            False, "an average of probabilities lies between 0 and 1."
        )
    return Feedback(
        False,
        "take the largest of each image's ten probabilities (`max(axis=1)`), keep the misclassified "
        "images, and average.",
    )
