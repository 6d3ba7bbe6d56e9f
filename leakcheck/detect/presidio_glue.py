"""Presidio's pattern recognizers, run offline and in bounded pieces.

Presidio supplies well-tested e-mail, phone, IBAN, card, IP and US SSN recognizers; we control
how text reaches them (see /work/shared/traps.md):

* no ``AnalyzerEngine`` (its default configuration downloads a spaCy model): each recognizer's
  ``analyze`` is called directly, without NLP artifacts;
* e-mail validation uses a ``tldextract`` extractor with no suffix-list URLs, so it reads the
  bundled public-suffix snapshot and never opens a socket (presidio issue #1205);
* Presidio never sees a whole document: a cheap screen finds candidates, and only windows of at
  most ``WINDOW_SIZE`` characters around them are analysed (``analyze_piece`` is the one place
  that hands Presidio text);
* the phone recognizer covers the Nordic regions, which Presidio's defaults omit.

This is the only module that imports Presidio, and it does so on first use, so that importing
leakcheck stays fast.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from leakcheck.detect import classes
from leakcheck.detect.context import (
    PHONE_KEY_WORDS,
    Context,
    clamp,
    governing_tokens,
    is_numeric_key,
    near,
    words_pattern,
)
from leakcheck.detect.windows import WINDOW_SIZE, grouped_windows
from leakcheck.models import Detection

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer, RecognizerResult

PHONE_REGIONS = ("DK", "SE", "NO", "FI", "DE", "GB", "US")
"""Regions whose national formats are recognised; international ``+CC`` numbers work anywhere."""


def analyze_piece(recognizer: EntityRecognizer, text: str, entity: str) -> list[RecognizerResult]:
    """Hand one bounded piece of text to one Presidio recognizer.

    Every call into Presidio goes through here, so that tests can check the size of what it is
    handed and that it never touches the network.
    """
    assert len(text) <= WINDOW_SIZE, "Presidio must only see bounded pieces"
    results: list[RecognizerResult] = recognizer.analyze(text, [entity], None)  # type: ignore[arg-type]
    return results


Scorer = Callable[[str, int, int, Context], tuple[str, float] | None]


@dataclass(frozen=True, slots=True)
class _Spec:
    """One Presidio entity: how to screen for it and how to score what Presidio finds."""

    label: str
    entity: str
    screen: re.Pattern[str]
    score: Scorer
    margin: int = 16
    """Characters around a screen match that Presidio needs to see the whole entity."""
    keep: Callable[[str], bool] | None = None
    """A cheap check on each screen match; Presidio only sees pieces around kept ones."""
    prescore: bool = False
    """Score each screen match first and drop those that cannot reach the threshold (used for
    phones, whose matcher is by far the costliest recognizer)."""


# --- scoring rules -------------------------------------------------------------------------

_ROLE_MAILBOXES = frozenset(
    """
    noreply no-reply donotreply do-not-reply support info kontakt contact hello hej mail post
    admin webmaster privacy dpo gdpr sales help service kundeservice kundeservice office
    reception booking bookings billing invoice faktura abuse security postmaster hostmaster
    """.split()
)


def _email(text: str, s: int, e: int, ctx: Context) -> tuple[str, float] | None:
    """Score an e-mail: 0.9, or 0.6 for a role mailbox such as ``support@``.

    ``user@host`` right after ``scheme://`` is a URL's user part (a Sentry DSN), not an e-mail.
    """
    if text.endswith("//", 0, s):
        return None
    local = text[s:e].split("@", 1)[0].lower()
    return classes.EMAIL, 0.6 if local in _ROLE_MAILBOXES else 0.9


_PHONE_WORDS = words_pattern(
    "tlf|tlf.|tel|tel.|phone|telefon|telephone|mobil|mobile|mob|cell|fax|ring|call|"
    "sms|whatsapp|telefonnummer|mobilnummer"
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
_NOT_DIGIT = re.compile(r"\D+")


def _phone_candidate(match: str) -> bool:
    """Return whether a screen match could hold a phone number (8+ digits, not a date or CPR)."""
    if len(_NOT_DIGIT.sub("", match)) < 8:
        return False
    return not (_DATE_LIKE.fullmatch(match) or _CPR_SHAPE.fullmatch(match))


def _phone(text: str, s: int, e: int, ctx: Context) -> tuple[str, float] | None:
    """Score a phone number.

    International format 0.6, national 0.45, +0.1 when written with separators. A phone key or
    a phone word right before ("tlf") adds 0.3; otherwise a quantity/ID key or a word right
    before such as "kr", "order" or "CPR" caps it at 0.2, and a phone word a little further
    adds 0.3; in program text at most 0.35 without context. Dates are not phones.
    """
    match = text[s:e].strip()
    if _DATE_LIKE.fullmatch(match) or len(_NOT_DIGIT.sub("", match)) < 8:
        return None
    tokens = governing_tokens(text, s, ctx)
    score = 0.6 if match.startswith(("+", "00")) else 0.45
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
    return classes.PHONE, clamp(score)


_IBAN_WORDS = words_pattern("iban|konto|kontonummer|account|bank|bic|swift")


def _iban(text: str, s: int, e: int, ctx: Context) -> tuple[str, float] | None:
    """Score an IBAN that passed Presidio's checksum and country format: 0.9, 0.97 with context."""
    tokens = governing_tokens(text, s, ctx)
    boosted = "iban" in tokens or "account" in tokens or near(text, s, e, _IBAN_WORDS)
    return classes.IBAN, 0.97 if boosted else 0.9


_CARD_WORDS = words_pattern(
    "card|kort|kortnummer|kreditkort|betalingskort|credit|visa|mastercard|amex|"
    "maestro|dankort|pan|cc|cardnumber"
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


def _card(text: str, s: int, e: int, ctx: Context) -> tuple[str, float] | None:
    """Score a Luhn-valid card number.

    0.75; grouped in fours 0.85; a card key or word 0.95. Well-known test numbers and repeated
    digits 0.3; a quantity/ID key caps at 0.2; program text at 0.4 without context.
    """
    match = text[s:e]
    digits = "".join(ch for ch in match if ch.isdigit())
    if len(set(digits)) == 1 or digits in _TEST_CARDS:
        return classes.CARD_NUMBER, 0.3
    tokens = governing_tokens(text, s, ctx)
    if any(t in _CARD_KEYS for t in tokens) or near(text, s, e, _CARD_WORDS):
        return classes.CARD_NUMBER, 0.95
    if is_numeric_key(tokens):
        return classes.CARD_NUMBER, 0.2
    score = 0.85 if _GROUPED.fullmatch(match) else 0.75
    return classes.CARD_NUMBER, min(score, 0.4) if ctx.is_code else score


_IP_WORDS = words_pattern("ip|ipv4|ipv6|ip-adresse|remote|client|addr")
_IP_KEYS = frozenset("ip ipv4 ipv6 addr remote client".split())
_VERSION_BEFORE = re.compile(r"(?:v|version|ver)\s?[\"']?\s?$", re.IGNORECASE)
_INTERNAL_NETS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)


def _ip(text: str, s: int, e: int, ctx: Context) -> tuple[str, float] | None:
    """Score a public IP address (a user's location): 0.6, 0.9 under an IP key, 0.85 near "ip".

    Loopback, link-local, multicast and unspecified addresses are skipped; RFC 1918 and ULA
    addresses are the internal-host recognizer's. Program text: 0.35 without context, and
    nothing right after "v"/"version".
    """
    try:
        addr = ipaddress.ip_interface(text[s:e]).ip
    except ValueError:
        return None
    if addr.is_loopback or addr.is_unspecified or addr.is_link_local or addr.is_multicast:
        return None
    if any(addr in net for net in _INTERNAL_NETS):
        return None
    if _VERSION_BEFORE.search(text, max(0, s - 10), s):
        return None
    tokens = governing_tokens(text, s, ctx)
    if any(t in _IP_KEYS for t in tokens):
        return classes.IP_ADDRESS, 0.9
    if near(text, s, e, _IP_WORDS):
        return classes.IP_ADDRESS, 0.85
    return classes.IP_ADDRESS, 0.35 if ctx.is_code else 0.6


_SSN_WORDS = words_pattern("ssn|social security|socialsecurity|ssn#|ss#")
_SSN_KEYS = frozenset("ssn social security".split())


def _ssn(text: str, s: int, e: int, ctx: Context) -> tuple[str, float] | None:
    """Score a US SSN Presidio accepted: hyphenated 0.55, other separators 0.45, bare 0.1.

    Areas 900-999 are never issued (skipped); SSN words or keys add 0.35; a quantity/ID key or
    a phone word caps it at 0.2.
    """
    match = text[s:e]
    digits = "".join(ch for ch in match if ch.isdigit())
    if len(digits) != 9 or digits.startswith("9"):
        return None
    if re.fullmatch(r"\d{3}-\d{2}-\d{4}", match):
        score = 0.55
    elif len(match) == 11:
        score = 0.45
    else:
        score = 0.1
    tokens = governing_tokens(text, s, ctx)
    if any(t in _SSN_KEYS for t in tokens) or near(text, s, e, _SSN_WORDS):
        score += 0.35
    elif is_numeric_key(tokens) or any(t in PHONE_KEY_WORDS for t in tokens):
        score = min(score, 0.2)
    elif near(text, s, e, _PHONE_WORDS):
        score = min(score, 0.2)
    return classes.NATIONAL_ID_US, clamp(score)


# --- screens (bounded repeats only, so each is linear in the text) ------------------------

_SPECS: tuple[_Spec, ...] = (
    _Spec(
        "email",
        "EMAIL_ADDRESS",
        re.compile(r"[\w.%+-]@[\w-]{1,63}\.[^\W\d_]"),
        _email,
        margin=96,
    ),
    _Spec(
        "phone",
        "PHONE_NUMBER",
        re.compile(r"(?<![\w.,/-])(?:\+|00)?\(?\d[\d \-().]{5,18}\d(?![\w])"),
        _phone,
        keep=_phone_candidate,
        prescore=True,
    ),
    _Spec(
        "iban",
        "IBAN_CODE",
        re.compile(r"[A-Z]{2}\d{2}[ -]?[A-Z0-9]{4}"),
        _iban,
        margin=48,
    ),
    _Spec(
        "credit_card",
        "CREDIT_CARD",
        re.compile(r"(?<![\w.-])[13456]\d{3}[- ]?\d{3,6}[- ]?\d{3,5}(?:[- ]?\d{1,5})?(?![\w])"),
        _card,
    ),
    _Spec(
        "ip",
        "IP_ADDRESS",
        re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:"),
        _ip,
        margin=40,
    ),
    _Spec(
        "us_ssn",
        "US_SSN",
        re.compile(r"(?<![\w.-])\d{3}[- .]\d{2}[- .]\d{4}(?![\w-])"),
        _ssn,
    ),
)

_PRESCORE_SLACK = 0.05
"""How far under the threshold a pre-score may be and still be checked (Presidio's span may
differ slightly from the screen's, which rarely raises the score)."""

_INTERNATIONAL = re.compile(r"\(?(?:\+|00)")


class PresidioRecognizers:
    """E-mail, phone, IBAN, card, IP and US SSN through Presidio, offline and windowed.

    Recognizer names in detections are ``presidio:<label>`` (``presidio:phone``).
    """

    name = "presidio"
    screen = re.compile(r"@|\d\W?\d\W?\d")
    """Every entity here needs an ``@`` or three digits close together."""

    def __init__(self, min_confidence: float = 0.0) -> None:
        """Prepare; Presidio itself is imported and its recognizers built on first use."""
        self._min_confidence = min_confidence
        self._recognizers: dict[str, Any] | None = None

    def _load(self) -> dict[str, Any]:
        if self._recognizers is None:
            self._recognizers = build_recognizers()
        return self._recognizers

    def find(self, text: str, ctx: Context) -> list[Detection]:
        """Return what Presidio's recognizers find in ``text``, scored with our context rules."""
        out: list[Detection] = []
        for spec in _SPECS:
            if spec.label == "email" and "@" not in text:
                continue
            candidates = self._candidates(spec, text, ctx)
            if not candidates:
                continue
            recognizers = self._load()
            seen: set[tuple[int, int]] = set()
            for lo, hi, group in grouped_windows(text, candidates, margin=spec.margin):
                recognizer = recognizers[spec.label]
                if spec.label == "phone" and all(_INTERNATIONAL.match(text, c) for c, _ in group):
                    recognizer = recognizers["phone_international"]
                for result in analyze_piece(recognizer, text[lo:hi], spec.entity):
                    s, e = lo + result.start, lo + result.end
                    if (s, e) in seen:
                        continue
                    seen.add((s, e))
                    scored = spec.score(text, s, e, ctx)
                    if scored is not None:
                        data_class, score = scored
                        out.append(Detection(data_class, score, f"presidio:{spec.label}", s, e))
        return out

    def _candidates(self, spec: _Spec, text: str, ctx: Context) -> list[tuple[int, int]]:
        """Return the sorted screen matches worth showing Presidio."""
        first = spec.screen.search(text)
        if first is None:
            return []
        if spec.keep is None and not spec.prescore and len(text) <= WINDOW_SIZE:
            return [first.span()]  # one window covers the whole text anyway
        out: list[tuple[int, int]] = []
        floor = self._min_confidence - _PRESCORE_SLACK
        for m in spec.screen.finditer(text, first.start()):
            if spec.keep is not None and not spec.keep(m.group(0)):
                continue
            if spec.prescore:
                estimate = spec.score(text, m.start(), m.end(), ctx)
                if estimate is None or estimate[1] < floor:
                    continue
            out.append(m.span())
        return out


def build_recognizers() -> dict[str, Any]:
    """Import Presidio and build the recognizers, with e-mail validation kept offline."""
    import tldextract
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        IpRecognizer,
        PhoneRecognizer,
        UsSsnRecognizer,
    )

    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    class OfflineEmailRecognizer(EmailRecognizer):
        """Presidio's e-mail recognizer validating domains against the bundled suffix list."""

        def validate_result(self, pattern_text: str) -> bool:
            return bool(extractor(pattern_text).fqdn)

    return {
        "email": OfflineEmailRecognizer(),
        "phone": PhoneRecognizer(supported_regions=PHONE_REGIONS, leniency=1),
        "phone_international": PhoneRecognizer(supported_regions=("DK",), leniency=1),
        "iban": IbanRecognizer(),
        "credit_card": CreditCardRecognizer(),
        "ip": IpRecognizer(),
        "us_ssn": UsSsnRecognizer(),
    }
