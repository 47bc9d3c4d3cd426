"""Checks for the exercises of section 2.5 (the network rebuilt from scratch).

A check confirms a right answer without repeating it, and names the likely
mistake in a wrong one, never with the right answer in the message. A blank
(``...``, ``None``, or a stub that raises ``NotImplementedError``) gets
"Not yet" and never an exception.

>>> check_epoch_flops(...)
Not yet: replace the `...` with your answer, then run the cell.
>>> check_epoch_flops(2 * 60_000 * (784 * 512 + 512 * 10))
Not yet: that is the forward pass only; backpropagation has matrix \
products of its own.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlmath.exercises.feedback import (
    Feedback,
    call_for_arrays,
    match_mistakes,
    read_array,
    read_number,
    within_rounding,
)

__all__ = [
    "check_confusion_matrix",
    "check_epoch_flops",
    "check_relu_dense_backward",
    "check_rmsprop_step",
    "confusion_exercise_data",
    "rmsprop_exercise_data",
]


def _close(
    got: np.ndarray, want: np.ndarray, rtol: float = 1e-5, atol: float = 1e-8
) -> bool:
    return got.shape == want.shape and bool(
        np.allclose(got, want, rtol=rtol, atol=atol)
    )


# --------------------------------------------------------------------------
# Exercise 2.5.1 (build): the backward pass of a relu dense layer


def _first_clue(*clues: tuple[bool, str]) -> Feedback:
    # The "Not yet" of the first (holds, message) clue that holds; the last
    # clue is (True, message), so that one always does.
    return Feedback(False, next(message for holds, message in clues if holds))


def _backward_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    # A seed where the bias flips the sign of five pre-activations (a mask
    # computed from x @ W alone is wrong there), every unit has samples on
    # both sides of 0, and no pre-activation is within 0.17 of 0.
    rng = np.random.default_rng(296)
    x = rng.normal(size=(4, 3))
    w = rng.normal(size=(3, 5))
    b = rng.normal(size=5)
    grad_h = rng.normal(size=(4, 5))
    return x, w, b, grad_h


def _relu_dense_backward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, grad_h: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    grad_z = grad_h * (x @ w + b > 0)
    return x.T @ grad_z, grad_z.sum(axis=0), grad_z @ w.T


def check_relu_dense_backward(answer: object) -> Feedback:
    """A learner's ``relu_dense_backward(x, W, b, grad_h)``.

    It returns ``(grad_W, grad_b, grad_x)``.

    The layer computes ``h = relu(x @ W + b)``; ``grad_h`` is the loss
    gradient with respect to ``h``. The three may come as a tuple or a list.
    """
    x, w, b, grad_h = _backward_data()
    got = call_for_arrays(
        answer,
        (x.copy(), w.copy(), b.copy(), grad_h.copy()),
        3,
        name="relu_dense_backward",
        wanted="return three arrays, in this order: (grad_W, grad_b, "
        "grad_x).",
        not_numbers="each of the three gradients must be an array of "
        "numbers.",
    )
    if isinstance(got, Feedback):
        return got
    grad_w, grad_b, grad_x = got
    want = _relu_dense_backward(x, w, b, grad_h)
    oks = [_close(g, v) for g, v in zip(got, want, strict=True)]
    if all(oks):
        return Feedback(
            True,
            "all three gradients of a relu dense layer, relu's mask "
            "included.",
        )
    shapes = sorted(g.shape for g in got)
    if shapes == sorted(v.shape for v in want) and not _close(
        grad_w, want[0]
    ):
        order = [g.shape for g in got]
        if order != [v.shape for v in want]:
            return Feedback(
                False,
                "the three gradients are in another order: return "
                "(grad_W, grad_b, grad_x).",
            )

    def masked(mask: np.ndarray) -> tuple[np.ndarray, ...]:
        grad_z = grad_h * mask
        return x.T @ grad_z, grad_z.sum(axis=0), grad_z @ w.T

    mask_words = [
        (
            masked(x @ w > 0),
            "relu's mask must come from z = x @ W + b, the bias included: "
            "where b changes the sign of x @ W, your mask is wrong.",
        ),
        (
            masked(np.ones_like(grad_h)),
            "the gradient must first pass back through relu: multiply "
            "grad_h by (z > 0), where z = x @ W + b, and use that product "
            "in all three formulas.",
        ),
        (
            masked(grad_h > 0),
            "relu's mask comes from the layer's input z = x @ W + b, not "
            "from grad_h: multiply grad_h by (z > 0).",
        ),
        (
            masked(np.maximum(x @ w + b, 0)),
            "multiply grad_h by relu's derivative, the mask (z > 0), not by "
            "relu(z) itself.",
        ),
    ]
    # A mask mistake shows in any gradient that is wrong the way it makes.
    mistake = match_mistakes(
        mask_words,
        lambda wrong: any(
            _close(g, v) and not ok
            for g, v, ok in zip(got, wrong, oks, strict=True)
        ),
    )
    if mistake is not None:
        return mistake
    # Each wrong gradient gets the first clue that holds for it.
    if not oks[0]:
        return _first_clue(
            (
                grad_w.shape == want[0].shape[::-1],
                "grad_W has W's shape, (inputs, units): x.T @ grad_z, not "
                "grad_z.T @ x.",
            ),
            (
                grad_w.shape != want[0].shape,
                f"grad_W has W's shape; yours has shape {grad_w.shape}.",
            ),
            (
                _close(grad_w, want[0] / len(x)),
                "do not divide by the batch size here: grad_h already comes "
                "from a loss that averaged over the batch.",
            ),
            (
                True,
                "grad_W is not x.T @ grad_z (grad_z is grad_h with relu's "
                "mask applied).",
            ),
        )
    if not oks[1]:
        return _first_clue(
            (
                grad_b.shape == grad_h.shape,
                "grad_b has b's shape: the bias was broadcast over the "
                "batch, so sum over axis 0.",
            ),
            (
                _close(grad_b, want[1] / len(x)),
                "sum grad_z over the batch, do not average it: the loss "
                "already divided by n.",
            ),
            (
                grad_b.shape != want[1].shape,
                f"grad_b has b's shape; yours has shape {grad_b.shape}: sum "
                "grad_z over the batch axis, axis 0.",
            ),
            (True, "grad_b is grad_z summed over the batch axis, axis 0."),
        )
    if grad_x.shape != want[2].shape:
        return Feedback(
            False,
            f"grad_x has the inputs' shape; yours has shape {grad_x.shape}: "
            "grad_z @ W.T.",
        )
    return Feedback(
        False,
        "grad_x is grad_z @ W.T (the relu mask applied first, as for the "
        "others).",
    )


# --------------------------------------------------------------------------
# Exercise 2.5.2 (computation): one RMSprop step


def rmsprop_exercise_data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(w, g, s)``: weights, gradient, and the mean square before the step.

    All float32, of shape (2, 3).
    """
    rng = np.random.default_rng(25)
    w = rng.normal(size=(2, 3)).round(2).astype(np.float32)
    g = (rng.normal(size=(2, 3)) * 1e-3).round(6).astype(np.float32)
    s = (rng.random((2, 3)) * 1e-6).round(9).astype(np.float32)
    return w, g, s


def _rmsprop(
    w: np.ndarray,
    g: np.ndarray,
    s: np.ndarray,
    lr: float = 0.001,
    rho: float = 0.9,
    eps: float = 1e-7,
    *,
    eps_outside: bool = False,
    forget_decay: bool = False,
    old_mean_square: bool = False,
    no_root: bool = False,
) -> np.ndarray:
    new = (s if forget_decay else rho * s) + (1 - rho) * g * g
    used = s if old_mean_square else new
    if no_root:
        denominator = used + eps
    else:
        denominator = (
            np.sqrt(used) + eps if eps_outside else np.sqrt(used + eps)
        )
    return w - lr * g / denominator


def check_rmsprop_step(answer: object) -> Feedback:
    """The weights after one Keras RMSprop step from the exercise's data."""
    got = read_array(answer, "the answer is the array of new weights")
    if isinstance(got, Feedback):
        return got
    w, g, s = (a.astype(np.float64) for a in rmsprop_exercise_data())
    if got.shape != w.shape:
        return Feedback(
            False,
            "the new weights have the shape of w_ex; yours has shape "
            f"{got.shape}.",
        )

    def close(want: np.ndarray) -> bool:
        return bool(np.allclose(got, want, rtol=1e-5, atol=1e-7))

    if close(_rmsprop(w, g, s)):
        return Feedback(
            True,
            "one RMSprop step, with epsilon inside the square root as in "
            "Keras.",
        )
    # Each of _rmsprop's flags makes one typical slip in the formula.
    slips = {
        # Epsilon outside the root and no epsilon at all give the same
        # weights here, to the check's precision: one message for both.
        "eps_outside": "Keras adds epsilon inside the square root: "
        "sqrt(s + epsilon), not sqrt(s) + epsilon, and not left out.",
        "forget_decay": "the old mean square is multiplied by rho before "
        "(1 - rho) * g**2 is added.",
        "old_mean_square": "update the mean square first, then divide by "
        "the root of the new one.",
        "no_root": "divide by the square root of the mean square, not by "
        "the mean square.",
    }
    mistakes = [
        (_rmsprop(w, g, s, **{flag: True}), message)
        for flag, message in slips.items()
    ]
    mistakes += [
        (
            w + (w - _rmsprop(w, g, s)),
            "the step goes against the gradient: subtract it.",
        ),
        (w, "these are the weights before the step."),
        (
            w - _rmsprop(w, g, s),
            "that is the step itself; the answer is the new weights, w "
            "minus the step.",
        ),
        (
            0.9 * s + 0.1 * g * g,
            "that is the new mean square; the answer is the new weights.",
        ),
    ]
    mistake = match_mistakes(mistakes, close)
    if mistake is not None:
        return mistake
    wrong = int(
        (~np.isclose(got, _rmsprop(w, g, s), rtol=1e-5, atol=1e-7)).sum()
    )
    return Feedback(
        False,
        f"{wrong} of {got.size} weights are not right after one RMSprop "
        "step: first s = rho * s + (1 - rho) * g**2, then w - learning_rate "
        "* g / sqrt(s + epsilon), with Keras's defaults.",
    )


# --------------------------------------------------------------------------
# Exercise 2.5.3 (computation): a confusion matrix


def confusion_exercise_data() -> tuple[np.ndarray, np.ndarray]:
    """``(labels, predictions)``: 40 samples of 4 classes."""
    rng = np.random.default_rng(5)
    labels = rng.integers(0, 4, 40)
    predictions = np.where(
        rng.random(40) < 0.7, labels, rng.integers(0, 4, 40)
    )
    return labels, predictions


def check_confusion_matrix(answer: object) -> Feedback:
    """The 4 x 4 confusion matrix (rows: labels, columns: predictions)."""
    got = read_array(answer, "the answer is a 4 x 4 array of counts")
    if isinstance(got, Feedback):
        return got
    labels, predictions = confusion_exercise_data()
    expected = np.zeros((4, 4))
    np.add.at(expected, (labels, predictions), 1)
    if got.shape != expected.shape:
        return Feedback(
            False,
            "the matrix has one row and one column per class: shape (4, 4), "
            f"not {got.shape}.",
        )
    if np.array_equal(got, expected):
        return Feedback(
            True,
            "every sample counted once, in the row of its label and the "
            "column of its prediction.",
        )
    if np.array_equal(got, expected.T):
        return Feedback(
            False,
            "rows are the true labels and columns the predictions: yours is "
            "transposed.",
        )
    once = np.zeros((4, 4))
    once[labels, predictions] += 1
    if np.array_equal(got, once):
        return Feedback(
            False,
            "`matrix[labels, predictions] += 1` counts a repeated (label, "
            "prediction) pair only once; use np.add.at, or a loop.",
        )
    if np.allclose(got.sum(axis=1), 1) or np.isclose(got.sum(), 1):
        return Feedback(
            False,
            "those are fractions; the confusion matrix counts samples.",
        )
    if got.sum() != len(labels):
        return Feedback(
            False,
            f"every one of the {len(labels)} samples is counted exactly "
            "once: "
            f"the entries add up to {len(labels)}.",
        )
    if np.array_equal(np.diag(got), np.diag(expected)):
        return Feedback(
            False,
            "the diagonal (the correct predictions) is right; check where "
            "the mistakes are counted.",
        )
    return Feedback(
        False,
        "some counts differ: add 1 at [label, prediction] for every sample.",
    )


# --------------------------------------------------------------------------
# Exercise 2.5.4 (computation): the cost of an epoch


def check_epoch_flops(
    answer: object,
    samples: int = 60_000,
    sizes: tuple[int, int, int] = (784, 512, 10),
) -> Feedback:
    """Floating-point operations (2 per multiply-add) of an epoch's matmuls.

    The exact count, or three significant figures.

    Counted: both layers' forward products, both weight gradients, and the
    input gradient of the output layer (the first layer's is never needed).
    """
    value = read_number(
        answer, "the answer is a count of operations, a number"
    )
    if isinstance(value, Feedback):
        return value
    inputs, hidden, classes = sizes
    expected = samples * 2 * (2 * inputs * hidden + 3 * hidden * classes)
    forward = 2 * samples * (inputs * hidden + hidden * classes)

    def near(target: float) -> bool:
        # Three significant figures, as the exercise allows.
        return within_rounding(value, target, figures=3)

    if near(expected):
        return Feedback(
            True,
            "forward products, weight gradients and the one input gradient "
            "that is needed.",
        )
    mistakes: list[tuple[Callable[[], bool], str]] = [
        (
            lambda: near(forward),
            "that is the forward pass only; backpropagation has matrix "
            "products of its own.",
        ),
        (
            lambda: near(expected / 2),
            "a multiply-add counts as two floating-point operations.",
        ),
        (
            lambda: near(expected + 2 * samples * inputs * hidden),
            "nothing needs the gradient with respect to the images: skip "
            "that product.",
        ),
        (
            lambda: near(expected - 2 * samples * hidden * classes),
            "the output layer's input gradient, g2 @ W2.T, is needed to "
            "reach the hidden layer: count it.",
        ),
        (
            lambda: near(expected / samples),
            "that is one image; an epoch goes over all 60,000 of them.",
        ),
        (
            lambda: near(expected / 1e9),
            "that is in GFLOP; give the count of operations itself.",
        ),
        (
            lambda: near(expected / samples * 128),
            "that is one batch; an epoch goes over all 60,000 images.",
        ),
        (
            lambda: bool(
                np.isclose(
                    value,
                    expected / samples * 128 * -(-samples // 128),
                    rtol=1e-9,
                )
            ),
            "that counts every batch as full; count the 60,000 images "
            "themselves (the last batch is shorter).",
        ),
    ]
    mistake = match_mistakes(mistakes, lambda applies: applies())
    if mistake is not None:
        return mistake
    if abs(value - expected) < 0.01 * expected:
        return Feedback(
            False,
            "close, but not right to three significant figures: count the "
            "matrix products alone (no bias additions), then round to "
            "three figures or give the exact count.",
        )
    return Feedback(
        False,
        "count, per image, the multiply-adds of x @ W1, h @ W2, x.T @ g1, "
        "h.T @ g2 and g2 @ W2.T, "
        "double them, and multiply by the number of images.",
    )
