from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from tools import learner_copy
from tools.learner_copy import blank_solution, carry_answers, make_learner_notebook, write_learner_copies

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
    intro, solution = copy["cells"][1], copy["cells"][2]
    assert intro["outputs"] == [] and intro["execution_count"] is None
    assert solution["source"] == "answer = ...  # your code here\ncheck(answer)"
    assert solution["metadata"] == {"tags": [], "exercise": "#1"}
    assert "jupytext" not in copy["metadata"]
    nbformat.validate(nbformat.from_dict(copy))


def _exercise(number: str, given: str, blank: str, solution: str) -> list:
    answer = nbformat.v4.new_code_cell(blank, execution_count=2)
    answer.metadata = {"tags": ["answer"]}
    answer.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "Not yet: no answer yet"})]
    shown = nbformat.v4.new_code_cell(solution, execution_count=3)
    shown.metadata = {"tags": ["solution", "hide-cell"], "jupyter": {"source_hidden": True}}
    return [
        nbformat.v4.new_markdown_cell(f"**Exercise {number} (recall).** Count the labels."),
        nbformat.v4.new_code_cell(given, execution_count=1),
        answer,
        shown,
    ]


BLANK = "answer = ...  # your answer here\ncheck(answer)"


def _chapter(title: str = "# Chapter", second_blank: str = BLANK) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(title),
        *_exercise("2.1.1", "labels = [3, 0, 9]", BLANK, "answer = len(labels)\ncheck(answer)"),
        *_exercise("2.1.2", "size = 4", second_blank, "answer = size * 2\ncheck(answer)"),
    ]
    return nb


def test_learner_notebook_drops_solutions_and_marks_each_answer_with_its_exercise():
    copy, exercises = make_learner_notebook(_chapter())
    assert exercises == 2
    code = [c for c in copy["cells"] if c["cell_type"] == "code"]
    assert [c["source"] for c in code] == ["labels = [3, 0, 9]", BLANK, "size = 4", BLANK]
    assert [c["metadata"].get("exercise") for c in code] == [None, "2.1.1", None, "2.1.2"]
    assert all(c["outputs"] == [] for c in code)
    nbformat.validate(nbformat.from_dict(copy))


def _fill(path: Path, exercise: str, source: str) -> None:
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("exercise") == exercise:
            cell["source"] = source
    path.write_text(json.dumps(nb, indent=1))


def _setup(tmp_path: Path, chapter: nbformat.NotebookNode | None = None) -> tuple[Path, Path]:
    source, out = tmp_path / "notebooks", tmp_path / "learner"
    source.mkdir()
    nbformat.write(chapter or _chapter(), source / "01_x.ipynb")
    return source, out


def test_a_first_run_writes_the_copies_and_a_manifest(tmp_path):
    source, out = _setup(tmp_path)
    nbformat.write(_notebook(), source / "02_y.ipynb")
    results = write_learner_copies(source, out)
    assert results == {"01_x.ipynb": ("written", 2, None), "02_y.ipynb": ("written", 1, None)}
    assert sorted(p.name for p in out.iterdir()) == [".learner-copy.json", "01_x.ipynb", "02_y.ipynb"]
    written = nbformat.read(out / "01_x.ipynb", as_version=4)
    assert "len(labels)" not in json.dumps(written)


def test_editing_answers_with_no_change_to_the_book_reports_nothing_new(tmp_path):
    source, out = _setup(tmp_path)
    write_learner_copies(source, out)
    mine = out / "01_x.ipynb"
    _fill(mine, "2.1.1", "answer = 3  # my work\ncheck(answer)")
    edited = mine.read_text()
    for _ in range(2):
        assert write_learner_copies(source, out) == {"01_x.ipynb": ("unchanged", 2, None)}
    assert mine.read_text() == edited and not (out / "updates").exists()
    # Re-executing or re-syncing the chapter (new outputs, new cell ids) is no new version either.
    chapter = _chapter()
    for cell in chapter.cells:
        cell["id"] = "x" + cell["id"]
    nbformat.write(chapter, source / "01_x.ipynb")
    assert write_learner_copies(source, out) == {"01_x.ipynb": ("unchanged", 2, None)}


def test_an_untouched_copy_is_brought_up_to_date(tmp_path):
    source, out = _setup(tmp_path)
    write_learner_copies(source, out)
    nbformat.write(_chapter("# New title"), source / "01_x.ipynb")
    assert write_learner_copies(source, out) == {"01_x.ipynb": ("refreshed", 2, None)}
    assert "# New title" in (out / "01_x.ipynb").read_text()
    assert write_learner_copies(source, out) == {"01_x.ipynb": ("unchanged", 2, None)}


def test_a_book_change_carries_the_learners_answers_into_the_new_version(tmp_path):
    source, out = _setup(tmp_path)
    write_learner_copies(source, out)
    mine = out / "01_x.ipynb"
    _fill(mine, "2.1.1", "answer = 3  # my work\ncheck(answer)")
    edited = mine.read_text()
    nbformat.write(_chapter("# New title"), source / "01_x.ipynb")
    ((status, exercises, detail),) = write_learner_copies(source, out).values()
    assert status == "update" and "1 of your answers carried over" in detail
    assert mine.read_text() == edited  # never overwritten
    (update,) = (out / "updates").iterdir()
    new = json.loads(update.read_text())
    sources = [c["source"] for c in new["cells"]]
    assert "# New title" in sources and "answer = 3  # my work\ncheck(answer)" in sources
    assert sources.count(BLANK) == 1  # the exercise the learner left blank stays blank
    nbformat.validate(nbformat.from_dict(new))
    # Reported once: the next runs have nothing new to say, and never touch the update either.
    update.write_text(update.read_text().replace("my work", "my work, continued"))
    kept = update.read_text()
    assert write_learner_copies(source, out) == {"01_x.ipynb": ("unchanged", 2, None)}
    assert update.read_text() == kept and mine.read_text() == edited


def test_a_changed_exercise_cell_keeps_the_learners_work_and_shows_the_new_blank(tmp_path):
    source, out = _setup(tmp_path)
    write_learner_copies(source, out)
    _fill(out / "01_x.ipynb", "2.1.2", "answer = 8\ncheck(answer)")
    changed = "answer = ...  # your answer here, a whole number\ncheck(answer, size)"
    nbformat.write(_chapter(second_blank=changed), source / "01_x.ipynb")
    ((status, _, _),) = write_learner_copies(source, out).values()
    (update,) = (out / "updates").iterdir()
    cell = [c for c in json.loads(update.read_text())["cells"] if c["metadata"].get("exercise") == "2.1.2"][0]
    assert status == "update" and cell["source"].startswith("answer = 8\ncheck(answer)")
    assert "# check(answer, size)" in cell["source"]


def test_carry_answers_matches_by_exercise_not_by_position():
    new, _ = make_learner_notebook(_chapter())
    old, _ = make_learner_notebook(_chapter())
    old["cells"].reverse()
    for cell in old["cells"]:
        if cell["metadata"].get("exercise") == "2.1.2":
            cell["source"] = "answer = 8\ncheck(answer)"
    assert carry_answers(new, old) == 1
    by_id = {c["metadata"].get("exercise"): c["source"] for c in new["cells"] if c["cell_type"] == "code"}
    assert by_id["2.1.2"] == "answer = 8\ncheck(answer)" and by_id["2.1.1"] == BLANK


def test_a_copy_not_written_by_the_tool_is_never_overwritten(tmp_path):
    source, out = _setup(tmp_path)
    out.mkdir()
    (out / "01_x.ipynb").write_text("my own notes")
    (out / ".learner-copy.json").write_text("not json")
    ((status, _, detail),) = write_learner_copies(source, out).values()
    assert status == "update" and "0 of your answers" in detail
    assert (out / "01_x.ipynb").read_text() == "my own notes"


def test_a_manifest_of_the_first_version_is_read(tmp_path):
    source, out = _setup(tmp_path)
    write_learner_copies(source, out)
    mine = out / "01_x.ipynb"
    # What the first version recorded: the digest of the file it wrote with nbformat.
    old_blank = json.loads(mine.read_text())
    for cell in old_blank["cells"]:
        cell["metadata"].pop("exercise", None)
    old_text = nbformat.writes(nbformat.from_dict(old_blank)) + "\n"
    mine.write_text(old_text.replace("...  # your answer here", "3  # my work", 1))
    digest = learner_copy._sha256(old_text.encode("utf-8"))
    (out / ".learner-copy.json").write_text(json.dumps({"01_x.ipynb": digest}))
    assert write_learner_copies(source, out) == {"01_x.ipynb": ("unchanged", 2, None)}
    # Its copies have no exercise ids: the headings above the answer cells stand in for them.
    nbformat.write(_chapter("# New title"), source / "01_x.ipynb")
    ((status, _, detail),) = write_learner_copies(source, out).values()
    assert status == "update" and "1 of your answers carried over" in detail


def test_writes_are_atomic(tmp_path, monkeypatch):
    source, out = _setup(tmp_path)
    write_learner_copies(source, out)
    before = (out / ".learner-copy.json").read_text()

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(learner_copy.os, "replace", fail)
    nbformat.write(_chapter("# New title"), source / "01_x.ipynb")
    with pytest.raises(OSError, match="disk full"):
        write_learner_copies(source, out)
    assert (out / ".learner-copy.json").read_text() == before
    assert sorted(p.name for p in out.iterdir()) == [".learner-copy.json", "01_x.ipynb"]


def test_the_tool_needs_only_the_standard_library(tmp_path):
    source, out = _setup(tmp_path)
    script = Path(learner_copy.__file__)
    # -S -I: no site-packages, no user paths; a bare Python makes the copies.
    run = subprocess.run(
        ["python3", "-S", "-I", str(script), str(source), str(out)], capture_output=True, text=True
    )
    if run.returncode and "python3" in run.stderr and "No such file" in run.stderr:
        pytest.skip("no python3 on PATH")
    assert run.returncode == 0, run.stderr
    assert "written, 2 exercises to fill in" in run.stdout


def test_make_learner_and_make_clean_leave_the_learners_work_alone(tmp_path):
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
    for name in ("learner_copy.py", "find_python.sh"):
        shutil.copy(root / "tools" / name, project / "tools" / name)
    nbformat.write(_chapter(), project / "notebooks" / "01_x.ipynb")
    venv = root / ".venv"
    args = [make, "-C", str(project), f"VENV={venv}", f"STAMP={venv / '.installed'}"]
    run = subprocess.run([*args, "learner"], capture_output=True, text=True, check=True)
    assert "written, 2 exercises" in run.stdout
    mine = project / "learner" / "01_x.ipynb"
    _fill(mine, "2.1.1", "answer = 3  # my work\ncheck(answer)")
    edited = mine.read_text()
    run = subprocess.run([*args, "learner"], capture_output=True, text=True, check=True)
    assert "unchanged" in run.stdout and mine.read_text() == edited
    assert "delete" not in run.stdout
    run = subprocess.run([*args, "clean"], capture_output=True, text=True, check=True)
    assert mine.read_text() == edited and "kept learner/" in run.stdout


def test_write_learner_copies_refuses_bad_folders(tmp_path):
    with pytest.raises(FileNotFoundError, match="no .ipynb"):
        write_learner_copies(tmp_path, tmp_path / "out")
    nbformat.write(_notebook(), tmp_path / "a.ipynb")
    with pytest.raises(ValueError, match="another folder"):
        write_learner_copies(tmp_path, tmp_path)
