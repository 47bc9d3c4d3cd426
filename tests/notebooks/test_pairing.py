"""Each notebook and its jupytext pair (ipynb,md:myst) must agree.

The check is jupytext's own sync, run on copies: if syncing would rewrite either file,
the pair has drifted. Fix with ``make sync`` (or ``make execute`` to refresh outputs).
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import pytest
from jupytext.cli import jupytext as jupytext_cli

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_pairing_is_configured_once_for_the_project():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["jupytext"]
    assert config["formats"] == "ipynb,md:myst"


def test_every_notebook_has_its_pair():
    stems_ipynb = {p.stem for p in NOTEBOOKS}
    stems_md = {p.stem for p in (ROOT / "notebooks").glob("*.md")}
    assert stems_ipynb, "no notebooks found"
    assert stems_ipynb == stems_md, f"unpaired: {sorted(stems_ipynb ^ stems_md)}"


def _sync_copy(tmp_path: Path, notebook: Path) -> tuple[Path, Path]:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    folder = tmp_path / "notebooks"
    folder.mkdir()
    ipynb, md = folder / notebook.name, folder / (notebook.stem + ".md")
    shutil.copy2(notebook, ipynb)
    shutil.copy2(notebook.with_suffix(".md"), md)
    return ipynb, md


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
@pytest.mark.parametrize("newer", ["ipynb", "md"])
def test_pair_in_sync(tmp_path, notebook, newer):
    ipynb, md = _sync_copy(tmp_path, notebook)
    # Whichever file is newer is the one jupytext reads; both directions must be no-ops.
    older_file, newer_file = (md, ipynb) if newer == "ipynb" else (ipynb, md)
    stat = older_file.stat()
    os.utime(newer_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    before = {p: p.read_bytes() for p in (ipynb, md)}
    jupytext_cli(["--sync", "--quiet", str(ipynb)])  # jupytext's own sync, in this process
    changed = [p.name for p in (ipynb, md) if p.read_bytes() != before[p]]
    assert not changed, (
        f"{notebook.name} and its .md have drifted (sync from the {newer} rewrote {changed}); run `make sync`"
    )
