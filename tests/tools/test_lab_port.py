from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools import lab_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port on 127.0.0.1 that another server is listening on."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_free_port_is_free():
    port = _free_port()
    assert lab_port.port_is_free(port)
    assert lab_port.problem(str(port)) is None


def test_a_taken_port_is_reported_with_a_free_one_to_use(taken_port):
    assert not lab_port.port_is_free(taken_port)
    message = lab_port.problem(str(taken_port))
    assert f"port {taken_port} on 127.0.0.1 is already in use" in message
    suggested = int(message.rsplit("make lab PORT=", 1)[1])
    assert suggested > taken_port and lab_port.port_is_free(suggested)


def test_a_port_in_time_wait_is_free():
    """A JupyterLab just stopped leaves its port in TIME_WAIT; starting again on it must work."""
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Tornado's listening socket
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        conn, _ = server.accept()
        conn.close()  # the server side closes first: its end goes to TIME_WAIT
        client.close()
    assert lab_port.port_is_free(port)


@pytest.mark.parametrize("text", ["abc", "0", "65536", "-1", ""])
def test_a_port_that_is_no_port_is_named(text):
    assert lab_port.problem(text).startswith("PORT must be a number from 1 to 65535")


def test_command_line_exit_codes(taken_port):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "tools/lab_port.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
        )

    assert run(str(_free_port())).returncode == 0
    taken = run(str(taken_port))
    assert taken.returncode == 1
    assert taken.stderr.startswith(f"error: port {taken_port}") and "make lab PORT=" in taken.stderr
    assert run().returncode == 2
