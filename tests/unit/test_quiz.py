"""Tests of dlmath.quiz (the self-check questions' HTML) and dlmath.quiz_questions (their content)."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

import pytest

from dlmath.quiz import Choice, Number, Option, Quiz, inline_html, self_check
from dlmath.quiz_questions import QUESTIONS

CHOICE = Choice(
    "Shape of `x @ W`?",
    (Option("(2, 3)", "rows of x, columns of W", correct=True), Option("(3, 2)", "that is `W.T @ x.T`")),
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(markup: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(markup)
    return parser.tags


def test_a_choice_is_a_fieldset_of_labelled_radios_with_one_right():
    markup = Quiz("2.9.1", CHOICE)._repr_html_()
    assert markup.startswith('<div class="dlmath-quiz" data-quiz="2.9.1">')
    radios = [attrs for tag, attrs in _tags(markup) if tag == "input"]
    assert [r["type"] for r in radios] == ["radio", "radio"]
    assert {r["name"] for r in radios} == {"dlmath-quiz-2-9-1"}
    assert [r["data-correct"] for r in radios] == ["true", "false"]
    assert (
        '<legend><strong class="dlmath-quiz-label">Self-check 2.9.1.</strong> Shape of <code>x @ W</code>?'
        in markup
    )
    # every radio sits inside its label, so a click on the text selects it
    assert re.search(r'<label class="dlmath-quiz-option"><input type="radio"[^>]*> .*?</label>', markup)
    # why each option is right or wrong, hidden until chosen
    assert (
        '<div class="dlmath-quiz-why" data-option="b" hidden>that is <code>W.T @ x.T</code></div>' in markup
    )
    assert 'role="status"' in markup


def test_a_number_question_has_a_labelled_field_and_a_check_button():
    question = Number("`2 + 2`?", 4, why="Two and two.", hint="Add them.", tolerance=0)
    markup = Quiz("2.9.2", question)._repr_html_()
    field = next(attrs for tag, attrs in _tags(markup) if tag == "input")
    assert field["type"] == "text" and field["data-answer"] == "4" and field["data-tolerance"] == "0"
    assert '<label class="dlmath-quiz-number">Your answer <input' in markup
    assert '<button type="button" class="dlmath-quiz-check">Check</button>' in markup
    assert 'data-result="wrong" hidden>Add them.</div>' in markup


def test_html_is_deterministic_and_escapes_text():
    question = Choice("Is `a < b` & c?", (Option("<yes>", "why", correct=True), Option("no", "because")))
    markup = Quiz("2.9.3", question)._repr_html_()
    assert markup == Quiz("2.9.3", question)._repr_html_()
    assert "<code>a &lt; b</code> &amp; c?" in markup and "&lt;yes&gt;" in markup and "<yes>" not in markup
    assert inline_html("`x` and `y`") == "<code>x</code> and <code>y</code>"


def test_the_answer_for_the_printed_book_is_there_but_hidden():
    markup = Quiz("2.9.1", CHOICE)._repr_html_()
    assert (
        '<div class="dlmath-quiz-answer" hidden>Answer: (a) (2, 3). rows of x, columns of W</div>' in markup
    )
    number = Quiz("2.9.2", Number("?", 0.5, why="Half.", hint="")).answer_text()
    assert number == "Answer: 0.5. Half."


def test_bad_questions_say_what_is_wrong():
    with pytest.raises(ValueError, match="one of them right; got 2 options, 0 right"):
        Choice("?", (Option("a", ""), Option("b", "")))
    with pytest.raises(ValueError, match="got 1 options, 1 right"):
        Choice("?", (Option("a", "", correct=True),))
    with pytest.raises(KeyError, match="no self-check question '9.9.9'"):
        self_check("9.9.9")


def test_numbers_are_accepted_within_their_tolerance_only():
    question = Number("?", 0.69, why="", hint="", tolerance=0.006)
    assert question.accepts(0.693) and question.accepts(0.69)
    assert not question.accepts(0.7) and not question.accepts(-0.69)


# --- the book's questions ---------------------------------------------------------------------


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
    works = []
    for option in QUESTIONS["2.3.2"].options:
        try:
            eval(option.text.strip("`"), {"a": a, "b": b})  # noqa: S307 - the question's own four expressions
            works.append(option.correct)
        except ValueError:
            assert not option.correct
    assert works == [True]
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
