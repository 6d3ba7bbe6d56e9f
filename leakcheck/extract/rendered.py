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
import unicodedata
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
_INVISIBLE = re.compile(r"[\x00\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Soft hyphens (a CMS's ``&shy;`` in long words), zero-width and direction marks: nobody sees
them, so a word they break is still one word. NUL goes too: it joins a page's parts below."""
_JOIN = "\x00"
"""Joins a page's parts to fold them in one call: folding keeps it, and pages have none left."""
_PAGE_BREAK = "\n"
"""Separates pages in the folded text: folded values hold no whitespace, so no match spans it."""
PREFIX = 8
"""Folded length of the key that finds where longer values may start; shorter runs are kept
whole."""
FEW = 16
"""Word starts sharing a prefix that are compared one by one; more (a site's footer on every
page) are told apart by a prefix twice as long, or kept as whole runs, on first use."""


def _visible_form(text: str) -> str:
    """Return ``text`` as compared: composed (NFC) and without invisible characters."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _INVISIBLE.sub("", text)


def value_key(value: str) -> str:
    """Return the folded form of ``value`` that must equal a run of words to be rendered."""
    return _EDGES.sub("", fold(_visible_form(value)))


class _WordIndex:
    """The folded words of some pages: where each run of words starts, and where words end."""

    __slots__ = ("folded", "refined", "short_runs", "starts", "word_ends")

    def __init__(self, texts: Iterable[str]) -> None:
        pages: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        offset = 0
        for text in texts:
            # One fold for the whole page; the parts alternate gap, word, gap, …, gap.
            parts = fold(_JOIN.join(_SPLIT.split(_visible_form(text)))).split(_JOIN)
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
        self.refined: dict[str, _Starts] = {}
        """The prefixes shared by more than ``FEW`` word starts, refined on first use."""
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
        prefix = key[:PREFIX]
        positions = self.starts.get(prefix)
        if positions is None:
            return False
        if len(positions) <= FEW:
            return self.starts_any(key, positions)
        refined = self.refined.get(prefix)
        if refined is None:
            refined = self.refined[prefix] = _Starts(positions, PREFIX)
        return refined.contains(key, self)

    def starts_any(self, key: str, positions: Iterable[int]) -> bool:
        """Return whether a run of whole words equal to ``key`` starts at one of ``positions``."""
        folded = self.folded
        word_ends = self.word_ends
        size = len(key)
        last = len(word_ends) - size
        return any(
            start < last and word_ends[start + size] and folded.startswith(key, start)
            for start in positions
        )


class _Starts:
    """Many word starts whose first ``width`` folded characters are the same.

    Keys shorter than twice the width are looked up among the runs that start here (a site's
    footer, repeated on every page, adds one run, not one comparison per page); longer keys go
    to the starts that share twice the width. Each level is built on first use, from this
    level's starts only, so the whole costs at most a few passes over the text.
    """

    __slots__ = ("children", "longer", "positions", "runs", "width")

    def __init__(self, positions: list[int], width: int) -> None:
        self.positions = positions
        self.width = width
        self.runs: set[str] | None = None
        self.longer: dict[str, list[int]] | None = None
        self.children: dict[str, _Starts] = {}

    def contains(self, key: str, index: _WordIndex) -> bool:
        """Return whether ``key`` (at least ``width`` long, starting with the shared prefix)
        equals a run of whole words starting at one of these positions."""
        width = self.width
        if len(key) < 2 * width:
            if self.runs is None:
                self.runs = self._runs(index)
            return key in self.runs
        if self.longer is None:
            self.longer = {}
            for start in self.positions:
                self.longer.setdefault(index.folded[start : start + 2 * width], []).append(start)
        prefix = key[: 2 * width]
        positions = self.longer.get(prefix)
        if positions is None:
            return False
        if len(positions) <= FEW:
            return index.starts_any(key, positions)
        child = self.children.get(prefix)
        if child is None:
            child = self.children[prefix] = _Starts(positions, 2 * width)
        return child.contains(key, index)

    def _runs(self, index: _WordIndex) -> set[str]:
        """Return the runs from these starts whose folded length is in [width, 2 * width)."""
        folded, word_ends = index.folded, index.word_ends
        runs: set[str] = set()
        for start in self.positions:
            limit = start + 2 * self.width
            end = word_ends.find(1, start + self.width, limit)
            while end != -1:
                runs.add(folded[start:end])
                end = word_ends.find(1, end + 1, limit)
        return runs


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
