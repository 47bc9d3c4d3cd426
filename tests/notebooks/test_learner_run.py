"""Each chapter's learner's copy runs top to bottom before the learner has written anything.

Every code cell must run without error, except that a blank answer may raise
``NotImplementedError`` (a function stub); every answer cell must say "Not yet". A ``NameError``,
``SyntaxError`` or ``TypeError`` means the copy hides something the learner needs (given data
inside a solution) or a check crashes on a blank.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tools.learner_copy import ANSWER_TAG, make_learner_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_learner_copy_runs_clean_with_blank_answers(notebook):
    copy, exercises = make_learner_notebook(nbformat.read(notebook, as_version=4))
    learner = nbformat.from_dict(copy)
    assert exercises >= 4, f"{notebook.name}: only {exercises} exercises (at least 4 expected)"
    client = NotebookClient(
        learner,
        timeout=900,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.execute()
    answers = 0
    for cell in learner.cells:
        if cell.cell_type != "code":
            continue
        tags = set(cell.metadata.get("tags", []))
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "raises-exception" in tags:
            continue
        is_blank = ANSWER_TAG in tags or "your code here" in cell.source
        if not is_blank:
            assert not errors, (
                f"{notebook.name}: a cell fails in the learner's copy:\n{cell.source}\n{errors}"
            )
            continue
        answers += 1
        shown = "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)
        stub = errors and errors[0].ename == "NotImplementedError"
        assert stub or (not errors and "Not yet" in shown), (
            f"{notebook.name}: a blank answer must say 'Not yet' (or raise NotImplementedError), "
            f"got:\n{cell.source}\n{cell.outputs}"
        )
    assert answers == exercises
