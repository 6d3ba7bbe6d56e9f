"""Icelandic kennitala: ``DDMMYY-RRCD``, a check digit and a century digit.

The first six digits are the birth date (a company adds 40 to the day), then two more digits,
the check digit ``C`` (modulus 11 with weights 3, 2, 7, 6, 5, 4, 3, 2 over the first eight; a
remainder that would need a check digit of 10 is never issued) and the century ``D``: 9 for
the 1900s, 0 for the 2000s, 8 for the 1800s.

A kennitala has the Danish CPR's shape: about four in five are also CPR numbers with a valid
date (the CPR needs no checksum since 2007), and about one CPR in fifty happens to pass the
kennitala's checks. So the label follows context:

* a key or nearby word naming a kennitala (``kennitala``, ``kt.``) makes it a kennitala, and the
  engine then caps other countries' IDs on that span (``context_words``, see ``interface``);
* a key naming another country's number (``cpr``, ``personnummer``) leaves it to that country
  (score 0.4, under the default threshold);
* otherwise a number that is also a valid CPR is left to the CPR recognizer (0.4): a Danish
  number must not become Icelandic by chance, and an Icelandic one without context is still
  reported, as a national ID, by the CPR recognizer;
* a number that passes the kennitala's checks and is no valid CPR scores 0.9 under a key that
  names a national ID without saying whose (``ssn``, ``nationalId``); 0.75 with a hyphen, 0.55
  without, under any other key, less where the key or nearby words say it is a quantity, an
  order or a phone number, or it is a bare digit run in program text.

Company numbers (day 41-71) identify a legal entity in a public register, not a person: they
are not reported.
"""

from __future__ import annotations

import re
from datetime import date
from operator import mul

from leakcheck.data_classes import national_id
from leakcheck.detect.context import (
    NATIONAL_ID_KEY_WORDS,
    PHONE_KEY_WORDS,
    Context,
    governing_tokens,
    is_numeric_key,
    near,
    words_pattern,
)
from leakcheck.detect.interface import Pattern
from leakcheck.detect.national_ids import DIGITS6, cpr_birth_date
from leakcheck.models import Detection

NATIONAL_ID_IS = national_id("is", "Icelandic kennitala numbers")

_KENNITALA = re.compile(r"(?<![\w+])(?<!\d[-./])(\d{6})(-?)(\d{4})(?![\w])(?![-./]\d)")
"""Ten digits, a hyphen after the sixth optional, not inside a longer number or date."""
_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_CENTURY = {"9": 1900, "0": 2000, "8": 1800}
_WORDS = frozenset("kennitala kennitalan kennitölu kennitolu kennitölur kennitolur kt".split())
_WORDS_NEAR = words_pattern("|".join(sorted(_WORDS)))
_NEGATIVE_WORDS = words_pattern(
    "order|ordre|invoice|faktura|reikningur|pöntun|ref|reference|tlf|tel|sími|simi|phone|"
    "kr|isk|eur|timestamp"
)
_GENERIC = frozenset("ssn social national identity personal nin sin tin".split())
"""Key words that name a national ID without saying whose."""
_BITS = re.compile(r"[01]+")


def check_digit(first8: str) -> int | None:
    """Return the check digit the first eight digits need, or None if none can exist."""
    check = -sum(map(mul, map(int, first8), _WEIGHTS)) % 11
    return None if check == 10 else check


def birth_date(digits: str) -> date | None:
    """Return the date a person's kennitala encodes, or None (a company's, or no real date)."""
    century = _CENTURY.get(digits[9])
    if century is None:
        return None
    try:
        born = date(century + int(digits[4:6]), int(digits[2:4]), int(digits[0:2]))
    except ValueError:
        return None
    return born if born <= date.today() else None


def is_kennitala(digits: str) -> bool:
    """Return whether ten digits are a valid kennitala of a person."""
    return (
        digits[9] in _CENTURY
        and check_digit(digits[:8]) == int(digits[8])
        and birth_date(digits) is not None
    )


class KennitalaRecognizer(Pattern):
    """Icelandic kennitala of persons, ``DDMMYY-RRCD`` or ``DDMMYYRRCD`` (see the module)."""

    name = "is_kennitala"
    data_classes = (NATIONAL_ID_IS,)
    screen = DIGITS6
    min_digits = 10
    context_words = _WORDS

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the kennitala numbers in ``text``."""
        out: list[Detection] = []
        for m in _KENNITALA.finditer(text):
            digits = m.group(1) + m.group(3)
            if not is_kennitala(digits):
                continue
            s, e = m.span()
            score = _score(text, s, e, ctx, digits, hyphen=bool(m.group(2)))
            out.append(Detection(NATIONAL_ID_IS.name, score, self.name, s, e))
        return out


def _score(text: str, start: int, end: int, ctx: Context, digits: str, *, hyphen: bool) -> float:
    tokens = governing_tokens(text, start, ctx)
    if any(t in _WORDS for t in tokens):
        return 0.97
    national = [t for t in tokens if t in NATIONAL_ID_KEY_WORDS]
    if any(t not in _GENERIC for t in national):
        return 0.4  # a key naming another country's number (``cpr``, ``hetu``)
    also_cpr = cpr_birth_date(digits) is not None
    if national:
        return 0.4 if also_cpr else 0.9  # ``ssn``, ``nationalId``: a national ID, not which
    if near(text, start, end, _WORDS_NEAR):
        return 0.97
    if also_cpr:
        return 0.4  # as likely Danish, and Danish by default
    if (
        _BITS.fullmatch(text, start, end)
        or is_numeric_key(tokens)
        or any(t in PHONE_KEY_WORDS for t in tokens)
        or near(text, start, end, _NEGATIVE_WORDS, before=24, after=0)
    ):
        return 0.2
    if not hyphen and ctx.is_code:
        return 0.3
    return 0.75 if hyphen else 0.55
