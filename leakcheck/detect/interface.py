"""What a recognizer is: a named object that turns a text and its context into detections.

Two kinds exist. A *pattern* recognizer scans a text for values with a recognisable shape
(a CPR, an AWS key) and reports spans. A *keyed* recognizer decides from a key name what a value
is (``bidderName`` → a person's name) and checks only that the value fits; the engine also hands
it the ``key: value`` pairs it finds inside texts.

Everything the engine needs to know about a recognizer is a member of these protocols, so a new
recognizer is one module and one line in ``registry``: subclass :class:`Pattern` for the
defaults and set what applies. Custom recognizers (entry points, a profile's ``detectors``) need
only ``name`` and ``find`` (and ``wants`` to be keyed); the registry gives them the defaults.
"""

from __future__ import annotations

import re
from typing import Protocol

from leakcheck.data_classes import DataClass
from leakcheck.detect.context import Context
from leakcheck.models import Detection


class PatternRecognizer(Protocol):
    """Finds values by their shape anywhere in a text."""

    @property
    def name(self) -> str:
        """A stable name, reported with each detection (``Detection.recognizer``)."""
        ...

    @property
    def data_classes(self) -> tuple[str | DataClass, ...]:
        """The classes its detections carry: a name listed in ``data_classes.TABLE``, or the
        row of a class of its own (``data_classes.national_id("is", "Icelandic …")``), which
        reports then use for its label, severity and tie-breaks."""
        ...

    @property
    def screen(self) -> re.Pattern[str] | None:
        """A cheap pattern that must match in a text before ``find`` is worth calling.

        The engine runs each distinct screen once per value; None means always call ``find``.
        """
        ...

    @property
    def hints(self) -> tuple[str, ...]:
        """Substrings one of which must occur before the screen is worth running (``("@",)``);
        empty for none. Every text the screen matches must hold one, or values are missed."""
        ...

    @property
    def min_digits(self) -> int:
        """How many digits a value needs outside UUIDs and hex ids (a CPR has ten)."""
        ...

    @property
    def min_length(self) -> int:
        """How many characters a value needs."""
        ...

    @property
    def context_words(self) -> frozenset[str]:
        """Lower-case words that name what it finds (``kennitala``), for numbers whose shape
        several countries share.

        When a value's key, a ``key:`` just before a national ID, or (without a key naming
        one) a word near it names one recognizer's class, the engine caps the national IDs of
        other classes on that span at 0.45, under the default threshold: context says which
        country's number it is. So a new country's ID needs no change to the others.
        """
        ...

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return detections with concrete spans inside ``text`` (cheaply empty if none)."""
        ...


class KeyedRecognizer(Protocol):
    """Classifies a whole value by the key it sits under."""

    @property
    def name(self) -> str:
        """A stable name, reported with each detection (``Detection.recognizer``)."""
        ...

    @property
    def data_classes(self) -> tuple[str | DataClass, ...]:
        """The classes its detections carry (see ``PatternRecognizer.data_classes``)."""
        ...

    def wants(self, ctx: Context) -> bool:
        """Return whether the key in ``ctx`` is one this recognizer interprets (must be cheap)."""
        ...

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return detections for ``text`` under ``ctx``; called only when ``wants`` is true."""
        ...


class Pattern:
    """The defaults of a pattern recognizer: no screen, hints, minimums or context words.

    Subclasses set ``name``, ``data_classes`` and whichever of the others apply, and define
    ``find``.
    """

    name: str
    data_classes: tuple[str | DataClass, ...] = ()
    screen: re.Pattern[str] | None = None
    hints: tuple[str, ...] = ()
    min_digits: int = 0
    min_length: int = 0
    context_words: frozenset[str] = frozenset()
