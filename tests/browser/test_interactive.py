"""The book's explorers and self-check questions work in Chromium with no kernel and no network.

On every chapter page of the built book (``make book``; ``DLMATH_BOOK_HTML`` points the tests at
another build), with every request beyond 127.0.0.1 refused:

- every frame player (``.dlmath-player``): each control, moved as a reader moves it (arrow keys
  on a slider, a choice in a list), changes the figure shown, to the frame drawn for the new
  position;
- every self-check question (``.dlmath-quiz``): a wrong answer says "Not quite" and why, the
  right one "Right" and why; a number field asks for a number when given none;
- axe-core finds no serious or critical violation, before and after answering (light and dark);
- the page with its images weighs under 3 MB (each page's and each player's weight is printed:
  run pytest with -s).

``test_the_checks_fail_on_a_damaged_page`` runs the same checks on copies of a page with a broken
player and a broken question, and expects them to fail.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from reader_checks import AXE_HINT, AXE_JS, AXE_RUN_JS, FAILING_IMPACTS
from site_checks import serve_directory, watch_network

from dlmath.quiz import Choice
from dlmath.quiz_questions import QUESTIONS

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("DLMATH_BOOK_HTML", ROOT / "book" / "_build" / "html"))
CHAPTERS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.md"))
MAX_PAGE_BYTES = 3_000_000

# The players of the book, per chapter page (the explorers of 2.2, 2.3 and 2.4).
PLAYERS = {
    "02_data_representations": ["digit-browser", "crop-explorer"],
    "03_tensor_operations": ["broadcast-explorer", "matrix-explorer"],
    "04_gradient_optimization": ["learning-rate-explorer"],
}

# What a player shows: the frame's image and caption, and the frame the controls point at.
PLAYER_STATE_JS = """
(player) => {
  const data = JSON.parse(player.querySelector('.dlmath-player-data').textContent);
  const controls = [...player.querySelectorAll('[data-control]')];
  let index = 0;
  controls.forEach((c, i) => { index = index * data.sizes[i] + Number(c.value); });
  return {
    src: player.querySelector('.dlmath-player-figure').getAttribute('src'),
    caption: player.querySelector('.dlmath-player-caption').textContent,
    expected: data.frames[index][0], expectedCaption: data.frames[index][1],
    positions: controls.map((c) => Number(c.value)), sizes: data.sizes,
    kinds: controls.map((c) => c.tagName.toLowerCase()),
    readouts: controls.map((c) => (c.parentNode.querySelector('output') || c).textContent.trim()),
    bytes: player.outerHTML.length,
  };
}
"""

# The bytes a page loaded: the HTML itself and every resource, by kind.
WEIGHT_JS = """
() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const weight = { html: nav ? nav.encodedBodySize : 0, images: 0, other: 0 };
  for (const r of performance.getEntriesByType('resource')) {
    if (r.initiatorType === 'img' || /\\.(png|jpe?g|gif|svg|webp)$/.test(r.name)) {
      weight.images += r.encodedBodySize;
    } else {
      weight.other += r.encodedBodySize;
    }
  }
  return weight;
}
"""


@dataclass
class InteractiveReport:
    """What the checks found on one page: problems (empty when good) and the weights measured."""

    url: str
    problems: list[str] = field(default_factory=list)
    players: dict[str, int] = field(default_factory=dict)  # name -> bytes of its HTML
    quizzes: int = 0
    weight: dict[str, int] = field(default_factory=dict)
    axe: list[str] = field(default_factory=list)


def _move(page, control, kind: str, position: int) -> None:
    """Move a control to ``position`` as a reader would: arrow keys on a slider, a pick in a list."""
    if kind == "select":
        control.select_option(str(position))
        return
    control.focus()
    current = int(control.input_value())
    key = "ArrowRight" if position > current else "ArrowLeft"
    for _ in range(abs(position - current)):
        page.keyboard.press(key)


def check_players(page, report: InteractiveReport) -> None:
    """Move every control of every player through its positions; each move must change the figure."""
    for player in page.locator(".dlmath-player").all():
        name = player.get_attribute("data-player")
        state = player.evaluate(PLAYER_STATE_JS)
        report.players[name] = state["bytes"]
        if state["src"] != state["expected"]:
            report.problems.append(f"{name}: the figure shown first is not the frame of its controls")
        controls = player.locator("[data-control]")
        for i in range(controls.count()):
            control = controls.nth(i)
            start = state["positions"][i]
            for position in [*range(state["sizes"][i]), start]:
                before = player.evaluate(PLAYER_STATE_JS)
                if position == before["positions"][i]:
                    continue
                control.scroll_into_view_if_needed()
                _move(page, control, state["kinds"][i], position)
                after = player.evaluate(PLAYER_STATE_JS)
                where = f"{name}, control {i + 1} at position {position}"
                if after["positions"][i] != position:
                    report.problems.append(f"{where}: the control did not move")
                elif after["src"] == before["src"]:
                    report.problems.append(f"{where}: moving the control did not change the figure")
                elif after["src"] != after["expected"] or after["caption"] != after["expectedCaption"]:
                    report.problems.append(f"{where}: the figure shown is not the one drawn for it")
                if state["kinds"][i] == "input" and after["readouts"][i] == before["readouts"][i]:
                    report.problems.append(f"{where}: the slider's value shown did not change")


def check_quizzes(page, report: InteractiveReport) -> None:
    """Answer every question wrong, then right: each answer must say which, and why."""
    quizzes = page.locator(".dlmath-quiz")
    report.quizzes = quizzes.count()
    for q in range(report.quizzes):
        quiz = quizzes.nth(q)
        key = quiz.get_attribute("data-quiz")
        feedback = quiz.locator(".dlmath-quiz-feedback")
        quiz.scroll_into_view_if_needed()
        question = QUESTIONS.get(key)
        if question is None:
            report.problems.append(f"question {key}: not one of the book's questions")
            continue
        attempts: list[tuple[str, object]] = []
        # The truth comes from the questions' source, not from the page being checked.
        if isinstance(question, Choice):
            right = [option.correct for option in question.options]
            options = quiz.locator("label.dlmath-quiz-option")
            if options.count() != len(right):
                report.problems.append(f"question {key}: {options.count()} options shown, not {len(right)}")
                continue
            attempts = [("wrong", options.nth(right.index(False))), ("right", options.nth(right.index(True)))]
        else:
            field_ = quiz.locator(".dlmath-quiz-number input")
            answer = question.answer
            attempts = [("empty", ""), ("wrong", f"{answer + 1:g}"), ("right", f"{answer:g}")]
            if answer >= 1000 and answer == int(answer):  # written as the prose writes it
                attempts.append(("right", f"{int(answer):,}"))
        for expected, how in attempts:
            if isinstance(how, str):
                field_.fill(how)
                quiz.locator(".dlmath-quiz-check").click()
            else:
                how.click()
            result = feedback.get_attribute("data-result")
            text = feedback.inner_text().strip() if feedback.is_visible() else ""
            prefix = {"right": "Right: ", "wrong": "Not quite: ", "empty": "Type a number"}[expected]
            if result != expected or not text.startswith(prefix) or len(text) < len(prefix) + 10:
                report.problems.append(
                    f"question {key}: a {expected} answer showed {text[:60]!r} (result {result!r}), "
                    f"not {prefix!r} and why"
                )


def check_interactive_page(browser, url: str, axe: bool = True) -> InteractiveReport:
    """Open ``url`` with the network off; check its players, its questions, axe-core and its weight."""
    report = InteractiveReport(url=url)
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    try:
        watch_network(page, outside)
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        report.weight = page.evaluate(WEIGHT_JS)
        if axe:
            page.add_script_tag(path=str(AXE_JS))
            report.axe += _axe(page, "light, before answering")
        check_players(page, report)
        check_quizzes(page, report)
        if axe:
            report.axe += _axe(page, "light, after answering")
            page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
            report.axe += _axe(page, "dark, after answering")
    finally:
        context.close()
    report.problems += [f"request beyond 127.0.0.1: {u}" for u in outside]
    report.problems += [f"console: {e}" for e in errors]
    report.problems += report.axe
    return report


def _axe(page, when: str) -> list[str]:
    found = page.evaluate(AXE_RUN_JS, list(FAILING_IMPACTS))
    return [f"axe ({when}): {v['impact']} {v['id']}: {v['help']} -- {v['nodes'][:2]}" for v in found]


@pytest.fixture(scope="module")
def book_site() -> Path:
    if not (SITE / "index.html").is_file():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the book is not built ({SITE})")
        pytest.skip(f"the book is not built ({SITE} has no index.html): run `make book` first")
    if not AXE_JS.is_file():
        pytest.skip(AXE_HINT)
    return SITE


@pytest.fixture(scope="module")
def book_url(book_site):
    with serve_directory(book_site) as url:
        yield url


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_explorers_and_questions_work_offline(browser, book_site, book_url, chapter):
    report = check_interactive_page(browser, f"{book_url}notebooks/{chapter}.html")
    page_bytes = report.weight["html"] + report.weight["images"]
    print(
        f"\n{chapter}: HTML {report.weight['html'] / 1e6:.2f} MB + images "
        f"{report.weight['images'] / 1e6:.2f} MB = {page_bytes / 1e6:.2f} MB "
        f"(with CSS, JS and fonts {(page_bytes + report.weight['other']) / 1e6:.2f} MB); "
        f"{report.quizzes} questions; players: "
        + (", ".join(f"{n} {b / 1e3:.0f} kB" for n, b in report.players.items()) or "none")
    )
    assert report.problems == []
    assert sorted(report.players) == sorted(PLAYERS.get(chapter, []))
    assert 2 <= report.quizzes <= 4
    assert page_bytes < MAX_PAGE_BYTES


def _damage(site: Path, tmp: Path, page: str, replacements: list[tuple[str, str]]) -> Path:
    """A copy of the site in which ``page`` has each ``(pattern, replacement)`` applied once."""
    copy = tmp / "site"
    if not copy.exists():
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("_sources", "_downloads"))
    path = copy / page
    text = (site / page).read_text()
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text, count=1)
        assert count == 1, f"{pattern!r} not found in {page}"
    path.write_text(text)
    return copy


def test_the_checks_fail_on_a_damaged_page(browser, book_site, tmp_path):
    """Broken players and questions are caught: each damage shows up as its own problem."""
    page = "notebooks/03_tensor_operations.html"
    damaged = _damage(
        book_site,
        tmp_path,
        page,
        [
            # the players' script shows the first frame whatever the controls say
            (r"var frame = data\.frames\[index\];", "var frame = data.frames[0];"),
            # the first question calls its first wrong option right
            (r'data-correct="false"', 'data-correct="true"'),
            # the matrix player's first slider loses its label
            (
                r'<label class="dlmath-player-control"><span class="dlmath-player-label">a</span> ',
                '<span class="dlmath-player-control">',
            ),
        ],
    )
    # the second question loses the explanations of its options: feedback without a why
    text = (damaged / page).read_text()
    first = text.index('data-quiz="2.3.2"')
    end = text.index("</fieldset>", first)
    text = (
        text[:first]
        + re.sub(r'(data-option="[a-d]" hidden>).*?(</div>)', r"\1\2", text[first:end])
        + text[end:]
    )
    (damaged / page).write_text(text)
    with serve_directory(damaged) as url:
        report = check_interactive_page(browser, url + page)
    problems = "\n".join(report.problems)
    print(problems)
    assert (
        "broadcast-explorer, control 1 at position 1: moving the control did not change the figure"
        in problems
    )
    assert (
        "matrix-explorer, control 1 at position 0: the figure shown is not the one drawn for it" in problems
    )
    assert "question 2.3.1: a wrong answer showed 'Right:" in problems
    assert "question 2.3.2: a wrong answer showed 'Not quite:' (result 'wrong')" in problems
    # (the matrix player's first slider: entry a, starting at 1.0)
    assert re.search(r"axe \(light, before answering\): critical label: .*aria-valuetext=\"1\.0\"", problems)
    # the questions left intact pass
    assert not any(p.startswith(("question 2.3.3", "question 2.3.4")) for p in report.problems)
