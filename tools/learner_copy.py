"""Make a learner's copy of the chapters: every exercise solution replaced by a blank to fill in.

A solution is a code cell tagged ``solution``. Its last line (the call that checks the answer)
stays; the code before it is replaced by placeholders for the same names, so the learner sees
what to define:

- ``answer = np.zeros(3)``  becomes  ``answer = ...  # your code here``
- ``def naive_relu(x): ...`` keeps its signature and docstring, its body becomes
  ``raise NotImplementedError("your code here")``
- imports stay; anything else is dropped.

Run ``python -m tools.learner_copy notebooks learner`` (``make learner``) to write
``learner/*.ipynb``. Outputs are cleared and the solution tags removed, so nothing gives the
answer away.
"""

from __future__ import annotations

import argparse
import ast
import os
import tempfile
from pathlib import Path

import nbformat

__all__ = ["SOLUTION_TAG", "blank_solution", "make_learner_notebook", "write_learner_copies"]

SOLUTION_TAG = "solution"
PLACEHOLDER = "...  # your code here"


def _placeholder_for(node: ast.stmt, source: str) -> list[str]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [ast.get_source_segment(source, node) or ""]
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [f"{ast.unparse(target)} = {PLACEHOLDER}" for target in targets]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        header = f"def {node.name}({ast.unparse(node.args)})"
        if node.returns is not None:
            header += f" -> {ast.unparse(node.returns)}"
        lines = [header + ":"]
        docstring = ast.get_docstring(node)
        if docstring:
            lines.append(f"    {ast.unparse(ast.Constant(docstring))}")
        lines.append('    raise NotImplementedError("your code here")')
        return lines
    if isinstance(node, ast.ClassDef):
        return [f"class {node.name}:", '    raise NotImplementedError("your code here")']
    return []


def blank_solution(source: str) -> str:
    """Turn a solution cell's source into the learner's blank version (see the module docstring).

    >>> print(blank_solution("import numpy as np\\nanswer = np.ones(3) * 2\\ncheck(answer)"))
    import numpy as np
    answer = ...  # your code here
    check(answer)
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ValueError(f"a solution cell is not valid Python ({exc}); fix it first:\n{source}") from exc
    if not tree.body:
        raise ValueError("a solution cell is empty")
    *work, last = tree.body
    lines: list[str] = []
    for node in work:
        lines.extend(_placeholder_for(node, source))
    last_source = ast.get_source_segment(source, last) or ""
    if isinstance(last, ast.Expr):
        lines.append(last_source)
    else:
        lines.extend(_placeholder_for(last, source))
    return "\n".join(lines)


def make_learner_notebook(notebook: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, int]:
    """Return a blanked copy of ``notebook`` (outputs cleared) and how many solutions were blanked."""
    copy = nbformat.from_dict(notebook)
    blanked = 0
    for cell in copy.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        tags = cell.metadata.get("tags", [])
        if SOLUTION_TAG in tags:
            cell.source = blank_solution(cell.source)
            cell.metadata["tags"] = [t for t in tags if t not in (SOLUTION_TAG, "hide-input")]
            cell.metadata.pop("jupyter", None)
            blanked += 1
    copy.metadata.pop("jupytext", None)  # the copy is a plain notebook, not paired
    return copy, blanked


def write_learner_copies(
    source_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str]
) -> dict[str, int]:
    """Write a learner's copy of every ``.ipynb`` in ``source_dir`` to ``out_dir``; return blanks per file."""
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    notebooks = sorted(source_dir.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no .ipynb notebooks in {source_dir}")
    if out_dir.resolve() == source_dir.resolve():
        raise ValueError("the learner's copy must go to another folder than the chapters themselves")
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for path in notebooks:
        copy, counts[path.name] = make_learner_notebook(nbformat.read(path, as_version=4))
        fd, tmp = tempfile.mkstemp(dir=out_dir, suffix=".ipynb.tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                nbformat.write(copy, out)
            os.replace(tmp, out_dir / path.name)
        finally:
            Path(tmp).unlink(missing_ok=True)
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default="notebooks", help="folder of the chapters (.ipynb)")
    parser.add_argument("out", nargs="?", default="learner", help="folder for the learner's copies")
    args = parser.parse_args(argv)
    for name, count in write_learner_copies(args.source, args.out).items():
        print(f"{Path(args.out) / name}: {count} solutions blanked")


if __name__ == "__main__":
    main()
