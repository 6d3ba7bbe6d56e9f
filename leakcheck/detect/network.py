"""Internal host names and private addresses that tell an attacker how the inside is laid out."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

from leakcheck import data_classes as classes
from leakcheck.detect.contact import is_network_block
from leakcheck.detect.context import Context, clamp, governing_tokens, near, words_pattern
from leakcheck.detect.interface import Pattern
from leakcheck.models import Detection

INTERNAL_SUFFIXES = ("internal", "corp", "local", "lan", "intra", "intranet", "localdomain")

_HOST = re.compile(
    r"(?<![\w.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}"
    rf"(?:{'|'.join(INTERNAL_SUFFIXES)}))(?![\w-]|\.[A-Za-z0-9])"
)
_PRIVATE_IP = re.compile(
    r"(?<![\w.])(10(?:\.\d{1,3}){3}|192\.168(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[01])"
    r"(?:\.\d{1,3}){2})(?![\w.]|\.\d)"
)
_SCREEN = re.compile(
    rf"\.(?:{'|'.join(INTERNAL_SUFFIXES)})\b|(?<![\w.])(?:10|192\.168|172\.(?:1[6-9]|2\d|3[01]))\."
)
_JS_OBJECTS = frozenset(
    """
    window document this self chrome browser navigator globalthis process module exports storage
    config settings props state options opts env app util utils lib
    """.split()
)
_HOST_KEYS = frozenset(
    """
    host hostname server endpoint url uri baseurl api domain origin proxy db database redis smtp
    ldap dsn upstream backend internal address addr ip base gateway mq broker
    """.split()
)
_HOST_WORDS = words_pattern("host|server|endpoint|database|db|redis|proxy|ip|intern|internal")
_URLISH_BEFORE = ("//", "@", "=", '"', "'", "`", "(")


@lru_cache(maxsize=4096)
def _is_host_key(tokens: tuple[str, ...]) -> bool:
    return bool(set(tokens) & _HOST_KEYS)


class InternalHostRecognizer(Pattern):
    """Host names under internal-only suffixes and RFC 1918 addresses.

    A CIDR block (``10.0.0.0/16``, host bits zero) is a range, not a host: skipped unless a
    host-like key names it.
    Confidence: in a URL (after ``//`` or ``user@``) 0.9; a bare name or address 0.6 (0.35 in
    program text unless quoted or under a host-like key, since ``chrome.storage.local`` and
    version numbers look alike); a host-like key or nearby words such as "server" add 0.2.
    """

    name = "internal_host"
    data_classes = (classes.INTERNAL_HOST,)
    screen = _SCREEN
    hints = (*(f".{s}" for s in INTERNAL_SUFFIXES), "10.", "192.168.", "172.")

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the internal host names and private addresses in ``text``."""
        out: list[Detection] = []
        for m in _HOST.finditer(text):
            host = m.group(1)
            if host.split(".", 1)[0] in _JS_OBJECTS:
                continue
            out.append(self._detection(text, m.start(), m.end(), ctx, len(host.split(".")[0])))
        for m in _PRIVATE_IP.finditer(text):
            if any(int(octet) > 255 for octet in m.group(1).split(".")):
                continue
            block = text[m.end() : m.end() + 1] == "/" and is_network_block(
                text, m.end(), ipaddress.IPv4Address(m.group(1))
            )
            if block and not _is_host_key(governing_tokens(text, m.start(), ctx)):
                continue  # ``10.0.0.0/16``: a range of addresses, which names no host
            out.append(self._detection(text, m.start(), m.end(), ctx, 2))
        return out

    def _detection(self, text: str, s: int, e: int, ctx: Context, first_label: int) -> Detection:
        before = text[max(0, s - 2) : s]
        in_url = before.endswith(("//", "@"))
        quoted = before.endswith(_URLISH_BEFORE)
        keyed = _is_host_key(governing_tokens(text, s, ctx))
        if in_url:
            score = 0.9
        elif (ctx.is_code and not (quoted or keyed)) or first_label < 2:
            score = 0.35
        else:
            score = 0.6
        if not in_url and (keyed or near(text, s, e, _HOST_WORDS, before=32)):
            score += 0.2
        return Detection(classes.INTERNAL_HOST, clamp(score), self.name, s, e)
