"""The README and CONTRIBUTING.md match the tree.

The README stays a short guide whose links and layout table hold; CONTRIBUTING.md's module table
names every module of ``dlmath`` and nothing else; every source file has its mirrored test file.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "dlmath"
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _modules_in_tree() -> set[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__init__.py":
            continue
        names.add(".".join(path.relative_to(PACKAGE).with_suffix("").parts))
    return names


def _modules_in_table() -> set[str]:
    table = CONTRIBUTING.split("## Where each module of `dlmath` is used", 1)[1].split("\n\n", 2)[1]
    table = re.sub(r"\([^)]*\)", "", table)  # drop the function names in parentheses
    return {m for m in re.findall(r"`([a-z_][a-z_.]*)`", table) if not m.startswith("0")}


def test_module_table_matches_the_package() -> None:
    in_tree, in_table = _modules_in_tree(), _modules_in_table()
    assert in_table - in_tree == set(), (
        f"CONTRIBUTING.md names modules that do not exist: {in_table - in_tree}"
    )
    assert in_tree - in_table == set(), f"modules missing from CONTRIBUTING.md's table: {in_tree - in_table}"


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


def test_readme_is_a_short_guide() -> None:
    assert len(README.splitlines()) <= 150
    for command in ("make lab", "make test", "DLMATH_MNIST_PATH", "make book", "make pdf"):
        assert command in README, command


def test_readme_links_lead_somewhere() -> None:
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README):
        if not target.startswith(("http://", "https://")):
            assert (ROOT / target).exists(), f"the README links {target}, which does not exist"


def test_readme_layout_names_paths_that_exist() -> None:
    table = README.split("## Layout", 1)[1].split("\n\n", 2)[1]
    for row in table.splitlines()[2:]:
        first_cell = row.split("|")[1]
        for path in re.findall(r"`([^`]+)`", first_cell):
            assert (ROOT / path).exists(), f"the README's layout names {path}, which does not exist"


def test_make_targets_the_docs_name_exist() -> None:
    targets = set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, re.MULTILINE))
    named = set(re.findall(r"`make ([a-z][a-z-]*)", README + CONTRIBUTING))
    assert named <= targets, f"the docs name make targets that do not exist: {named - targets}"


def test_setup_is_written_once_and_included_in_the_book() -> None:
    assert README.count("<!-- setup:start -->") == 1 and README.count("<!-- setup:end -->") == 1
    setup_page = (ROOT / "book" / "setup.md").read_text(encoding="utf-8")
    assert "```{include} ../README.md" in setup_page and ":start-after: <!-- setup:start -->" in setup_page
    assert "conda env create" not in setup_page
    assert "conda env create" not in (ROOT / "START_HERE.md").read_text(encoding="utf-8")
