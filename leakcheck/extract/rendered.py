"""Decide whether a value appears in what the page shows a person.

Payload data the UI never renders is the signature of over-fetching. Comparison folds case,
whitespace and the separators UIs add (thousands separators, hyphens in IDs), so
``2350000`` is rendered by ``2.350.000 kr.`` and ``0101901234`` by ``010190-1234``.

A value is rendered only as whole words of the text: folding strips spaces, so a plain
substring test would find ``Ann`` in ``Annual``, ``1234`` inside a longer number and
``Ann Berg`` in ``Ann Bergström``, call them shown, and hide an over-fetch. Words are runs of
letters and digits; hyphens, apostrophes and dots join them (``010190-1234``, ``Anne-Marie``,
``dahl.dk``), as do thousands separators between digits (``2.350.000``, ``2,350,000``,
``3 250 000``). A match starts where a word starts and ends where a word ends, and may span
several words and what lies between them (``+45 12 34 56 78``), but never two pages.

The words are indexed once per text (for a role: all its pages, once), so each question costs
about the value's length, not the text's, and each value is answered once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import accumulate

from leakcheck.models import Rendered
from leakcheck.textnorm import fold

_SPLIT = re.compile(
    r"""(
    \w+
    (?:
        (?:
            [\-'’.]                                # Anne-Marie, O'Brien, dahl.dk, 010190-1234
            | (?<=\d) [,\u00a0\u202f] (?=\d)        # 2,350,000; 2 350 000 with no-break spaces
            | (?:(?<=(?<!\w)\d) | (?<=(?<!\w)\d\d) | (?<=(?<!\w)\d\d\d))
              [ ] (?=\d{3}(?!\w)(?![.,]\d{3}))        # 3 250 000 with plain spaces
        )
        \w+
    )*
    )""",
    re.VERBOSE,
)
"""Splits a text into gap, word, gap, …, gap (the capture group keeps the words).

Plain spaces split words, except between thousands groups (``3 250 000``, where a hidden bid of
``250 000`` is not shown); phone number groups (``12 34 56 78``) stay words of their own, so a
number written without its country code or spaces is still found.
"""
_EDGES = re.compile(r"^\W+|\W+$")
"""What a folded value may carry around its words (``+45 …``, ``(…)``): no word starts there."""
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\x00]")
"""Soft hyphens (a CMS's ``&shy;`` in long words) and zero-width characters: nobody sees them,
so a word they break is still one word. NUL goes too: it joins a page's parts below."""
_JOIN = "\x00"
"""Joins a page's parts to fold them in one call: folding keeps it, and pages have none left."""
_PAGE_BREAK = "\n"
"""Separates pages in the folded text: folded values hold no whitespace, so no match spans it."""
PREFIX = 8
"""Folded length of the key that finds where longer values may start; shorter runs are kept
whole."""


def value_key(value: str) -> str:
    """Return the folded form of ``value`` that must equal a run of words to be rendered."""
    return _EDGES.sub("", fold(_INVISIBLE.sub("", value)))


class _WordIndex:
    """The folded words of some pages: where each run of words starts, and where words end."""

    __slots__ = ("folded", "short_runs", "starts", "word_ends")

    def __init__(self, texts: Iterable[str]) -> None:
        pages: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        offset = 0
        for text in texts:
            # One fold for the whole page; the parts alternate gap, word, gap, …, gap.
            parts = fold(_JOIN.join(_SPLIT.split(_INVISIBLE.sub("", text)))).split(_JOIN)
            offsets = list(accumulate(map(len, parts), initial=offset))
            starts += offsets[1:-1:2]
            ends += offsets[2:-1:2]
            pages.append("".join(parts))
            offset = offsets[-1] + len(_PAGE_BREAK)
        self.folded = folded = _PAGE_BREAK.join(pages)
        """All pages folded; runs across a page break hold whitespace, which no key does."""
        self.word_ends = bytearray(len(folded) + 1)
        """1 at each folded offset where a word ends."""
        for end in ends:
            self.word_ends[end] = 1
        self.short_runs: set[str] = set()
        """Every run of words shorter than ``PREFIX`` folded characters."""
        self.starts: dict[str, list[int]] = {}
        """The first ``PREFIX`` folded characters at each word start -> those offsets."""
        short_runs = self.short_runs
        by_prefix = self.starts
        count = len(starts)
        for i, start in enumerate(starts):
            key = folded[start : start + PREFIX]
            bucket = by_prefix.get(key)
            if bucket is None:
                by_prefix[key] = [start]
            else:
                bucket.append(start)
            limit = start + PREFIX
            j = i
            while j < count and ends[j] < limit:
                short_runs.add(folded[start : ends[j]])
                j += 1

    def contains(self, key: str) -> bool:
        """Return whether ``key`` (a :func:`value_key`) equals some run of whole words."""
        if len(key) < PREFIX:
            return key in self.short_runs
        folded = self.folded
        word_ends = self.word_ends
        size = len(key)
        last = len(word_ends) - size
        return any(
            start < last and word_ends[start + size] and folded.startswith(key, start)
            for start in self.starts.get(key[:PREFIX], ())
        )


class VisibleText:
    """The visible text of one page, or of all of a role's pages, asked which values it shows.

    The words are indexed on the first question and each answer is kept, so a role's pages
    are read once however many values are looked up.
    """

    def __init__(self, text: str | None) -> None:
        self.texts: tuple[str, ...] | None = None if text is None else (text,)
        """The page texts as captured; None when no snapshot was taken (nothing is known)."""
        self._index: _WordIndex | None = None
        self._answers: dict[str, Rendered] = {}

    @classmethod
    def merged(cls, pages: Iterable[VisibleText]) -> VisibleText:
        """Return the texts of several pages as one: a value shown on any of them is shown.

        No match spans two pages. Pages without a snapshot add nothing; when none has one,
        nothing is known.
        """
        texts = [t for page in pages if page.texts is not None for t in page.texts]
        merged = cls(None)
        merged.texts = tuple(texts) if texts else None
        return merged

    def rendered(self, value: str) -> Rendered:
        """Return whether ``value`` is shown as whole words (unknown without a snapshot)."""
        answer = self._answers.get(value)
        if answer is not None:
            return answer
        if self.texts is None:
            return Rendered.UNKNOWN
        key = value_key(value)
        if not key:
            answer = Rendered.UNKNOWN
        else:
            if self._index is None:
                self._index = _WordIndex(self.texts)
            answer = Rendered.YES if self._index.contains(key) else Rendered.NO
        self._answers[value] = answer
        return answer
