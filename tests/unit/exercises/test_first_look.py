"""Exercises of 2.1: right forms pass, beginners' wrong answers fail, no message leaks."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.exercises import first_look as ex

BLANKS = [..., None]


@pytest.mark.parametrize(
    "check",
    [
        ex.check_flat_shape,
        ex.check_dense_param_count,
        lambda a: ex.check_one_hot(a, [3, 0, 9]),
        ex.check_preprocess,
        lambda a: ex.check_confidence_on_mistakes(a, np.eye(3), [0, 2, 1]),
    ],
)
@pytest.mark.parametrize("blank", BLANKS)
def test_a_blank_says_not_yet(check, blank):
    feedback = check(blank)
    assert not feedback and feedback.message.endswith("then run the cell.")


# --- 2.1.1 the prepared shape -----------------------------------------------------------------
FLAT = (500, 1024)


@pytest.mark.parametrize(
    "answer", [(500, 1024), [500, 1024], np.array([500, 1024]), (np.int64(500), 32 * 32), (500.0, 1024.0)]
)
def test_flat_shape_right_forms(answer):
    assert ex.check_flat_shape(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ((500, 32, 32), "before flattening"),
        ((1024, 500), "swapped"),
        ((1024,), "one image"),
        ((32, 32), "one image"),
        ((500, 784), "28 x 28"),
        ((500, 3072), "grayscale"),
        ((50, 1024), "counts the images"),
        ((1, 1024), "has length 1"),
        ((500, 1, 1024), "one axis too many"),
        ((500, 1000), "axis 1"),
        ("(500, 1024)", "tuple of whole numbers"),
        ((500, 1024.5), "tuple of whole numbers"),
        (500 * 1024, "tuple of whole numbers"),
    ],
)
def test_flat_shape_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_flat_shape(answer), FLAT, contains=words, answer=answer)


# --- 2.1.2 the number of parameters -----------------------------------------------------------
COUNT = 784 * 256 + 256 + 256 * 10 + 10


@pytest.mark.parametrize("answer", [COUNT, np.int64(COUNT), float(COUNT), np.array(COUNT), np.array([COUNT])])
def test_param_count_right_forms(answer):
    assert ex.check_dense_param_count(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (784 * 256 + 256 * 10, "weights only"),
        (784 * 256 + 256 * 10 + 10, "first layer's 256 units"),
        (784 * 256 + 256 + 256 * 10, "second layer's units"),
        (784 * 256 + 256, "first layer only"),
        (256 * 10 + 10, "second layer only"),
        (784 * 512 + 512 + 512 * 10 + 10, "512-unit"),
        (784 + 256 + 10, "counts units"),
        (COUNT + 1, "inputs x units"),
        (str(COUNT), "a string, not a number"),
        (True, "one whole number"),
        (COUNT + 0.4, "a count is a whole number"),
        ([COUNT, 1], "one whole number"),
    ],
)
def test_param_count_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_dense_param_count(answer), COUNT, contains=words, answer=answer)


# --- 2.1.3 one-hot ----------------------------------------------------------------------------
LABELS = np.array([3, 0, 9])
ONE_HOT = np.eye(10)[LABELS]


@pytest.mark.parametrize(
    "answer",
    [ONE_HOT, ONE_HOT.astype("float32"), ONE_HOT.astype(int), ONE_HOT.tolist(), ONE_HOT.astype(bool)],
)
def test_one_hot_right_forms(answer):
    assert ex.check_one_hot(answer, LABELS)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (ONE_HOT.T, "one row per label"),
        (np.eye(10)[LABELS - 1], "count from 0"),
        (np.eye(10)[LABELS] + np.eye(10)[[0, 1, 2]], "exactly one 1"),
        (np.zeros((3, 10)), "exactly one 1"),
        (np.eye(10)[[0, 3, 9]], "labels[i]"),
        (LABELS, "one axis too few"),
        (np.eye(3), "axis 1"),
        (np.eye(10)[LABELS] * 2, "exactly one 1"),
        (1 - ONE_HOT, "exactly one 1"),
        ("one-hot", "array of numbers"),
    ],
)
def test_one_hot_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_one_hot(answer, LABELS), ONE_HOT, contains=words)


# --- 2.1.4 confidence on mistakes -------------------------------------------------------------
def _network_output():
    rng = np.random.default_rng(4)
    logits = rng.normal(size=(400, 10)) * 3
    logits[np.arange(400), rng.integers(0, 10, 400)] += 6
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = probabilities.argmax(axis=1)
    flip = rng.random(400) < 0.2
    labels[flip] = (labels[flip] + rng.integers(1, 10, flip.sum())) % 10
    return probabilities.astype("float32"), labels


PROBABILITIES, TEST_LABELS = _network_output()
LARGEST = PROBABILITIES.max(axis=1)
MISSED = np.flatnonzero(PROBABILITIES.argmax(axis=1) != TEST_LABELS)
CONFIDENCE = float(LARGEST.astype(float)[MISSED].mean())


@pytest.mark.parametrize(
    "answer",
    [
        LARGEST[MISSED].mean(),
        float(LARGEST[MISSED].mean()),
        np.array(LARGEST[MISSED].mean()),
        round(CONFIDENCE, 3),
        round(CONFIDENCE, 4),
    ],
)
def test_confidence_right_forms(answer):
    assert ex.check_confidence_on_mistakes(answer, PROBABILITIES, TEST_LABELS)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (LARGEST.mean(), "all the images"),
        (np.delete(LARGEST, MISSED).mean(), "classified correctly"),
        (PROBABILITIES[MISSED, TEST_LABELS[MISSED]].mean(), "true label"),
        (PROBABILITIES[MISSED].mean(), "all ten probabilities"),
        (LARGEST[MISSED].max(), "largest single probability"),
        (len(MISSED), "counts the mistakes"),
        (100 * CONFIDENCE, "percentage"),
        # two decimals where the exercise asks for three: the method may be right
        (round(CONFIDENCE, 2), "give three"),
        (np.median(LARGEST[MISSED]), "max(axis=1)"),
        (round(CONFIDENCE, 2) + 0.01, "max(axis=1)"),
        (LARGEST[MISSED], "array of shape"),
        ((LARGEST[MISSED].mean(), np.delete(LARGEST, MISSED).mean()), "a tuple of 2 items"),
        ("0.7", "a string, not a number"),
    ],
)
def test_confidence_wrong_answers(answer, words, assert_not_yet):
    feedback = ex.check_confidence_on_mistakes(answer, PROBABILITIES, TEST_LABELS)
    assert_not_yet(feedback, CONFIDENCE, contains=words)


def test_confidence_without_mistakes():
    assert "no misclassified" in ex.check_confidence_on_mistakes(0.5, np.eye(3), [0, 1, 2]).message


# --- 2.1.5 preprocess -------------------------------------------------------------------------
def _right(images):
    return images.reshape(len(images), 28 * 28).astype("float32") / 255


@pytest.mark.parametrize(
    "function",
    [
        _right,
        lambda x: (x / 255).astype("float32").reshape(len(x), -1),
        lambda x: x.reshape(-1, 784).astype(np.float32) / np.float32(255.0),
        lambda x: np.float32(1 / 255) * x.reshape(x.shape[0], 784).astype(np.float32),
        lambda x: x.astype(np.float32).reshape(len(x), 784) / 255.0,
    ],
)
def test_preprocess_right_forms(function):
    assert ex.check_preprocess(function)


def _in_place(images):
    images[0, 0, 0] = 7
    return _right(images)


def _stub(images):
    raise NotImplementedError


@pytest.mark.parametrize(
    ("function", "words"),
    [
        (lambda x: x.reshape(len(x), 784).astype("float32") / x.max(), "largest pixel"),
        (lambda x: (x / x.max()).astype("float32").reshape(len(x), 784), "largest pixel"),
        (
            lambda x: (x.reshape(len(x), 784) / x.reshape(len(x), 784).max(axis=1, keepdims=True)).astype(
                "float32"
            ),
            "its own brightest",
        ),
        (
            lambda x: ((x - x.min()) / (x.max() - x.min())).reshape(len(x), 784).astype("float32"),
            "fill [0, 1]",
        ),
        (lambda x: x.reshape(len(x), 784) / 255, "float64"),
        (lambda x: x.reshape(len(x), 784).astype("float32"), "divide by 255"),
        (lambda x: x.reshape(len(x), 784).astype("float32") / 256, "up to 255"),
        (lambda x: (x.transpose(0, 2, 1).reshape(len(x), 784) / 255).astype("float32"), "column order"),
        (lambda x: x.astype("float32") / 255, "not flattened"),
        (lambda x: (x.reshape(-1) / 255).astype("float32"), "one row per image"),
        (lambda x: x.reshape(5, 784).astype("float32") / 255, "raised ValueError"),
        (lambda x: x.reshape(len(x), 784).astype("float16") / 255, "float32"),
        (lambda x: _right(x).tolist(), "return the NumPy array itself"),
        (_in_place, "in place"),
        (lambda x: None, "returned None"),
        (_stub, "then run the cell"),
        ("preprocess", "pass the function"),
    ],
)
def test_preprocess_wrong_answers(function, words, assert_not_yet):
    feedback = ex.check_preprocess(function)
    assert_not_yet(feedback, _right(ex._images(5, 0)), contains=words)
