"""Make a learner's copy of the chapters: the solutions taken out, the answer cells left to fill in.

Each exercise of a chapter has an answer cell (tagged ``answer``: a blank and the check) followed by
a solution cell (tagged ``solution``). The learner's copy drops every solution that follows an
answer cell. A solution with no answer cell before it is blanked instead: its last line (the call
that checks the answer) stays and the code before it is replaced by placeholders for the same
names, so the learner sees what to define:

- ``answer = np.zeros(3)``  becomes  ``answer = ...  # your code here``
- ``def naive_relu(x): ...`` keeps its signature and docstring, its body becomes
  ``raise NotImplementedError("your code here")``
- imports stay; anything else is dropped.

Run ``python tools/learner_copy.py notebooks learner`` (``make learner``) to write
``learner/*.ipynb``. Outputs are cleared, so nothing gives the answer away.

A learner's work is never lost: ``learner/.learner-copy.json`` records the SHA-256 of each copy as
written. Running the command again (after an update of the book, say) refreshes only the copies
that still have that hash; a copy the learner changed is kept as it is, and the fresh version goes
to ``learner/updates/`` beside it.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
from pathlib import Path

import nbformat

from dlmath._files import write_text_atomically

__all__ = ["ANSWER_TAG", "SOLUTION_TAG", "blank_solution", "make_learner_notebook", "write_learner_copies"]

SOLUTION_TAG = "solution"
ANSWER_TAG = "answer"
MANIFEST = ".learner-copy.json"
UPDATES = "updates"
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
    """Return the learner's copy of ``notebook`` (outputs cleared) and how many exercises it has to fill."""
    copy = nbformat.from_dict(notebook)
    cells, exercises = [], 0
    previous_code: nbformat.NotebookNode | None = None
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            tags = cell.metadata.get("tags", [])
            if SOLUTION_TAG in tags:
                if previous_code is not None and ANSWER_TAG in previous_code.metadata.get("tags", []):
                    continue  # the answer cell above is the learner's blank: drop the solution
                cell.source = blank_solution(cell.source)
                cell.metadata["tags"] = [
                    t for t in tags if t not in (SOLUTION_TAG, "hide-input", "hide-cell")
                ]
                cell.metadata.pop("jupyter", None)
                exercises += 1
            elif ANSWER_TAG in tags:
                exercises += 1
            previous_code = cell
        cells.append(cell)
    copy.cells = cells
    copy.metadata.pop("jupytext", None)  # the copy is a plain notebook, not paired
    return copy, exercises


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_learner_copies(
    source_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str]
) -> dict[str, tuple[str, int]]:
    """Write or refresh the learner's copy of every ``.ipynb`` in ``source_dir`` inside ``out_dir``.

    Returns, per notebook, what happened (``"written"``, ``"refreshed"``, ``"unchanged"`` or
    ``"kept"``) and its number of exercises. A copy is ``"kept"`` when the learner changed it
    since it was written (or when it was not written by this tool): it is left as it is and the
    fresh version goes to ``out_dir/updates/``.
    """
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    notebooks = sorted(source_dir.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no .ipynb notebooks in {source_dir}")
    if out_dir.resolve() == source_dir.resolve():
        raise ValueError("the learner's copy must go to another folder than the chapters themselves")
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    except (OSError, ValueError):
        manifest = {}  # unreadable: treat every existing copy as the learner's own
    results: dict[str, tuple[str, int]] = {}
    for path in notebooks:
        copy, exercises = make_learner_notebook(nbformat.read(path, as_version=4))
        text = nbformat.writes(copy) + "\n"
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        target = out_dir / path.name
        if not target.exists():
            status = "written"
        elif manifest.get(path.name) != _sha256(target):
            status = "kept"  # the learner's work: never overwrite it
        elif manifest.get(path.name) == digest:
            status = "unchanged"
        else:
            status = "refreshed"
        if status == "kept":
            (out_dir / UPDATES).mkdir(exist_ok=True)
            write_text_atomically(out_dir / UPDATES / path.name, text)
        elif status != "unchanged":
            write_text_atomically(target, text)
            manifest[path.name] = digest
        results[path.name] = (status, exercises)
    write_text_atomically(manifest_path, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default="notebooks", help="folder of the chapters (.ipynb)")
    parser.add_argument("out", nargs="?", default="learner", help="folder for the learner's copies")
    args = parser.parse_args(argv)
    out = Path(args.out)
    for name, (status, exercises) in write_learner_copies(args.source, args.out).items():
        if status == "kept":
            print(
                f"{out / name}: kept, you changed it; the new version is {out / UPDATES / name} "
                "(compare, or delete your copy and run again to take it)"
            )
        else:
            print(f"{out / name}: {status}, {exercises} exercises to fill in")


if __name__ == "__main__":
    main()
