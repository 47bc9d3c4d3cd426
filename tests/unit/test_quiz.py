"""Tests of dlmath.quiz: the self-check questions' HTML and what it accepts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from dlmath.quiz import Choice, Number, Option, Quiz, inline_html, self_check

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
