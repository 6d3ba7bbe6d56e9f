"""Find ``key: value`` pairs inside texts, so that keyed recognizers work in comments and bundles.

``password = "hunter2"`` in a JS bundle, ``"bidderName":"Jens Hansen"`` in an unparsed state
blob and ``DB_PASSWORD=…`` in an error page are all one key and one value; the keyed recognizers
(names, passwords, generic secrets, notes) judge them exactly as they judge payload leaves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_KV = re.compile(
    r"(?<![\w$.-])(?<!\S:)([A-Za-zÀ-ÖØ-öø-ÿ_$][\w$.-]{0,63}?)[\"'\]]?\s{0,3}(?:=>|:|=)\s{0,3}"
    r"(?:\"([^\"\n]{1,1024})\"|'([^'\n]{1,1024})'|`([^`\n]{1,1024})`"
    r"|([^\s\"'`<>{}()\[\],;][^\n\"'`<>{}\[\];,]{0,159}))"
)
"""A key (up to 64 characters), ``:``/``=``/``=>``, and a quoted value or an unquoted run
(which ends at ``&`` only inside a query string, see ``pairs``). A word right after a colon
that follows something else is a segment of a colon-separated name (``arn:aws:…:secret:x``,
``[a-z]+:secret:x`` in a pattern), not a key."""

_KV_QUOTED = re.compile(_KV.pattern.rsplit("|", 1)[0] + ")")
"""The same without unquoted values: in program text those are expressions, not data."""

KV_SCREEN = re.compile(r"[:=]")


@dataclass(frozen=True, slots=True)
class Pair:
    """One ``key: value`` found in a text; ``start``/``end`` delimit the value."""

    key: str
    start: int
    end: int
    quoted: bool


_INNER_KEY = re.compile(r"\s([A-Za-zÀ-ÖØ-öø-ÿ_$][\w$.-]{0,63})\s?(?::(?!//)|=)")
"""A second ``key:`` inside an unquoted value (``login: admin, password: x``) ends the value."""


def pairs(text: str, quoted_only: bool = False) -> Iterator[Pair]:
    """Yield the ``key: value`` pairs of ``text`` in order (linear: every repeat is bounded)."""
    pattern = _KV_QUOTED if quoted_only else _KV
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return
        pos = m.end()
        for group in (2, 3, 4):
            if m.start(group) >= 0:
                yield Pair(m.group(1), m.start(group), m.end(group), True)
                break
        else:
            start, end = m.span(5)
            amp = text.find("&", start, end)
            if amp >= 0 and (
                text[m.start(1) - 1 : m.start(1)] in ("?", "&") or "?" in text[start:amp]
            ):
                end = amp  # a query string: ``&`` separates its pairs
                pos = min(pos, amp)
            inner = _INNER_KEY.search(text, start, end)
            if inner is not None:
                end = inner.start()
                pos = inner.start(1)
            # An unquoted run ends at the first sentence break or trailing space.
            while end > start and text[end - 1] in " \t\r.":
                end -= 1
            if end > start:
                yield Pair(m.group(1), start, end, False)
