"""National IDs: CPR (date, century rule, optional mod-11, context), SE, NO, FI, US."""

from __future__ import annotations

import random
from datetime import date

import pytest

from leakcheck.detect import Detector
from leakcheck.detect.national_ids import cpr_birth_date, cpr_mod11, luhn_valid
from leakcheck.models import Surface
from tests.detect.detect_gen import (
    classes,
    cpr,
    exposure,
    fi_hetu,
    no_fodselsnummer,
    se_personnummer,
)

RNG = random.Random(20240601)
DK = "national_id.dk"

# A person born 1990, one born in 2010 (post-2007: mod-11 not guaranteed), one in 1955.
CPR_1990 = cpr(date(1990, 4, 17), RNG)
CPR_1990_BARE = CPR_1990.replace("-", "")
CPR_2010_NO_MOD11 = cpr(date(2010, 3, 15), RNG, mod11=False)
CPR_1955_BARE_NO_MOD11 = cpr(date(1955, 11, 2), RNG, mod11=False, hyphen=False)


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        (CPR_1990, None, DK),
        (CPR_1990, "cpr", DK),
        (CPR_1990_BARE, None, DK),  # mod-11 valid: enough without context
        (CPR_1990_BARE, "cprNumber", DK),
        (CPR_2010_NO_MOD11, None, DK),  # hyphen + valid date is enough
        (CPR_2010_NO_MOD11.replace("-", ""), "personnummer", DK),
        (CPR_1955_BARE_NO_MOD11, "nationalId", DK),
        (CPR_1955_BARE_NO_MOD11, None, None),  # bare, no checksum, no context
        (CPR_1955_BARE_NO_MOD11, "ssn", DK),
        ("320190-1234", None, None),  # no 32nd day
        ("300290-1234", None, None),  # no 30 February
        ("290201-1234", None, None),  # 1901 is not a leap year
        ("011390-1234", None, None),  # no 13th month
        ("010130-4000", None, None),  # 7th digit 4, year 30 → 2030: in the future
        # Ten-digit timestamps, order numbers and amounts are not CPRs.
        ("1700000000", None, None),
        ("1609459200", "createdAt", None),
        ("1609459200", "timestamp", None),
        (CPR_1990_BARE, "orderNumber", None),
        (CPR_1990_BARE, "amount", None),
        (CPR_1990_BARE, "phone", None),
        ("12345678901", None, None),
    ],
)
def test_cpr(detector: Detector, value: str, key: str | None, expected: str | None) -> None:
    (found,) = detector.detect([exposure(value, key)])
    assert (DK in classes(found)) == (expected == DK)


def test_cpr_confidence_rules(detector: Detector) -> None:
    def score(value: str, key: str | None = None) -> float:
        (found,) = detector.detect([exposure(value, key)])
        return max((d.confidence for d in found if d.data_class == DK), default=0.0)

    assert score(CPR_2010_NO_MOD11) >= 0.6
    assert score(CPR_1990) > score(CPR_2010_NO_MOD11)  # mod-11 raises confidence
    assert score(CPR_1990_BARE, "cpr") > score(CPR_1990_BARE)  # the key raises it too
    assert 0.5 <= score(CPR_1955_BARE_NO_MOD11, "cpr")


@pytest.mark.parametrize(
    ("digits", "born"),
    [
        ("0101901234", date(1990, 1, 1)),  # 7th digit 1 → 1900s
        ("0101904234", date(1990, 1, 1)),  # 4 and year > 36 → 1900s
        ("0101104234", date(2010, 1, 1)),  # 4 and year ≤ 36 → 2000s
        ("0101939234", date(1993, 1, 1)),  # 9 and year > 36 → 1900s
        ("0101105234", date(2010, 1, 1)),  # 5 and year ≤ 57 → 2000s
        ("0101655234", date(1865, 1, 1)),  # 5 and year > 57 → 1800s
        ("2902004000", date(2000, 2, 29)),  # 2000 is a leap year
        ("2902001000", None),  # 1900 is not
    ],
)
def test_cpr_century_rule(digits: str, born: date | None) -> None:
    assert cpr_birth_date(digits) == born


def test_cpr_mod11() -> None:
    rng = random.Random(5)
    for year in (1937, 1964, 1999, 2004):
        good = cpr(date(year, 6, 30), rng, hyphen=False)
        bad = cpr(date(year, 6, 30), rng, mod11=False, hyphen=False)
        assert cpr_mod11(good)
        assert not cpr_mod11(bad)


@pytest.mark.parametrize(
    "text",
    [
        "Kundens CPR-nr.: {bare} er bekræftet",
        "cpr {bare}",
        '{{"cpr":"{bare}","name":"x"}}',
        '<span data-cpr="{bare}"></span>',
    ],
)
def test_bare_cpr_with_words_around(detector: Detector, text: str) -> None:
    value = text.format(bare=CPR_1955_BARE_NO_MOD11)
    (found,) = detector.detect([exposure(value, "body", surface=Surface.HTML_COMMENT)])
    assert [d.span(value) for d in found if d.data_class == DK] == [CPR_1955_BARE_NO_MOD11]


def test_cpr_after_order_word_is_not_cpr(detector: Detector) -> None:
    value = f"Ordre {CPR_1955_BARE_NO_MOD11} afsendt"
    (found,) = detector.detect([exposure(value, "message")])
    assert DK not in classes(found)


SE_1985 = se_personnummer(date(1985, 3, 12), RNG)  # 850312-…: not a valid CPR date
SE_1985_LONG = se_personnummer(date(1985, 3, 12), RNG, long=True)
NO_1985 = no_fodselsnummer(date(1985, 3, 12), RNG)
NO_2004 = no_fodselsnummer(date(2004, 12, 31), RNG)
FI_2001 = fi_hetu(date(2001, 5, 9), RNG)
FI_1952 = fi_hetu(date(1952, 10, 13), RNG)


def _break_last_digit(value: str) -> str:
    last = value[-1]
    return value[:-1] + str((int(last) + 1) % 10) if last.isdigit() else value[:-1] + "Z"


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        (SE_1985, None, "national_id.se"),
        (SE_1985_LONG, None, "national_id.se"),
        (SE_1985_LONG.replace("-", ""), "personnummer", "national_id.se"),
        (_break_last_digit(SE_1985), None, None),  # Luhn fails
        (NO_1985, None, "national_id.no"),
        (NO_2004, "fodselsnummer", "national_id.no"),
        (_break_last_digit(NO_1985), None, None),  # second control digit fails
        (FI_2001, None, "national_id.fi"),
        (FI_1952, "hetu", "national_id.fi"),
        (FI_2001[:-1] + ("A" if FI_2001[-1] != "A" else "B"), None, None),
        ("536-22-8891", None, "national_id.us"),
        ("536-22-8891", "ssn", "national_id.us"),
        ("536228891", "socialSecurityNumber", None),  # bare 9 digits stay too weak
        ("900-12-3456", "ssn", None),  # area 9xx is never issued
        ("000-12-3456", "ssn", None),
        ("536-00-8891", "ssn", None),
        ("536-22-8891", "orderId", None),
    ],
)
def test_other_national_ids(
    detector: Detector, value: str, key: str | None, expected: str | None
) -> None:
    (found,) = detector.detect([exposure(value, key)])
    ids = {c for c in classes(found) if c.startswith("national_id")}
    assert ids == ({expected} if expected else set())


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        ("AB 12 34 56 C", None, True),
        ("AB123456C", "nino", True),
        ("AB123456C", None, True),
        ("National Insurance number: JG103759A", "body", True),
        ("GB123456A", "nino", False),  # prefix never allocated
        ("DA123456A", "nino", False),  # D is never a first letter
        ("AO123456A", "nino", False),  # O is never a second letter
        ("AB123456E", "nino", False),  # suffix A-D only
        ("AB123456C", "orderId", False),
    ],
)
def test_uk_nino(detector: Detector, value: str, key: str | None, expected: bool) -> None:
    (found,) = detector.detect([exposure(value, key)])
    assert ("national_id.gb" in classes(found)) == expected, found


def _samordning(born: date) -> str:
    from tests.detect.detect_gen import luhn_digit

    body = f"{born:%y%m}{born.day + 60:02d}123"
    number = body + luhn_digit(body)
    return f"{number[:6]}-{number[6:]}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (_samordning(date(1985, 3, 12)), "national_id.se"),  # day + 60
        (SE_1985.replace("-", "+"), "national_id.se"),  # the + of a centenarian
        ("Fødselsnummer " + no_fodselsnummer(date(1977, 5, 4), RNG), "national_id.no"),
    ],
)
def test_samordningsnummer_and_separators(detector: Detector, value: str, expected: str) -> None:
    (found,) = detector.detect([exposure(value, "personnummer")])
    assert expected in classes(found), found


@pytest.mark.parametrize("sign", list("+-YXWVUABCDEF"))
def test_every_hetu_century_sign(detector: Detector, sign: str) -> None:
    year = {"+": 1890}.get(sign, 1960 if sign in "-YXWVU" else 2004)
    born = date(year, 7, 14)
    ind = "347"
    control = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(f"{born:%d%m%y}{ind}") % 31]
    value = f"{born:%d%m%y}{sign}{ind}{control}"
    (found,) = detector.detect([exposure(value, "hetu")])
    assert "national_id.fi" in classes(found), found


def test_a_number_valid_in_two_countries_reports_both(detector: Detector) -> None:
    # 121212-1212 style: a valid CPR date with mod-11 and a valid Swedish date with Luhn.
    rng = random.Random(9)
    for _ in range(10_000):
        day, month, year = rng.randrange(10, 29), rng.randrange(1, 13), rng.randrange(10, 29)
        value = f"{day}{month:02d}{year}-{rng.randrange(4000):04d}"
        digits = value.replace("-", "")
        if cpr_birth_date(digits) and cpr_mod11(digits) and luhn_valid(digits):
            break
    (found,) = detector.detect([exposure(value, "personnummer")])
    assert {"national_id.dk", "national_id.se"} <= classes(found)
