"""Checking a learner's answers: specific, immediate feedback, shared by every chapter.

A check returns a :class:`Feedback`, which is truthy when the answer is right and shows
itself as one readable line in a notebook. A solution cell ends by displaying its check;
the stored output must read "Correct" (``tests/test_notebook_hygiene.py``), and nbval fails
if a re-run shows anything else. ``.require()`` turns a wrong answer into an exception, for
scripts and tests.

>>> check_array(np.zeros((2, 3)), np.zeros((2, 3)))
Correct: shape (2, 3), all values match.
>>> check_array(np.zeros((3, 2)), np.zeros((2, 3)))
Not yet: expected shape (2, 3), got shape (3, 2). The axes look swapped: did you transpose?
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

T = TypeVar("T")

__all__ = [
    "Feedback",
    "as_float_array",
    "as_number",
    "as_shape",
    "check_array",
    "check_shape",
    "check_value",
    "is_blank",
    "no_answer",
    "read_answer",
]


@dataclass(frozen=True)
class Feedback:
    """The result of a check: ``ok`` and a message that says what was expected and what came."""

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return ("Correct: " if self.ok else "Not yet: ") + self.message

    def _repr_markdown_(self) -> str:
        return (
            "\u2705 **Correct:** " if self.ok else "\u274c **Not yet:** "
        ) + self.message

    def require(self) -> Feedback:
        """Raise ``AssertionError`` with the message unless the answer is correct; else return self."""
        if not self.ok:
            raise AssertionError(repr(self))
        return self


def is_blank(answer: object) -> bool:
    """Whether ``answer`` is still the blank of an answer cell (``...``) or ``None``."""
    return answer is None or answer is Ellipsis


def no_answer(task: str = "replace the `...` with your answer") -> Feedback:
    """The one reply to a blank answer (or a stub): "Not yet: <task>, then run the cell."

    >>> no_answer()
    Not yet: replace the `...` with your answer, then run the cell.
    """
    return Feedback(False, f"{task}, then run the cell.")


def as_float_array(answer: object) -> np.ndarray | None:
    """``answer`` as a float64 array, or None when it is not a regular array of numbers."""
    try:
        array = np.asarray(answer)
    except Exception:  # noqa: BLE001 - any conversion failure means "not an array of numbers"
        return None
    if array.dtype.kind not in "biuf":
        return None
    return array.astype(np.float64)


def read_answer(
    answer: object,
    convert: Callable[[object], T | None],
    not_that: str | Callable[[], str],
) -> T | Feedback:
    """The learner's ``answer`` read by ``convert`` (``as_shape``, ``np.asarray``, ...), or a "Not yet".

    A blank gets the one reply to a blank. When ``convert`` returns None or raises, the reply is
    ``Not yet: <not_that>``, with the error's own words when it raised. ``not_that`` may be a
    function that makes the message, so that an answer's repr is built only when it is needed.

    >>> read_answer([2, 3], as_shape, "a shape is a tuple of integers.")
    (2, 3)
    >>> read_answer("two", as_shape, lambda: f"a shape is a tuple of integers, got {'two'!r}.")
    Not yet: a shape is a tuple of integers, got 'two'.
    >>> read_answer([[1, 2], [3]], np.asarray, "not an array.")  # doctest: +ELLIPSIS
    Not yet: not an array (setting an array element with a sequence. ...
    """
    if is_blank(answer):
        return no_answer()
    try:
        got = convert(answer)
        reason = ""
    except Exception as exc:  # noqa: BLE001 - the learner's object may fail in any way; show how
        got, reason = None, f" ({exc})"
    if got is not None:
        return got
    message = not_that() if callable(not_that) else not_that
    return Feedback(
        False, message.removesuffix(".") + reason + "." if reason else message
    )


def as_number(answer: object) -> float | None:
    """``answer`` as a float, or None when it is not one number (booleans are not numbers here)."""
    if isinstance(answer, (bool, np.bool_)):
        return None
    try:
        return float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def as_shape(answer: object) -> tuple[int, ...] | None:
    """``answer`` as a tuple of integers (a shape), or None when it is not one."""
    try:
        return tuple(int(n) for n in answer)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None


def _shape_hint(got: tuple[int, ...], expected: tuple[int, ...]) -> str:
    if len(got) == len(expected) and sorted(got) == sorted(expected):
        return " The axes look swapped: did you transpose?"
    if int(np.prod(got, dtype=np.int64)) == int(
        np.prod(expected, dtype=np.int64)
    ):
        return " It has the right number of entries: a reshape is missing or different."
    if len(got) != len(expected):
        return f" It has rank {len(got)} instead of {len(expected)}."
    return ""


def check_shape(
    got: Sequence[int] | np.ndarray, expected: Sequence[int]
) -> Feedback:
    """Compare a shape (or an array's shape) with the expected one.

    >>> check_shape((28, 28), (28, 28))
    Correct: shape (28, 28).
    """
    expected_shape = tuple(int(n) for n in expected)
    if is_blank(got):
        return no_answer()
    try:
        got_shape = tuple(
            int(n)
            for n in (got.shape if isinstance(got, np.ndarray) else got)
        )  # type: ignore
    except (TypeError, ValueError):
        return Feedback(
            False,
            f"expected a shape such as {expected_shape} (integers); got {got!r}.",
        )
    if got_shape == expected_shape:
        return Feedback(True, f"shape {expected_shape}.")
    return Feedback(
        False,
        f"expected shape {expected_shape}, got shape {got_shape}."
        + _shape_hint(got_shape, expected_shape),
    )


def check_array(
    answer: object,
    expected: object,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    check_dtype: bool = False,
    hints: Sequence[tuple[Callable[[np.ndarray], bool], str]] = (),
) -> Feedback:
    """Compare an array answer with the expected array: type, shape, dtype, then values.

    ``hints`` are ``(predicate, message)`` pairs for common mistakes: when a predicate is true
    of a wrong answer, its message is added to the feedback.
    """
    got = read_answer(
        answer, np.asarray, "the answer could not be turned into an array."
    )
    if isinstance(got, Feedback):
        return got
    want = np.asarray(expected)
    if got.dtype == object:
        return Feedback(
            False,
            "the answer is not a regular array of numbers (ragged or mixed objects).",
        )
    shape_feedback = check_shape(got.shape, want.shape)
    if not shape_feedback:
        return shape_feedback
    if check_dtype and got.dtype != want.dtype:
        return Feedback(
            False, f"expected dtype {want.dtype}, got dtype {got.dtype}."
        )
    if got.dtype.kind in "fc" or want.dtype.kind in "fc":
        close = np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    else:
        close = got == want
    if close.all():
        return Feedback(True, f"shape {want.shape}, all values match.")
    wrong = np.argwhere(~close) if got.ndim else np.zeros((1, 0), dtype=int)
    first = tuple(int(i) for i in wrong[0])
    where = f" at index {first}" if got.ndim else ""
    message = (
        f"{int((~close).sum())} of {close.size} values differ; first{where}: "
        f"expected {want[first].item()!r}, got {got[first].item()!r}."
    )
    return Feedback(False, message + _first_hint(hints, got))


def check_value(
    answer: object,
    expected: object,
    *,
    name: str = "answer",
    rtol: float = 1e-6,
    hints: Sequence[tuple[Callable[[float], bool], str]] = (),
) -> Feedback:
    """Compare a single value (a number, a string, a tuple such as a shape).

    ``hints`` are ``(predicate, message)`` pairs for common mistakes with numbers: the first
    predicate that is true of a wrong numeric answer adds its message to the feedback.

    >>> check_value(3, 4, name="rank")
    Not yet: expected rank 4, got 3.
    >>> check_value(12, 24, hints=[(lambda v: v == 24 / 2, "count both directions.")])
    Not yet: expected answer 24, got 12. Hint: count both directions.
    """
    if is_blank(answer):
        return no_answer()
    value = None
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            value = float(answer)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return Feedback(
                False, f"expected a number for {name}, got {answer!r}."
            )
        ok = bool(np.isclose(value, float(expected), rtol=rtol, atol=0))
    else:
        ok = answer == expected
    if ok:
        return Feedback(True, f"{name} is {expected!r}.")
    message = f"expected {name} {expected!r}, got {answer!r}."
    if value is not None:
        message += _first_hint(hints, value)
    return Feedback(False, message)


def _first_hint(
    hints: Sequence[tuple[Callable[[object], bool], str]], got: object
) -> str:
    for predicate, hint in hints:
        try:
            applies = bool(predicate(got))
        except Exception:  # noqa: BLE001 - a hint that does not apply is simply skipped
            applies = False
        if applies:
            return " Hint: " + hint
    return ""
