"""JupyterLab for the browser tests: a private server on 127.0.0.1 and a few page helpers.

``jupyterlab_server(root, scratch)`` starts ``python -m jupyterlab`` serving ``root`` with a random
token, a fresh workspace, and Jupyter's config/data/runtime/IPython folders inside ``scratch``
(nothing of the user's own Jupyter setup is read or written). It yields ``(base_url, token)`` and
stops the server it started, by its PID. The environment's own
``share/jupyter/lab/settings/overrides.json`` (``python tools/jupyter_setup.py``) still applies,
which is what opens the chapters' ``.md`` files as notebooks.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from site_checks import watch_network

# JupyterLab settings for every test server.
LAB_SETTINGS = {
    # Render every cell (no virtual scrolling), so the tests can see all outputs.
    "notebook-extension/tracker": {"windowingMode": "none"},
    # No "get Jupyter news?" prompt (it would fetch from the internet if accepted).
    "apputils-extension/notification": {"fetchNews": "false"},
}
# Outputs that mean something went wrong in a cell.
ERROR_OUTPUTS = (
    ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
    ".jp-OutputArea-output.jp-mod-error"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_server(url: str, token: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}api/status?token={token}", timeout=2) as resp:  # noqa: S310
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"JupyterLab did not answer at {url} within {timeout} s")


@contextlib.contextmanager
def jupyterlab_server(
    root: Path, scratch: Path, env: Mapping[str, str] | None = None
) -> Iterator[tuple[str, str]]:
    """Serve ``root`` with JupyterLab on 127.0.0.1; yields ``(base_url, token)``; stops it by PID.

    ``scratch`` holds Jupyter's folders and the server log (``jupyterlab.log``); ``env`` is added
    to the server's (and so the kernels') environment.
    """
    jupyter = scratch / "jupyter"
    settings = jupyter / "config" / "lab" / "user-settings" / "@jupyterlab"
    for plugin, values in LAB_SETTINGS.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    server_env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(jupyter / "config"),
        "JUPYTER_DATA_DIR": str(jupyter / "data"),
        "JUPYTER_RUNTIME_DIR": str(jupyter / "runtime"),
        "IPYTHONDIR": str(jupyter / "ipython"),
        **(env or {}),
    }
    token = secrets.token_hex(16)
    port = free_port()
    args = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.workspaces_dir={jupyter / 'workspaces'}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    log_path = scratch / "jupyterlab.log"
    log = open(log_path, "w")  # noqa: SIM115
    proc = subprocess.Popen(args, env=server_env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_server(url, token, proc)
        yield url, token
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()
        print(f"JupyterLab (PID {proc.pid}) stopped; its log: {log_path}")


@dataclass
class LabPage:
    """A page of a test's own browser context, with what it did that a test forbids."""

    page: object
    outside: list[str] = field(default_factory=list)  # requests beyond 127.0.0.1
    errors: list[str] = field(default_factory=list)  # uncaught JavaScript errors

    def assert_quiet(self) -> None:
        """Fail if JupyterLab reached beyond 127.0.0.1 or raised in the page."""
        assert self.outside == [], f"JupyterLab tried to reach beyond 127.0.0.1: {self.outside}"
        assert self.errors == [], f"errors in the page: {self.errors}"


@contextlib.contextmanager
def lab_page(browser, url: str, width: int = 1400, height: int = 1000) -> Iterator[LabPage]:
    """Open ``url`` in a fresh browser context that records requests and page errors; close it after."""
    context = browser.new_context(viewport={"width": width, "height": height})
    lab = LabPage(context.new_page())
    watch_network(lab.page, lab.outside)
    lab.page.on("pageerror", lambda exc: lab.errors.append(str(exc)))
    try:
        lab.page.goto(url)
        yield lab
    finally:
        context.close()


def open_notebook(page, ready: str = ".jp-NotebookPanel", timeout_ms: int = 60_000) -> None:
    """Wait until the notebook shows ``ready``, and start the kernel it proposes if JupyterLab asks."""
    page.locator(ready).first.wait_for(timeout=timeout_ms)
    accept_kernel_dialog(page)


def accept_kernel_dialog(page, timeout_ms: int = 5_000) -> None:
    """If JupyterLab asks which kernel to start, take the one it proposes (the notebook's)."""
    try:
        page.locator(".jp-Dialog").first.wait_for(timeout=timeout_ms)
    except Exception:  # noqa: BLE001 - no dialog: the kernel started by itself
        return
    page.locator(".jp-Dialog .jp-mod-accept").first.click()


def error_output_texts(page) -> list[str]:
    """The first 300 characters of every stderr or error output on the page."""
    errors = page.locator(ERROR_OUTPUTS)
    return [errors.nth(i).inner_text()[:300] for i in range(errors.count())]


# True once the notebook's code cells show the execution counts 1, 2, ..., n of a fresh kernel. A cell
# whose input is collapsed (``source_hidden``, as the exercise solutions are) leaves its input prompt
# empty, so its count is read from its first output prompt instead; one whose outputs are collapsed
# too (``outputs_hidden``, as the solutions are) shows no count at all. Run All executes in order, so
# such a cell has run once every cell after it shows its own count, and once the kernel is idle if it
# is last.
ALL_CELLS_RUN_JS = """(n) => {
    const cells = [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell')];
    const count = (cell) => {
        const input = cell.querySelector('.jp-InputPrompt');
        const output = cell.querySelector('.jp-OutputPrompt');
        return ((input && input.textContent.trim()) || (output && output.textContent.trim()) || '');
    };
    const hidden = (cell) => count(cell) === '' && cell.querySelector('.jp-InputPlaceholder') !== null;
    const idle = document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']") !== null;
    if (cells.length !== n) return false;
    if (!cells.every((cell, i) => count(cell).includes(`[${i + 1}]`) || hidden(cell))) return false;
    return !hidden(cells[n - 1]) || idle;
}"""


def wait_for_all_cells_run(page, n_cells: int, timeout_s: float) -> None:
    """Wait until the ``n_cells`` code cells show the execution counts [1] ... [n_cells], in order."""
    page.wait_for_function(ALL_CELLS_RUN_JS, arg=n_cells, timeout=timeout_s * 1000, polling=500)
