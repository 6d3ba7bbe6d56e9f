"""The one way a leaked value is shown, hashed or fingerprinted.

A preview shows the data class, the length and a short keyed hash: never a prefix (a CPR's
prefix is a birth date). Hashes are HMAC-SHA256 under a key that lives outside every report
(``LEAKCHECK_KEY``, or a key file created private on first use), so a baseline of ten-digit IDs
cannot be brute-forced from the report alone.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from leakcheck.errors import ConfigError
from leakcheck.privatefile import create_private
from leakcheck.textnorm import fold

KEY_ENV = "LEAKCHECK_KEY"
KEY_FILE_ENV = "LEAKCHECK_KEY_FILE"


def default_key_file() -> Path:
    """Return the per-user key file location (XDG config directory)."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "leakcheck" / "key"


def load_key(key_file: Path | None = None) -> bytes:
    """Return the redaction key: ``LEAKCHECK_KEY``, else a key file (created 0600 if absent).

    An empty key file is an error, not an empty key: every fingerprint would then be an
    unkeyed hash that anyone could recompute from a guessed value.
    """
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return from_env.encode()
    path = key_file or Path(os.environ.get(KEY_FILE_ENV) or default_key_file())
    try:
        if not path.exists():  # another process may create it first: its key is then read
            create_private(path, secrets.token_hex(32).encode(), "the redaction key file")
        key = path.read_bytes().strip()
    except OSError as exc:
        raise ConfigError(
            f"cannot read or create the redaction key file {path}: {exc.strerror}; "
            f"set {KEY_ENV} or {KEY_FILE_ENV}"
        ) from None
    if not key:
        raise ConfigError(
            f"the redaction key file {path} is empty; delete it to have a new key created, "
            f"or set {KEY_ENV}"
        )
    return key


_UUID = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", re.IGNORECASE)
_HEX = re.compile(r"[0-9a-fA-F]{16,}")
_TOKEN = re.compile(r"[0-9A-Za-z_~=-]{20,}")


def _looks_like_id(segment: str) -> bool:
    """Return whether a path segment is an identifier: a UUID, long hex, or a long token."""
    if _UUID.fullmatch(segment) or _HEX.fullmatch(segment):
        return True
    return bool(_TOKEN.fullmatch(segment)) and any(c.isdigit() for c in segment)


def hide_identifiers(url: str) -> str:
    """Return a URL with identifier path segments replaced by ``…`` (the extension is kept).

    A document link is a capability: whoever has ``/documents/<uuid>.pdf`` may fetch it, and
    the judge reports such links as leaked values, so the id never appears in a report.
    """
    parts = urlsplit(url)
    segments = []
    for segment in parts.path.split("/"):
        stem, dot, extension = segment.rpartition(".")
        if dot and _looks_like_id(stem):
            segments.append(f"….{extension}")
        elif _looks_like_id(segment):
            segments.append("…")
        else:
            segments.append(segment)
    return urlunsplit((parts.scheme, parts.netloc, "/".join(segments), parts.query, ""))


@dataclass(frozen=True)
class Redactor:
    """Keyed hashing and previews; ``reveal`` shows raw values (local debugging only)."""

    key: bytes
    reveal: bool = False
    _keyed: Any = field(init=False, repr=False, compare=False)
    """An HMAC already keyed: copying it is cheaper than keying one per digest."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_keyed", hmac.new(self.key, digestmod=hashlib.sha256))

    def digest(self, *parts: str) -> str:
        """Return a hex HMAC of the joined parts."""
        mac = self._keyed.copy()
        mac.update("\x1f".join(parts).encode("utf-8", "surrogatepass"))
        return str(mac.hexdigest())

    def value_digest(self, value: str) -> str:
        """Return the keyed hash of a normalized value (equal values, equal digests)."""
        return self.digest("value", fold(value))[:32]

    def url(self, url: str | None, hide_ids: bool = False) -> str | None:
        """Return a URL with its query values and fragment hidden (they often carry the data);
        with ``hide_ids`` also its identifier segments (a linked document's URL is the leak)."""
        if url is None or self.reveal:
            return url
        if hide_ids:
            url = hide_identifiers(url)
        parts = urlsplit(url)
        if not parts.query and not parts.fragment:
            return url
        query = "&".join(
            f"{name}=…" if value else name for name, value in parse_qsl(parts.query, True)
        )
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))

    def preview(self, value: str, data_class: str) -> str:
        """Return what a report shows for a leaked value."""
        if self.reveal:
            return value
        return f"[{data_class} · {len(value)} chars · #{self.value_digest(value)[:8]}]"
