"""The built-in recognizers, listed explicitly (nothing is discovered by scanning subclasses).

Order matters only for ties: a detection that overlaps an equally confident earlier one of a
higher-priority class loses (see ``engine``). Adding a recognizer is one class and one line here.
"""

from __future__ import annotations

from leakcheck.detect.interface import KeyedRecognizer, PatternRecognizer
from leakcheck.detect.national_ids import (
    CprRecognizer,
    FiHetuRecognizer,
    NoFodselsnummerRecognizer,
    SePersonnummerRecognizer,
)
from leakcheck.detect.network import InternalHostRecognizer
from leakcheck.detect.personal import (
    AddressKeyRecognizer,
    NoteRecognizer,
    PersonNameRecognizer,
    PhoneKeyRecognizer,
    StreetAddressRecognizer,
)
from leakcheck.detect.presidio_glue import PresidioRecognizers
from leakcheck.detect.secrets import (
    AwsSecretKeyRecognizer,
    ConnectionStringRecognizer,
    JwtRecognizer,
    KeyedSecretRecognizer,
    PasswordRecognizer,
    PrivateKeyRecognizer,
    TokenRecognizer,
)


def pattern_recognizers(min_confidence: float = 0.0) -> list[PatternRecognizer]:
    """Return fresh instances of the built-in pattern recognizers."""
    return [
        PrivateKeyRecognizer(),
        TokenRecognizer(),
        AwsSecretKeyRecognizer(),
        ConnectionStringRecognizer(),
        JwtRecognizer(),
        CprRecognizer(),
        SePersonnummerRecognizer(),
        NoFodselsnummerRecognizer(),
        FiHetuRecognizer(),
        InternalHostRecognizer(),
        StreetAddressRecognizer(),
        PresidioRecognizers(min_confidence),
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
    ]
