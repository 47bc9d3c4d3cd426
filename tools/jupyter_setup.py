"""Configure this environment's Jupyter for the book: quiet kernels, chapters open as notebooks.

Run ``python tools/jupyter_setup.py`` once after installing (``make`` does it for you). It writes
two files inside the environment (``sys.prefix``), never in your home directory:

- ``etc/ipython/ipython_kernel_config.py`` with ``IPKernelApp.capture_fd_output = False``.
  TensorFlow writes log lines with timestamps straight to file descriptor 2 when it is imported;
  by default ipykernel copies them into the notebook, so every run would store different text.
  With this setting they go to the terminal that started Jupyter instead.
- ``share/jupyter/lab/settings/overrides.json`` making jupytext's notebook view the default for
  the chapters' paired ``.md`` files, so they open as notebooks in JupyterLab (the start page
  START_HERE.md too), and turning off JupyterLab's news feed and update check: no "get Jupyter
  news?" prompt over the start page, and no request from JupyterLab to a website.

``python tools/jupyter_setup.py --trust-book`` (``make lab`` runs it each time, since executing a
chapter changes it) signs the book's own notebooks in Jupyter's notary database, which the
Makefile keeps in the project (``JUPYTER_DATA_DIR``): the chapters ``notebooks/*.ipynb`` and the
learner's copies that ``tools/learner_copy.py`` wrote and nobody changed since. JupyterLab runs
no script of an unsigned notebook's stored outputs, and shows their HTML stripped of it; the
self-check questions need their few lines of JavaScript to answer back with no kernel. A chapter
opened as its ``.md`` takes its outputs, and their trust, from the paired ``.ipynb``. Any other
notebook stays untrusted; a copy the learner saved from JupyterLab was signed by it then.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

try:  # imported as tools.jupyter_setup (tests) or run as a script from tools/
    from tools.learner_copy import untouched_copies
except ImportError:
    from learner_copy import untouched_copies

KERNEL_SETTING = "c.IPKernelApp.capture_fd_output = False\n"
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension:plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    },
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as out:
            out.write(text)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_kernel_config(prefix: str | os.PathLike[str] = sys.prefix) -> Path:
    """Add ``capture_fd_output = False`` to the environment's kernel config (idempotent)."""
    path = Path(prefix) / "etc" / "ipython" / "ipython_kernel_config.py"
    current = path.read_text() if path.exists() else ""
    if KERNEL_SETTING not in current:
        separator = "\n" if current and not current.endswith("\n") else ""
        _write_atomically(path, current + separator + KERNEL_SETTING)
    return path


def write_lab_overrides(prefix: str | os.PathLike[str] = sys.prefix) -> Path:
    """Merge ``LAB_SETTINGS`` into the environment's JupyterLab overrides (idempotent)."""
    path = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    try:
        current = json.loads(path.read_text()) if path.exists() else {}
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path} is not valid JSON ({exc}); fix or delete it, then run again") from exc
    for plugin, settings in LAB_SETTINGS.items():
        current.setdefault(plugin, {}).update(settings)
    _write_atomically(path, json.dumps(current, indent=2) + "\n")
    return path


def trust_notebooks(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Sign each notebook in the notary database of ``JUPYTER_DATA_DIR``, as ``jupyter trust`` does.

    Returns the paths signed. Signing twice is harmless; a later change to a notebook makes it
    untrusted again until it is signed anew.
    """
    import nbformat
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary()
    signed = []
    for path in map(Path, paths):
        notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        if not notary.check_signature(notebook):
            notary.sign(notebook)
        signed.append(path)
    return signed


def book_notebooks(root: str | os.PathLike[str] = ".") -> list[Path]:
    """The notebooks the book itself wrote under ``root``: chapters and untouched learner copies.

    >>> book_notebooks("/nonexistent")
    []
    """
    root = Path(root)
    return sorted((root / "notebooks").glob("*.ipynb")) + untouched_copies(root / "learner")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--trust-book",
        action="store_true",
        help="only sign the book's own notebooks (notebooks/, untouched learner/ copies)",
    )
    args = parser.parse_args(argv)
    if args.trust_book:
        signed = trust_notebooks(book_notebooks())
        print(f"trusted the book's {len(signed)} notebooks (their questions answer back)")
        return
    for path in (write_kernel_config(), write_lab_overrides()):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
