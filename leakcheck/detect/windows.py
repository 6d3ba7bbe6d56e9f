"""Cut a long text into bounded pieces around candidate matches.

Presidio's analysis is superlinear in the size of what it is handed (40 KB took seconds, 400 KB
minutes), so it never sees a whole document: only pieces of at most ``WINDOW_SIZE`` characters
that surround a cheap pre-screen match, cut at whitespace where possible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WINDOW_SIZE = 2048
"""The most characters any heavier recognizer is handed at once."""

MARGIN = 96
"""Characters kept on each side of a candidate, so that a full match and its context fit."""


def bounded_windows(
    text: str,
    spans: Iterable[tuple[int, int]],
    size: int = WINDOW_SIZE,
    margin: int = MARGIN,
) -> list[tuple[int, int]]:
    """Return ``(start, end)`` pieces of ``text`` covering every candidate span, each ≤ ``size``.

    Candidates close together share a piece; a piece is cut at whitespace inside its margin when
    there is some. A candidate longer than ``size`` is cut to ``size`` (screens are bounded, so
    this only guards against misuse).
    """
    return [(lo, hi) for lo, hi, _ in grouped_windows(text, spans, size, margin)]


def grouped_windows(
    text: str,
    spans: Iterable[tuple[int, int]],
    size: int = WINDOW_SIZE,
    margin: int = MARGIN,
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Return the pieces of ``bounded_windows`` with the candidate spans each was built for."""
    n = len(text)
    ordered = sorted(spans)
    if not ordered:
        return []
    if n <= size:
        return [(0, n, ordered)]
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    cur_start = cur_end = -1
    group: list[tuple[int, int]] = []
    for s, e in ordered:
        lo = _cut_left(text, max(0, s - margin), s)
        hi = _cut_right(text, e, min(n, e + margin))
        if hi - lo > size:
            lo, hi = s, min(n, s + size)
        if group and lo <= cur_end and hi - cur_start <= size:
            cur_end = max(cur_end, hi)
            group.append((s, e))
            continue
        if group:
            out.append((cur_start, cur_end, group))
        cur_start, cur_end, group = lo, hi, [(s, e)]
    out.append((cur_start, cur_end, group))
    return out


_SPACE = re.compile(r"\s")


def _cut_left(text: str, lo: int, s: int) -> int:
    """Move a piece's start forward to just after whitespace, if there is any before ``s``."""
    if lo == 0:
        return 0
    m = _SPACE.search(text, lo, s)
    return m.end() if m else lo


def _cut_right(text: str, e: int, hi: int) -> int:
    """Move a piece's end back to the last whitespace after ``e``, if there is any."""
    if hi == len(text):
        return hi
    i = max(text.rfind(" ", e, hi), text.rfind("\n", e, hi))
    return i if i >= 0 else hi
