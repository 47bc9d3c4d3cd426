"""A learner's first session: JupyterLab on 127.0.0.1, open chapter 2.1's .md, run all cells.

The server runs on a copy of notebooks/ (running cells saves them; the repository's files stay
untouched), with a token, a fresh workspace, and Jupyter's config/data/runtime folders inside a
temporary folder. The environment's own ``share/jupyter/lab/settings/overrides.json`` (written by
``python -m dlmath.jupyter_setup``) is what makes the ``.md`` open as a notebook. The test stops
the server it started, by its PID. Screenshot: .test-artifacts/screenshots/jupyterlab/.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from site_checks import watch_network

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "01_first_look.md"
RUN_ALL_TIMEOUT_S = 240


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, token: str, proc: subprocess.Popen, timeout: float = 60) -> None:
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


@pytest.fixture
def jupyterlab(tmp_path: Path):
    """Start JupyterLab on 127.0.0.1; yields (base_url, token); stops it by PID afterwards."""
    mnist = os.environ.get("DLMATH_MNIST_PATH", "")
    if not mnist or not Path(mnist).is_file():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but DLMATH_MNIST_PATH does not name a file", pytrace=False)
        pytest.skip("set DLMATH_MNIST_PATH to a copy of mnist.npz to run chapter 2.1 in JupyterLab")
    # Only the .md: without its .ipynb pair the notebook opens with no stored outputs, so every
    # output the test sees was produced by this run.
    work = tmp_path / "lab-root"
    (work / "notebooks").mkdir(parents=True)
    shutil.copy2(ROOT / "notebooks" / CHAPTER, work / "notebooks" / CHAPTER)
    jupyter = tmp_path / "jupyter"
    settings = jupyter / "config" / "lab" / "user-settings" / "@jupyterlab"
    for plugin, values in {
        # Render every cell (no virtual scrolling), so the test can see all outputs.
        "notebook-extension/tracker": {"windowingMode": "none"},
        # No "get Jupyter news?" prompt (it would fetch from the internet if accepted).
        "apputils-extension/notification": {"fetchNews": "false"},
    }.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(jupyter / "config"),
        "JUPYTER_DATA_DIR": str(jupyter / "data"),
        "JUPYTER_RUNTIME_DIR": str(jupyter / "runtime"),
        "IPYTHONDIR": str(jupyter / "ipython"),
        "DLMATH_MNIST_PATH": str(Path(mnist).resolve()),
    }
    token = secrets.token_hex(16)
    port = _free_port()
    args = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={work}",
        f"--LabApp.workspaces_dir={jupyter / 'workspaces'}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    log = open(tmp_path / "jupyterlab.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for_server(url, token, proc)
        yield url, token, work
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()
        print(f"JupyterLab (PID {proc.pid}) stopped; its log: {tmp_path / 'jupyterlab.log'}")


def _accept_kernel_dialog(page) -> None:
    """If JupyterLab asks which kernel to start, take the one it proposes (the notebook's)."""
    try:
        page.locator(".jp-Dialog").first.wait_for(timeout=5_000)
    except Exception:  # noqa: BLE001 - no dialog: the kernel started by itself
        return
    page.locator(".jp-Dialog .jp-mod-accept").first.click()


def test_chapter_runs_in_jupyterlab(browser, jupyterlab, screenshot_dir):
    url, token, work = jupyterlab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    outside: list[str] = []
    console_errors: list[str] = []
    watch_network(page, outside)
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))
    try:
        page.goto(f"{url}lab/tree/notebooks/{CHAPTER}?reset&token={token}")
        # The .md opens as a notebook (Jupytext Notebook is the default viewer), with a kernel.
        notebook = page.locator(".jp-NotebookPanel")
        notebook.first.wait_for(timeout=60_000)
        _accept_kernel_dialog(page)
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(timeout=90_000)
        # Every code cell of the .md is there (JupyterLab renders them progressively).
        n_cells = (work / "notebooks" / CHAPTER).read_text().count("```{code-cell}")
        assert n_cells > 5
        page.wait_for_function(
            "(n) => document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell').length === n",
            arg=n_cells,
            timeout=60_000,
        )

        assert page.locator(".jp-NotebookPanel .jp-OutputArea-output").count() == 0, "outputs before running"
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        # Done when the code cells show the execution counts 1, 2, ..., n of this fresh kernel.
        page.wait_for_function(
            """(n) => {
                const sel = '.jp-NotebookPanel .jp-CodeCell .jp-InputPrompt';
                const prompts = [...document.querySelectorAll(sel)];
                return prompts.length === n && prompts.every((p, i) => p.textContent.includes(`[${i + 1}]`));
            }""",
            arg=n_cells,
            timeout=RUN_ALL_TIMEOUT_S * 1000,
            polling=1000,
        )
        errors = page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
            ".jp-OutputArea-output.jp-mod-error"
        )
        error_texts = [errors.nth(i).inner_text()[:300] for i in range(errors.count())]
        assert error_texts == [], f"error output in JupyterLab: {error_texts}"
        outputs = page.locator(".jp-NotebookPanel .jp-OutputArea-output")
        assert outputs.count() >= n_cells // 2, "too few outputs appeared"
        assert page.locator(".jp-NotebookPanel img").count() >= 1, "no figure was drawn"
        accuracy = page.locator(".jp-OutputArea-output", has_text="test accuracy:").first
        accuracy.wait_for(timeout=10_000)
        accuracy.scroll_into_view_if_needed()
        shot = screenshot_dir / "jupyterlab" / "01_first_look-run-all.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        print(f"screenshot: {shot.relative_to(ROOT)}")
        print(accuracy.inner_text())
        assert outside == [], f"JupyterLab tried to reach beyond 127.0.0.1: {outside}"
        assert console_errors == [], console_errors
    finally:
        context.close()
