"""pyproject.toml (pip) and environment.yml (conda) must describe the same environment."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _normalise(requirement: str) -> str:
    """``Jupyter_Book == 1.0`` -> ``jupyter-book==1.0``: PEP 503 name, no spaces."""
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", requirement)
    assert match, f"cannot parse requirement {requirement!r}"
    name, rest = match.groups()
    return re.sub(r"[-_.]+", "-", name).lower() + rest.replace(" ", "")


def pip_requirements() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [r for group in project.get("optional-dependencies", {}).values() for r in group]
    return {_normalise(r) for r in project["dependencies"] + extras}


def conda_requirements() -> tuple[set[str], list[str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = [], []
    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            pip.extend(entry["pip"])
        else:
            conda.append(entry)
    local = [r for r in pip if r.startswith(("-e", "--editable"))]
    return {_normalise(r) for r in pip if r not in local}, conda + local


def test_same_packages_and_versions():
    pip_side = pip_requirements()
    conda_side, _ = conda_requirements()
    assert pip_side == conda_side, (
        f"only in pyproject.toml: {sorted(pip_side - conda_side)}; "
        f"only in environment.yml: {sorted(conda_side - pip_side)}"
    )


def test_conda_environment_installs_this_package_and_python():
    _, others = conda_requirements()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    pythons = [r for r in others if r.replace(" ", "").startswith(("python=", "python>", "python<"))]
    assert len(pythons) == 1, others
    bounds = pythons[0].replace(" ", "").removeprefix("python")
    assert set(bounds.split(",")) == set(requires.replace(" ", "").split(",")), (pythons[0], requires)
    assert any(r.replace("--editable", "-e").split() == ["-e", "."] for r in others), others


def test_normalise():
    assert _normalise("Jupyter_Book == 1.0.4.post1") == "jupyter-book==1.0.4.post1"
