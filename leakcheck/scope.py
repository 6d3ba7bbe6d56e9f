"""Scope: the set of origins (scheme, host, port) that belong to the audited site.

Anything outside scope is a third party; an identity provider's origin may be allowed during
login only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def origin_of(url: str) -> str:
    """Return ``scheme://host:port`` with the default port made explicit; '' for non-web URLs."""
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return ""
    try:
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
    except ValueError:
        return ""
    host = parts.hostname.lower()
    if ":" in host:  # an IPv6 address keeps its brackets, so the origin parses back
        host = f"[{host}]"
    return f"{parts.scheme}://{host}:{port}"


@dataclass(frozen=True)
class Scope:
    origins: frozenset[str]
    login_origins: frozenset[str] = frozenset()

    @classmethod
    def of(cls, urls: Iterable[str], login_urls: Iterable[str] = ()) -> Scope:
        return cls(
            frozenset(filter(None, map(origin_of, urls))),
            frozenset(filter(None, map(origin_of, login_urls))),
        )

    def contains(self, url: str) -> bool:
        """Return whether a URL belongs to the target (non-web URLs such as data: do)."""
        origin = origin_of(url)
        return origin == "" or origin in self.origins

    def is_third_party(self, url: str) -> bool:
        origin = origin_of(url)
        return origin != "" and origin not in self.origins and origin not in self.login_origins
