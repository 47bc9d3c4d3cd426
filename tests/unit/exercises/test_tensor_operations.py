"""Exercises of 2.3: right forms pass, beginners' wrong answers fail, no message leaks."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.exercises import tensor_operations as ex


@pytest.mark.parametrize("check", [getattr(ex, n) for n in ex.__all__ if n.startswith("check_")])
@pytest.mark.parametrize("blank", [..., None])
def test_a_blank_says_not_yet(check, blank):
    feedback = check(blank)
    assert not feedback and feedback.message.endswith("then run the cell.")


# --- 2.3.1 ------------------------------------------------------------------------------------
BROADCAST = (2, 4, 5, 3)


@pytest.mark.parametrize(
    "answer",
    [BROADCAST, list(BROADCAST), np.array(BROADCAST), (np.zeros((2, 1, 5, 1)) + np.zeros((4, 1, 3))).shape],
)
def test_broadcast_right_forms(answer):
    assert ex.check_broadcast_shape(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ((4, 1, 3), "one of the two arrays"),
        ((2, 1, 5, 1), "one of the two arrays"),
        ((2, 1, 5, 3), "axis 1"),
        ((2, 4, 5, 1), "axis 3"),
        ((4, 5, 3), "1s added on the left"),
        ((3, 5, 4, 2), "last axes"),
        ((2, 4, 5, 3, 1), "no axis beyond"),
        ((8, 4, 5, 3), "axis 0"),
        # the right sizes in another order: the message must not say so (it names the sizes)
        ((2, 4, 3, 5), "last axes"),
        ((2, 5, 4, 3), "last axes"),
        (np.zeros((2, 4, 5, 3)), "`.shape`"),
        ("error", "tuple of whole numbers"),
    ],
)
def test_broadcast_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_broadcast_shape(answer), BROADCAST, contains=words, answer=answer)


# --- 2.3.2 ------------------------------------------------------------------------------------
@pytest.mark.parametrize("answer", [(128, 10), [128, 10], np.array([128, 10])])
def test_dense_chain_right_forms(answer):
    assert ex.check_dense_chain_shape(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ((128, 512), "after the first layer"),
        ((10, 128), "swapped"),
        ((128, 784), "x's shape"),
        ((512, 10), "W2's shape"),
        ((784, 10), "batch axis"),
        ((32, 10), "starts with 32"),
        ((128, 10, 1), "one axis too many"),
        ((10,), "one axis too few"),
    ],
)
def test_dense_chain_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_dense_chain_shape(answer), (128, 10), contains=words, answer=answer)


# --- 2.3.3 ------------------------------------------------------------------------------------
U, V = ex.PROJECTION_U, ex.PROJECTION_V
PROJECTION = (U @ V) / (U @ U) * U


@pytest.mark.parametrize(
    "answer",
    [
        PROJECTION,
        PROJECTION.tolist(),
        tuple(PROJECTION),
        PROJECTION.astype("float32"),
        [0.889, 1.778, 1.778],
        [8 / 9, 16 / 9, 16 / 9],
        np.round(PROJECTION, 4),
        (U @ V) / np.linalg.norm(U) * (U / np.linalg.norm(U)),
    ],
)
def test_projection_right_forms(answer):
    assert ex.check_projection(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ([0.89, 1.78, 1.78], "two decimals"),
        ([0.888, 1.777, 1.777], "cutting the digits off"),
        ((U @ V) / np.linalg.norm(U) * U, "divided by the length of u once"),
        ((U @ V) / (V @ V) * V, "u projected onto v"),
        ((U @ V) * U, "not a unit vector"),
        (V - PROJECTION, "perpendicular"),
        (U * V, "entry by entry"),
        ((U @ V) / np.linalg.norm(U), "signed length"),
        ((U @ V) / (U @ U), "how many u's"),
        (U @ V, "not one number"),
        (2 * U, "another length"),
        (-PROJECTION, "check the sign"),
        ([0.9, 1.8, 1.8], "one decimal"),
        ([1, 2, 2], "another length"),
        ([1.0, 1.0, 1.0], "does not lie on the line"),
        (PROJECTION[:2], "shape (2,)"),
        ("0.889, 1.778, 1.778", "vector of three numbers"),
    ],
)
def test_projection_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_projection(answer), PROJECTION, contains=words, answer=answer)


# --- 2.3.4 ------------------------------------------------------------------------------------
M = np.array([[0.0, 3.0], [-3.0, 0.0]])
TURN = np.deg2rad(-90)


@pytest.mark.parametrize(
    "answer",
    [
        M,
        M.tolist(),
        M.astype(int),
        M.astype("float32"),
        3 * np.array([[np.cos(TURN), -np.sin(TURN)], [np.sin(TURN), np.cos(TURN)]]),
        np.column_stack([[0, -3], [3, 0]]),
    ],
)
def test_rotate_right_forms(answer):
    assert ex.check_rotate_clockwise_and_triple(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (M.T, "counterclockwise"),
        (-M, "counterclockwise"),
        (M / 3, "does not triple"),
        (2 * M / 3, "doubles"),
        (3 * np.eye(2), "does not turn"),
        (np.array([[0.0, -1.0], [1.0, 0.0]]), "(1, 0) to (0, 1)"),
        (np.array([[3.0, 0.0], [0.0, -3.0]]), "(1, 0) to (3, 0)"),
        (M.reshape(-1), "shape (4,)"),
        ("clockwise", "2x2 matrix"),
    ],
)
def test_rotate_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(
        ex.check_rotate_clockwise_and_triple(answer),
        np.array([7.0]),  # the entries 0 and 3 are too short to trace; the shape is in the question
        contains=words,
    )
    assert "[[" not in ex.check_rotate_clockwise_and_triple(answer).message


# --- 2.3.5 ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer",
    [
        [[1, 2], [3, 6]],
        np.array([[1.0, 2.0], [2.0, 4.0]]),
        [[1, -1], [-1, 1]],
        [[0.1, 0.2], [0.3, 0.6]],
        [[2, 6], [1, 3]],
        np.array([[1.0, 1 / 3], [3.0, 1.0]], dtype="float32"),
    ],
)
def test_flattening_right_forms(answer):
    assert ex.check_flattening_matrix(answer)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ([[1, 1], [1, 1]], "equal"),
        ([[2, 2], [2, 2]], "equal"),
        ([[1, 2], [3, 4]], "determinant is -2"),
        ([[1, 0], [0, 0]], "no zero entry"),
        ([[1, 1], [1, 1.0001]], "keeps some area"),
        ([1, 2, 3, 6], "shape (4,)"),
        ([[1, 1], [1, 1 + 1e-6]], "keeps some area"),
        ([[1, np.inf], [1, 1]], "infinite"),
    ],
)
def test_flattening_wrong_answers(answer, words, assert_not_yet):
    assert_not_yet(ex.check_flattening_matrix(answer), np.array([7.0]), contains=words)


# --- 2.3.6 ------------------------------------------------------------------------------------
def _right(W1, b1, W2, b2, W3, b3):
    W12, b12 = W1 @ W2, b1 @ W2 + b2
    return W12 @ W3, b12 @ W3 + b3


def _as_list(W1, b1, W2, b2, W3, b3):
    return [W1 @ W2 @ W3, (b1 @ W2 + b2) @ W3 + b3]


def _float32(W1, b1, W2, b2, W3, b3):
    W, b = _right(W1, b1, W2, b2, W3, b3)
    return W.astype("float32"), b.astype("float32")


def _bias_row(W1, b1, W2, b2, W3, b3):
    # a (1, n) bias broadcasts over the batch like an (n,) one
    W, b = _right(W1, b1, W2, b2, W3, b3)
    return W, b[None, :]


def _lists(W1, b1, W2, b2, W3, b3):
    W, b = _right(W1, b1, W2, b2, W3, b3)
    return W.tolist(), b.tolist()


@pytest.mark.parametrize("function", [_right, _as_list, _float32, _bias_row, _lists])
def test_collapse_right_forms(function):
    assert ex.check_collapse_three(function)


def _stub(W1, b1, W2, b2, W3, b3):
    raise NotImplementedError


def _nothing(W1, b1, W2, b2, W3, b3): ...  # your code here


def _sum_biases(W1, b1, W2, b2, W3, b3):
    return W1 @ W2 @ W3, b1 + b2 + b3


def _reverse(W1, b1, W2, b2, W3, b3):
    return W3 @ W2 @ W1, b3


@pytest.mark.parametrize(
    ("function", "words"),
    [
        (_sum_biases, "raised ValueError"),
        (lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3, b2 @ W3 + b3), "b1 is missing"),
        (lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3, b3), "b1 and b2 are missing"),
        (lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3, b1 @ W2 @ W3 + b3), "b2 is missing"),
        (lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3, (b1 @ W2 + b2) @ W3), "b3 is missing"),
        (lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3, b1 @ W2 + b2 @ W3 + b3), "raised ValueError"),
        (lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3, -b3), "then collapse the result"),
        (lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3 * 2, b3), "kernels multiply"),
        (lambda W1, b1, W2, b2, W3, b3: (W1 @ W2, b1 @ W2 + b2), "outputs of W3"),
        (lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3, b3[None]), "b1 and b2 are missing"),
        (lambda W1, b1, W2, b2, W3, b3: (W1 @ W2 @ W3, np.zeros((2, 2))), "added to the output"),
        (lambda W1, b1, W2, b2, W3, b3: W1 @ W2 @ W3, "one array"),
        (lambda W1, b1, W2, b2, W3, b3: ((W1 @ W2 @ W3).T, b3), "outputs of W3"),
        (lambda W1, b1, W2, b2, W3, b3: "W, b", "return a pair"),
        (_reverse, "raised ValueError"),
        (_stub, "then run the cell"),
        (_nothing, "returned nothing"),
        ("collapse_three", "pass the function"),
    ],
)
def test_collapse_wrong_answers(function, words, assert_not_yet):
    w1, b1, w2, b2, w3, b3 = ex._layers()
    feedback = ex.check_collapse_three(function)
    # An error of the learner's own code may name the shapes of the check's arrays.
    allowed = ("shapes (5,) (2,)",)
    assert_not_yet(feedback, b1 @ w2 @ w3 + b2 @ w3 + b3, contains=words, allowed=allowed)
