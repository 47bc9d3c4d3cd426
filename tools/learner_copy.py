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

Every answer cell of the copy records its exercise (``"exercise": "2.1.3"`` in its metadata, from
the "**Exercise 2.1.3" heading above it). Outputs are cleared, so nothing gives the answer away,
except the self-check questions' (``class="dlmath-quiz"``): they ask and answer in the page with no
kernel, once ``make lab`` has signed the copy (``untouched_copies`` lists the copies it may sign).

Run ``python tools/learner_copy.py notebooks learner`` (``make learner``) to write
``learner/*.ipynb``. It needs nothing but Python's standard library.

A learner's work is never lost: ``learner/.learner-copy.json`` records, per chapter, a digest of
the blank copy last made from the book (its cells' text and tags) and of the file as written. On a
later run:

- the book's chapter did not change: nothing is written, whatever the learner did to the copy;
- it changed and the learner never touched the copy: the copy is brought up to date;
- it changed and the learner did: their copy stays as it is, and the new version, with every
  answer cell they filled carried over (matched by exercise), goes to
  ``learner/updates/NAME.<version>.ipynb``. No file of the learner's is ever overwritten.

Every file is written whole or not at all (a temporary file, then a rename).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy as copying
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

__all__ = [
    "ANSWER_TAG",
    "SOLUTION_TAG",
    "blank_solution",
    "carry_answers",
    "make_learner_notebook",
    "untouched_copies",
    "write_learner_copies",
]

SOLUTION_TAG = "solution"
ANSWER_TAG = "answer"
MANIFEST = ".learner-copy.json"
UPDATES = "updates"
PLACEHOLDER = "...  # your code here"
QUIZ = 'class="dlmath-quiz"'
EXERCISE = re.compile(r"\*\*Exercise\s+(\d+(?:\.\d+)+)")


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


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _tags(cell: dict) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _is_self_check(cell: dict) -> bool:
    """Whether every output of ``cell`` is a self-check question (kept: it is not an answer)."""
    htmls = [_source({"source": out.get("data", {}).get("text/html", "")}) for out in cell.get("outputs", [])]
    return bool(htmls) and all(QUIZ in html for html in htmls)


def make_learner_notebook(notebook: dict) -> tuple[dict, int]:
    """Return the learner's copy of ``notebook`` (outputs cleared but the questions') and its number
    of exercises."""
    copy = copying.deepcopy(dict(notebook))
    cells: list[dict] = []
    exercises, exercise_id = 0, None
    previous_code: dict | None = None
    for cell in copy.get("cells", []):
        cell = dict(cell)
        cell["source"] = _source(cell)
        if cell.get("cell_type") == "markdown":
            found = EXERCISE.findall(_source(cell))
            exercise_id = found[-1] if found else exercise_id
        if cell.get("cell_type") == "code":
            if not _is_self_check(cell):
                cell["outputs"] = []
            cell["execution_count"] = None
            for output in cell["outputs"]:
                if "execution_count" in output:
                    output["execution_count"] = None  # the copy has not run yet
            tags = _tags(cell)
            metadata = cell.setdefault("metadata", {})
            if SOLUTION_TAG in tags:
                if previous_code is not None and ANSWER_TAG in _tags(previous_code):
                    continue  # the answer cell above is the learner's blank: drop the solution
                cell["source"] = blank_solution(cell["source"])
                metadata["tags"] = [t for t in tags if t not in (SOLUTION_TAG, "hide-input", "hide-cell")]
                metadata.pop("jupyter", None)
                exercises += 1
                metadata["exercise"] = exercise_id or f"#{exercises}"
            elif ANSWER_TAG in tags:
                exercises += 1
                metadata["exercise"] = exercise_id or f"#{exercises}"
            previous_code = cell
        cells.append(cell)
    copy["cells"] = cells
    copy.get("metadata", {}).pop("jupytext", None)  # the copy is a plain notebook, not paired
    return copy, exercises


def _answer_cells(notebook: dict) -> dict[str, dict]:
    """The cells that hold an exercise's answer, by exercise id.

    The id is in the cell's metadata; a copy made before ids were recorded has an ``answer`` tag
    instead, and the id comes from the "**Exercise N.N.N" heading above the cell.
    """
    cells, heading = {}, None
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            found = EXERCISE.findall(_source(cell))
            heading = found[-1] if found else heading
        elif cell.get("cell_type") == "code":
            exercise = cell.get("metadata", {}).get("exercise")
            if exercise is None and ANSWER_TAG in _tags(cell):
                exercise = heading
            if exercise is not None:
                cells.setdefault(exercise, cell)
    return cells


def carry_answers(new: dict, learners: dict, old_blanks: dict[str, str] | None = None) -> int:
    """Put the answers the learner filled in ``learners`` into ``new``, exercise by exercise.

    An answer cell counts as filled when it differs from the blank the learner was given
    (``old_blanks``, by exercise id; else the new blank). Where the book changed the blank itself,
    the learner's work is kept and the new blank follows it, commented out. Returns how many
    answers were carried.
    """
    theirs = _answer_cells(learners)
    carried = 0
    for exercise, cell in _answer_cells(new).items():
        mine = theirs.get(exercise)
        if mine is None:
            continue
        source, blank = _source(mine), _source(cell)
        given = (old_blanks or {}).get(exercise, blank)
        if source.strip() in (given.strip(), blank.strip()):
            continue
        if given.strip() != blank.strip():
            note = "\n".join("# " + line for line in blank.splitlines())
            source += "\n\n# The book changed this exercise's cell; its new version is:\n" + note
        cell["source"] = source
        carried += 1
    return carried


def _text(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _content(notebook: dict) -> str:
    """A digest of what the learner reads: the cells' kinds, text and tags (not ids, not outputs)."""
    cells = [[c.get("cell_type"), _source(c), _tags(c)] for c in notebook.get("cells", [])]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode("utf-8")).hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` whole or not at all: a temporary file beside ``path``, then a rename.

    The same as ``dlmath._files.write_text_atomically``, repeated here so that making the copies
    needs nothing but the standard library.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=path.name + ".", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(name, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def _read_manifest(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # missing or unreadable: every existing copy counts as the learner's own
    if not isinstance(data, dict):
        return {}
    chapters = data.get("chapters", data)  # an older manifest: {name: sha of the file written}
    return {
        name: entry if isinstance(entry, dict) else {"written": entry}
        for name, entry in chapters.items()
        if isinstance(entry, (dict, str))
    }


def write_learner_copies(
    source_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str]
) -> dict[str, tuple[str, int, str | None]]:
    """Write or bring up to date the learner's copy of every ``.ipynb`` in ``source_dir``.

    Returns, per notebook, ``(status, exercises, detail)``. ``status`` is ``"written"`` (a new
    copy), ``"unchanged"`` (the book's chapter is as when the copy was made), ``"refreshed"`` (the
    chapter changed and the copy, never edited, was brought up to date) or ``"update"`` (the chapter
    changed and the learner's edited copy was kept; ``detail`` is the new version's path and how
    many answers it carries) or ``"update-waiting"`` (that new version was written on an earlier
    run and is left as it is).
    """
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    notebooks = sorted(source_dir.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no .ipynb notebooks in {source_dir}")
    if out_dir.resolve() == source_dir.resolve():
        raise ValueError("the learner's copy must go to another folder than the chapters themselves")
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    manifest = _read_manifest(manifest_path)
    results: dict[str, tuple[str, int, str | None]] = {}
    for path in notebooks:
        blank, exercises = make_learner_notebook(json.loads(path.read_text(encoding="utf-8")))
        text, content = _text(blank), _content(blank)
        blanks = {k: _source(c) for k, c in _answer_cells(blank).items()}
        target = out_dir / path.name
        entry = manifest.get(path.name, {})
        detail = None
        if not target.exists():
            status = "written"
        elif entry.get("content") == content or _legacy_unchanged(blank, entry):
            status = "unchanged"
        elif target.read_bytes() == text.encode("utf-8"):
            status, entry = "unchanged", {"written": _sha256(text.encode("utf-8"))}
        elif entry.get("written") == _sha256(target.read_bytes()):
            status = "refreshed"  # the book changed and the learner never touched the copy
        else:
            status, detail = _write_update(path.name, blank, target, out_dir, content, entry)
        if status in ("written", "refreshed"):
            _write_atomically(target, text)
            entry = {"written": _sha256(text.encode("utf-8"))}
        manifest[path.name] = {**entry, "content": content, "answers": blanks}
        results[path.name] = (status, exercises, detail)
    _write_atomically(manifest_path, json.dumps({"chapters": manifest}, indent=1, sort_keys=True) + "\n")
    return results


def untouched_copies(out_dir: str | os.PathLike[str]) -> list[Path]:
    """The copies in ``out_dir`` exactly as this tool last wrote them (by the manifest's digests).

    >>> untouched_copies("/nonexistent")
    []
    """
    out_dir = Path(out_dir)
    copies = []
    for name, entry in sorted(_read_manifest(out_dir / MANIFEST).items()):
        path = out_dir / name
        if path.name == name and path.is_file() and entry.get("written") == _sha256(path.read_bytes()):
            copies.append(path)
    return copies


def _legacy_unchanged(blank: dict, entry: dict) -> bool:
    """Whether a manifest of the tool's first version recorded this very blank copy.

    That version stored only the digest of the file it wrote (made with nbformat, and without the
    exercise ids); when nbformat is at hand, the same file is made again and compared.
    """
    if "content" in entry or "written" not in entry:
        return False
    try:
        import nbformat
    except ImportError:
        return False
    old = copying.deepcopy(blank)
    for cell in old.get("cells", []):
        cell.get("metadata", {}).pop("exercise", None)
    try:
        text = nbformat.writes(nbformat.from_dict(old)) + "\n"
    except Exception:  # noqa: BLE001 - any failure means "cannot tell": not unchanged
        return False
    return _sha256(text.encode("utf-8")) == entry["written"]


def _write_update(
    name: str, blank: dict, target: Path, out_dir: Path, content: str, entry: dict
) -> tuple[str, str]:
    update = out_dir / UPDATES / f"{Path(name).stem}.{content[:8]}.ipynb"
    if update.exists():
        return "update-waiting", str(update)
    merged = copying.deepcopy(blank)
    try:
        learners = json.loads(target.read_text(encoding="utf-8"))
        carried = carry_answers(merged, learners, entry.get("answers"))
    except (OSError, ValueError, TypeError, AttributeError):
        carried = 0  # not a notebook we can read: the update is the blank copy
    _write_atomically(update, _text(merged))
    return "update", f"{update} ({carried} of your answers carried over)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default="notebooks", help="folder of the chapters (.ipynb)")
    parser.add_argument("out", nargs="?", default="learner", help="folder for the learner's copies")
    args = parser.parse_args(argv)
    out = Path(args.out)
    for name, (status, exercises, detail) in write_learner_copies(args.source, args.out).items():
        where = out / name
        if status == "written":
            print(f"{where}: written, {exercises} exercises to fill in")
        elif status == "unchanged":
            print(f"{where}: unchanged")
        elif status == "refreshed":
            print(f"{where}: brought up to date with the book (you had not changed it)")
        elif status == "update":
            print(
                f"{where}: the book changed this chapter. Your copy stays as it is; the new "
                f"version is {detail}: continue there when you like."
            )
        else:
            print(f"{where}: unchanged; the book's newer version is still waiting at {detail}")


if __name__ == "__main__":
    main()
