"""Loopback listeners for real nmap runs. Only 127.0.0.0/8 is ever bound or scanned."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from ipaddress import ip_address

import pytest


def _require_loopback(address: str) -> None:
    if not ip_address(address).is_loopback:
        raise AssertionError(f"tests bind and scan only 127.0.0.0/8, not {address}")


@pytest.fixture
def listener() -> Iterator[Callable[[str], int]]:
    """``listener("127.0.0.2")`` → a TCP port accepting (and closing) connections there."""
    sockets: list[socket.socket] = []
    stop = threading.Event()

    def serve(server: socket.socket) -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                return
            conn.close()

    def make(address: str = "127.0.0.1") -> int:
        _require_loopback(address)
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((address, 0))
        server.listen(64)
        sockets.append(server)
        threading.Thread(target=serve, args=(server,), daemon=True).start()
        return server.getsockname()[1]

    yield make
    stop.set()
    for server in sockets:
        server.close()


@pytest.fixture
def free_port() -> Callable[[], int]:
    """A TCP port that nothing listens on (bound once on 127.0.0.1, then released)."""

    def make() -> int:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    return make
