"""The test run cannot reach the network: only loopback connections are allowed (pytest-socket)."""

from __future__ import annotations

import socket

import pytest
from pytest_socket import SocketConnectBlockedError


def test_a_connection_beyond_loopback_is_refused() -> None:
    refused = pytest.raises(SocketConnectBlockedError, match="192.0.2.1")
    with refused, pytest.warns(UserWarning, match="192.0.2.1"):
        socket.create_connection(("192.0.2.1", 443), timeout=1)  # TEST-NET-1, never routed


def test_loopback_stays_open() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    try:
        with socket.create_connection(server.getsockname(), timeout=1):
            pass
    finally:
        server.close()
