"""Hints gate screens: a value holding none of a recognizer's hints never reaches its screen.

So every text a screen matches must hold a hint, or the recognizer silently misses it. These
tests expand each screen alternative into the strings it matches (every member of each
character class and group) and check the hints against all of them.
"""

from __future__ import annotations

import re
import string

import pytest

from leakcheck.detect.contact import IpRecognizer
from leakcheck.detect.network import _SCREEN as HOST_SCREEN
from leakcheck.detect.network import INTERNAL_SUFFIXES, InternalHostRecognizer
from leakcheck.detect.secrets import _TOKEN_HINTS, _TOKEN_SCREEN, TokenRecognizer

_CLASS = re.compile(r"\[([^\]]+)\]")


def _members(body: str) -> list[str]:
    """Return the characters of a character class body such as ``0-9a-f`` or ``pousr``."""
    out, i = [], 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out += [chr(c) for c in range(ord(body[i]), ord(body[i + 2]) + 1)]
            i += 3
        else:
            out.append(body[i])
            i += 1
    return out


def _expand(pattern: str) -> list[str]:
    """Return strings matching a simple regex: literals, escapes, classes, groups, ``{n}``."""
    if not pattern:
        return [""]
    if pattern.startswith("(?:"):
        depth, end = 0, 0
        while True:
            depth += pattern[end] == "("
            depth -= pattern[end] == ")"
            if depth == 0:
                break
            end += 1
        options = _split(pattern[3:end])
        head, rest = [s for o in options for s in _expand(o)], pattern[end + 1 :]
    elif pattern.startswith("\\d"):
        head, rest = list(string.digits), pattern[2:]
    elif pattern.startswith("\\"):
        head, rest = [pattern[1]], pattern[2:]
    elif pattern.startswith("["):
        m = _CLASS.match(pattern)
        assert m is not None
        head, rest = _members(m.group(1)), pattern[m.end() :]
    else:
        head, rest = [pattern[0]], pattern[1:]
    count = re.match(r"\{(\d+)\}", rest)
    if count:
        head, rest = [h * int(count.group(1)) for h in head], rest[count.end() :]
    return [h + tail for h in head for tail in _expand(rest)]


def _split(pattern: str) -> list[str]:
    """Split a pattern at its top-level ``|``."""
    parts, depth, current = [], 0, ""
    for ch in pattern:
        depth += ch in "(["
        depth -= ch in ")]"
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


def test_every_token_screen_alternative_holds_a_token_hint() -> None:
    alternatives = _split(_TOKEN_SCREEN.pattern)
    assert len(alternatives) >= 30
    assert TokenRecognizer.hints == _TOKEN_HINTS
    for alternative in alternatives:
        examples = _expand(alternative)
        assert examples, alternative
        for text in examples:
            assert _TOKEN_SCREEN.fullmatch(text), (alternative, text)
            assert any(h in text for h in _TOKEN_HINTS), (alternative, text)


@pytest.mark.parametrize(
    "text",
    [
        *(f"db.{suffix}" for suffix in INTERNAL_SUFFIXES),
        "10.0.0.1",
        "192.168.1.20",
        *(f"172.{n}.0.1" for n in range(16, 32)),
    ],
)
def test_internal_host_screen_matches_only_with_a_hint(text: str) -> None:
    assert HOST_SCREEN.search(text)
    assert any(h in text for h in InternalHostRecognizer.hints)


def test_ip_screen_needs_a_dot_or_a_colon() -> None:
    for alternative in _split(IpRecognizer.screen.pattern):
        literal = alternative.replace("\\.", ".")
        assert "." in literal or ":" in literal, alternative
    assert set(IpRecognizer.hints) == {".", ":"}
