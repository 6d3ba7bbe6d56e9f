"""The refusing proxy behind --block-third-party, and the rules that let the target past it."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from leakcheck.capture.blocker import bypass_rules, context_proxy, refusing_proxy
from leakcheck.scope import Scope, origin_of


def _ask(server: str, request: bytes) -> bytes:
    parts = urlsplit(server)
    assert parts.hostname is not None and parts.port is not None
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    return answer


def test_every_request_is_refused_and_counted() -> None:
    with refusing_proxy() as proxy:
        tunnel = _ask(proxy.server, b"CONNECT tracker.example:443 HTTP/1.1\r\n\r\n")
        plain = _ask(
            proxy.server,
            b"POST http://tracker.example/collect HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}",
        )
        refused = proxy.refused  # counted before each answer was sent: no wait needed
    assert tunnel.startswith(b"HTTP/1.1 403 ") and plain.startswith(b"HTTP/1.1 403 ")
    assert refused == 2


def test_the_proxy_stops_with_its_block() -> None:
    with refusing_proxy() as proxy:
        server = proxy.server
    parts = urlsplit(server)
    assert parts.hostname is not None and parts.port is not None
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=1).close()
    except OSError:
        return
    raise AssertionError("the proxy still accepts connections after its block ended")


def test_bypass_rules_name_host_and_port_without_the_scheme() -> None:
    # Without the scheme, the target's own ws:// connections bypass the proxy too.
    scope = Scope.of(["https://estate.example", "http://127.0.0.1:8080/app"], ["https://[::1]:9"])
    assert bypass_rules(scope.origins | scope.login_origins) == (
        "127.0.0.1:8080,[::1]:9,estate.example:443"
    )


def test_the_context_proxy_points_at_the_running_proxy() -> None:
    with refusing_proxy() as proxy:
        settings = context_proxy(proxy, ["http://127.0.0.1:8080"])
        assert settings == {"server": proxy.server, "bypass": "127.0.0.1:8080"}


def test_an_ipv6_origin_keeps_its_brackets() -> None:
    assert origin_of("http://[::1]:8080/x") == "http://[::1]:8080"
    assert Scope.of(["http://[::1]:8080"]).contains("http://[::1]:8080/api")
