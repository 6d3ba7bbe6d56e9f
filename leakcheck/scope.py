"""Scope: the set of origins (scheme, host, port) that belong to the audited site.

Anything outside scope is a third party; an identity provider's origin may be allowed during
login only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

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


_WEB_SCHEMES = ("http", "https")


def url_problem(url: str, relative: bool) -> str | None:
    """Return why ``url`` cannot be a target, origin or page URL, or None when it can.

    Only http(s) is browsed: ``file:``, ``ftp:``, ``javascript:``, ``data:`` and URLs without a
    scheme (``example.com``) are refused, and so are credentials inside a URL (they belong in
    environment variables). With ``relative``, a path resolved against the target is fine.
    """
    if not url or url != url.strip() or any(c.isspace() or ord(c) < 32 for c in url):
        return "a URL has no spaces or control characters"
    parts = urlsplit(url)
    if relative and not parts.scheme and not url.startswith("//"):
        return None  # a path: resolved against the target
    shown = _without_userinfo(url)
    if parts.scheme.lower() not in _WEB_SCHEMES:
        if not parts.scheme:
            return f"{shown!r} has no scheme: write http://{url.lstrip('/')} or https://…"
        return f"{shown!r}: only http and https URLs are scanned, not {parts.scheme}:"
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return f"{shown!r} has an invalid port"
    if not parts.hostname:
        return f"{shown!r} names no host"
    if parts.username is not None or parts.password is not None:
        return f"{shown!r} holds credentials: give them as environment variables instead"
    return None


def _without_userinfo(url: str) -> str:
    """Return a URL for an error message: no credentials, no query, no fragment."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))
