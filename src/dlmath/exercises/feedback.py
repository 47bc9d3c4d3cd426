"""Checking a learner's answers: feedback like a tutor's, for every chapter.

A check returns a :class:`Feedback`, which is truthy when the answer is right
and shows itself as one short line in a notebook. A "Not yet" says what is
wrong with the learner's answer (which axis, which factor, which sign) and
never contains the right answer: no expected value, shape or entry. That lives
only in the solution.

>>> check_array(np.zeros((3, 2)), np.zeros((2, 3)))
Not yet: your answer has shape (3, 2): the right axis lengths in another \
order. Did you transpose?
>>> check_array([[1.0, 2.0], [3.0, 5.0]], [[1.0, 2.0], [3.0, 4.0]])
Not yet: 1 of 4 values is not right; the first is at index (1, 1), where \
you have 5.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from dlmath._checks import is_integer

T = TypeVar("T")

__all__ = [
    "Feedback",
    "as_float_array",
    "as_number",
    "as_shape",
    "call_for_arrays",
    "call_learner",
    "check_array",
    "check_shape",
    "check_value",
    "close_to",
    "describe",
    "first_difference",
    "is_blank",
    "match_mistakes",
    "no_answer",
    "read_answer",
    "read_array",
    "read_number",
    "read_shape",
    "right_or_mistake",
    "shape_mistake",
    "unpack_results",
    "within_rounding",
]


@dataclass(frozen=True)
class Feedback:
    """The result of a check: ``ok``, and a message about the answer."""

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return ("Correct: " if self.ok else "Not yet: ") + self.message

    def _repr_markdown_(self) -> str:
        mark = "\u2705 **Correct:** " if self.ok else "\u274c **Not yet:** "
        return mark + self.message

    def require(self) -> Feedback:
        """Raise ``AssertionError`` unless the answer is right; else self."""
        if not self.ok:
            raise AssertionError(repr(self))
        return self


def is_blank(answer: object) -> bool:
    """Whether ``answer`` is still an answer cell's blank: ``...`` or None."""
    return answer is None or answer is Ellipsis


def no_answer(task: str = "replace the `...` with your answer") -> Feedback:
    """The one reply to a blank answer (or a stub).

    >>> no_answer()
    Not yet: replace the `...` with your answer, then run the cell.
    """
    return Feedback(False, f"{task}, then run the cell.")


def describe(answer: object) -> str:
    """A few words on what the learner's object is: never a dump of it.

    >>> describe(np.zeros((233,)))
    'an array of shape (233,)'
    >>> describe("578027520")
    "the text '578027520' (a string, not a number)"
    """
    if isinstance(answer, np.ndarray):
        if answer.ndim == 0:
            return f"the number {answer.item()!r}"
        return f"an array of shape {answer.shape}"
    if isinstance(answer, (str, bytes)):
        text = answer if len(answer) <= 24 else answer[:21] + "..."
        return f"the text {text!r} (a string, not a number)"
    if isinstance(answer, (list, tuple)):
        text = repr(answer)
        if len(answer) > 6 or len(text) > 40 or "np." in text:
            return f"a {type(answer).__name__} of {len(answer)} items"
        return text
    if callable(answer):
        return f"the function {getattr(answer, '__name__', '?')}"
    if inspect.isgenerator(answer):
        return "a generator (a function with `yield` makes one)"
    text = repr(answer)
    # A default repr such as <generator object at 0x7f...> says nothing.
    if len(text) > 60 or " at 0x" in text:
        return f"a {type(answer).__name__}"
    return text


def _array_of(answer: object, kinds: str) -> np.ndarray | None:
    # ``answer`` as an array whose dtype kind is one of ``kinds``, or None.
    # Text is never numbers, even text that reads as one.
    if isinstance(answer, (str, bytes)):
        return None
    try:
        array = np.asarray(answer)
    except Exception:  # noqa: BLE001 - any failure means "not numbers"
        return None
    return array if array.dtype.kind in kinds else None


def as_float_array(answer: object) -> np.ndarray | None:
    """``answer`` as a float64 array, or None when it is not numbers.

    Text is not numbers, even text that reads as one.

    >>> as_float_array([1, 2]).dtype, as_float_array(["1", "2"])
    (dtype('float64'), None)
    """
    array = _array_of(answer, "biuf")
    return None if array is None else array.astype(np.float64)


def as_number(answer: object) -> float | None:
    """``answer`` as one float, or None (a bool or a text is not a number).

    A one-element array counts as its number.

    >>> as_number(np.array([[1.5]])), as_number("2"), as_number(True)
    (1.5, None, None)
    """
    array = _array_of(answer, "iuf")
    if array is None or array.size != 1:
        return None
    return float(array.reshape(-1)[0])


def as_shape(answer: object) -> tuple[int, ...] | None:
    """``answer`` as a tuple of whole numbers (a shape), or None.

    A tuple, a list or a one-axis array of integers is a shape; a text, a
    single number or a fraction is not.

    >>> as_shape([2, 3]), as_shape(np.array([2, 3])), as_shape("23")
    ((2, 3), (2, 3), None)
    """
    if isinstance(answer, (str, bytes)) or not isinstance(
        answer, (tuple, list, np.ndarray)
    ):
        return None
    if isinstance(answer, np.ndarray) and answer.ndim != 1:
        return None
    shape = []
    for n in answer:
        if isinstance(n, (bool, np.bool_)):
            return None
        if is_integer(n):
            shape.append(int(n))
        elif isinstance(n, (float, np.floating)) and float(n).is_integer():
            shape.append(int(n))
        else:
            return None
    if any(n < 0 for n in shape):
        return None
    return tuple(shape)


def read_answer(
    answer: object,
    convert: Callable[[object], T | None],
    not_that: str | Callable[[], str],
) -> T | Feedback:
    """The learner's ``answer`` read by ``convert``, or a "Not yet".

    A blank gets the one reply to a blank. When ``convert`` returns None or
    raises, the reply is ``not_that`` (a text, or a function that makes it),
    with the error's own words when it raised.

    >>> read_answer([2, 3], as_shape, "a shape is a tuple of integers.")
    (2, 3)
    >>> read_answer("two", as_shape, "a shape is a tuple of integers.")
    Not yet: a shape is a tuple of integers.
    """
    if is_blank(answer):
        return no_answer()
    try:
        got = convert(answer)
        reason = ""
    except Exception as exc:  # noqa: BLE001 - the learner's object may fail in any way
        got, reason = None, f" ({exc})"
    if got is not None:
        return got
    message = not_that() if callable(not_that) else not_that
    if reason:
        message = message.removesuffix(".") + reason + "."
    return Feedback(False, message)


def _read(
    answer: object, convert: Callable[[object], T | None], what: str
) -> T | Feedback:
    # The common case of read_answer: "<what>; got <a few words on it>."
    return read_answer(
        answer, convert, lambda: f"{what}; got {describe(answer)}."
    )


def read_array(answer: object, what: str) -> np.ndarray | Feedback:
    """The learner's ``answer`` as a float array, or a "Not yet" that starts
    with ``what`` (the kind of answer expected) and says what came instead.

    >>> read_array("1, 2", "the answer is an array of numbers")
    Not yet: the answer is an array of numbers; got the text '1, 2' (a \
string, not a number).
    """
    return _read(answer, as_float_array, what)


def read_number(answer: object, what: str) -> float | Feedback:
    """The learner's ``answer`` as one number, or a "Not yet" that starts
    with ``what`` (the kind of answer expected) and says what came instead.

    >>> read_number([1, 2], "the answer is one number")
    Not yet: the answer is one number; got [1, 2].
    """
    return _read(answer, as_number, what)


def read_shape(answer: object) -> tuple[int, ...] | Feedback:
    """The learner's ``answer`` as a shape, or a "Not yet" that says why not.

    >>> read_shape([2, 3])
    (2, 3)
    >>> read_shape(2.5)
    Not yet: a shape is a tuple of whole numbers such as (2, 3); got 2.5.
    """
    return _read(
        answer, as_shape, "a shape is a tuple of whole numbers such as (2, 3)"
    )


def shape_mistake(got: Sequence[int], expected: Sequence[int]) -> str:
    """What is wrong with the shape ``got``, in words that keep ``expected``.

    >>> shape_mistake((3, 2), (2, 3))
    'the right axis lengths in another order. Did you transpose?'
    >>> shape_mistake((5,), (2, 3))
    'one axis too few.'
    """
    got, expected = tuple(got), tuple(expected)
    if len(got) == len(expected) and sorted(got) == sorted(expected):
        return "the right axis lengths in another order. Did you transpose?"
    if len(got) != len(expected):
        missing = len(expected) - len(got)
        count = {1: "one axis", 2: "two axes"}.get(abs(missing), "axes")
        return f"{count} too {'few' if missing > 0 else 'many'}."
    if int(np.prod(got)) == int(np.prod(expected)):
        return "the right number of values, arranged differently."
    wrong = [
        i
        for i, (g, e) in enumerate(zip(got, expected, strict=True))
        if g != e
    ]
    if len(wrong) == 1:
        return (
            f"the length of axis {wrong[0]} ({got[wrong[0]]}) is not right."
        )
    axes = ", ".join(str(i) for i in wrong)
    return f"the lengths of axes {axes} are not right."


def check_shape(
    got: Sequence[int] | np.ndarray, expected: Sequence[int]
) -> Feedback:
    """Compare a shape (or an array's shape) with the expected one.

    >>> check_shape((28, 28), (28, 28))
    Correct: the shape is right.
    >>> check_shape((28, 28, 1), (28, 28))
    Not yet: your answer has shape (28, 28, 1): one axis too many.
    """
    if is_blank(got):
        return no_answer()
    shape = got.shape if isinstance(got, np.ndarray) else as_shape(got)
    if shape is None:
        return Feedback(
            False,
            f"a shape is a tuple of whole numbers; got {describe(got)}.",
        )
    if tuple(shape) == tuple(expected):
        return Feedback(True, "the shape is right.")
    return Feedback(
        False,
        f"your answer has shape {tuple(shape)}: "
        + shape_mistake(shape, expected),
    )


def _number_text(value: float) -> str:
    return f"{value:.4g}"


def first_difference(got: np.ndarray, wrong: np.ndarray, what: str) -> str:
    """How many ``what`` are wrong, and the first, with the learner's value.

    >>> first_difference(np.array([1.0, 7.0]), np.array([0, 1]) > 0, "values")
    '1 of 2 values is not right; the first is at index 1, where you have 7.'
    """
    count = int(wrong.sum())
    verb = "is" if count == 1 else "are"
    if got.ndim == 0:
        return f"your value {_number_text(float(got))} is not right."
    first = tuple(int(i) for i in np.argwhere(wrong)[0])
    index = first[0] if len(first) == 1 else first
    return (
        f"{count} of {wrong.size} {what} {verb} not right; the first is at "
        f"index {index}, where you have {_number_text(float(got[first]))}."
    )


def close_to(
    got: np.ndarray | float,
    want: np.ndarray | float,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
) -> bool:
    """Whether ``got`` has ``want``'s shape and values, within tolerance."""
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        return False
    return bool(np.allclose(got, want, rtol=rtol, atol=atol))


def within_rounding(
    got: np.ndarray | float,
    want: np.ndarray | float,
    *,
    decimals: int | None = None,
    figures: int | None = None,
) -> bool:
    """Whether ``got`` is ``want`` rounded to ``decimals`` places (or to
    ``figures`` significant figures), or closer: how a by-hand answer is read.

    >>> within_rounding(1.96, 1.9644, decimals=2)
    True
    >>> within_rounding(9.82e10, 98_181_120_000, figures=3)
    True
    >>> within_rounding(1.98, 1.9644, decimals=2)
    False
    """
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if got.shape != want.shape:
        return False
    if figures is not None:
        scale = np.floor(np.log10(np.maximum(np.abs(want), 1e-300)))
        tolerance = 0.5 * 10.0 ** (scale - (figures - 1))
    else:
        tolerance = 0.5 * 10.0 ** -(decimals if decimals is not None else 6)
    # A hair of slack: 0.8889 typed as 0.889 is off by less than half a unit.
    return bool(np.all(np.abs(got - want) <= tolerance * (1 + 1e-9) + 1e-12))


def _first_hint(
    hints: Sequence[tuple[Callable[[object], bool], str]], got: object
) -> str:
    for predicate, hint in hints:
        try:
            applies = bool(predicate(got))
        except Exception:  # noqa: BLE001 - a hint that does not apply is skipped
            applies = False
        if applies:
            return " Hint: " + hint
    return ""


def check_array(
    answer: object,
    expected: object,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    what: str = "values",
    hints: Sequence[tuple[Callable[[np.ndarray], bool], str]] = (),
) -> Feedback:
    """Compare an array answer with the expected array: shape, then values.

    ``hints`` are ``(predicate, message)`` pairs for common mistakes: the
    first predicate true of a wrong answer (a float array) adds its message.
    """
    got = read_array(answer, "the answer should be an array of numbers")
    if isinstance(got, Feedback):
        return got
    want = np.asarray(expected, dtype=np.float64)
    hint = _first_hint(hints, got)
    if got.shape != want.shape:
        return Feedback(
            False,
            f"your answer has shape {got.shape}: "
            + shape_mistake(got.shape, want.shape)
            + hint,
        )
    wrong = ~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    if not wrong.any():
        return Feedback(True, "the shape and every value are right.")
    return Feedback(False, first_difference(got, wrong, what) + hint)


def check_value(
    answer: object,
    expected: float,
    *,
    name: str = "answer",
    rtol: float = 1e-6,
    atol: float = 0.0,
    hints: Sequence[tuple[Callable[[float], bool], str]] = (),
) -> Feedback:
    """Compare a single number with the expected one.

    >>> check_value(3, 4, name="rank")
    Not yet: the rank is not 3.
    >>> check_value(12, 24, hints=[(lambda v: v == 12, "count both ways.")])
    Not yet: the answer is not 12. Hint: count both ways.
    """
    value = read_number(answer, f"the {name} is one number")
    if isinstance(value, Feedback):
        return value
    if np.isclose(value, float(expected), rtol=rtol, atol=atol):
        return Feedback(True, f"the {name} is right.")
    return Feedback(
        False,
        f"the {name} is not {_number_text(value)}."
        + _first_hint(hints, value),
    )


def call_learner(
    function: object, *args: object, name: str
) -> object | Feedback:
    """Call the learner's ``function`` on ``args``, or say why it cannot be.

    A blank, a stub that still raises ``NotImplementedError``, something that
    is not a function, or a function that raises: each gets its own "Not yet".

    >>> call_learner(len, [1, 2], name="len")
    2
    >>> call_learner(..., name="f")
    Not yet: write the function `f`, then run the cell.
    """
    if is_blank(function):
        return no_answer(f"write the function `{name}`")
    if not callable(function):
        return Feedback(
            False,
            f"pass the function `{name}` itself; got {describe(function)}.",
        )
    try:
        return function(*args)
    except NotImplementedError:
        return no_answer(
            f"write the body of `{name}` (it still raises "
            "NotImplementedError)"
        )
    except Exception as exc:  # noqa: BLE001 - the learner's error is the feedback
        text = str(exc)
        if len(text) > 160:
            text = text[:157] + "..."
        return Feedback(
            False, f"calling `{name}` raised {type(exc).__name__}: {text}"
        )


def match_mistakes(
    mistakes: Sequence[tuple[T, str]],
    matches: Callable[[T], bool],
    prefix: str = "",
) -> Feedback | None:
    """The "Not yet" of the first known mistake the answer matches, or None.

    ``mistakes`` pairs what a typical wrong answer gives with the message
    for it; ``matches(wrong)`` says whether the learner's answer is that one.
    ``prefix`` goes before the message. A "Not yet" is falsy, so test the
    result with ``is not None``.

    >>> mistakes = [(2.0, "a factor 2 is missing."), (-4.0, "mind the sign.")]
    >>> match_mistakes(mistakes, lambda wrong: np.isclose(-4.0, wrong))
    Not yet: mind the sign.
    >>> match_mistakes(mistakes, lambda wrong: np.isclose(3.0, wrong)) is None
    True
    """
    for wrong, message in mistakes:
        if matches(wrong):
            return Feedback(False, prefix + message)
    return None


def right_or_mistake(
    got: np.ndarray,
    expected: np.ndarray,
    right: str,
    mistakes: Sequence[tuple[np.ndarray, str]],
    *,
    rtol: float,
    atol: float,
) -> Feedback | None:
    """A "Correct" that says ``right`` when ``got`` is ``expected`` within
    the tolerance, else the "Not yet" of the first known mistake it is, or
    None: an answer that is neither still needs a look.

    >>> mistakes = [(np.array([-1.0, -2.0]), "mind the sign.")]
    >>> right_or_mistake(
    ...     np.array([-1.0, -2.0]), np.array([1.0, 2.0]), "both values.",
    ...     mistakes, rtol=1e-6, atol=0.0,
    ... )
    Not yet: mind the sign.
    """
    if close_to(got, expected, rtol=rtol, atol=atol):
        return Feedback(True, right)
    return match_mistakes(
        mistakes, lambda wrong: close_to(got, wrong, rtol=rtol, atol=atol)
    )


def unpack_results(
    result: object, count: int, *, who: str, wanted: str, not_numbers: str
) -> list[np.ndarray] | Feedback:
    """The ``count`` arrays a learner's function returned, or a "Not yet".

    ``who`` names the function in the message ("it", or its name), and
    ``wanted`` ends it by saying what to return instead; ``not_numbers`` is
    the message when one of the results is not an array of numbers.

    >>> unpack_results(([1], [2, 3]), 2, who="f", wanted="", not_numbers="")
    [array([1.]), array([2., 3.])]
    >>> unpack_results(
    ...     np.zeros((2, 3)), 2, who="f", wanted="return (a, b).",
    ...     not_numbers="a and b are arrays of numbers.",
    ... )
    Not yet: f returned one array, of shape (2, 3); return (a, b).
    """
    if isinstance(result, np.ndarray):
        return Feedback(
            False,
            f"{who} returned one array, of shape {result.shape}; {wanted}",
        )
    if (
        isinstance(result, (str, bytes, dict))
        or not hasattr(result, "__len__")
        or len(result) != count
    ):
        return Feedback(False, f"{who} returned {describe(result)}; {wanted}")
    parts = [as_float_array(part) for part in result]
    if any(part is None for part in parts):
        return Feedback(False, not_numbers)
    return parts  # type: ignore[return-value]


def call_for_arrays(
    function: object,
    args: Sequence[object],
    count: int,
    *,
    name: str,
    wanted: str,
    not_numbers: str,
    who: str | None = None,
    if_blank: str | None = None,
) -> list[np.ndarray] | Feedback:
    """Call the learner's ``function`` on ``args`` and read the ``count``
    arrays it returns, or a "Not yet" (from call_learner or unpack_results).

    ``who`` names the function in what it returned (``name`` unless given).
    ``if_blank``, when given, is the task to set when it returns None or
    ``...``: a body not written yet rather than a wrong result.

    >>> call_for_arrays(
    ...     divmod, (7, 2), 2, name="divmod", wanted="", not_numbers=""
    ... )
    [array(3.), array(1.)]
    >>> call_for_arrays(
    ...     lambda: None, (), 2, name="f", if_blank="f returned nothing",
    ...     wanted="", not_numbers="",
    ... )
    Not yet: f returned nothing, then run the cell.
    """
    result = call_learner(function, *args, name=name)
    if isinstance(result, Feedback):
        return result
    if if_blank is not None and is_blank(result):
        return no_answer(if_blank)
    return unpack_results(
        result,
        count,
        who=name if who is None else who,
        wanted=wanted,
        not_numbers=not_numbers,
    )
