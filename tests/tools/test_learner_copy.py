from __future__ import annotations

import nbformat
import pytest

from tools.learner_copy import blank_solution, make_learner_notebook, write_learner_copies

SOLUTION = '''import numpy as np
answer = np.arange(6).reshape(2, 3)
total, count = answer.sum(), answer.size


def naive_relu(x: np.ndarray) -> np.ndarray:
    """Element-wise max(x, 0)."""
    return np.maximum(x, 0)


print("scratch work is dropped")
check_answer(answer, naive_relu)'''


def test_blank_keeps_imports_names_signatures_and_the_check():
    blank = blank_solution(SOLUTION)
    assert blank.splitlines() == [
        "import numpy as np",
        "answer = ...  # your code here",
        "(total, count) = ...  # your code here",
        "def naive_relu(x: np.ndarray) -> np.ndarray:",
        "    'Element-wise max(x, 0).'",
        '    raise NotImplementedError("your code here")',
        "check_answer(answer, naive_relu)",
    ]
    assert "np.maximum" not in blank and "arange" not in blank
    compile(blank, "<blank>", "exec")


def test_blank_rejects_broken_or_empty_cells():
    with pytest.raises(ValueError, match="not valid Python"):
        blank_solution("answer = (")
    with pytest.raises(ValueError, match="empty"):
        blank_solution("# only a comment")


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    intro = nbformat.v4.new_code_cell("x = 1", execution_count=1)
    intro.outputs = [nbformat.v4.new_output("stream", text="1\n")]
    solution = nbformat.v4.new_code_cell("answer = x + 1\ncheck(answer)", execution_count=2)
    solution.metadata = {"tags": ["hide-input", "solution"], "jupyter": {"source_hidden": True}}
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), intro, solution]
    nb.metadata["jupytext"] = {"formats": "ipynb,md:myst"}
    return nb


def test_learner_notebook_hides_nothing_and_gives_nothing_away():
    copy, blanked = make_learner_notebook(_notebook())
    assert blanked == 1
    intro, solution = copy.cells[1], copy.cells[2]
    assert intro.outputs == [] and intro.execution_count is None
    assert solution.source == "answer = ...  # your code here\ncheck(answer)"
    assert solution.metadata == {"tags": []}
    assert "jupytext" not in copy.metadata


def test_write_learner_copies(tmp_path):
    source = tmp_path / "notebooks"
    source.mkdir()
    nbformat.write(_notebook(), source / "01_x.ipynb")
    counts = write_learner_copies(source, tmp_path / "learner")
    assert counts == {"01_x.ipynb": 1}
    written = nbformat.read(tmp_path / "learner" / "01_x.ipynb", as_version=4)
    assert "x + 1" not in written.cells[2].source
    assert sorted(p.name for p in (tmp_path / "learner").iterdir()) == ["01_x.ipynb"]


def test_write_learner_copies_refuses_bad_folders(tmp_path):
    with pytest.raises(FileNotFoundError, match="no .ipynb"):
        write_learner_copies(tmp_path, tmp_path / "out")
    nbformat.write(_notebook(), tmp_path / "a.ipynb")
    with pytest.raises(ValueError, match="another folder"):
        write_learner_copies(tmp_path, tmp_path)
