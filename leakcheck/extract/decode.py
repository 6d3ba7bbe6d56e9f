"""Unwrap values that carry structured data inside a string: JWT payloads and JSON in strings.

Each layer appends a step to the location's chain (``$.session.token|jwt:$.email``), so a finding
says how the value was encoded. Decoding is bounded in depth and size.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from typing import Any

from leakcheck.extract.jsonpaths import JsonLeaf, walk_json

MAX_DEPTH = 4
MAX_DECODED_BYTES = 1024 * 1024
_JWT = re.compile(r"^[A-Za-z0-9_-]{10,}\.([A-Za-z0-9_-]{10,})\.[A-Za-z0-9_-]*$")


def _b64url(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def decode_once(value: str) -> tuple[str, Any] | None:
    """Return ``(step, document)`` when the string holds a JWT or a JSON object/array."""
    if len(value) > MAX_DECODED_BYTES:
        return None
    match = _JWT.match(value)
    if match:
        try:
            payload = json.loads(_b64url(match.group(1)))
        except (binascii.Error, ValueError):
            return None
        return ("jwt", payload) if isinstance(payload, dict) else None
    stripped = value.strip()
    if stripped[:1] in ("{", "[") and stripped[-1:] in ("}", "]"):
        try:
            document = json.loads(stripped)
        except (ValueError, RecursionError):
            return None
        return ("json", document) if isinstance(document, dict | list) else None
    return None


def walk_decoded(leaves: Iterator[JsonLeaf], depth: int = 0) -> Iterator[JsonLeaf]:
    """Yield every leaf and, for encoded ones, the leaves inside them with the chain appended."""
    for leaf in leaves:
        yield leaf
        if depth >= MAX_DEPTH:
            continue
        decoded = decode_once(leaf.value)
        if decoded is None:
            continue
        step, document = decoded
        for inner in walk_decoded(walk_json(document), depth + 1):
            yield JsonLeaf(
                path=f"{leaf.path}|{step}:{inner.path}",
                detail=f"{leaf.detail}|{step}:{inner.detail}",
                key=inner.key,
                value=inner.value,
                records=leaf.records + inner.records,
            )
