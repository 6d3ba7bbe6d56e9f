"""Canaries: known values planted in test data that a role must never receive.

A canary is the strongest signal there is, so it is matched generously: case-insensitively, as a
substring, ignoring whitespace and hyphens anywhere (``0101901234`` matches ``010190-1234`` and
``0101 90 1234``), also after URL-, HTML- or JSON/JS-escape-decoding the value, and inside base64
(standard or URL-safe, at any alignment) or hexadecimal: the encoded canary is searched for
directly, so a canary inside a longer encoded blob is found without decoding it.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from urllib.parse import unquote, unquote_plus

from leakcheck import data_classes as classes
from leakcheck.models import Detection

_IGNORED_CHARS = r"\s\-\u00ad\u2010-\u2015\u2212"
_IGNORED = re.compile(f"[{_IGNORED_CHARS}]+")


def normalize(value: str) -> str:
    """Return a value as canaries are compared: lower-cased, without whitespace or hyphens."""
    return _IGNORED.sub("", value).lower()


def _spread(canary: str) -> str:
    """Return a pattern for ``canary`` that allows whitespace and hyphens between its characters."""
    gap = f"[{_IGNORED_CHARS}]*"
    return gap.join(re.escape(ch) for ch in canary)


_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})")


def _unescape(value: str) -> str:
    """Decode JSON/JS escapes (``\\u0040``, ``\\x40``)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), value)


def _decodings(value: str) -> list[str]:
    """Return ``value`` decoded as URL (with and without ``+`` as space), HTML and JS text."""
    forms = [value]
    if "%" in value:
        forms.append(unquote(value))
    if "+" in value:
        forms.append(unquote_plus(value))
    if "&" in value:
        forms.extend([html.unescape(f) for f in forms])
    if "\\" in value:
        forms.extend([_unescape(f) for f in forms])
    return forms[1:]


_MIN_BASE64 = 8
"""Shorter encoded fragments would match random base64 too often."""


def base64_forms(canary: str) -> set[str]:
    """Return the base64 fragments that any encoding of a text containing ``canary`` holds.

    For each of the three alignments the canary's bytes can have in an encoded stream, the
    characters that depend on the canary's bytes alone; standard and URL-safe alphabets.
    """
    out: set[str] = set()
    for variant in {canary, canary.lower(), canary.upper()}:
        data = variant.encode()
        for k in range(3):
            encoded = base64.b64encode(b"\0" * k + data).decode()
            start = -(-k // 3) * 4
            end = (k + len(data)) // 3 * 4
            fragment = encoded[start:end]
            if len(fragment) >= _MIN_BASE64:
                out.add(fragment)
                out.add(fragment.replace("+", "-").replace("/", "_"))
    return out


def hex_forms(canary: str) -> set[str]:
    """Return the canary's bytes in hexadecimal, lower- and upper-case (``6a656e73``)."""
    raw = canary.strip().encode().hex()
    return {raw, raw.upper()} if len(raw) >= _MIN_BASE64 else set()


class CanaryMatcher:
    """Finds planted canary values inside any value; confidence is always 1.0."""

    name = "canary"

    def __init__(self, canaries: Sequence[str]) -> None:
        """Compile one pattern for all canaries (longest first, so overlaps prefer the longer).

        Each canary is a group of its own, so a match says which canary it was; so does each
        encoded fragment.
        """
        by_form: dict[str, str] = {}
        for canary in canaries:
            by_form.setdefault(normalize(canary), canary)
        by_form.pop("", None)
        forms = sorted(by_form, key=len, reverse=True)
        self._canary_of_group = [by_form[f] for f in forms]
        self._pattern = (
            re.compile("|".join(f"({_spread(f)})" for f in forms), re.IGNORECASE) if forms else None
        )
        self._canary_of_fragment: dict[str, str] = {}
        for canary in canaries:
            if canary.strip():
                for fragment in base64_forms(canary.strip()) | hex_forms(canary):
                    self._canary_of_fragment.setdefault(fragment, canary)
        encoded = sorted(self._canary_of_fragment, key=len, reverse=True)
        self._encoded = re.compile("|".join(re.escape(f) for f in encoded)) if encoded else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find(self, value: str) -> list[Detection]:
        """Return a detection for every canary occurrence in ``value``."""
        if self._pattern is None or not value:
            return []
        out = []
        n = len(value)
        for m in self._pattern.finditer(value):
            s, e = m.span()
            canary = self._canary_of_group[(m.lastindex or 1) - 1]
            end = -1 if s == 0 and e == n else e
            out.append(Detection(classes.CANARY, 1.0, self.name, s, end, canary))
        if out:
            return out
        for decoded in _decodings(value):
            hit = self._pattern.search(decoded)
            if hit is not None:
                canary = self._canary_of_group[(hit.lastindex or 1) - 1]
                return [Detection(classes.CANARY, 1.0, self.name, 0, -1, canary)]
        return self._find_encoded(value)

    def _find_encoded(self, value: str) -> list[Detection]:
        """Return a whole-value detection when the value holds a canary's base64 or hex."""
        if self._encoded is not None:
            fragment = self._encoded.search(value)
            if fragment is not None:
                canary = self._canary_of_fragment[fragment.group(0)]
                return [Detection(classes.CANARY, 1.0, f"{self.name}:encoded", 0, -1, canary)]
        return []
