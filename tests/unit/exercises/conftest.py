"""What every exercise test needs: a "Not yet" must not contain the target.

``assert_not_yet(feedback, target, *, allowed=())`` fails when the feedback is
"Correct", or when its message shows the target: its shape (as a tuple) or any
of its entries written the ways a message would write them (``1.964``,
``1.96``, ``0.8889``, ``203530``). Single digits are too common in words
("axis 0") to count, and ``allowed`` lists texts the exercise itself states
(its question shows them), which are taken out of the message first, as is
the learner's own ``answer`` when the message echoes it.
"""

from __future__ import annotations

import re

import numpy as np
import pytest


def _number_forms(value: float) -> set[str]:
    forms = {repr(value), f"{value:g}", f"{value:.4g}", f"{value:.3g}"}
    forms |= {f"{value:.2f}", f"{value:.3f}", f"{value:.4f}"}
    if float(value).is_integer():
        number = int(value)
        forms |= {str(number), f"{number:,}", f"{number:_}"}
    # Forms that are only zeros, or one digit, say nothing about the target.
    return {f for f in forms if len(f.strip("-").replace(".", "").strip("0")) > 1}


def leaked(message: str, target: object, allowed: tuple[str, ...] = ()) -> list[str]:
    """The forms of ``target`` that ``message`` shows."""
    for text in allowed:
        message = message.replace(text, " ")
    found = []
    if isinstance(target, tuple) and all(isinstance(n, int) for n in target):
        if str(target) in message or str(list(target)) in message:
            found.append(str(target))
        entries: list[float] = []
    else:
        array = np.asarray(target, dtype=float)
        if array.ndim >= 1 and str(array.shape) in message:
            found.append(str(array.shape))
        entries = [float(v) for v in array.reshape(-1)]
    for value in entries:
        for form in _number_forms(value):
            if re.search(rf"(?<![\d.]){re.escape(form)}(?![\d])", message):
                found.append(form)
    return found


@pytest.fixture
def assert_not_yet():
    def check(feedback, target, *, allowed=(), contains=None, answer=None):
        # The learner's own answer, echoed back, gives nothing away.
        if isinstance(answer, (str, tuple, list, int, float)):
            allowed = (*allowed, repr(answer), str(answer))
        assert not feedback, f"a wrong answer passed: {feedback!r}"
        assert repr(feedback).startswith("Not yet: ")
        shown = leaked(feedback.message, target, tuple(allowed))
        assert not shown, f"the message gives away {shown}: {feedback.message}"
        assert len(feedback.message) < 320, f"too long: {feedback.message}"
        if contains is not None:
            assert contains in feedback.message, feedback.message
        return feedback

    return check
