"""Self-check questions that answer back in the page, with no kernel.

A question is a :class:`Choice` (pick one option; each option says why it
is right or wrong) or a :class:`Number` (type a number; a wrong one gets a
hint, never the answer). :func:`self_check` shows a question of the book
(:mod:`dlmath.quiz_questions`) as one HTML output: a form, its feedback
line and a few lines of JavaScript, so it works in the static book and in
JupyterLab alike. Every question's container has the class
``dlmath-quiz``; its answer, hidden on the page, is there for the printed
book's appendix.

Text may hold ``code`` in backticks; everything else is shown as typed.

>>> question = Number("How many pixels has a 28 x 28 image?", 784,
...                   why="28 rows of 28.", hint="Rows times columns.")
>>> "dlmath-quiz" in Quiz("2.2.1", question)._repr_html_()
True
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

__all__ = ["Choice", "Number", "Option", "Quiz", "self_check"]

CODE = re.compile(r"`([^`]+)`")


def inline_html(text: str) -> str:
    """Escape ``text`` for HTML; backticks become ``<code>``.

    >>> inline_html("`x < y` or not")
    '<code>x &lt; y</code> or not'
    """
    return CODE.sub(r"<code>\1</code>", html.escape(text, quote=False))


@dataclass(frozen=True)
class Option:
    """One answer to a :class:`Choice`, and why it is right or wrong."""

    text: str
    why: str
    correct: bool = False


@dataclass(frozen=True)
class Choice:
    """A question with options, exactly one of them right."""

    prompt: str
    options: tuple[Option, ...]

    def __post_init__(self) -> None:
        right = sum(option.correct for option in self.options)
        if len(self.options) < 2 or right != 1:
            raise ValueError(
                f"a choice needs two or more options, one of them right; "
                f"got {len(self.options)} options, {right} right: "
                f"{self.prompt!r}"
            )


@dataclass(frozen=True)
class Number:
    """A question answered with a number, right within ``tolerance``."""

    prompt: str
    answer: float
    why: str
    hint: str
    tolerance: float = 1e-9

    def accepts(self, value: float) -> bool:
        """True when ``value`` is the answer, within the tolerance.

        >>> Number("?", 0.5, why="", hint="", tolerance=0.01).accepts(0.505)
        True
        """
        return math.isclose(
            value, self.answer, rel_tol=0, abs_tol=self.tolerance
        )


Question = Choice | Number


@dataclass(frozen=True)
class Quiz:
    """A question with its label ("2.3.1"), shown as HTML."""

    key: str
    question: Question

    def __repr__(self) -> str:
        return f"Self-check {self.key}"

    @property
    def name(self) -> str:
        """The form's name: the label with dashes, unique on a page."""
        return "dlmath-quiz-" + re.sub(r"[^0-9a-z]+", "-", self.key.lower())

    def answer_text(self) -> str:
        """The right answer and why, as the printed book's appendix shows it.

        >>> Quiz("2.1.1", Number("?", 3, why="Two plus one.", hint="")
        ...      ).answer_text()
        'Answer: 3. Two plus one.'
        """
        question = self.question
        if isinstance(question, Number):
            return f"Answer: {question.answer:g}. {question.why}"
        for letter, option in zip("abcdefgh", question.options, strict=False):
            if option.correct:
                text = option.text.rstrip(".")  # no double full stop
                return f"Answer: ({letter}) {text}. {option.why}"
        raise AssertionError("a Choice always has a right option")

    def _repr_html_(self) -> str:
        question = self.question
        if isinstance(question, Number):
            body = (
                f'<label class="dlmath-quiz-number">Your answer '
                f'<input type="text" inputmode="decimal" autocomplete="off" '
                f'data-answer="{question.answer!r}" '
                f'data-tolerance="{question.tolerance!r}"></label> '
                f'<button type="button" class="dlmath-quiz-check">'
                f"Check</button>\n"
                f'<div class="dlmath-quiz-why" data-result="right" hidden>'
                f"{inline_html(question.why)}</div>\n"
                f'<div class="dlmath-quiz-why" data-result="wrong" hidden>'
                f"{inline_html(question.hint)}</div>"
            )
        else:
            body = "\n".join(
                f'<label class="dlmath-quiz-option">'
                f'<input type="radio" name="{self.name}" value="{letter}" '
                f'data-correct="{str(option.correct).lower()}"> '
                f'<span class="dlmath-quiz-letter">({letter})</span> '
                f"<span>{inline_html(option.text)}</span></label>\n"
                f'<div class="dlmath-quiz-why" data-option="{letter}" hidden>'
                f"{inline_html(option.why)}</div>"
                for letter, option in zip(
                    "abcdefgh", question.options, strict=False
                )
            )
        return (
            f'<div class="dlmath-quiz" data-quiz="{html.escape(self.key)}">\n'
            f'<fieldset class="dlmath-quiz-question">\n'
            f'<legend><strong class="dlmath-quiz-label">Self-check '
            f"{html.escape(self.key)}.</strong> "
            f"{inline_html(question.prompt)}</legend>\n"
            f"{body}\n</fieldset>\n"
            f'<p class="dlmath-quiz-feedback" role="status" '
            f'aria-live="polite"></p>\n'
            f'<div class="dlmath-quiz-answer" hidden>'
            f"{inline_html(self.answer_text())}</div>\n"
            f"<style>{QUIZ_CSS}</style>\n<script>{QUIZ_JS}</script>\n</div>"
        )


def self_check(key: str) -> Quiz:
    """The book's question ``key`` ("2.3.1"), ready to display.

    >>> self_check("2.1.1").key
    '2.1.1'
    """
    from dlmath.quiz_questions import QUESTIONS

    if key not in QUESTIONS:
        raise KeyError(
            f"no self-check question {key!r}; "
            f"the book has {sorted(QUESTIONS)}"
        )
    return Quiz(key, QUESTIONS[key])


# One copy per output (see dlmath.widgets.player for why); listening on the
# document once serves every question of the page.
QUIZ_JS = """(function () {
  if (window.dlmathQuiz) return;
  window.dlmathQuiz = true;
  function answer(quiz, right, why) {
    var line = quiz.querySelector('.dlmath-quiz-feedback');
    line.setAttribute('data-result', right ? 'right' : 'wrong');
    line.textContent = (right ? 'Right: ' : 'Not quite: ') + why;
  }
  function check(quiz) {
    var input = quiz.querySelector('.dlmath-quiz-number input');
    // 401,920 and 401 920 are thousands; 0,5 is a decimal comma
    var typed = input.value.trim().replace(/[\\s_]/g, '')
      .replace(/,(?=\\d{3}(\\D|$))/g, '').replace(',', '.');
    var value = Number(typed);
    if (typed === '' || !isFinite(value)) {
      var line = quiz.querySelector('.dlmath-quiz-feedback');
      line.setAttribute('data-result', 'empty');
      line.textContent = 'Type a number, such as 0.5 or 12.';
      return;
    }
    var right = Math.abs(value - Number(input.getAttribute('data-answer')))
      <= Number(input.getAttribute('data-tolerance'));
    var why = quiz.querySelector('.dlmath-quiz-why[data-result="'
      + (right ? 'right' : 'wrong') + '"]');
    answer(quiz, right, why.textContent);
  }
  document.addEventListener('change', function (event) {
    var input = event.target;
    var quiz = input.closest && input.closest('.dlmath-quiz');
    if (!quiz || input.type !== 'radio') return;
    var why = quiz.querySelector(
      '.dlmath-quiz-why[data-option="' + input.value + '"]');
    answer(quiz, input.getAttribute('data-correct') === 'true',
      why.textContent);
  });
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest(
      '.dlmath-quiz-check');
    if (button) check(button.closest('.dlmath-quiz'));
  });
  document.addEventListener('keydown', function (event) {
    var input = event.target;
    if (event.key !== 'Enter' || !input.closest) return;
    if (!input.closest('.dlmath-quiz-number')) return;
    event.preventDefault();
    check(input.closest('.dlmath-quiz'));
  });
})();"""

QUIZ_CSS = """.dlmath-quiz{margin:1em 0;padding:0.6em 0.9em;
border:1px solid #8c8c8c;border-radius:6px}
.dlmath-quiz fieldset{border:0;margin:0;padding:0;min-width:0}
.dlmath-quiz legend{padding:0;margin-bottom:0.4em;float:left;width:100%}
.dlmath-quiz-option{display:block;margin:0.25em 0;clear:left}
.dlmath-quiz-number{clear:left}
.dlmath-quiz-number input{width:8em;margin-left:0.3em}
.dlmath-quiz-feedback{margin:0.5em 0 0;padding-left:0.5em}
.dlmath-quiz-feedback:empty{display:none}
.dlmath-quiz-feedback[data-result=right]{border-left:4px solid #1a7f37}
.dlmath-quiz-feedback[data-result=wrong]{border-left:4px solid #cf222e}
.dlmath-quiz-feedback[data-result=empty]{border-left:4px solid #8c8c8c}"""
