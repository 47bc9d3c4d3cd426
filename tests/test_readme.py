"""The README's layout tables match the tree: every module named exists, every module is named."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "dlmath"


def _modules_in_tree() -> set[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__init__.py":
            continue
        names.add(".".join(path.relative_to(PACKAGE).with_suffix("").parts))
    return names


def _modules_in_readme() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("Where each module of `dlmath` is used", 1)[1].split("\n\n", 2)[1]
    table = re.sub(r"\([^)]*\)", "", table)  # drop the function names in parentheses
    return {m for m in re.findall(r"`([a-z_][a-z_.]*)`", table) if not m.startswith("0")}


def test_readme_module_table_matches_the_package() -> None:
    in_tree, in_readme = _modules_in_tree(), _modules_in_readme()
    assert in_readme - in_tree == set(), f"the README names modules that do not exist: {in_readme - in_tree}"
    assert in_tree - in_readme == set(), f"modules missing from the README's table: {in_tree - in_readme}"


def test_every_source_module_has_a_test_file_mirroring_its_name() -> None:
    missing = []
    for module in sorted(_modules_in_tree()):
        *folders, name = module.split(".")
        test = ROOT / "tests" / "unit" / Path(*folders) / f"test_{name.lstrip('_')}.py"
        if not test.exists():
            missing.append(f"{module} -> {test.relative_to(ROOT)}")
    for path in sorted((ROOT / "tools").glob("*.py")):
        test = ROOT / "tests" / "tools" / f"test_{path.stem}.py"
        if not test.exists():
            missing.append(f"tools/{path.name} -> {test.relative_to(ROOT)}")
    assert not missing, "source files without a mirrored test file:\n" + "\n".join(missing)
