"""The built-in recognizers, listed explicitly, and the plugin point for custom ones.

Order matters only for ties: a detection that overlaps an equally confident earlier one of a
higher-priority class loses (see ``engine``). Adding a recognizer is one class and one line here.

Custom recognizers come from two places, both read when a ``Detector`` is built:

* the entry-point group ``leakcheck.detectors`` of installed distributions, e.g. in the plugin's
  ``pyproject.toml``: ``[project.entry-points."leakcheck.detectors"] acme = "acme_lc:recognizers"``;
* the environment variable ``LEAKCHECK_DETECTORS``: ``module:callable`` names separated by commas;
* a profile's ``detectors`` list of ``module:callable`` names, imported from the profile's
  directory first (``profile_recognizers``; the pipeline passes them to the ``Detector``).

Each names a callable that takes no arguments (a recognizer class, or a factory) and returns one
recognizer or an iterable of them. An object with ``wants`` is a keyed recognizer, anything else
with ``find`` a pattern recognizer (``screen`` may be None). See ``interface``.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from leakcheck.detect.contact import (
    CardRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    UsSsnRecognizer,
)
from leakcheck.detect.interface import KeyedRecognizer, PatternRecognizer
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
    for item in items:
        check_recognizer(item, origin)
    return items


def check_recognizer(item: Any, origin: str = "recognizer") -> None:
    """Raise ``PluginError`` unless ``item`` has what a recognizer needs."""
    if not isinstance(getattr(item, "name", None), str) or not callable(
        getattr(item, "find", None)
    ):
        raise PluginError(f"{origin}: {item!r} needs a str `name` and a `find(text, ctx)` method")


def is_keyed(item: Recognizer) -> bool:
    """Return whether a recognizer is keyed (classifies by key name) rather than a pattern."""
    return callable(getattr(item, "wants", None))
