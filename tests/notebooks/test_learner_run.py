"""The learner's copy of each chapter runs, top to bottom, up to its first unanswered exercise.

Cells before the first blanked solution must run without error; the first blanked solution
itself must either show "Not yet" feedback or raise ``NotImplementedError`` (nothing else).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tools.learner_copy import SOLUTION_TAG, make_learner_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _first_solution(nb: nbformat.NotebookNode) -> int | None:
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and SOLUTION_TAG in cell.metadata.get("tags", []):
            return index
    return None


def _with_solutions(paths: list[Path]) -> list[Path]:
    return [p for p in paths if _first_solution(nbformat.read(p, as_version=4)) is not None]


@pytest.mark.parametrize("notebook", _with_solutions(NOTEBOOKS), ids=lambda p: p.stem)
def test_learner_copy_runs_to_first_exercise(notebook):
    original = nbformat.read(notebook, as_version=4)
    first = _first_solution(original)
    learner, blanked = make_learner_notebook(original)
    assert blanked >= 4, f"{notebook.name}: only {blanked} exercises with solutions (at least 4 expected)"
    learner.cells = learner.cells[: first + 1]
    client = NotebookClient(
        learner,
        timeout=900,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as exc:  # pragma: no cover - allow_errors keeps going
        pytest.fail(str(exc))
    code_cells = [c for c in learner.cells[:first] if c.cell_type == "code"]
    for cell in code_cells:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "raises-exception" in cell.metadata.get("tags", []):
            continue
        assert not errors, f"{notebook.name}: cell fails in the learner's copy:\n{cell.source}\n{errors}"
    exercise = learner.cells[first]
    errors = [o for o in exercise.outputs if o.output_type == "error"]
    shown = "".join(o.get("data", {}).get("text/plain", "") for o in exercise.outputs)
    assert (errors and errors[0].ename == "NotImplementedError") or "Not yet" in shown, (
        f"{notebook.name}: the first blank exercise should say 'Not yet' or raise NotImplementedError, "
        f"got {exercise.outputs}"
    )
