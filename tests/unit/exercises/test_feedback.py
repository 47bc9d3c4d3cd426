from __future__ import annotations

import numpy as np
import pytest

from dlmath.exercises import Feedback, check_array, check_shape, check_value


def test_correct_array_is_truthy_and_says_so():
    feedback = check_array(np.arange(6).reshape(2, 3), np.arange(6).reshape(2, 3))
    assert feedback and repr(feedback).startswith("Correct")
    assert feedback.require() is feedback


def test_swapped_axes_get_a_transpose_hint():
    feedback = check_array(np.zeros((3, 2)), np.zeros((2, 3)))
    assert not feedback
    assert "expected shape (2, 3), got shape (3, 2)" in feedback.message and "transpose" in feedback.message


def test_same_size_other_shape_gets_a_reshape_hint():
    assert "reshape" in check_shape((6,), (2, 3)).message


def test_rank_hint():
    assert "rank 1 instead of 2" in check_shape((5,), (2, 3)).message


def test_wrong_values_say_where_and_how_many():
    expected = np.arange(6.0).reshape(2, 3)
    answer = expected.copy()
    answer[1, 2] = 99
    feedback = check_array(answer, expected)
    assert "1 of 6 values differ" in feedback.message and "(1, 2)" in feedback.message
    assert "expected 5.0, got 99.0" in feedback.message


def test_custom_hint_for_a_common_mistake():
    expected = np.array([0.0, 1.0, 2.0])
    feedback = check_array(expected * 255, expected, hints=[(lambda a: a.max() > 1, "divide by 255.")])
    assert "Hint: divide by 255." in feedback.message


def test_placeholder_and_ragged_answers():
    assert check_array(..., np.zeros(2)).message.endswith("then run the cell.")
    assert "not a regular array" in check_array(np.array([[1], [1, 2]], dtype=object), np.zeros(2)).message


def test_dtype_checked_on_request():
    feedback = check_array(np.zeros(2, np.int64), np.zeros(2, np.float32), check_dtype=True)
    assert "expected dtype float32, got dtype int64" in feedback.message


def test_require_raises_with_the_message():
    with pytest.raises(AssertionError, match="Not yet: expected shape"):
        check_shape((1,), (2,)).require()


def test_check_value_numbers_and_tuples():
    assert check_value(0.1 + 0.2, 0.3)
    assert not check_value("three", 3)
    assert check_value((60000, 28, 28), (60000, 28, 28), name="shape")
    assert "expected rank 4, got 3" in check_value(3, 4, name="rank").message


def test_markdown_repr():
    assert Feedback(True, "fine.")._repr_markdown_().startswith("\u2705")


def test_answers_are_read_as_arrays_or_get_a_not_yet():
    from dlmath.exercises.feedback import as_float_array, as_shape, read_answer

    assert as_float_array([1, 2]).dtype == np.float64
    assert as_float_array(["a", "b"]) is None and as_float_array([[1], [2, 3]]) is None
    assert read_answer([2, 3], as_shape, "a shape.") == (2, 3)
    blank = read_answer(..., as_shape, "a shape.")
    assert isinstance(blank, Feedback) and blank.message.endswith("then run the cell.")
    garbage = read_answer("two", as_shape, "a shape is a tuple of integers.")
    assert isinstance(garbage, Feedback) and not garbage
    assert garbage.message == "a shape is a tuple of integers."
    # A conversion that raises keeps its own words: they say what went wrong better than a guess.
    ragged = check_array([[1, 2], [3]], np.zeros((2, 2)))
    assert not ragged and ragged.message.startswith("the answer could not be turned into an array (")
    assert "inhomogeneous" in ragged.message


def test_the_message_of_a_wrong_answer_is_built_only_when_needed():
    from dlmath.exercises.feedback import as_shape, read_answer

    calls = []

    def message() -> str:
        calls.append(1)
        return "a shape."

    assert read_answer((2, 3), as_shape, message) == (2, 3) and calls == []
    assert read_answer("x", as_shape, message).message == "a shape." and calls == [1]
