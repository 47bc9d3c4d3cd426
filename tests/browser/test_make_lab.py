"""The README's `make lab`, run as the reader runs it, on a free port: the real thing, end to end.

The test starts ``make lab PORT=<free port>`` in its own process group, with an empty HOME (nothing
may be written there: Jupyter's state stays in the project's .jupyter/), reads the URL with its token
that JupyterLab prints, waits until ``/lab`` answers, checks that the server listens on 127.0.0.1
only, opens that URL in Chromium, sees the start page (START_HERE.md) list the chapters in order,
follows the first link to chapter 2.1, then stops the server by its process group and checks that
every process it started is gone and the port is free again. As root (CI) this covers
``--allow-root``; as another user, the same command without it.

A second test takes the port first and checks that ``make lab`` stops, before JupyterLab starts,
with a message that names a free port to use instead.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lab_server import free_port, lab_page

from tools.lab_port import port_is_free

ROOT = Path(__file__).resolve().parents[2]
START_PAGE = ROOT / "START_HERE.md"
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.md"))
STARTUP_TIMEOUT_S = 120
URL_PATTERN = r"http://127\.0\.0\.1:{port}/lab/tree/START_HERE\.md\?token=[0-9a-f]+"


def _title(chapter: Path) -> str:
    """The chapter's title as the book numbers it: "2.1 A first look at a neural network".

    The number comes from the file name (01_... is 2.1), the words from the first level-1 heading
    (with a typed number, if any, dropped).
    """
    heading = next(line[2:].strip() for line in chapter.read_text().splitlines() if line.startswith("# "))
    words = re.sub(r"^2\.\d+\s+", "", heading)
    return f"2.{int(chapter.name[:2])} {words}"


def test_start_page_lists_every_chapter_in_order():
    """START_HERE.md names each chapter of notebooks/ by its title, in order, linking to its .md."""
    listed = re.findall(r"^\d+\. \[([^\]]+)\]\(([^)]+)\)", START_PAGE.read_text(), flags=re.MULTILINE)
    assert listed == [(_title(chapter), f"notebooks/{chapter.name}") for chapter in CHAPTERS]


def _make_command(port: int) -> list[str]:
    """The README's command line, ``make lab`` (plus ``PORT=``); ``VENV=`` only for another venv."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    command = [make, "lab", f"PORT={port}"]
    venv = Path(sys.prefix)
    if venv.resolve() != (ROOT / ".venv").resolve():
        command.append(f"VENV={venv}")
    # make lab would install first (minutes, and offline in CI it cannot): the test needs it done.
    up_to_date = subprocess.run([make, "-q", f"VENV={venv}", str(venv / ".installed")], cwd=ROOT)
    if up_to_date.returncode != 0:
        message = f"{venv} is not installed up to date: run `make setup` first"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return command


def _make_env(home: Path) -> dict[str, str]:
    """The reader's environment, with an empty HOME, and no make flags from a make that runs pytest.

    JupyterLab's workspace (its saved layout) goes to a folder of the test's, so the test neither
    reopens the tabs of the project's own JupyterLab nor leaves its tabs there.
    """
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    env.update(HOME=str(home), BROWSER="true")  # BROWSER: JupyterLab opens no browser of its own
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(home.parent / "workspaces")
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env.pop(name, None)  # set by the Makefile itself, as for a reader
    return env


def _descendants(pid: int) -> set[int]:
    """The PIDs of every process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on ``port``, from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, _, state = line.split()[1:4]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                if len(address) == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]))
                else:
                    found.add(f"ipv6:{address}")
    return found


def _stop(lab: dict) -> list[int]:
    """Stop make lab by its process group (SIGTERM, as Ctrl+C would); the PIDs still alive after."""
    proc = lab["proc"]
    processes = {proc.pid} | _descendants(proc.pid)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in processes) and time.monotonic() < deadline:
        time.sleep(0.5)
    lab["stopped"] = True
    return sorted(pid for pid in processes if _alive(pid))


@pytest.fixture
def make_lab(tmp_path: Path) -> Iterator[dict]:
    """`make lab PORT=<free port>` running in its own process group, once it printed its URL."""
    port = free_port()
    command = _make_command(port)
    home = tmp_path / "home"
    log_path = tmp_path / "make-lab.log"
    log = open(log_path, "w")  # noqa: SIM115
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=_make_env(home),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, whose ID is make's PID
    )
    lab = {"port": port, "proc": proc, "log": log_path, "home": home, "stopped": False}
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        pattern = re.compile(URL_PATTERN.format(port=port))
        while not (match := pattern.search(log_path.read_text())):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`{' '.join(command)}` printed no URL:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)
        lab["url"] = match.group(0)
        lab["token"] = lab["url"].rsplit("=", 1)[1]
        yield lab
    finally:
        if not lab["stopped"]:
            _stop(lab)
        log.close()
        print(f"make lab (PID {proc.pid}) stopped; its output: {log_path}")


def test_make_lab_serves_the_start_page(browser, make_lab, screenshot_dir):
    port, url, token = make_lab["port"], make_lab["url"], make_lab["token"]
    output = make_lab["log"].read_text()
    # The command line make ran: 127.0.0.1, the port asked for, --allow-root exactly when root.
    assert "--ip=127.0.0.1" in output and f"--port={port}" in output
    assert ("--allow-root" in output) == (os.geteuid() == 0), output[:2000]

    # /lab answers (with the token), and nothing listens on the port beyond 127.0.0.1.
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=5) as r:  # noqa: S310
                assert r.status == 200
                break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    assert _listening_addresses(port) == {"127.0.0.1"}

    with lab_page(browser, url) as lab:
        page = lab.page
        # The start page opens by itself, as a notebook of text (its kernel starts without asking).
        start = page.locator(".jp-NotebookPanel", has=page.locator("h1", has_text="Start here"))
        start.locator("h2", has_text="The chapters, in order").first.wait_for(timeout=90_000)
        assert page.locator(".jp-Dialog").count() == 0, "JupyterLab asked something on the start page"
        links = start.locator("ol li a")
        assert links.all_inner_texts() == [_title(chapter) for chapter in CHAPTERS]
        # Relative links, which JupyterLab resolves against the server (/files/notebooks/...).
        hrefs = [urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())]
        assert [h.rsplit("/", 2)[-2:] for h in hrefs] == [["notebooks", c.name] for c in CHAPTERS], hrefs
        for words in ("Which file to open", "Correct", "Not yet", "make learner"):
            assert start.get_by_text(words).count() >= 1, words
        shot = screenshot_dir / "jupyterlab" / "make-lab-start-page.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        print(f"screenshot: {shot.relative_to(ROOT)}")

        # Its first link opens chapter 2.1 in JupyterLab, as a notebook.
        links.first.click()
        chapter_tab = page.locator(".lm-TabBar-tabLabel", has_text=CHAPTERS[0].name)
        chapter_tab.first.wait_for(timeout=60_000)
        words = _title(CHAPTERS[0]).split(" ", 1)[1]  # the heading may or may not type its number
        page.locator(".jp-NotebookPanel h1", has_text=words).first.wait_for(timeout=60_000)
        lab.assert_quiet()

    # Stopped by its process group's PID: every process it started is gone, the port is free again,
    # and nothing was written to the reader's home.
    assert _stop(make_lab) == [], "processes of make lab still running after it was stopped"
    assert port_is_free(port)
    assert sorted(p.relative_to(make_lab["home"]).as_posix() for p in make_lab["home"].rglob("*")) == []


def test_make_lab_with_the_port_taken_says_what_to_do(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = _make_command(port)
        result = subprocess.run(
            command,
            cwd=ROOT,
            env=_make_env(tmp_path / "home"),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode != 0
    assert f"error: port {port} on 127.0.0.1 is already in use" in result.stderr, result.stderr
    suggested = int(re.search(r"make lab PORT=(\d+)", result.stderr).group(1))
    assert suggested != port
    assert "jupyter lab" not in result.stdout + result.stderr, "JupyterLab was started anyway"
