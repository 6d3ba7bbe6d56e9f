"""The backstop of ``--block-third-party``: a loopback proxy that refuses every request.

Route interception aborts third-party requests while the HAR still records them, but Playwright
lets a request through unrouted when the frame that sent it is already gone: beacons that a page
fires just before it is closed (the login page, closed as soon as the session is proven) reached
the third party in 6 of 15 scans pinned to one core. So a blocking context also sends every
request outside the target's origins to this proxy, which answers 403 to whatever arrives: such a
request ends on our own socket, and no byte of it leaves for the third party.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import ProxySettings

_REASON = b"blocked by leakcheck: third party not allowed"
REFUSAL = (
    b"HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
    b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(_REASON), _REASON)
)
_READ_LIMIT = 64 * 1024
"""Bytes read of a refused request before answering: enough for its head; the rest is dropped."""


class _Refuse(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(2.0)
        received = b""
        try:
            while b"\r\n\r\n" not in received and len(received) < _READ_LIMIT:
                chunk = sock.recv(4096)
                if not chunk:
                    return
                received += chunk
            # Counted before the answer: whoever holds the refusal finds it counted already.
            server = self.server
            if isinstance(server, _RefusingServer):
                server.count()
            sock.sendall(REFUSAL)
        except OSError:
            return  # the browser gave up first: nothing to answer


class _RefusingServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Refuse)
        self._lock = threading.Lock()
        self.refused = 0

    def count(self) -> None:
        with self._lock:
            self.refused += 1


class RefusingProxy:
    """A running refusing proxy; ``server`` is its ``http://127.0.0.1:port`` address."""

    def __init__(self, server: _RefusingServer) -> None:
        self._server = server
        host, port = server.server_address[:2]
        self.server = f"http://{host!s}:{port}"

    @property
    def refused(self) -> int:
        """Requests that reached the backstop: each one the route interception let through."""
        return self._server.refused


@contextmanager
def refusing_proxy() -> Iterator[RefusingProxy]:
    """Run the proxy on a free loopback port for the duration of the block."""
    server = _RefusingServer()
    thread = threading.Thread(target=server.serve_forever, name="leakcheck-blocker", daemon=True)
    thread.start()
    try:
        yield RefusingProxy(server)
    finally:
        server.shutdown()
        server.server_close()


def context_proxy(proxy: RefusingProxy, origins: Iterable[str]) -> ProxySettings:
    """``new_context(proxy=...)``: the given origins connect directly, all else meets the proxy."""
    return {"server": proxy.server, "bypass": bypass_rules(origins)}


def bypass_rules(origins: Iterable[str]) -> str:
    """Chromium proxy-bypass rules letting the given origins connect directly.

    Host and port without the scheme, so the target's own WebSockets (``ws://`` on the same host
    and port as its pages) bypass the proxy as well.
    """
    rules = []
    for origin in sorted(origins):
        parts = urlsplit(origin)
        if not parts.hostname or parts.port is None:
            continue
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        rules.append(f"{host}:{parts.port}")
    return ",".join(rules)
