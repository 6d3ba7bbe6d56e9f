"""Presidio-backed classes: phone, e-mail, IBAN, card numbers, IP addresses."""

from __future__ import annotations

import random

import pytest

from leakcheck.detect import Detector
from leakcheck.models import Surface
from tests.detect.detect_gen import card, classes, exposure, grouped, iban, spans

RNG = random.Random(77)


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        ("+45 41 22 33 44", None, "phone"),
        ("+4541223344", "mobile", "phone"),
        ("0045 41 22 33 44", None, "phone"),
        ("41 22 33 44", None, "phone"),
        ("41223344", "phone", "phone"),
        ("41223344", "bidderPhone", "phone"),
        ("41223344", "tlf", "phone"),
        ("+46 70 123 45 67", None, "phone"),
        ("070-123 45 67", "telefon", "phone"),
        ("+47 412 34 567", None, "phone"),
        ("+358 40 1234567", None, "phone"),
        ("+49 30 901820", "phone", "phone"),
        ("+44 20 7946 0958", None, "phone"),
        ("+1 415 555 2671", None, "phone"),
        ("(415) 555-2671", "contactPhone", "phone"),
        # Numbers that are not phone numbers.
        ("41223344", "amount", None),
        ("41223344", "price", None),
        ("41223344", "orderId", None),
        ("12500000", "total", None),
        ("2024-01-15", None, None),
        ("2024-01-15T10:00:00Z", "createdAt", None),
        ("1.250.000", None, None),
        ("3f2a1b4c-1234-5678-9abc-446655440000", "id", None),
    ],
)
def test_phone(detector: Detector, value: str, key: str | None, expected: str | None) -> None:
    (found,) = detector.detect([exposure(value, key)])
    assert ("phone" in classes(found)) == (expected == "phone"), found


def test_phone_in_text_needs_no_key(detector: Detector) -> None:
    value = "Ring til sælger på tlf. 41 22 33 44 efter kl. 16, eller skriv en sms."
    (found,) = detector.detect([exposure(value, "message", surface=Surface.HTML_COMMENT)])
    assert [d.span(value) for d in found if d.data_class == "phone"] == ["41 22 33 44"]


@pytest.mark.parametrize(
    "value",
    [
        "Bud modtaget: kr 41223344 for sagen, pris i alt DKK 12500000.",
        "Sag nr. 2405-1234, matrikel 12ab, ejendomsværdi 3.450.000",
        "Order 4711-0815-2233 shipped on 2024-03-01, tracking 00340434161094042557",
    ],
)
def test_amounts_and_references_in_text_are_not_phones(detector: Detector, value: str) -> None:
    (found,) = detector.detect([exposure(value, "message", surface=Surface.HTML_COMMENT)])
    assert "phone" not in classes(found)


@pytest.mark.parametrize(
    ("value", "key", "expected", "min_confidence"),
    [
        ("mette.larsen@gmail.com", "bidderEmail", "email", 0.85),
        ("s.holm+bolig@firma-mail.dk", None, "email", 0.85),
        ("kontakt@maegler.dk", None, "email", 0.5),  # a role mailbox: still an e-mail
        ("jens@printer.local", None, None, 0.0),  # no public suffix
        ("logo@2x.png", "src", None, 0.0),
        ("@handle", None, None, 0.0),
        ("https://3b4f2a1c9d8e7f60@o123456.ingest.sentry.io/4504", "dsn", None, 0.0),
    ],
)
def test_email(
    detector: Detector, value: str, key: str | None, expected: str | None, min_confidence: float
) -> None:
    (found,) = detector.detect([exposure(value, key)])
    emails = [d for d in found if d.data_class == "email"]
    assert bool(emails) == (expected == "email")
    assert all(d.confidence >= min_confidence for d in emails)


def test_role_mailbox_scores_lower(detector: Detector) -> None:
    (personal, role) = detector.detect(
        [exposure("jens.hansen@firma.dk"), exposure("info@firma.dk")]
    )
    assert personal[0].confidence > role[0].confidence


IBAN_DK = iban("DK", RNG)
IBAN_DE = iban("DE", RNG)
IBAN_GB = iban("GB", RNG)


def _bad_check(value: str) -> str:
    digits = int(value[2:4])
    return f"{value[:2]}{(digits + 1) % 100:02d}{value[4:]}"


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        (IBAN_DK, "iban", "iban"),
        (IBAN_DE, None, "iban"),
        (IBAN_GB, None, "iban"),
        (" ".join(IBAN_DK[i : i + 4] for i in range(0, len(IBAN_DK), 4)), None, "iban"),
        (_bad_check(IBAN_DK), "iban", None),
        (_bad_check(IBAN_GB), None, None),
    ],
)
def test_iban(detector: Detector, value: str, key: str | None, expected: str | None) -> None:
    (found,) = detector.detect([exposure(value, key)])
    assert ("iban" in classes(found)) == (expected == "iban")


VISA = card("4", 16, RNG)
MASTERCARD = card("51", 16, RNG)
AMEX = card("37", 15, RNG)


def _luhn_broken(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        (VISA, None, "card_number"),
        (grouped(MASTERCARD), None, "card_number"),
        (AMEX, "cardNumber", "card_number"),
        (_luhn_broken(VISA), None, None),
        (_luhn_broken(MASTERCARD), "cardNumber", None),
        ("4242 4242 4242 4242", None, None),  # a public test number
        ("4111111111111111", "card", None),
        (VISA, "orderId", None),
    ],
)
def test_card(detector: Detector, value: str, key: str | None, expected: str | None) -> None:
    (found,) = detector.detect([exposure(value, key)])
    assert ("card_number" in classes(found)) == (expected == "card_number")


@pytest.mark.parametrize(
    ("value", "key", "surface", "expected"),
    [
        ("81.7.12.34", "lastLoginIp", Surface.NETWORK_JSON, "ip_address"),
        ("2a02:aa1:1005:7c00::1", "clientIp", Surface.NETWORK_JSON, "ip_address"),
        ("Login fra IP 81.7.12.34 kl. 10", "log", Surface.ERROR_PAGE, "ip_address"),
        ("127.0.0.1", "ip", Surface.NETWORK_JSON, None),
        ("0.0.0.0", "ip", Surface.NETWORK_JSON, None),
        ("version 1.2.3.4", None, Surface.JS_BUNDLE, None),
        ("var v=[4,17,21,0];b.version='4.17.21.0';", None, Surface.JS_BUNDLE, None),
    ],
)
def test_ip(
    detector: Detector, value: str, key: str | None, surface: Surface, expected: str | None
) -> None:
    (found,) = detector.detect([exposure(value, key, surface=surface)])
    assert ("ip_address" in classes(found)) == (expected == "ip_address"), found


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("217-977-6317x066", "phone"),
        ("(+358) 40 1234567", "mobile"),
        ("+1-415-555-2671 ext. 12", "contactPhone"),
    ],
)
def test_phone_key_accepts_extensions_and_bracketed_codes(
    detector: Detector, value: str, key: str
) -> None:
    (found,) = detector.detect([exposure(value, key)])
    assert "phone" in classes(found)


def test_url_encoded_email_in_a_query_string(detector: Detector) -> None:
    value = "https://collect.example/p?uid=mette.larsen%40gmail.com&ev=view"
    (found,) = detector.detect([exposure(value, "url", surface=Surface.THIRD_PARTY_REQUEST)])
    assert spans(value, found)["email"] == ["mette.larsen%40gmail.com"]


def test_jcb_15_digit_cards(detector: Detector) -> None:
    number = card("1800", 15, RNG)
    (found,) = detector.detect([exposure(number, "cardNumber")])
    assert "card_number" in classes(found)


def test_phone_validation_matches_phonenumbers() -> None:
    """The compiled numbering-plan check agrees with ``phonenumbers.is_valid_number``."""
    import phonenumbers

    from leakcheck.detect.contact import _valid

    rng = random.Random(3)
    codes = [45, 46, 47, 358, 49, 44, 1, 33, 39, 48, 91, 86, 7, 55, 61, 800]
    for cc in codes:
        for _ in range(200):
            national = str(rng.randrange(1, 10)) + "".join(
                rng.choice("0123456789") for _ in range(rng.randrange(5, 11))
            )
            number = phonenumbers.PhoneNumber(country_code=cc, national_number=int(national))
            assert _valid(cc, national) == phonenumbers.is_valid_number(number), (cc, national)
