"""What a recognizer is: a named object that turns a text and its context into detections.

Two kinds exist. A *pattern* recognizer scans a text for values with a recognisable shape
(a CPR, an AWS key) and reports spans. A *keyed* recognizer decides from a key name what a value
is (``bidderName`` → a person's name) and checks only that the value fits; the engine also hands
it the ``key: value`` pairs it finds inside texts.
"""

from __future__ import annotations

import re
from typing import Protocol

from leakcheck.detect.context import Context
from leakcheck.models import Detection


class PatternRecognizer(Protocol):
    """Finds values by their shape anywhere in a text."""

    name: str

    @property
    def screen(self) -> re.Pattern[str] | None:
        """A cheap pattern that must match in a text before ``find`` is worth calling.

        The engine runs each distinct screen once per value; None means always call ``find``.
        A recognizer may also have ``hints``, a tuple of substrings one of which must occur
        before the screen is worth running (``("@",)``), ``min_digits``, how many digits
        a value needs outside UUIDs and hex ids (a CPR has ten), and ``min_length``. The
        engine honours these for built-in recognizers; custom ones are screened by ``screen``
        alone.
        """
        ...

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return detections with concrete spans inside ``text`` (cheaply empty if none)."""
        ...


class KeyedRecognizer(Protocol):
    """Classifies a whole value by the key it sits under."""

    name: str

    def wants(self, ctx: Context) -> bool:
        """Return whether the key in ``ctx`` is one this recognizer interprets (must be cheap)."""
        ...

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return detections for ``text`` under ``ctx``; called only when ``wants`` is true."""
        ...
