"""The shared pieces of every check: messages about the learner's answer, never the target."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.exercises import Feedback, check_array, check_shape, check_value
from dlmath.exercises.feedback import (
    as_float_array,
    as_number,
    as_shape,
    call_learner,
    describe,
    match_mistakes,
    read_answer,
    read_array,
    read_number,
    read_shape,
    unpack_results,
    within_rounding,
)


def test_correct_array_is_truthy_and_says_so():
    feedback = check_array(np.arange(6).reshape(2, 3), np.arange(6).reshape(2, 3))
    assert feedback and repr(feedback).startswith("Correct")
    assert feedback.require() is feedback


@pytest.mark.parametrize(
    ("got", "expected", "words"),
    [
        ((3, 2), (2, 3), "another order"),
        ((6,), (2, 3), "one axis too few"),
        ((2, 3, 1), (2, 3), "one axis too many"),
        ((3, 4), (2, 6), "arranged differently"),
        ((2, 5), (2, 3), "axis 1 (5)"),
        ((4, 1, 3), (2, 4, 5, 3), "one axis too few"),
        ((128, 512), (128, 10), "axis 1 (512)"),
    ],
)
def test_shape_messages_describe_the_answer_not_the_target(got, expected, words, assert_not_yet):
    feedback = check_shape(got, expected)
    assert_not_yet(feedback, expected, contains=words)
    assert str(got) in feedback.message
    assert_not_yet(check_array(np.zeros(got), np.zeros(expected)), expected, contains=words)


def test_a_wrong_value_is_shown_as_the_learners_with_its_place():
    expected = np.arange(6.0).reshape(2, 3) + 0.5
    answer = expected.copy()
    answer[1, 2] = 99
    feedback = check_array(answer, expected)
    assert feedback.message == "1 of 6 values is not right; the first is at index (1, 2), where you have 99."
    assert "5.5" not in feedback.message


def test_a_long_answer_is_never_dumped():
    feedback = check_array(np.arange(365.0), np.zeros(24))
    assert "array of" not in feedback.message and len(feedback.message) < 120
    assert describe(np.arange(365.0)) == "an array of shape (365,)"
    assert len(describe(list(range(1000)))) < 40


def test_custom_hint_for_a_common_mistake():
    expected = np.array([0.0, 0.5, 1.0])
    feedback = check_array(expected * 255, expected, hints=[(lambda a: a.max() > 1, "divide by 255.")])
    assert feedback.message.endswith("Hint: divide by 255.")


def test_placeholder_text_and_ragged_answers():
    assert check_array(..., np.zeros(2)).message.endswith("then run the cell.")
    assert "array of numbers" in check_array("1, 2", np.zeros(2)).message
    ragged = check_array([[1, 2], [3]], np.zeros((2, 2)))
    assert not ragged and "could not" not in ragged.message


def test_require_raises_with_the_message():
    with pytest.raises(AssertionError, match="Not yet: your answer has shape"):
        check_shape((1,), (2,)).require()


def test_check_value():
    assert check_value(0.1 + 0.2, 0.3)
    assert check_value(np.array([[0.3]]), 0.3)
    assert check_value(1.96, 1.9644, atol=0.005)
    feedback = check_value(3, 4, name="rank")
    assert feedback.message == "the rank is not 3."
    assert "string, not a number" in check_value("4", 4).message
    assert "one number" in check_value(True, 1).message


def test_markdown_repr():
    assert Feedback(True, "fine.")._repr_markdown_().startswith("\u2705")
    assert Feedback(False, "no.")._repr_markdown_().startswith("\u274c")


@pytest.mark.parametrize(
    ("answer", "shape"),
    [
        ([2, 3], (2, 3)),
        ((np.int64(2), 3), (2, 3)),
        (np.array([2, 3]), (2, 3)),
        ((2.0, 3.0), (2, 3)),
        ("23", None),
        ((2.5, 3), None),
        ((True, 3), None),
        (6, None),
        (np.zeros((2, 3)), None),
        ((-1, 3), None),
    ],
)
def test_as_shape(answer, shape):
    assert as_shape(answer) == shape


@pytest.mark.parametrize(
    ("answer", "number"),
    [(3, 3.0), (np.float32(0.5), 0.5), (np.array([[2.0]]), 2.0), ("3", None), (True, None), ([1, 2], None)],
)
def test_as_number(answer, number):
    assert as_number(answer) == number


def test_as_float_array():
    assert as_float_array([1, 2]).dtype == np.float64
    assert as_float_array(["1", "2"]) is None and as_float_array("12") is None
    assert as_float_array([[1], [2, 3]]) is None


def test_read_answer():
    assert read_answer([2, 3], as_shape, "a shape.") == (2, 3)
    blank = read_answer(..., as_shape, "a shape.")
    assert isinstance(blank, Feedback) and blank.message.endswith("then run the cell.")
    calls = []

    def message():
        calls.append(1)
        return "a shape."

    assert read_answer((2, 3), as_shape, message) == (2, 3) and calls == []
    assert read_answer("x", as_shape, message).message == "a shape." and calls == [1]


def test_within_rounding():
    assert within_rounding([0.889, 1.778, 1.778], np.array([8, 16, 16]) / 9, decimals=3)
    assert not within_rounding([0.89, 1.78, 1.78], np.array([8, 16, 16]) / 9, decimals=3)
    assert within_rounding(9.82e10, 98_181_120_000, figures=3)
    assert not within_rounding(9.8e10, 98_181_120_000, figures=3)
    assert not within_rounding([1.0, 2.0], [1.0, 2.0, 3.0], decimals=3)


def test_call_learner():
    def stub():
        raise NotImplementedError

    def broken():
        raise KeyError("w")

    assert call_learner(lambda a: a + 1, 1, name="f") == 2
    assert call_learner(stub, name="f").message.startswith("write the body of `f`")
    assert call_learner(broken, name="f").message == "calling `f` raised KeyError: 'w'"
    assert "pass the function `f`" in call_learner(3, name="f").message
    assert call_learner(None, name="f").message.endswith("then run the cell.")


def test_read_shape_array_and_number_say_what_came_instead():
    assert read_shape(np.array([2, 3])) == (2, 3)
    assert read_shape("23").message == (
        "a shape is a tuple of whole numbers such as (2, 3); got the text '23' (a string, not a number)."
    )
    assert read_shape(...).message.endswith("then run the cell.")
    assert read_array([1, 2], "an array").tolist() == [1.0, 2.0]
    assert read_array({"a": 1}, "the answer is an array").message == ("the answer is an array; got {'a': 1}.")
    assert read_number(np.array([[1.5]]), "one number") == 1.5
    assert read_number(True, "the answer is one number").message == ("the answer is one number; got True.")


def test_match_mistakes_gives_the_first_matching_message_or_none():
    mistakes = [(2.0, "a factor 2 is missing."), (-4.0, "the sign."), (-4.0, "never reached.")]
    found = match_mistakes(mistakes, lambda wrong: np.isclose(-4.0, wrong), "Check ")
    assert isinstance(found, Feedback) and not found
    assert found.message == "Check the sign."
    assert match_mistakes(mistakes, lambda wrong: np.isclose(3.0, wrong)) is None
    assert match_mistakes([], lambda wrong: True) is None


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (np.zeros((2, 3)), "f returned one array, of shape (2, 3); return (a, b)."),
        ("ab", "f returned the text 'ab' (a string, not a number); return (a, b)."),
        ({"a": 1, "b": 2}, "f returned {'a': 1, 'b': 2}; return (a, b)."),
        (3, "f returned 3; return (a, b)."),
        ((1, 2, 3), "f returned (1, 2, 3); return (a, b)."),
        ((1, "b"), "a and b are arrays of numbers."),
    ],
)
def test_unpack_results_says_what_the_function_returned(result, message):
    feedback = unpack_results(
        result, 2, who="f", wanted="return (a, b).", not_numbers="a and b are arrays of numbers."
    )
    assert isinstance(feedback, Feedback) and not feedback
    assert feedback.message == message


def test_unpack_results_reads_each_result_as_a_float_array():
    got = unpack_results([np.arange(3), [[1, 2]]], 2, who="f", wanted="", not_numbers="")
    assert [part.dtype for part in got] == [np.float64, np.float64]
    assert [part.shape for part in got] == [(3,), (1, 2)]
