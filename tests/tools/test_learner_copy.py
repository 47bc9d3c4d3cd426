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


def test_learner_notebook_blanks_a_solution_with_no_answer_cell():
    copy, blanked = make_learner_notebook(_notebook())
    assert blanked == 1
    intro, solution = copy.cells[1], copy.cells[2]
    assert intro.outputs == [] and intro.execution_count is None
    assert solution.source == "answer = ...  # your code here\ncheck(answer)"
    assert solution.metadata == {"tags": []}
    assert "jupytext" not in copy.metadata


def _answer_then_solution() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    given = nbformat.v4.new_code_cell("labels = [3, 0, 9]", execution_count=1)
    answer = nbformat.v4.new_code_cell("answer = ...  # your answer here\ncheck(answer)", execution_count=2)
    answer.metadata = {"tags": ["answer"]}
    answer.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "Not yet: no answer yet"})]
    solution = nbformat.v4.new_code_cell("answer = len(labels)\ncheck(answer)", execution_count=3)
    solution.metadata = {"tags": ["solution", "hide-cell"], "jupyter": {"source_hidden": True}}
    nb.cells = [nbformat.v4.new_markdown_cell("**Exercise 2.1.1 (recall).**"), given, answer, solution]
    return nb


def test_learner_notebook_drops_solutions_that_follow_an_answer_cell():
    copy, exercises = make_learner_notebook(_answer_then_solution())
    assert exercises == 1
    assert [c.source for c in copy.cells[1:]] == [
        "labels = [3, 0, 9]",
        "answer = ...  # your answer here\ncheck(answer)",
    ]
    assert all(c.outputs == [] for c in copy.cells[1:])


def test_write_learner_copies(tmp_path):
    source = tmp_path / "notebooks"
    source.mkdir()
    nbformat.write(_notebook(), source / "01_x.ipynb")
    results = write_learner_copies(source, tmp_path / "learner")
    assert results == {"01_x.ipynb": ("written", 1)}
    written = nbformat.read(tmp_path / "learner" / "01_x.ipynb", as_version=4)
    assert "x + 1" not in written.cells[2].source
    assert sorted(p.name for p in (tmp_path / "learner").iterdir()) == [".learner-copy.json", "01_x.ipynb"]


def test_a_learners_edited_copy_survives_a_refresh(tmp_path):
    source, out = tmp_path / "notebooks", tmp_path / "learner"
    source.mkdir()
    nbformat.write(_answer_then_solution(), source / "01_x.ipynb")
    nbformat.write(_notebook(), source / "02_y.ipynb")
    write_learner_copies(source, out)
    mine = out / "01_x.ipynb"
    edited = mine.read_text().replace("answer = ...  # your answer here", "answer = 3  # my work")
    mine.write_text(edited)
    assert write_learner_copies(source, out) == {"01_x.ipynb": ("kept", 1), "02_y.ipynb": ("unchanged", 1)}
    assert mine.read_text() == edited
    # The book changes: the untouched copy is refreshed, the edited one kept, its update put beside it.
    changed = _notebook()
    changed.cells[0].source = "# New title"
    nbformat.write(changed, source / "02_y.ipynb")
    nbformat.write(_answer_then_solution(), source / "01_x.ipynb")
    assert write_learner_copies(source, out) == {"01_x.ipynb": ("kept", 1), "02_y.ipynb": ("refreshed", 1)}
    assert mine.read_text() == edited
    assert "# New title" in (out / "02_y.ipynb").read_text()
    assert "your answer here" in (out / "updates" / "01_x.ipynb").read_text()


def test_a_copy_not_written_by_the_tool_is_kept(tmp_path):
    source, out = tmp_path / "notebooks", tmp_path / "learner"
    source.mkdir()
    out.mkdir()
    nbformat.write(_notebook(), source / "01_x.ipynb")
    (out / "01_x.ipynb").write_text("my own notes")
    (out / ".learner-copy.json").write_text("not json")
    assert write_learner_copies(source, out) == {"01_x.ipynb": ("kept", 1)}
    assert (out / "01_x.ipynb").read_text() == "my own notes"


def test_make_learner_and_make_clean_leave_the_learners_work_alone(tmp_path):
    import os
    import shutil
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    (project / "tools").mkdir()
    shutil.copy(root / "Makefile", project / "Makefile")
    shutil.copy(root / "pyproject.toml", project / "pyproject.toml")
    os.utime(project / "pyproject.toml", (0, 0))  # older than the installed stamp: no reinstall
    shutil.copy(root / "tools" / "learner_copy.py", project / "tools" / "learner_copy.py")
    nbformat.write(_answer_then_solution(), project / "notebooks" / "01_x.ipynb")
    venv = root / ".venv"
    args = [make, "-C", str(project), f"VENV={venv}", f"STAMP={venv / '.installed'}"]
    run = subprocess.run([*args, "learner"], capture_output=True, text=True, check=True)
    assert "written, 1 exercises" in run.stdout
    mine = project / "learner" / "01_x.ipynb"
    mine.write_text(mine.read_text().replace("...  # your answer here", "3  # my work"))
    edited = mine.read_text()
    run = subprocess.run([*args, "learner"], capture_output=True, text=True, check=True)
    assert "kept, you changed it" in run.stdout and mine.read_text() == edited
    run = subprocess.run([*args, "clean"], capture_output=True, text=True, check=True)
    assert mine.read_text() == edited and "kept learner/" in run.stdout


def test_write_learner_copies_refuses_bad_folders(tmp_path):
    with pytest.raises(FileNotFoundError, match="no .ipynb"):
        write_learner_copies(tmp_path, tmp_path / "out")
    nbformat.write(_notebook(), tmp_path / "a.ipynb")
    with pytest.raises(ValueError, match="another folder"):
        write_learner_copies(tmp_path, tmp_path)
