"""Decide whether a value appears in what the page shows a person.

Payload data the UI never renders is the signature of over-fetching. Comparison folds case,
whitespace and the separators UIs add (thousands separators, hyphens in IDs), so
``2350000`` is rendered by ``2.350.000 kr.`` and ``0101901234`` by ``010190-1234``.
"""

from __future__ import annotations

from leakcheck.models import Rendered
from leakcheck.textnorm import fold


class VisibleText:
    """The folded visible text of one page, queried once per detected value."""

    def __init__(self, text: str | None) -> None:
        self.folded = fold(text) if text is not None else None

    @classmethod
    def from_folded(cls, folded: str) -> VisibleText:
        """Build from text that is already folded (merging pages)."""
        visible = cls(None)
        visible.folded = folded
        return visible

    def rendered(self, value: str) -> Rendered:
        """Return whether ``value`` is shown on the page (unknown without a snapshot)."""
        if self.folded is None:
            return Rendered.UNKNOWN
        folded = fold(value)
        if not folded:
            return Rendered.UNKNOWN
        return Rendered.YES if folded in self.folded else Rendered.NO
