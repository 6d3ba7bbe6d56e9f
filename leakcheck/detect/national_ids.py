"""National identity numbers of the Nordic countries, by pattern, date and checksum.

Presidio has no Danish CPR or Norwegian fødselsnummer recognizer, and its Swedish one matches
inside any digit run without boundaries, so these are written here (the US SSN comes from
Presidio, see ``presidio_glue``). Each recognizer checks that the birth date exists and is not in
the future; checksums raise confidence; key names and nearby words decide the ambiguous cases.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

from leakcheck import data_classes as classes
from leakcheck.detect.context import (
    PHONE_KEY_WORDS,
    Context,
    clamp,
    governing_tokens,
    is_numeric_key,
    near,
    words_pattern,
)
from leakcheck.detect.interface import Pattern
from leakcheck.models import Detection

# Boundaries shared by all: not inside a longer word or number, not after a decimal point or a
# date separator that continues a longer number (``2024-010190-1234``, ``1.0101901234``).
_BEFORE = r"(?<![\w+])(?<![\d][-./])"
_AFTER = r"(?![\w])(?![-./]\d)"

DIGITS6 = re.compile(r"(?<![\w+])\d{6,8}[-+ A-Y]?\d{3,5}[\dA-Y]?(?![\w])")
"""The screen shared by the Nordic national IDs: the union of their shapes (a date of six
digits, a century of two for Swedish 12-digit numbers, a separator, the rest), bounded."""

_NEGATIVE_WORDS = words_pattern(
    "order|ordre|ordrenr|invoice|faktura|ref|reference|tlf|tel|phone|telefon|mobil|"
    "mobile|fax|kr|dkk|sek|nok|eur|timestamp"
)


_BITS = re.compile(r"[01]+")
"""A run of ones and zeros only is a bit pattern ("1111111010"), whatever date it spells."""


def _today() -> date:
    return date.today()


def _adjust(
    base: float,
    text: str,
    start: int,
    end: int,
    ctx: Context,
    keys: frozenset[str],
    words: re.Pattern[str],
    boost: float,
    bare: bool,
    foreign: frozenset[str] = frozenset(),
    doubt: float = 0.0,
) -> float:
    """Apply the shared context rules to a national-ID match's base score.

    Key tokens or nearby words naming the ID raise the score by ``boost``. Without them, a key
    naming a quantity, identifier or phone caps it at 0.2, and so do nearby words such as
    "order" or "tlf" and a run of only ones and zeros (a bit pattern); a bare digit run (no
    separator) in program text is capped at 0.3. A key naming another country's number
    (``cpr`` for a Swedish-shaped one) caps it at 0.45.
    ``doubt`` (another country's checksum fits better) is subtracted only without context.
    """
    tokens = governing_tokens(text, start, ctx)
    if foreign and any(t in foreign for t in tokens):
        return min(base - doubt, 0.45)
    if any(t in keys for t in tokens) or near(text, start, end, words):
        return clamp(base + boost)
    base -= doubt
    if _BITS.fullmatch(text, start, end):
        return min(base, 0.2)
    if is_numeric_key(tokens) or any(t in PHONE_KEY_WORDS for t in tokens):
        return min(base, 0.2)
    if near(text, start, end, _NEGATIVE_WORDS, before=24, after=0):
        return min(base, 0.2)
    if bare and ctx.is_code:
        return min(base, 0.3)
    return clamp(base)


# --- Denmark -------------------------------------------------------------------------------

_CPR = re.compile(_BEFORE + r"(\d{2})(\d{2})(\d{2})(-?)(\d{4})" + _AFTER)
_CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
CPR_KEYS = frozenset(
    "cpr cprnr cprnummer personnummer personnr pnr ssn national identity nationalid".split()
)
_CPR_WORDS = words_pattern(
    "cpr|cpr-nr|cprnr|cpr-nummer|cprnummer|personnummer|person nr|personnr|p-nr|"
    "personal id|national id"
)


def cpr_birth_date(digits: str) -> date | None:
    """Return the birth date a 10-digit CPR encodes, or None if it encodes no real past date.

    The 7th digit fixes the century: 0-3 → 1900s; 4 and 9 → 2000s if the year is ≤ 36, else
    1900s; 5-8 → 2000s if the year is ≤ 57, else 1800s.
    """
    dd, mm, yy, d7 = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    if d7 <= 3:
        century = 1900
    elif d7 in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:
        century = 2000 if yy <= 57 else 1800
    try:
        born = date(century + yy, mm, dd)
    except ValueError:
        return None
    return born if born <= _today() else None


def cpr_mod11(digits: str) -> bool:
    """Return whether a CPR passes the modulus-11 check (not required for numbers since 2007)."""
    return sum(int(d) * w for d, w in zip(digits, _CPR_WEIGHTS, strict=True)) % 11 == 0


def se_valid10(ten: str) -> bool:
    """Return whether 10 digits ``YYMMDDNNNC`` are a valid Swedish number (Luhn and date)."""
    return luhn_valid(ten) and _se_date_ok("", int(ten[0:2]), int(ten[2:4]), int(ten[4:6]))


def fi_numeric_valid(digits: str) -> bool:
    """Return whether ``DDMMYY`` + ``ZZZQ`` read as a HETU with ``-`` and a digit control."""
    return _FI_CONTROL[int(digits[:9]) % 31] == digits[9]


_DK_FOREIGN = frozenset(
    "samordningsnummer hetu henkilotunnus henkilötunnus fodselsnummer fødselsnummer fnr "
    "dnummer".split()
)
_SE_FOREIGN = frozenset(
    "cpr cprnr cprnummer hetu henkilotunnus henkilötunnus fodselsnummer fødselsnummer fnr".split()
)
_NO_FOREIGN = frozenset("cpr cprnr cprnummer hetu henkilotunnus samordningsnummer".split())
_FI_FOREIGN = frozenset(
    "cpr cprnr cprnummer samordningsnummer fodselsnummer fødselsnummer fnr".split()
)


class CprRecognizer(Pattern):
    """Danish CPR numbers, ``DDMMYY-SSSS`` or ``DDMMYYSSSS``.

    Confidence: a valid date with a hyphen 0.65, without 0.35; mod-11 adds 0.2; a key or nearby
    word naming a CPR adds 0.3 (so a bare number needs mod-11 or context to reach 0.5). A number
    that fails mod-11 but is a valid Swedish number (Luhn) or, hyphenated, a valid all-digit
    Finnish code loses 0.2 for each unless a key or word names a CPR: most likely it is one of
    those.
    """

    name = "cpr"
    data_classes = (classes.NATIONAL_ID_DK,)
    screen = DIGITS6
    min_digits = 10

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the CPR numbers in ``text``."""
        out: list[Detection] = []
        for m in _CPR.finditer(text):
            digits = m.group(1) + m.group(2) + m.group(3) + m.group(5)
            if cpr_birth_date(digits) is None:
                continue
            hyphen = bool(m.group(4))
            base = 0.65 if hyphen else 0.35
            doubt = 0.0
            if cpr_mod11(digits):
                base += 0.2
            else:
                if se_valid10(digits):
                    doubt += 0.2
                if hyphen and fi_numeric_valid(digits):
                    doubt += 0.2
            s, e = m.span()
            score = _adjust(
                base, text, s, e, ctx, CPR_KEYS, _CPR_WORDS, 0.3, not hyphen, _DK_FOREIGN, doubt
            )
            out.append(Detection(classes.NATIONAL_ID_DK, score, self.name, s, e))
        return out


# --- Sweden --------------------------------------------------------------------------------

_SE = re.compile(_BEFORE + r"((?:19|20)?)(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})" + _AFTER)
SE_KEYS = frozenset("personnummer personnr pnr samordningsnummer ssn national identity".split())
_SE_WORDS = words_pattern("personnummer|personnr|pnr|samordningsnummer|personal identity number")
_SE_STRONG_WORDS = words_pattern("samordningsnummer|svensk|sverige|swedish|sweden")


_LUHN_DOUBLE = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def luhn_valid(digits: str) -> bool:
    """Return whether a digit string passes the Luhn check."""
    total = sum(map(int, digits[-1::-2])) + sum(
        map(_LUHN_DOUBLE.__getitem__, map(int, digits[-2::-2]))
    )
    return total % 10 == 0


def _se_date_ok(century: str, yy: int, mm: int, dd: int) -> bool:
    """Return whether a personnummer's date exists (day + 60 marks a samordningsnummer)."""
    if dd > 60:
        dd -= 60
    years = [int(century) * 100 + yy] if century else [1900 + yy, 2000 + yy]
    today = _today()
    return any(
        1 <= mm <= 12 and 1 <= dd <= monthrange(year, mm)[1] and date(year, mm, dd) <= today
        for year in years
    )


class SePersonnummerRecognizer(Pattern):
    """Swedish personnummer and samordningsnummer, ``(YY)YYMMDD-NNNC`` with Luhn.

    Confidence (Luhn and date required): 12 digits with separator 0.8, without 0.6; 10 digits
    with separator 0.55, without 0.35; words naming the number add 0.3, Swedish words 0.4.
    A hyphenated 10-digit number that is also a valid CPR date gains 0.15 when it fails mod-11
    (so it is most likely Swedish); when it passes, it is as likely Danish, and both are
    reported when the scores end up close (see ``engine._ambiguous_ids``).
    """

    name = "se_personnummer"
    data_classes = (classes.NATIONAL_ID_SE,)
    screen = DIGITS6
    min_digits = 10

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the Swedish personal identity numbers in ``text``."""
        out: list[Detection] = []
        for m in _SE.finditer(text):
            century, yy, mm, dd, sep, tail = m.groups()
            ten = yy + mm + dd + tail
            if not luhn_valid(ten) or not _se_date_ok(century, int(yy), int(mm), int(dd)):
                continue
            if century:
                base = 0.8 if sep else 0.6
            else:
                base = 0.55 if sep else 0.35
                if sep == "-" and cpr_birth_date(ten) is not None and not cpr_mod11(ten):
                    base += 0.15
            s, e = m.span()
            boost = 0.4 if near(text, s, e, _SE_STRONG_WORDS, before=64) else 0.3
            score = _adjust(base, text, s, e, ctx, SE_KEYS, _SE_WORDS, boost, not sep, _SE_FOREIGN)
            out.append(Detection(classes.NATIONAL_ID_SE, score, self.name, s, e))
        return out


# --- Norway --------------------------------------------------------------------------------

_NO = re.compile(_BEFORE + r"(\d{2})(\d{2})(\d{2}) ?(\d{3})(\d)(\d)" + _AFTER)
_NO_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_NO_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
NO_KEYS = frozenset(
    "fodselsnummer fødselsnummer fnr dnummer personnummer ssn national identity".split()
)
_NO_WORDS = words_pattern("fødselsnummer|fodselsnummer|fnr|d-nummer|personnummer|norsk|norwegian")


def _no_check(digits: str, weights: tuple[int, ...]) -> int | None:
    """Return a fødselsnummer control digit for the leading digits, None if it cannot exist."""
    r = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    if r == 11:
        return 0
    return None if r == 10 else r


def no_birth_date(digits: str) -> date | None:
    """Return the birth date an 11-digit fødselsnummer (or D/H-number) encodes, or None."""
    dd, mm, yy, ind = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6:9])
    if dd > 40:
        dd -= 40
    if mm > 80:
        mm -= 80
    elif mm > 40:
        mm -= 40
    if ind <= 499:
        year = 1900 + yy
    elif ind <= 749 and yy >= 54:
        year = 1800 + yy
    elif yy <= 39:
        year = 2000 + yy
    elif ind >= 900:
        year = 1900 + yy
    else:
        return None
    try:
        born = date(year, mm, dd)
    except ValueError:
        return None
    return born if born <= _today() else None


class NoFodselsnummerRecognizer(Pattern):
    """Norwegian fødselsnummer and D-numbers, ``DDMMYYIIIKK`` with two mod-11 control digits.

    Confidence: both controls and the date valid 0.7; words or keys naming it add 0.25.
    """

    name = "no_fodselsnummer"
    data_classes = (classes.NATIONAL_ID_NO,)
    screen = DIGITS6
    min_digits = 11

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the Norwegian national identity numbers in ``text``."""
        out: list[Detection] = []
        for m in _NO.finditer(text):
            digits = "".join(m.groups())
            if _no_check(digits[:9], _NO_K1) != int(digits[9]):
                continue
            if _no_check(digits[:10], _NO_K2) != int(digits[10]):
                continue
            if no_birth_date(digits) is None:
                continue
            s, e = m.span()
            score = _adjust(0.7, text, s, e, ctx, NO_KEYS, _NO_WORDS, 0.25, True, _NO_FOREIGN)
            out.append(Detection(classes.NATIONAL_ID_NO, score, self.name, s, e))
        return out


# --- Finland -------------------------------------------------------------------------------

_FI = re.compile(
    r"(?<![\w+])(\d{2})(\d{2})(\d{2})([-+ABCDEFYXWVU])(\d{3})([0-9ABCDEFHJKLMNPRSTUVWXY])(?![\w])"
)
_FI_CONTROL = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_FI_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
FI_KEYS = frozenset("hetu henkilotunnus henkilötunnus personbeteckning ssn national".split())
_FI_WORDS = words_pattern("hetu|henkilötunnus|henkilotunnus|personbeteckning|finnish|suomi")


class FiHetuRecognizer(Pattern):
    """Finnish personal identity codes (HETU), ``DDMMYYCZZZQ`` with a control character.

    Confidence: valid control and date 0.9; all digits with a hyphen (the shape of a CPR) 0.85,
    but 0.6 when it is also a valid CPR with mod-11 (then it is as likely Danish); the ``+``
    sign (born in the 1800s) 0.5; words naming it add 0.3.
    """

    name = "fi_hetu"
    data_classes = (classes.NATIONAL_ID_FI,)
    screen = DIGITS6
    min_digits = 9

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the Finnish identity codes in ``text``."""
        out: list[Detection] = []
        for m in _FI.finditer(text):
            dd, mm, yy, sep, ind, control = m.groups()
            if _FI_CONTROL[int(dd + mm + yy + ind) % 31] != control:
                continue
            century = _FI_CENTURY.get(sep, 2000)
            try:
                born = date(century + int(yy), int(mm), int(dd))
            except ValueError:
                continue
            if born > _today():
                continue
            if sep == "+":
                base = 0.5
            elif sep == "-" and control.isdigit():
                digits = dd + mm + yy + ind + control
                ambiguous = cpr_birth_date(digits) is not None and cpr_mod11(digits)
                base = 0.6 if ambiguous else 0.85
            else:
                base = 0.9
            s, e = m.span()
            score = _adjust(base, text, s, e, ctx, FI_KEYS, _FI_WORDS, 0.3, False, _FI_FOREIGN)
            out.append(Detection(classes.NATIONAL_ID_FI, score, self.name, s, e))
        return out


# --- United Kingdom ------------------------------------------------------------------------

_NINO = re.compile(
    r"(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])( ?)(\d{2})\2(\d{2})\2(\d{2})\2([A-D])"
    r"(?![A-Za-z0-9])"
)
_NINO_UNALLOCATED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
NINO_KEYS = frozenset("nino nin ni insurance national ssn".split())
_NINO_WORDS = words_pattern("nino|national insurance|ni number|ni no|ni-nummer|nin")
NINO_SCREEN = re.compile(r"[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]")


class UkNinoRecognizer(Pattern):
    """UK National Insurance numbers, ``AB 12 34 56 C`` or ``AB123456C``.

    Validated by the allocation rules: neither letter D, F, I, Q, U or V, no O second, none of
    the prefixes BG, GB, KN, NK, NT, TN, ZZ, a suffix A-D. Confidence: spaced 0.7, compact 0.5
    (0.3 in program text); a key or words naming it add 0.3.
    """

    name = "uk_nino"
    data_classes = (classes.NATIONAL_ID_GB,)
    screen = NINO_SCREEN
    min_digits = 6

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the National Insurance numbers in ``text``."""
        out: list[Detection] = []
        for m in _NINO.finditer(text):
            if m.group(1) in _NINO_UNALLOCATED:
                continue
            spaced = bool(m.group(2))
            base = 0.7 if spaced else 0.5
            s, e = m.span()
            score = _adjust(base, text, s, e, ctx, NINO_KEYS, _NINO_WORDS, 0.3, not spaced)
            out.append(Detection(classes.NATIONAL_ID_GB, score, self.name, s, e))
        return out
