"""Which Python makes the environment: tools/find_python.sh and the Makefile's use of it.

Each test runs the script (or ``make``) with a PATH holding only fake interpreters: a fake
``python3.X`` is a small script run by the real Python that reports version 3.X, and a broken one
fails like a pyenv shim for a version that is installed but not selected.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make")

FAKE_PYTHON = """#!{real}
# A fake Python {version}: runs the -c code with sys.version_info set to {version}.
import runpy, sys, tempfile
with open({log!r}, "a") as log:
    log.write({name!r} + "\\n")
sys.version_info = ({major}, {minor}, 0, "final", 0)
assert sys.argv[1] == "-c", sys.argv
with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as code:
    code.write(sys.argv[2])
runpy.run_path(code.name, run_name="__main__")
"""
BROKEN_SHIM = """#!/bin/sh
echo "pyenv: $(basename "$0"): command not found" >&2
exit 127
"""


@pytest.fixture
def fake_bin(tmp_path: Path):
    """A folder for fake interpreters (and ``sh``), and a function that adds one."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "sh").symlink_to(shutil.which("sh"))
    log = tmp_path / "calls.log"
    log.touch()

    def add(name: str, version: str | None) -> Path:
        path = folder / name
        if version is None:
            path.write_text(BROKEN_SHIM)
        else:
            major, minor = version.split(".")
            path.write_text(
                FAKE_PYTHON.format(
                    real=sys.executable, version=version, major=major, minor=minor, log=str(log), name=name
                )
            )
        path.chmod(0o755)
        return path

    add.folder = folder
    add.log = log
    return add


def find_python(fake_bin, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/sh", "tools/find_python.sh", *args],
        cwd=ROOT,
        env={"PATH": str(fake_bin.folder)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_newest_supported_python_wins(fake_bin):
    for version in ("3.11", "3.12", "3.13"):
        fake_bin(f"python{version}", version)
    result = find_python(fake_bin)
    assert (result.returncode, result.stdout) == (0, "python3.13\n")


def test_a_broken_shim_is_skipped(fake_bin):
    fake_bin("python3.13", None)
    fake_bin("python3.12", "3.12")
    fake_bin("python3.11", "3.11")
    result = find_python(fake_bin)
    assert (result.returncode, result.stdout) == (0, "python3.12\n")


def test_a_name_that_lies_about_its_version_is_skipped(fake_bin):
    fake_bin("python3.13", "3.10")
    fake_bin("python3.11", "3.11")
    assert find_python(fake_bin).stdout == "python3.11\n"


def test_all_lists_every_supported_python(fake_bin):
    fake_bin("python3.13", "3.13")
    fake_bin("python3.12", None)
    fake_bin("python3.11", "3.11")
    assert find_python(fake_bin, "--all").stdout == "python3.13\npython3.11\n"


def test_none_found_fails_quietly(fake_bin):
    fake_bin("python3.13", None)
    fake_bin("python3.10", "3.10")
    result = find_python(fake_bin)
    assert (result.returncode, result.stdout) == (1, "")


def test_the_real_interpreter_is_found():
    """The Python running these tests is a supported one, and the script finds it by its name."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    folder = Path(sys.executable).parent
    if not (folder / f"python{version}").exists():
        pytest.skip(f"no python{version} next to {sys.executable}")
    result = subprocess.run(
        ["/bin/sh", "tools/find_python.sh"],
        cwd=ROOT,
        env={"PATH": str(folder)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout == f"python{version}\n"


# The Makefile: `make setup` with no environment yet, as a new reader runs it.


def make(fake_bin, tmp_path: Path, *args: str, dry_run: bool = True, target: str = "setup"):
    if MAKE is None:
        pytest.skip("make is not installed")
    env = {"PATH": str(fake_bin.folder), "HOME": str(tmp_path)}
    command = [
        MAKE,
        "--no-print-directory",
        *(["-n"] if dry_run else []),
        target,
        f"VENV={tmp_path / 'venv'}",
    ]
    return subprocess.run([*command, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_make_creates_the_environment_with_the_newest_python(fake_bin, tmp_path):
    fake_bin("python3.13", None)
    fake_bin("python3.12", "3.12")
    fake_bin("python3.11", "3.11")
    result = make(fake_bin, tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"sh tools/install.sh {tmp_path / 'venv'} 'python3.12' dev" in result.stdout


def test_make_uses_python_when_given(fake_bin, tmp_path):
    fake_bin("python3.13", "3.13")
    result = make(fake_bin, tmp_path, "PYTHON=python3.11")
    assert result.returncode == 0, result.stderr
    assert f"sh tools/install.sh {tmp_path / 'venv'} 'python3.11' dev" in result.stdout
    assert fake_bin.log.read_text() == "", "the newest Python was looked for although PYTHON was given"


def test_make_without_a_supported_python_says_what_to_do(fake_bin, tmp_path):
    fake_bin("python3.13", None)
    fake_bin("python3.10", "3.10")
    result = make(fake_bin, tmp_path, dry_run=False)
    assert result.returncode != 0
    assert "no supported Python found: this book needs Python 3.11, 3.12 or 3.13" in result.stderr
    assert "https://www.python.org/downloads/" in result.stderr and "pyenv" in result.stderr
    assert not (tmp_path / "venv").exists()


def test_make_refuses_an_unsupported_python(fake_bin, tmp_path):
    fake_bin("python3.10", "3.10")
    result = make(fake_bin, tmp_path, "PYTHON=python3.10", dry_run=False)
    assert result.returncode != 0
    assert "python3.10 is Python 3.10; this book needs Python 3.11, 3.12 or 3.13" in result.stderr
    assert not (tmp_path / "venv").exists()


def test_make_keeps_an_environment_made_by_another_python(fake_bin, tmp_path):
    """`make PYTHON=...` with an environment made by another Python stops and says how to go on."""
    venv_python = fake_bin("venv-python", "3.11")
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    os.symlink(venv_python, tmp_path / "venv" / "bin" / "python")
    fake_bin("python3.13", "3.13")
    fake_bin("python3.11", "3.11")
    refused = make(fake_bin, tmp_path, "PYTHON=python3.13", dry_run=False)
    assert refused.returncode != 0
    assert "was made with Python 3.11, not python3.13 (Python 3.13)" in refused.stderr
    assert "rm -rf" in refused.stderr and "VENV=build/venv-3.13" in refused.stderr
    same = make(fake_bin, tmp_path, "PYTHON=python3.11", dry_run=False, target="venv-matches-python")
    assert same.returncode == 0, same.stderr
