"""Canaries: known values planted in test data that a role must never receive.

A canary is the strongest signal there is, so it is matched generously: case-insensitively, as a
substring, ignoring whitespace and hyphens anywhere (``0101901234`` matches ``010190-1234`` and
``0101 90 1234``), and also after URL- or HTML-decoding the value.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import unquote_plus

from leakcheck.detect import classes
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


class CanaryMatcher:
    """Finds planted canary values inside any value; confidence is always 1.0."""

    name = "canary"

    def __init__(self, canaries: Sequence[str]) -> None:
        """Compile one pattern for all canaries (longest first, so overlaps prefer the longer)."""
        forms = sorted({n for n in (normalize(c) for c in canaries) if n}, key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(_spread(f) for f in forms), re.IGNORECASE) if forms else None
        )

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
            out.append(Detection(classes.CANARY, 1.0, self.name, s, -1 if s == 0 and e == n else e))
        if out:
            return out
        decoded = value
        if "%" in value or "+" in value:
            decoded = unquote_plus(decoded)
        if "&" in decoded:
            decoded = html.unescape(decoded)
        if decoded != value and self._pattern.search(decoded):
            return [Detection(classes.CANARY, 1.0, self.name, 0, -1)]
        return []
