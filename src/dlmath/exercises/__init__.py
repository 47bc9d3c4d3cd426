"""Exercise checks: :mod:`~dlmath.exercises.feedback` holds what every chapter
shares, and one module per notebook holds that chapter's checks, named
after it (``first_look`` for ``01_first_look``).

>>> from dlmath.exercises.feedback import check_value
>>> bool(check_value(3, 3, name="answer"))
True
"""

from dlmath.exercises.feedback import (
    Feedback,
    check_array,
    check_shape,
    check_value,
    is_blank,
    no_answer,
)

__all__ = [
    "Feedback",
    "check_array",
    "check_shape",
    "check_value",
    "is_blank",
    "no_answer",
]
