"""No result typed into prose: a number a run produces must be printed by a cell, not written down.

The scan reads every Markdown cell of every chapter (and the intro and glossary pages), drops what
is not prose (code, math, links, MyST roles and directive options), and fails on a quantity word
("several times", "hundreds of", ...) that hides a measured number, and on any number that is none
of these:
- definitional: on the short list below (MNIST's sizes, the network's settings, small counts);
- worked arithmetic in the prose itself ("21 - 7 = 14", "14 x 14"), true by definition;
- an input a code cell of the same chapter writes (a learning rate, a number of steps);
- printed by a cell whose output nbval compares, so it cannot silently change.
A number from a cell that trains or times (tagged ``nbval-ignore-output``) can differ on the next
run: the prose must refer to the printout ("the printout above") instead of typing it.
setup.md (versions, addresses) and errata.md (quotes of the original) are not scanned.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "notebooks").glob("*.ipynb"))
BOOK_PAGES = [ROOT / "book" / name for name in ("intro.md", "notation.md")]

# Numbers that are true by definition, not results of a run; each with why.
DEFINITIONAL = {
    # MNIST itself: 28x28 images, 784 pixels, 10 classes, 60,000 + 10,000 images, values 0-255.
    "28",
    "784",
    "10",
    "60000",
    "10000",
    "70000",
    "255",
    "256",
    # The network of section 2.1 and its training settings: 512 units, batch 128, 5 epochs.
    "512",
    "128",
    "5",
    # Small counts and indices used to explain (rank 0-4, axis 0/1, "two layers", 0-based counting).
    "0",
    "1",
    "2",
    "3",
    "4",
    "6",
    "7",
    "8",
    "9",
    # Section and exercise numbers (2, 2.1 ... 2.5, 2.N.k) are matched by SECTION below.
    # Data types' bit widths (float32, uint8, int64, float64, float16) when written in prose.
    "16",
    "32",
    "64",
}
SECTION = re.compile(r"\b2(\.\d+){1,2}\b")  # 2.1, 2.4.3, Exercise 2.3.4
QUANTITY_WORDS = re.compile(
    r"\b(several|hundreds|thousands|dozens|orders of magnitude|a dozen)\s+(times|of)\b"
    r"|(?<!how )\bmany times\b|\btimes (faster|slower)\b",
    re.I,
)
NOT_PROSE = [
    re.compile(r"```.*?```", re.S),  # fenced blocks: code, directives (their bodies are checked apart)
    re.compile(r"\$\$.*?\$\$", re.S),  # display math
    re.compile(r"\$[^$\n]+\$"),  # inline math
    re.compile(r"`[^`\n]+`"),  # inline code and the target of a MyST role
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"https?://\S+"),
    re.compile(r"^:[\w-]+:.*$", re.M),  # directive options
    re.compile(r"^\(.*\)=$", re.M),  # MyST labels
    re.compile(r"<[^>]+>"),  # HTML tags
]
NUMBER = re.compile(r"(?<![\w.])\d+(,\d{3})*(\.\d+)?(?![\w])")
RANGE_END = re.compile(r"(?<![\w.])(" + "|".join(sorted(DEFINITIONAL)) + r") to $")
ARITHMETIC = re.compile(r"[=+×x*/÷−-]\s*$|^\s*[=+×x*/÷−-](?!\w)")  # an operator right before or after


def _prose(markdown: str) -> str:
    # Directive bodies are prose too (notes, dropdowns): keep them, drop the fence lines.
    markdown = (
        re.sub(r"^```\{[\w-]+\}.*$|^```\s*$", "", markdown, flags=re.M) if "```{" in markdown else markdown
    )
    for pattern in NOT_PROSE:
        markdown = pattern.sub(" ", markdown)
    return SECTION.sub(" ", markdown)


def _markdown_of(path: Path) -> list[str]:
    if path.suffix == ".ipynb":
        return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]
    return [path.read_text(encoding="utf-8")]


def _numbers(text: str) -> set[str]:
    return {m.group(0).replace(",", "") for m in NUMBER.finditer(text)}


def traceable_numbers(path: Path) -> set[str]:
    """Numbers a code cell of ``path`` writes, or prints in an output that nbval compares."""
    if path.suffix != ".ipynb":
        return set()
    found: set[str] = set()
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        found |= _numbers(cell.source)
        if "nbval-ignore-output" in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            found |= _numbers("".join(output.get("text", "")) + output.get("data", {}).get("text/plain", ""))
    return found


def typed_results(markdown: str, allowed: set[str] = frozenset()) -> list[str]:
    """The numbers and quantity words in ``markdown``'s prose that are not definitional.

    >>> typed_results("MNIST has 60,000 images; the test accuracy is 0.981 (see `acc = 0.97`).")
    ['0.981']
    >>> typed_results("The loops are hundreds of times slower than NumPy.")
    ['hundreds of', 'times slower']
    """
    prose = _prose(markdown)
    found = [m.group(0) for m in QUANTITY_WORDS.finditer(prose)]
    for match in NUMBER.finditer(prose):
        number = match.group(0).replace(",", "")
        if number in DEFINITIONAL or number in allowed:
            continue
        before, after = prose[max(0, match.start() - 3) : match.start()], prose[match.end() : match.end() + 3]
        if ARITHMETIC.search(before) or ARITHMETIC.search(after):
            continue  # worked arithmetic, true by definition
        if RANGE_END.search(prose[: match.start()]):
            continue  # the end of a range that starts at an allowed number ("images 10 to 99")
        found.append(match.group(0))
    return found


@pytest.mark.parametrize("path", CHAPTERS + BOOK_PAGES, ids=lambda p: p.name)
def test_prose_holds_no_typed_results(path: Path) -> None:
    found, allowed = [], traceable_numbers(path)
    for markdown in _markdown_of(path):
        for item in typed_results(markdown, allowed):
            line = next((ln.strip() for ln in markdown.splitlines() if item in ln), "")
            found.append(f"{item!r} in: {line[:100]}")
    assert not found, f"{path.name}: numbers typed into prose (print them from a cell):\n" + "\n".join(found)


def test_the_scan_finds_what_it_must() -> None:
    assert typed_results("It makes several times more mistakes.") == ["several times"]
    assert typed_results("Accuracy reached 97.8% after 5 epochs.") == ["97.8"]
    assert typed_results("Accuracy reached 97.8%.", allowed={"97.8"}) == []
    assert typed_results("so 21 - 7 = 14 pixels, a 14 x 14 crop") == []
    assert typed_results("Section 2.4.3 uses $x_{12}$ and `np.zeros(37)`.") == []
