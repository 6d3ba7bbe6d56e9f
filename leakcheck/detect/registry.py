"""The built-in recognizers, listed explicitly, and the plugin point for custom ones.

Order matters only for ties: a detection that overlaps an equally confident earlier one of a
higher-priority class loses (see ``engine``). Adding a recognizer is one module (a subclass of
``interface.Pattern``, or a keyed recognizer) and one line here; a class of its own is a row it
declares in ``data_classes``, which ``data_classes.entry`` finds through
:func:`declared_data_classes`.

Custom recognizers come from two places, both read when a ``Detector`` is built:

* the entry-point group ``leakcheck.detectors`` of installed distributions, e.g. in the plugin's
  ``pyproject.toml``: ``[project.entry-points."leakcheck.detectors"] acme = "acme_lc:recognizers"``;
* the environment variable ``LEAKCHECK_DETECTORS``: ``module:callable`` names separated by commas;
* a profile's ``detectors`` list of ``module:callable`` names, imported from the profile's
  directory first (``profile_recognizers``; the pipeline passes them to the ``Detector``).

Each names a callable that takes no arguments (a recognizer class, or a factory) and returns one
recognizer or an iterable of them. An object with ``wants`` is a keyed recognizer, anything else
with ``find`` a pattern recognizer. A custom recognizer needs only ``name`` and ``find``;
:func:`admit` checks what it has and gives it the contract's defaults for the rest (no screen,
hints or minimums), so the engine sees every recognizer through ``interface``.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterable, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from leakcheck.data_classes import DataClass
from leakcheck.detect.contact import (
    CardRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    UsSsnRecognizer,
)
from leakcheck.detect.context import Context
from leakcheck.detect.interface import KeyedRecognizer, PatternRecognizer
from leakcheck.detect.kennitala import KennitalaRecognizer
from leakcheck.detect.names import TextNameRecognizer
from leakcheck.detect.national_ids import (
    CprRecognizer,
    FiHetuRecognizer,
    NoFodselsnummerRecognizer,
    SePersonnummerRecognizer,
    UkNinoRecognizer,
)
from leakcheck.detect.network import InternalHostRecognizer
from leakcheck.detect.personal import (
    AddressKeyRecognizer,
    NoteRecognizer,
    PersonNameRecognizer,
    PhoneKeyRecognizer,
    StreetAddressRecognizer,
)
from leakcheck.detect.presidio_glue import PresidioNationalIds
from leakcheck.detect.secrets import (
    AwsSecretKeyRecognizer,
    CertificateRecognizer,
    ConnectionStringRecognizer,
    JwtRecognizer,
    KeyedSecretRecognizer,
    KeystoreRecognizer,
    PasswordRecognizer,
    PrivateKeyRecognizer,
    TokenRecognizer,
)
from leakcheck.errors import ConfigError
from leakcheck.models import Detection

ENTRY_POINT_GROUP = "leakcheck.detectors"
ENV_VAR = "LEAKCHECK_DETECTORS"

Recognizer = PatternRecognizer | KeyedRecognizer


class PluginError(ConfigError):
    """A custom recognizer could not be loaded; the message names it and says why (exit 2)."""


def pattern_recognizers(min_confidence: float = 0.0) -> list[PatternRecognizer]:
    """Return fresh instances of the built-in pattern recognizers."""
    return [
        PrivateKeyRecognizer(),
        CertificateRecognizer(),
        TokenRecognizer(),
        AwsSecretKeyRecognizer(),
        ConnectionStringRecognizer(),
        JwtRecognizer(),
        CprRecognizer(),
        SePersonnummerRecognizer(),
        NoFodselsnummerRecognizer(),
        FiHetuRecognizer(),
        UkNinoRecognizer(),
        KennitalaRecognizer(),
        UsSsnRecognizer(),
        EmailRecognizer(),
        PhoneRecognizer(min_confidence),
        IbanRecognizer(),
        CardRecognizer(),
        IpRecognizer(),
        InternalHostRecognizer(),
        StreetAddressRecognizer(),
        TextNameRecognizer(),
        PresidioNationalIds(),
    ]


def keyed_recognizers() -> list[KeyedRecognizer]:
    """Return fresh instances of the built-in keyed recognizers."""
    return [
        PersonNameRecognizer(),
        AddressKeyRecognizer(),
        PhoneKeyRecognizer(),
        NoteRecognizer(),
        PasswordRecognizer(),
        KeyedSecretRecognizer(),
        KeystoreRecognizer(),
    ]


def declared_data_classes() -> list[DataClass]:
    """Return the data-class rows built-in recognizers declare (classes of their own)."""
    recognizers: list[Recognizer] = [*pattern_recognizers(), *keyed_recognizers()]
    return [row for r in recognizers for row in r.data_classes if isinstance(row, DataClass)]


def plugin_recognizers() -> list[Recognizer]:
    """Return the custom recognizers named by entry points and ``LEAKCHECK_DETECTORS``."""
    out: list[Recognizer] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            factory = ep.load()
        except Exception as exc:  # a broken plugin must name itself, not crash anonymously
            raise PluginError(f"entry point {ep.name} = {ep.value}: {exc}") from exc
        out.extend(_instantiate(factory, f"entry point {ep.name} = {ep.value}"))
    for spec in filter(None, (s.strip() for s in os.environ.get(ENV_VAR, "").split(","))):
        out.extend(_instantiate(load_callable(spec), f"{ENV_VAR} {spec}"))
    return out


def profile_recognizers(specs: Sequence[str], base_dir: Path | None) -> list[Recognizer]:
    """Return the recognizers a profile's ``detectors`` name, importing from ``base_dir`` first.

    A module next to the profile (``acme_lc.py`` beside ``profile.yaml``) needs no packaging;
    ``sys.path`` is restored afterwards.
    """
    if not specs:
        return []
    added = base_dir is not None and str(base_dir) not in sys.path
    if added:
        sys.path.insert(0, str(base_dir))
    try:
        return [
            item
            for spec in specs
            for item in _instantiate(load_callable(spec), f"profile detectors: {spec}")
        ]
    finally:
        if added:
            sys.path.remove(str(base_dir))


def load_callable(spec: str) -> Any:
    """Import ``module:callable`` (the callable may be dotted: ``module:Class.factory``)."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise PluginError(f"{spec!r}: expected module:callable")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise PluginError(f"{spec!r}: {exc}") from exc
    return obj


def _instantiate(factory: Any, origin: str) -> list[Recognizer]:
    if not callable(factory):
        raise PluginError(f"{origin}: not callable")
    try:
        made = factory()
    except Exception as exc:
        raise PluginError(f"{origin}: {exc}") from exc
    items = list(made) if isinstance(made, Iterable) and not hasattr(made, "find") else [made]
    return [admit(item, origin) for item in items]


class CustomPattern:
    """A custom pattern recognizer seen through the whole contract (defaults for what it lacks).

    Its ``hints``, ``min_digits`` and ``min_length`` gate it as they gate the built-ins, but a
    value no built-in pattern can report (a UUID, a short number) still reaches it.
    """

    def __init__(self, item: Any, origin: str) -> None:
        """Read and check the optional members once, so the engine never has to."""
        self.recognizer: Any = item
        """The object as the plugin made it."""
        self.name: str = item.name
        self.data_classes: tuple[str | DataClass, ...] = _data_classes(item, origin)
        self.screen: re.Pattern[str] | None = _screen(item, origin)
        self.hints: tuple[str, ...] = _strings(item, "hints", origin)
        self.min_digits: int = _count(item, "min_digits", origin)
        self.min_length: int = _count(item, "min_length", origin)
        self.context_words: frozenset[str] = frozenset(
            w.lower() for w in _strings(item, "context_words", origin)
        )

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the custom recognizer's detections."""
        found: list[Detection] = self.recognizer.find(text, ctx)
        return found


class CustomKeyed:
    """A custom keyed recognizer seen through the whole contract."""

    def __init__(self, item: Any, origin: str) -> None:
        """Read and check the optional members once."""
        self.recognizer: Any = item
        """The object as the plugin made it."""
        self.name: str = item.name
        self.data_classes: tuple[str | DataClass, ...] = _data_classes(item, origin)

    def wants(self, ctx: Context) -> bool:
        """Return whether the custom recognizer interprets the key."""
        return bool(self.recognizer.wants(ctx))

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the custom recognizer's detections."""
        found: list[Detection] = self.recognizer.find(text, ctx)
        return found


Custom = CustomPattern | CustomKeyed


def admit(item: object, origin: str = "recognizer") -> Custom:
    """Return a custom recognizer with the whole contract, or raise ``PluginError`` naming it.

    It needs a ``str`` ``name`` and a ``find(text, ctx)``; with a ``wants(ctx)`` it is keyed.
    Optional members of the wrong type are errors too, said in one line.
    """
    if isinstance(item, CustomPattern | CustomKeyed):
        return item
    if not isinstance(getattr(item, "name", None), str) or not callable(
        getattr(item, "find", None)
    ):
        raise PluginError(f"{origin}: {item!r} needs a str `name` and a `find(text, ctx)` method")
    if callable(getattr(item, "wants", None)):
        return CustomKeyed(item, origin)
    return CustomPattern(item, origin)


def _member_error(origin: str, item: Any, member: str, expected: str) -> PluginError:
    return PluginError(f"{origin}: {item.name}.{member} must be {expected}")


def _screen(item: Any, origin: str) -> re.Pattern[str] | None:
    screen = getattr(item, "screen", None)
    if screen is None or (isinstance(screen, re.Pattern) and isinstance(screen.pattern, str)):
        return screen
    raise _member_error(origin, item, "screen", "a compiled str pattern or None")


def _strings(item: Any, member: str, origin: str) -> tuple[str, ...]:
    value = getattr(item, member, ())
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise _member_error(origin, item, member, "a tuple of strings")
    out = tuple(value)
    if not all(isinstance(v, str) and v for v in out):
        raise _member_error(origin, item, member, "a tuple of non-empty strings")
    return out


def _count(item: Any, member: str, origin: str) -> int:
    value = getattr(item, member, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _member_error(origin, item, member, "a non-negative int")
    return value


def _data_classes(item: Any, origin: str) -> tuple[str | DataClass, ...]:
    """Return a custom recognizer's class names (its classes get rows derived from them)."""
    return _strings(item, "data_classes", origin)


def split(
    recognizers: Iterable[object],
) -> tuple[list[PatternRecognizer], list[KeyedRecognizer]]:
    """Admit custom recognizers and return them as (pattern, keyed) lists, in order."""
    patterns: list[PatternRecognizer] = []
    keyed: list[KeyedRecognizer] = []
    for item in recognizers:
        admitted = admit(item)
        if isinstance(admitted, CustomKeyed):
            keyed.append(admitted)
        else:
            patterns.append(admitted)
    return patterns, keyed
