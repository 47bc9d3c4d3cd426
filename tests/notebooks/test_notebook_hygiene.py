"""What the committed notebooks store: executed cells, clean and reproducible outputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

FORBIDDEN = {
    "ANSI escape (progress bar or colour)": re.compile(r"\x1b\["),
    "TensorFlow/absl log line": re.compile(
        r"^[IWEF]\d{4} \d\d:\d\d:\d\d|cudart_stub|cpu_feature_guard|oneDNN", re.M
    ),
    "timing": re.compile(r"\d+(\.\d+)?\s*(ms|s|us)/(step|epoch)|ETA:|\bWall time\b"),
    "object address": re.compile(r" at 0x[0-9a-fA-F]+>"),
    "absolute path of a developer's machine": re.compile(r"(/work/|/root/|/home/\w+|/Users/\w+|C:\\\\)"),
    "secret-looking token": re.compile(r"(token|api[_-]?key|password)\s*[=:]\s*\S{8,}", re.I),
}


def _code_cells(path: Path) -> list[dict]:
    cells = nbformat.read(path, as_version=4).cells
    return [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def _output_text(cell: dict) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append("".join(output.get("text", "")))
        parts.extend("".join(v) for k, v in output.get("data", {}).items() if k.startswith("text/"))
        if output.get("output_type") == "error":  # tracebacks are coloured by IPython; keep the message
            parts.append(f"{output['ename']}: {output['evalue']}")
    return "\n".join(parts)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_code_cell_was_executed_in_order(notebook):
    counts = [c["execution_count"] for c in _code_cells(notebook)]
    assert None not in counts, f"{notebook.name}: unexecuted cells; run `make execute`"
    assert counts == list(range(1, len(counts) + 1)), f"{notebook.name}: not run top to bottom: {counts}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_unexpected_errors_or_stderr(notebook):
    for i, cell in enumerate(_code_cells(notebook)):
        if "raises-exception" in cell["metadata"].get("tags", []):
            continue
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"{notebook.name} cell {i}: stored error"
            assert output.get("name") != "stderr", f"{notebook.name} cell {i}: stderr {output['text']!r}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_outputs_hold_no_noise_paths_or_secrets(notebook):
    text = json.dumps(nbformat.read(notebook, as_version=4).metadata)
    for i, cell in enumerate(_code_cells(notebook)):
        text += f"\n[cell {i}]\n" + _output_text(cell) + "".join(cell["source"])
    for what, pattern in FORBIDDEN.items():
        match = pattern.search(text)
        assert match is None, (
            f"{notebook.name}: {what}: {text[max(0, match.start() - 80) : match.end() + 40]!r}"
        )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_cells_that_skip_comparison_still_assert(notebook):
    """A cell whose output nbval ignores must check something itself."""
    for i, cell in enumerate(_code_cells(notebook)):
        if "nbval-ignore-output" in cell["metadata"].get("tags", []):
            assert "assert" in "".join(cell["source"]), f"{notebook.name} cell {i}: ignored output, no assert"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_exercise_solution_is_shown_correct(notebook):
    """A solution cell must end by showing the check's "Correct" feedback (nbval then keeps it so)."""
    solutions = [c for c in _code_cells(notebook) if "solution" in c["metadata"].get("tags", [])]
    for cell in solutions:
        shown = _output_text(cell)
        assert "Correct" in shown and "Not yet" not in shown, (
            f"{notebook.name}: solution does not pass its own check:\n{''.join(cell['source'])}\n{shown}"
        )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_answer_cell_is_a_blank_that_says_not_yet(notebook):
    """An answer cell (the learner's place to write) is committed blank: its check says "Not yet"."""
    answers = [c for c in _code_cells(notebook) if "answer" in c["metadata"].get("tags", [])]
    for cell in answers:
        shown, source = _output_text(cell), "".join(cell["source"])
        assert "Not yet" in shown and ("..." in source or "NotImplementedError" in source), (
            f"{notebook.name}: an answer cell must hold a blank (...) and show 'Not yet':\n"
            f"{''.join(cell['source'])}\n{shown}"
        )
