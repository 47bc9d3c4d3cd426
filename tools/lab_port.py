"""Check that JupyterLab's port on 127.0.0.1 is free before ``make lab`` starts it.

``python tools/lab_port.py 8888`` exits 0 when the port is free. When it is not, it says so, names
a free port to use instead (``make lab PORT=8890``) and exits 1, so ``make lab`` stops before
JupyterLab starts rather than failing halfway or moving to another port on its own.
"""

from __future__ import annotations

import errno
import socket
import sys

HOST = "127.0.0.1"


def bind_error(port: int, host: str = HOST) -> int | None:
    """The errno of listening on ``host:port`` now (as JupyterLab will), or None when it works."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # Like Tornado, which JupyterLab runs on: a port left in TIME_WAIT by a stopped server is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
            sock.listen()
        except OSError as exc:
            return exc.errno or -1
    return None


def port_is_free(port: int, host: str = HOST) -> bool:
    return bind_error(port, host) is None


def next_free_port(port: int, host: str = HOST, tries: int = 100) -> int | None:
    """The first free port after ``port`` (up to ``tries`` of them), or None."""
    for candidate in range(port + 1, min(port + 1 + tries, 65536)):
        if port_is_free(candidate, host):
            return candidate
    return None


def problem(port_text: str, host: str = HOST) -> str | None:
    """What is wrong with serving on ``host:port_text``, in words, or None when nothing is."""
    try:
        port = int(port_text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        return f"PORT must be a number from 1 to 65535, not {port_text!r}: for example make lab PORT=8888"
    reason = bind_error(port, host)
    if reason is None:
        return None
    suggestion = next_free_port(max(port, 1024), host)
    instead = f"make lab PORT={suggestion}" if suggestion else "make lab PORT=<another port>"
    if reason == errno.EACCES:
        return f"port {port} needs administrator rights on this system; use a port above 1023: {instead}"
    return (
        f"port {port} on {host} is already in use (another JupyterLab, perhaps this book's in another "
        f"terminal: use the URL it printed, or stop it with Ctrl+C there).\n"
        f"To start a second one on a free port, run: {instead}"
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python tools/lab_port.py PORT", file=sys.stderr)
        return 2
    message = problem(args[0])
    if message is None:
        return 0
    print(f"error: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
