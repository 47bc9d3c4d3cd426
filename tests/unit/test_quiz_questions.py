"""Tests of dlmath.quiz_questions: the book's self-check questions are true and well placed."""

from __future__ import annotations

import math

import pytest

from dlmath.quiz import Choice, Option, self_check
from dlmath.quiz_questions import QUESTIONS


def test_two_to_four_questions_per_chapter_numbered_in_order():
    for chapter in ("2.1", "2.2", "2.3", "2.4", "2.5"):
        keys = [k for k in QUESTIONS if k.rsplit(".", 1)[0] == chapter]
        assert 2 <= len(keys) <= 4, chapter
        assert keys == [f"{chapter}.{i}" for i in range(1, len(keys) + 1)]


@pytest.mark.parametrize("key", sorted(QUESTIONS))
def test_every_question_renders_and_explains_every_answer(key):
    question = QUESTIONS[key]
    markup = self_check(key)._repr_html_()
    assert f"Self-check {key}." in markup
    if isinstance(question, Choice):
        assert all(option.why.strip() for option in question.options)
        assert len({option.text for option in question.options}) == len(question.options)
    else:
        assert question.why.strip() and question.hint.strip()
        # a hint is a tutor: it never types the answer
        assert f"{question.answer:g}" not in question.hint


def test_computed_answers_are_right():
    """Every answer that is a computation, recomputed here from the chapter's facts."""
    import numpy as np

    assert QUESTIONS["2.1.1"].answer == 784 * 512 + 512 == 401_920
    images = np.zeros((60_000, 28, 28), dtype=np.uint8)
    assert QUESTIONS["2.2.1"].answer == images[:50, 3:-5, 14:].size == 14_000
    assert QUESTIONS["2.3.3"].accepts(np.linalg.det(np.array([[2, 1], [1, 3]])))
    learning_rate, curvature, w = 0.1, 15, 1.0
    assert QUESTIONS["2.4.3"].accepts(w - learning_rate * curvature * w)
    assert QUESTIONS["2.5.1"].accepts(-math.log(0.5))
    assert QUESTIONS["2.5.3"].answer == 5 * math.ceil(60_000 / 128) == 2345


def _right(key: str) -> Option:
    return next(o for o in QUESTIONS[key].options if o.correct)


def test_shape_answers_agree_with_numpy():
    import numpy as np

    assert _right("2.3.1").text == str(np.broadcast_shapes((8, 1, 6), (7, 1)))
    a, b = np.ones((3, 4)), np.ones((5, 4))
    products = {  # the question's four expressions, computed
        "`a @ b`": lambda: a @ b,
        "`b @ a`": lambda: b @ a,
        "`a @ b.T`": lambda: a @ b.T,
        "`a.T @ b.T`": lambda: a.T @ b.T,
    }
    options = QUESTIONS["2.3.2"].options
    assert sorted(o.text for o in options) == sorted(products)
    for option in options:
        try:
            products[option.text]()
            assert option.correct, option.text
        except ValueError:
            assert not option.correct, option.text
    images = np.zeros((60, 28, 28))
    assert str(images.mean(axis=0).shape) == _right("2.2.3").text
    clips = np.zeros((32, 16, 64, 64, 3), dtype=np.uint8)
    assert _right("2.2.4").text == str(clips[:, 0].shape)
    # each wrong option names a shape that is not the one asked for
    assert all(o.text != str(clips[:, 0].shape) for o in QUESTIONS["2.2.4"].options if not o.correct)


def test_the_steepest_descent_answer_is_the_most_negative_dot_product():
    import ast

    import numpy as np

    gradient = np.array([3.0, -4.0])
    options = QUESTIONS["2.4.1"].options
    directions = np.array([ast.literal_eval(o.text) for o in options])
    assert np.allclose(np.linalg.norm(directions, axis=1), 1)
    slopes = directions @ gradient
    assert options[int(slopes.argmin())].correct
    assert sorted(slopes)[1] < 0  # a direction that lowers the loss, but less: the tempting wrong one


def test_the_right_option_is_not_always_at_the_same_letter():
    """A reader must not learn that the answer is always (a)."""
    places = [[o.correct for o in q.options].index(True) for q in QUESTIONS.values() if isinstance(q, Choice)]
    assert len(set(places)) >= 3
    assert max(places.count(place) for place in set(places)) <= len(places) // 2
