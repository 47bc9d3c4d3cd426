"""pyproject.toml, uv.lock and what `make lock` makes from it describe one environment.

uv.lock pins every package; requirements/*.txt (pip's fallback) and environment.yml (conda) are
exported from it by tools/lock.sh, so each must name exactly the lock's versions, and the lock
must satisfy every requirement pyproject.toml states.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
LOCK = tomllib.loads((ROOT / "uv.lock").read_text())
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", re.MULTILINE)


def locked_versions() -> dict[str, set[str]]:
    """Package -> the versions uv.lock holds for it (two where Pythons need different ones)."""
    versions = defaultdict(set)
    for package in LOCK["package"]:
        if "version" in package and package["name"] != "dlmath":
            versions[package["name"]].add(package["version"])
    return dict(versions)


def pins(text: str) -> dict[str, set[str]]:
    found = defaultdict(set)
    for name, version in PIN.findall(text):
        found[canonicalize_name(name)].add(version)
    return dict(found)


def conda_pip_entries() -> list[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    return [r for entry in env["dependencies"] if isinstance(entry, dict) for r in entry["pip"]]


def test_the_lock_is_for_every_supported_python():
    assert LOCK["requires-python"].replace(" ", "") == PROJECT["requires-python"].replace(" ", "")


def test_the_lock_satisfies_every_requirement_of_pyproject():
    locked = locked_versions()
    extras = [r for group in PROJECT["optional-dependencies"].values() for r in group]
    unmet = []
    for line in PROJECT["dependencies"] + extras:
        requirement = Requirement(line)
        have = locked.get(canonicalize_name(requirement.name), set())
        if not have or not all(requirement.specifier.contains(v, prereleases=True) for v in have):
            unmet.append(f"{line} (locked: {sorted(have) or 'nothing'})")
    assert not unmet, "uv.lock does not satisfy pyproject.toml; run `make lock`: " + ", ".join(unmet)


def test_the_stored_outputs_versions_are_exact_in_pyproject():
    """Array reprs, figures and training numbers in the notebooks are these packages' own."""
    exact = {Requirement(r).name: str(Requirement(r).specifier) for r in PROJECT["dependencies"]}
    for name in ("numpy", "matplotlib", "tensorflow", "keras"):
        assert exact[name].startswith("=="), f"{name} must be pinned exactly: {exact[name]}"


@pytest.mark.parametrize("name", ["requirements/dev.txt", "requirements/bench.txt"])
def test_pips_requirements_are_the_lock_with_hashes(name):
    text = (ROOT / name).read_text()
    locked = locked_versions()
    exported = pins(text)
    assert exported, name
    wrong = {n: v for n, v in exported.items() if not v <= locked.get(n, set())}
    assert not wrong, f"{name} is not uv.lock's: {wrong}; run `make lock`"
    # every pin carries its hashes (pip then installs in --require-hashes mode)
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.strip())
    assert all("--hash=sha256:" in entry for entry in entries if PIN.match(entry)), name


def test_bench_adds_jax_and_numexpr_to_dev():
    dev = pins((ROOT / "requirements/dev.txt").read_text())
    bench = pins((ROOT / "requirements/bench.txt").read_text())
    assert set(dev) < set(bench) and {"jax", "jaxlib", "numexpr"} <= set(bench) - set(dev)


def test_conda_gets_every_locked_package_at_its_version():
    entries = conda_pip_entries()
    conda_side = pins("\n".join(entries))
    assert conda_side == locked_versions(), "environment.yml is not uv.lock's: run `make lock`"


def test_conda_environment_installs_this_package_and_python():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    others = [e for e in env["dependencies"] if isinstance(e, str)]
    pythons = [r for r in others if r.replace(" ", "").startswith(("python=", "python>", "python<"))]
    assert len(pythons) == 1, others
    bounds = pythons[0].replace(" ", "").removeprefix("python")
    requires = PROJECT["requires-python"]
    assert set(bounds.split(",")) == set(requires.replace(" ", "").split(",")), (pythons[0], requires)
    assert any(r.replace("--editable", "-e").split() == ["-e", "."] for r in conda_pip_entries())


def test_the_version_is_written_once():
    assert "version" in PROJECT.get("dynamic", []) and "version" not in PROJECT
    init = (ROOT / "src" / "dlmath" / "__init__.py").read_text()
    assert re.search(r'^__version__ = "[^"]+"$', init, re.MULTILINE)
