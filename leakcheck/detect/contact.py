"""E-mail, phone, IBAN, card, IP address and US SSN: compiled candidates, then validation.

These used to go through Presidio's recognizers, which cost tens of microseconds per call even
on a value with nothing in it (the phone matcher tries every region on every digit run). Here
each class has its own bounded candidate pattern, cheap checks (digit counts, dates, checksums)
reject most candidates, and the costly validators (``phonenumbers``, the public-suffix list) run
only on what is left, cached by the normalised candidate. The validation rules follow
Presidio's: e-mail domains need a public suffix, phones must be valid numbers for their region
(Presidio's ``leniency=1``; with a phone key or word, a possible length is enough), IBANs pass
mod-97 with their country's length (Presidio also checks each country's letter/digit layout),
cards pass Luhn with a known issuer prefix, SSNs follow the SSA's allocation rules.

``phonenumbers`` and ``tldextract`` are imported on first use, so importing leakcheck stays fast.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

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
from leakcheck.detect.national_ids import luhn_valid
from leakcheck.models import Detection

if TYPE_CHECKING:
    from collections.abc import Callable

PHONE_REGIONS = ("DK", "SE", "NO", "FI", "DE", "GB", "US")
"""Regions whose national formats are recognised; international ``+CC`` numbers work anywhere."""

# --- e-mail --------------------------------------------------------------------------------

_ROLE_MAILBOXES = frozenset(
    """
    noreply no-reply donotreply do-not-reply support info kontakt contact hello hej mail post
    admin webmaster privacy dpo gdpr sales help service kundeservice office
    reception booking bookings billing invoice faktura abuse security postmaster hostmaster
    """.split()
)
_LOCAL_CHARS = r"\w.%+-"
_LOCAL_TAIL = re.compile(rf"(?<![{_LOCAL_CHARS}])[{_LOCAL_CHARS}]{{1,64}}$")
_DOMAIN = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.){1,8}[^\W\d_]{2,24}(?![\w-])")
_AT = re.compile("@|%40", re.IGNORECASE)


@lru_cache(maxsize=1)
def _suffix_extractor() -> Callable[[str], Any]:
    """Return a public-suffix extractor reading the bundled snapshot (never the network)."""
    import tldextract

    extractor: Callable[[str], Any] = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    return extractor


@lru_cache(maxsize=65536)
def has_public_suffix(domain: str) -> bool:
    """Return whether ``domain`` ends in a public suffix with a registrable name before it."""
    return bool(_suffix_extractor()(domain).fqdn)


_SCP_PATH = re.compile(r":[\w.~-]{0,100}/")
"""A path after ``user@host:`` (``git@github.com:owner/repo``, ``deploy@host:~/app``). An
address followed by ``:`` and a word (``jens@x.dk:R`` in an ACL), or typed by a prefix
(``user:jens@x.dk:roles/viewer`` in an IAM binding), is still an address."""
_USERINFO = re.compile(r"://[^\s/@]{0,128}$")


def _in_url_userinfo(text: str, s: int) -> bool:
    """Return whether position ``s`` is inside a URL's ``user:password@`` part."""
    return _USERINFO.search(text, max(0, s - 140), s) is not None


class EmailRecognizer(Pattern):
    """E-mail addresses whose domain has a public suffix (``jens@printer.local`` has none).

    Confidence 0.9, 0.6 for a role mailbox such as ``support@``; ``user@host`` right after
    ``scheme://`` is a URL's user part (a Sentry DSN), and ``user@host:dir/path`` an
    scp-style remote (``git@github.com:owner/repo``), not an e-mail. A URL-encoded ``%40`` is
    an ``@`` (an address in a query string).
    """

    name = "email"
    data_classes = (classes.EMAIL,)
    screen = re.compile(r"[\w.%+-](?:@|%40)[\w-]{1,63}\.[^\W\d_]")
    hints = ("@", "%40")

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the e-mail addresses in ``text``."""
        out: list[Detection] = []
        last_end = 0
        for at in _AT.finditer(text):
            i = at.start()
            if i < last_end:
                continue
            local = _LOCAL_TAIL.search(text, max(0, i - 64), i)
            domain = _DOMAIN.match(text, at.end())
            if local is None or domain is None:
                continue
            s = local.start()
            while s < i and text[s] == ".":
                s += 1
            if s == i or _in_url_userinfo(text, s):
                continue
            host = domain.group(0).lower()
            e = domain.end()
            if _SCP_PATH.match(text, e) and text[s - 1 : s] != ":":
                continue  # ``git@github.com:owner/repo``: an scp-style remote, not a mailbox
            if not has_public_suffix(host):
                continue
            last_end = e
            box = text[s:i].lower()
            score = 0.6 if box in _ROLE_MAILBOXES else 0.9
            out.append(Detection(classes.EMAIL, score, "email", s, e))
        return out


# --- phone ---------------------------------------------------------------------------------

_PHONE_WORDS = words_pattern(
    "tlf|tlf.|tel|tel.|phone|telefon|telephone|mobil|mobile|mob|cell|fax|ring|call|"
    "sms|whatsapp|telefonnummer|mobilnummer|puhelin|matkapuhelin"
)
_PHONE_NEGATIVE = words_pattern(
    "kr|dkk|sek|nok|eur|usd|pris|price|beløb|amount|order|ordre|faktura|invoice|id|"
    "cpr|ref|konto|account|iban|nr|nr.|no.|sag|sagsnr|case|matrikel|reg|regnr|kontonr|cvr|"
    "ean|version|build|tracking"
)
_DATE_LIKE = re.compile(
    r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4}|\d{4}-\d{2}-\d{2}T?.*"
)
_CPR_SHAPE = re.compile(r"\d{6}-\d{4}")
_DECIMAL = re.compile(r"\d+[.,]\d+")
"""One decimal point or comma and nothing else: a measure or a coordinate, not a phone."""
_NOT_DIGIT = re.compile(r"\D+")
_PHONE_CANDIDATE = re.compile(r"(?<![\w.,/+-])(?:\+|00)?\(?\d[\d \-().]{5,18}\d(?![\w])")
_INTERNATIONAL = re.compile(r"\(?(?:\+|00)")
_TRUNK_ZERO = frozenset({"SE", "FI", "DE", "GB"})
_REGION_CC = {"DK": 45, "SE": 46, "NO": 47, "FI": 358, "DE": 49, "GB": 44, "US": 1}


@lru_cache(maxsize=1)
def _phone_lib() -> Any:
    import phonenumbers

    return phonenumbers


_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)


def _desc_pattern(desc: Any) -> str | None:
    """Return a regex for one number description: its pattern behind its possible lengths."""
    if desc is None or desc.national_number_pattern is None:
        return None
    lengths = [n for n in (desc.possible_length or ()) if n > 0]
    if desc.possible_length and not lengths:
        return None  # (-1,): no numbers of this type
    guard = "(?=(?:" + "|".join(rf"\d{{{n}}}" for n in lengths) + ")$)" if lengths else ""
    return f"{guard}(?:{desc.national_number_pattern})"


@lru_cache(maxsize=512)
def _plan_matchers(cc: int) -> tuple[re.Pattern[str], ...]:
    """Return, per region of a country code, one regex a valid national number fully matches.

    The same test as ``phonenumbers.is_valid_number`` (the general description and at least
    one number type, with their possible lengths), compiled once per region instead of
    walked type by type on every call.
    """
    lib = _phone_lib()
    out = []
    for region in lib.COUNTRY_CODE_TO_REGION_CODE.get(cc, ()):
        metadata = lib.PhoneMetadata.metadata_for_region_or_calling_code(cc, region)
        if metadata is None:
            continue
        general = _desc_pattern(metadata.general_desc)
        types = [p for p in (_desc_pattern(getattr(metadata, t, None)) for t in _TYPES) if p]
        if general is None or not types:
            continue
        out.append(re.compile(f"(?={general}$)(?:{'|'.join(f'(?:{t})' for t in types)})"))
    return tuple(out)


def _valid(cc: int, national: str) -> bool:
    """Return whether ``national`` is a valid number under country code ``cc``."""
    if not national:
        return False
    if national[0] == "0":  # Italian-style leading zeros: let the library set them up
        lib = _phone_lib()
        try:
            return bool(lib.is_valid_number(lib.parse(f"+{cc}{national}", None)))
        except lib.NumberParseException:
            return False
    return any(m.fullmatch(national) for m in _plan_matchers(cc))


@lru_cache(maxsize=65536)
def valid_phone(digits: str, international: bool) -> bool:
    """Return whether a digit string is a valid phone number (``phonenumbers``' metadata).

    International numbers (written with ``+`` or ``00``) are checked for their country code;
    national ones for the Nordic countries, Germany, the UK and the US, with the trunk ``0``
    where those plans use one.
    """
    if international:
        codes = _phone_lib().COUNTRY_CODE_TO_REGION_CODE
        for size in (1, 2, 3):
            cc = int(digits[:size])
            if cc in codes:
                return _valid(cc, digits[size:])
        return False
    n = len(digits)
    for region in PHONE_REGIONS:
        if region in _TRUNK_ZERO:
            if digits[0] == "0" and _valid(_REGION_CC[region], digits[1:]):
                return True
        elif region == "US":
            body = digits[1:] if n == 11 and digits[0] == "1" else digits
            if len(body) == 10 and _valid(1, body):
                return True
        elif n == 8 and digits[0] != "0" and _valid(_REGION_CC[region], digits):
            return True
    return False


def _phone_score(text: str, s: int, e: int, ctx: Context) -> float | None:
    """Score a phone-shaped span from its writing and its context (None: not a phone).

    International format 0.6, national 0.45, +0.1 when written with separators. A phone key or
    a phone word right before ("tlf") adds 0.3; otherwise a quantity/ID key or a word right
    before such as "kr", "order" or "CPR" caps it at 0.2, and a phone word a little further
    adds 0.3; in program text at most 0.35 without context. Dates, decimal numbers and what
    continues a time ("12:32:58.789000-07") are not phones; nor, among the candidates that
    score, lists of single digits and, unless a phone key or word names them, ranges such as
    "2019-2022" and dotted quads of octets (see ``_not_one_number``).
    """
    match = text[s:e].strip()
    if _DATE_LIKE.fullmatch(match) or _CPR_SHAPE.fullmatch(match) or _DECIMAL.fullmatch(match):
        return None
    if s > 1 and text[s - 1] == ":" and text[s - 2].isdigit():
        return None  # continues a time or a ratio ("12:32:58.789000-07:00")
    digits = len(_NOT_DIGIT.sub("", match))
    if digits < 8 or digits > 15:
        return None
    tokens = governing_tokens(text, s, ctx)
    score = 0.6 if match.startswith(("+", "00", "(+")) else 0.45
    if not match.lstrip("+").isdigit():
        score += 0.1
    if any(t in PHONE_KEY_WORDS for t in tokens) or near(text, s, e, _PHONE_WORDS, 12, 0):
        score += 0.3
    elif is_numeric_key(tokens) or near(text, s, e, _PHONE_NEGATIVE, before=12, after=0):
        score = min(score, 0.2)
    elif near(text, s, e, _PHONE_WORDS, after=8):
        score += 0.3
    elif ctx.is_code:
        score = min(score, 0.35)
    return clamp(score)


def _phone_pieces(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Return the parts of a phone-shaped run that can each be one number.

    A ``(`` that the run never closes starts a parenthetical, not an area code
    ("2097152 (2 MB)"), so the run ends before it; a dash with spaces around it joins two
    things ("1.3 - 3041280", "0 - 20 GB"), so the run is cut there.
    """
    paren = text.rfind("(", s, e)
    if paren >= 0 and text.find(")", paren, e) < 0:
        e = paren
    dash = text.find(" - ", s, e)  # the only spaced dash a candidate can hold
    if dash < 0:
        return [(s, e)]
    pieces = []
    while dash >= 0:
        pieces.append((s, dash))
        s = dash + 3
        dash = text.find(" - ", s, e)
    pieces.append((s, e))
    return pieces


_RANGE = re.compile(r"(\d+) ?- ?(\d+)")


def _is_range(match: str) -> bool:
    """Return whether ``match`` reads as a range of two numbers rather than one phone number.

    "0-1048575" and "1-2147483647" start at zero or one (no phone is written as a lone digit,
    a dash and the rest); "2019-2022", "3500-4500" and "51678-51680" are two numbers of one
    length, the second larger (years, ports, limits): phones are not written in two halves.
    """
    m = _RANGE.fullmatch(match)
    if m is None:
        return False
    a, b = m.groups()
    if a in ("0", "1"):
        return True
    return len(a) == len(b) and int(b) > int(a)


_DOTTED_QUAD = re.compile(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})")


def _is_dotted_quad(match: str) -> bool:
    """Return whether ``match`` is four octets joined by dots: an IPv4 address's shape (such
    as a network address the IP recognizer skips), which phones named by nothing do not own."""
    m = _DOTTED_QUAD.fullmatch(match)
    return m is not None and all(int(octet) <= 255 for octet in m.groups())


_SINGLE_DIGIT_GROUP = re.compile(r"(?<!\d)\d(?!\d)")
"""A digit standing alone; phone numbers group their digits (a country code aside)."""


def _not_one_number(match: str, named: bool) -> bool:
    """Return whether a phone-shaped candidate is written as something else (see
    ``_phone_score``): checked only on candidates whose score would be reported."""
    if len(_SINGLE_DIGIT_GROUP.findall(match)) > 3:
        return True  # a list of digits ("0 1 2 3 4 5 6 7 8 9"), not a grouped number
    if named:
        return False
    return ("-" in match and _is_range(match)) or ("." in match and _is_dotted_quad(match))


_NAMED = 0.75
"""A score this high means a phone key or word named the number (see ``_phone_score``)."""


@lru_cache(maxsize=4096)
def possible_phone(digits: str) -> bool:
    """Return whether international digits have a known country code and a possible length."""
    lib = _phone_lib()
    for size in (1, 2, 3):
        cc = int(digits[:size])
        if cc in lib.COUNTRY_CODE_TO_REGION_CODE:
            region = lib.COUNTRY_CODE_TO_REGION_CODE[cc][0]
            metadata = lib.PhoneMetadata.metadata_for_region_or_calling_code(cc, region)
            lengths = metadata.general_desc.possible_length if metadata else ()
            return len(digits) - size in (lengths or ())
    return False


class PhoneRecognizer(Pattern):
    """Phone numbers that ``phonenumbers`` calls valid, scored by how they are written and
    their context (see ``_phone_score``); candidates that cannot reach ``min_confidence`` are
    never validated. A number that a phone key or word names ("tlf. 4204 1297") is reported
    even outside the assigned ranges when its length is possible, 0.2 lower."""

    name = "phone"
    data_classes = (classes.PHONE,)
    screen = re.compile(r"\d[\d \-().]{5,18}\d")
    min_digits = 8

    def __init__(self, min_confidence: float = 0.0) -> None:
        self._floor = min_confidence - 0.05

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the phone numbers in ``text``."""
        out: list[Detection] = []
        for m in _PHONE_CANDIDATE.finditer(text):
            s, e = m.span()
            run = m.group()
            pieces = _phone_pieces(text, s, e) if "(" in run or " - " in run else ((s, e),)
            for s, e in pieces:
                while e > s and text[e - 1] in " -.(":
                    e -= 1
                while s < e and text[s] in " (":
                    s += 1
                score = _phone_score(text, s, e, ctx)
                if score is None or score < self._floor:
                    continue
                if _not_one_number(text[s:e], score >= _NAMED):
                    continue
                if self._validated(text, s, e) is not None:
                    out.append(Detection(classes.PHONE, score, "phone", s, e))
                elif score >= _NAMED and self._possible(text, s, e):
                    out.append(Detection(classes.PHONE, clamp(score - 0.2), "phone", s, e))
        return out

    @staticmethod
    def _possible(text: str, s: int, e: int) -> bool:
        """Return whether ``text[s:e]`` has a possible length for its country's numbers."""
        digits = _NOT_DIGIT.sub("", text[s:e])
        if _INTERNATIONAL.match(text, s) is not None:
            if text[s : s + 3].lstrip("(").startswith("00"):
                digits = digits[2:]
            return possible_phone(digits)
        return len(digits) == 8 or (digits[0] == "0" and 8 <= len(digits) <= 12)

    @staticmethod
    def _validated(text: str, s: int, e: int) -> int | None:
        """Return ``e`` if ``text[s:e]`` is a valid phone number, else None."""
        international = _INTERNATIONAL.match(text, s) is not None
        digits = _NOT_DIGIT.sub("", text[s:e])
        if international and text[s : s + 3].lstrip("(").startswith("00"):
            digits = digits[2:]
        if len(digits) < 8:
            return None
        return e if valid_phone(digits, international) else None


# --- IBAN ----------------------------------------------------------------------------------

IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip
"""IBAN lengths by country (the SWIFT registry)."""

_IBAN = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2})(\d{2})((?:[ -]?[A-Z0-9]){11,30})(?![a-z0-9])")
_IBAN_WORDS = words_pattern("iban|konto|kontonummer|account|bank|bic|swift|tilinumero")


def iban_valid(compact: str) -> bool:
    """Return whether a compact IBAN has its country's length and passes mod-97."""
    if IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


class IbanRecognizer(Pattern):
    """IBANs (mod-97 and the country's length), compact or grouped in fours.

    Confidence 0.9; 0.97 with an IBAN/account key or words such as "konto" nearby.
    """

    name = "iban"
    data_classes = (classes.IBAN,)
    screen = re.compile(r"[A-Z]{2}\d{2}[ -]?[A-Z0-9]{4}")
    min_digits = 4

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the IBANs in ``text``."""
        out: list[Detection] = []
        for m in _IBAN.finditer(text):
            length = IBAN_LENGTHS.get(m.group(1))
            if length is None:
                continue
            # The run may continue into a following word: keep the country's length.
            s, e, kept = m.start(), m.start(), 0
            while e < m.end() and kept < length:
                if text[e] not in " -":
                    kept += 1
                e += 1
            if kept < length or (e < len(text) and text[e].isalnum()):
                continue
            compact = text[s:e].replace(" ", "").replace("-", "")
            if not iban_valid(compact):
                continue
            tokens = governing_tokens(text, s, ctx)
            boosted = "iban" in tokens or "account" in tokens or near(text, s, e, _IBAN_WORDS)
            out.append(Detection(classes.IBAN, 0.97 if boosted else 0.9, "iban", s, e))
        return out


# --- card numbers --------------------------------------------------------------------------

_CARD = re.compile(r"(?<![\w.,-])\d{4}(?:([ -]?)\d{1,7}){1,4}(?![\w]|[.,-]\d)")
_CARD_PREFIX = re.compile(r"4|5[0-9]|2[2-7]|3[0456789]|6")
_JCB_15 = ("1800", "2131")
"""Old JCB ranges: 15 digits only."""
_CARD_WORDS = words_pattern(
    "card|kort|kortnummer|kreditkort|betalingskort|credit|visa|mastercard|amex|"
    "maestro|dankort|pan|cc|cardnumber|kortti|luottokortti"
)
_CARD_KEYS = frozenset("card kort kortnummer credit creditcard pan cc cardnumber".split())
_TEST_CARDS = frozenset(
    """
    4242424242424242 4111111111111111 5555555555554444 4000056655665556 5200828282828210
    378282246310005 371449635398431 6011111111111117 3056930009020004 4012888888881881
    5105105105105100 4000000000000002 4000000000009995 4000000000000077
    """.split()
)
_GROUPED = re.compile(r"\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -])\d{6}\2\d{4,5}")


class CardRecognizer(Pattern):
    """Payment card numbers: 13-19 digits, an issuer prefix (Visa, Mastercard, Amex, Diners,
    Discover, JCB, Maestro, Dankort), one kind of separator, Luhn.

    Confidence 0.75; grouped in fours 0.85; a card key or word 0.95. Well-known test numbers and
    repeated digits 0.3; a quantity/ID key caps at 0.2; program text at 0.4 without context.
    """

    name = "card"
    data_classes = (classes.CARD_NUMBER,)
    screen = re.compile(r"\d{4}[ -]?\d{4}[ -]?\d{4}")
    min_digits = 13

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the card numbers in ``text``."""
        out: list[Detection] = []
        for m in _CARD.finditer(text):
            match = m.group(0)
            seps = {ch for ch in match if not ch.isdigit()}
            if len(seps) > 1:
                continue
            digits = match.replace(" ", "").replace("-", "")
            if not 13 <= len(digits) <= 19:
                continue
            if not (_CARD_PREFIX.match(digits) or (len(digits) == 15 and digits[:4] in _JCB_15)):
                continue
            if not luhn_valid(digits):
                continue
            s, e = m.span()
            out.append(
                Detection(classes.CARD_NUMBER, self._score(text, s, e, ctx, digits), "card", s, e)
            )
        return out

    @staticmethod
    def _score(text: str, s: int, e: int, ctx: Context, digits: str) -> float:
        if len(set(digits)) == 1 or digits in _TEST_CARDS:
            return 0.3
        tokens = governing_tokens(text, s, ctx)
        if any(t in _CARD_KEYS for t in tokens) or near(text, s, e, _CARD_WORDS):
            return 0.95
        if is_numeric_key(tokens):
            return 0.2
        score = 0.85 if _GROUPED.fullmatch(text, s, e) else 0.75
        return min(score, 0.4) if ctx.is_code else score


# --- IP addresses --------------------------------------------------------------------------

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w]|\.\w)")
_IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|:)?(?![\w:])")
_IP_WORDS = words_pattern("ip|ipv4|ipv6|ip-adresse|remote|client|addr")
_IP_KEYS = frozenset("ip ipv4 ipv6 addr remote client".split())
_VERSION_BEFORE = re.compile(
    r"(?:v|version|ver|section|sec\.|§|chapter|clause|paragraph)[\s_-]?[\"']?\s?$", re.IGNORECASE
)
"""Dotted numbers after these words are versions or section numbers (``RFC 4291 Section
2.5.5.1``), not addresses."""
_VERSION_KEYS = frozenset("version versions ver release build revision rev".split())
_CIDR_PREFIX = re.compile(r"/(\d{1,3})(?![\w]|\.\d)")
_INTERNAL_NETS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)


_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
""""This host on this network" (RFC 1122): never a host's address on the Internet."""


def _ipv6_plausible(text: str, s: int, e: int) -> bool:
    """Return whether an IPv6-shaped match can be an address as written.

    ``A::``, ``f32::`` and ``::a`` are one hex-looking word and a ``::`` (Rust and C++ paths,
    ``f64::consts``): an address written with ``::`` has at least two groups. A match followed
    by ``.`` and a letter or digit is the IPv6 half of an embedded IPv4 (``::ffff:127.0.0.1``,
    ``::a.b.c.d``), which the IPv4 pattern judges.
    """
    groups = [g for g in text[s:e].split(":") if g]
    if len(groups) < 2:
        return False
    return not (e + 1 < len(text) and text[e] == "." and text[e + 1].isalnum())


def is_network_block(
    text: str, e: int, addr: ipaddress.IPv4Address | ipaddress.IPv6Address
) -> bool:
    """Return whether the address at ``text[:e]`` starts a CIDR block (``10.0.0.0/8``,
    ``2001:db8::/32``) whose host bits are all zero: a range of addresses, not one host's."""
    m = _CIDR_PREFIX.match(text, e)
    if m is None:
        return False
    prefix = int(m.group(1))
    if prefix >= addr.max_prefixlen:
        return False
    host_bits = addr.max_prefixlen - prefix
    return int(addr) & ((1 << host_bits) - 1) == 0


class IpRecognizer(Pattern):
    """Public IP addresses (a user's location): 0.6, 0.9 under an IP key, 0.85 near "ip".

    Loopback, link-local, multicast and unspecified addresses are skipped, and so are IPv4's
    "this network" (``0.0.0.0/8``) and reserved (``240.0.0.0/4``, broadcast) addresses and
    CIDR blocks (``192.0.2.0/24``: a range, not a host); RFC 1918 and ULA addresses are the
    internal-host recognizer's. An IPv6 match needs two groups (``f64::`` is a path). Program
    text: 0.35 without context, and nothing right after "v"/"version" or "section".
    """

    name = "ip"
    data_classes = (classes.IP_ADDRESS,)
    min_digits = 1
    hints = (".", ":")
    screen = re.compile(
        r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:"
    )

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the public IP addresses in ``text``."""
        out: list[Detection] = []
        for pattern in (_IPV4, _IPV6):
            if pattern is _IPV6 and "::" not in text and text.count(":") < 3:
                continue
            for m in pattern.finditer(text):
                s, e = m.span()
                score = self._score(text, s, e, ctx)
                if score is not None:
                    out.append(Detection(classes.IP_ADDRESS, score, "ip", s, e))
        return out

    @staticmethod
    def _score(text: str, s: int, e: int, ctx: Context) -> float | None:
        try:
            addr = ipaddress.ip_address(text[s:e])
        except ValueError:
            return None
        if addr.is_loopback or addr.is_unspecified or addr.is_link_local or addr.is_multicast:
            return None
        if any(addr in net for net in _INTERNAL_NETS if net.version == addr.version):
            return None
        if addr.version == 6 and not _ipv6_plausible(text, s, e):
            return None
        if addr.version == 4 and (addr in _THIS_NETWORK or addr.is_reserved):
            return None
        if is_network_block(text, e, addr):
            return None
        if _VERSION_BEFORE.search(text, max(0, s - 10), s):
            return None
        tokens = governing_tokens(text, s, ctx)
        if any(t in _IP_KEYS for t in tokens):
            return 0.9
        if any(t in _VERSION_KEYS for t in tokens):
            return None  # ``"version": "4.1.1.4"``
        if near(text, s, e, _IP_WORDS):
            return 0.85
        return 0.35 if ctx.is_code else 0.6


# --- US social security numbers ------------------------------------------------------------

_SSN = re.compile(r"(?<![\w.-])(\d{3})([- .]?)(\d{2})\2(\d{4})(?![\w-])")
_SSN_WORDS = words_pattern("ssn|social security|socialsecurity|ssn#|ss#")
_SSN_KEYS = frozenset("ssn social security".split())
_SSN_SAMPLES = frozenset({"123456789", "987654320", "078051120", "219099999"})


class UsSsnRecognizer(Pattern):
    """US social security numbers by the SSA's rules (no area 000, 666 or 9xx, no zero group
    or serial, no published samples).

    Confidence: hyphenated 0.55, other separators 0.45, bare 0.1; SSN words or keys add 0.35;
    a quantity/ID key or a phone word caps it at 0.2.
    """

    name = "us_ssn"
    data_classes = (classes.NATIONAL_ID_US,)
    screen = re.compile(r"\d{3}[- .]?\d{2}[- .]?\d{4}")
    min_digits = 9

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return the US SSNs in ``text``."""
        out: list[Detection] = []
        for m in _SSN.finditer(text):
            area, sep, group, serial = m.groups()
            digits = area + group + serial
            if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
                continue
            if digits in _SSN_SAMPLES or len(set(digits)) == 1:
                continue
            score = 0.55 if sep == "-" else 0.45 if sep else 0.1
            s, e = m.span()
            tokens = governing_tokens(text, s, ctx)
            if any(t in _SSN_KEYS for t in tokens) or near(text, s, e, _SSN_WORDS):
                score += 0.35
            elif is_numeric_key(tokens) or any(t in PHONE_KEY_WORDS for t in tokens):
                score = min(score, 0.2)
            elif near(text, s, e, _PHONE_WORDS):
                score = min(score, 0.2)
            out.append(Detection(classes.NATIONAL_ID_US, clamp(score), "us_ssn", s, e))
        return out
