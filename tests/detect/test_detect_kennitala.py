"""The Icelandic kennitala: its checks, and how a number valid as kennitala and CPR is labelled.

``120174-3399`` is the example number Icelandic documentation uses; the others are generated
from the published rules (``detect_gen.kennitala``).
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from leakcheck import data_classes
from leakcheck.detect import Detector
from leakcheck.detect.kennitala import birth_date, check_digit, is_kennitala
from leakcheck.detect.national_ids import cpr_birth_date, cpr_mod11
from leakcheck.models import Surface
from leakcheck.rules import is_critical_class
from tests.detect.detect_gen import classes, cpr, exposure, kennitala, spans

EXAMPLE = "120174-3399"
IS, DK = "national_id.is", "national_id.dk"


def _numbers(n: int, *, cpr_too: bool, seed: int = 7) -> list[str]:
    """Return kennitala numbers that are also CPRs with a valid date and mod 11 (``cpr_too``),
    or that are no CPR at all."""
    rng = random.Random(seed)
    start = date(1930, 1, 1).toordinal()
    out: list[str] = []
    while len(out) < n:
        value = kennitala(date.fromordinal(start + rng.randrange(33_000)), rng)
        digits = value.replace("-", "")
        dated = cpr_birth_date(digits) is not None
        if (dated and cpr_mod11(digits)) if cpr_too else not dated:
            out.append(value)
    return out


def test_the_checks() -> None:
    digits = EXAMPLE.replace("-", "")
    assert check_digit(digits[:8]) == 9
    assert birth_date(digits) == date(1974, 1, 12)
    assert is_kennitala(digits)
    assert not is_kennitala(digits[:8] + "8" + digits[9])  # another check digit
    assert not is_kennitala(digits[:9] + "5")  # no such century digit
    assert birth_date(digits[:9] + "8") == date(1874, 1, 12)
    assert birth_date(digits[:9] + "0") is None  # 2074 is in the future


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        (EXAMPLE, "kennitala", {IS}),
        (EXAMPLE.replace("-", ""), "kt", {IS}),
        (EXAMPLE, "kennitalaKaupanda", {IS}),
        # The example is also a CPR with a valid date: without context it stays Danish.
        (EXAMPLE, "value", {DK}),
        (EXAMPLE, "cpr", {DK}),
    ],
)
def test_labels_by_key(detector: Detector, value: str, key: str, expected: set[str]) -> None:
    (found,) = detector.detect([exposure(value, key)])
    assert classes(found) == expected


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (f"Kennitala: {EXAMPLE}", EXAMPLE),
        (f"Kaupandi Jón Jónsson, kt. {EXAMPLE}", EXAMPLE),
        (f"Tilboð frá kennitölu {EXAMPLE.replace('-', '')} barst í dag.", "1201743399"),
    ],
)
def test_words_in_a_text_name_it(detector: Detector, text: str, number: str) -> None:
    (found,) = detector.detect([exposure(text, None, surface=Surface.HTML_COMMENT)])
    found_spans = spans(text, found)
    assert found_spans[IS] == [number]
    assert not {DK, "national_id.se", "national_id.fi", "phone"} & set(found_spans)


def test_a_kennitala_named_by_context_is_never_a_cpr(detector: Detector) -> None:
    """Numbers valid as both (CPR date and mod 11, kennitala checks) follow their key."""
    numbers = _numbers(60, cpr_too=True)
    found = detector.detect(
        [exposure(n, "kennitala") for n in numbers]
        + [exposure(f"kt. {n}", "message") for n in numbers]
        + [exposure(n, "cprNummer") for n in numbers]
    )
    labels = [classes(f) for f in found]
    assert labels == [{IS}] * 120 + [{DK}] * 60


def test_a_cpr_that_passes_the_kennitala_checks_stays_danish(detector: Detector) -> None:
    rng = random.Random(11)
    numbers: list[str] = []
    while len(numbers) < 40:
        born = date.fromordinal(date(1940, 1, 1).toordinal() + rng.randrange(25_000))
        value = cpr(born, rng)
        if is_kennitala(value.replace("-", "")):
            numbers.append(value)
    found = detector.detect(
        [exposure(n, key) for n in numbers for key in ("cpr", "value", None, "ssn")]
    )
    assert all(IS not in classes(f) for f in found)
    assert all(DK in classes(f) for f in found)


def test_a_kennitala_that_is_no_cpr_needs_no_context(detector: Detector) -> None:
    numbers = _numbers(30, cpr_too=False)
    plain = detector.detect([exposure(n, "value") for n in numbers])
    bare = detector.detect([exposure(n.replace("-", ""), None) for n in numbers])
    generic = detector.detect([exposure(n, "nationalId") for n in numbers])
    for found in (plain, bare, generic):
        assert all(IS in classes(f) for f in found)
    assert {d.confidence for f in generic for d in f if d.data_class == IS} == {0.9}


@pytest.mark.parametrize(
    ("key", "surface"),
    [
        ("amount", Surface.NETWORK_JSON),
        ("orderNumber", Surface.NETWORK_JSON),
        ("phone", Surface.NETWORK_JSON),
        (None, Surface.JS_BUNDLE),
    ],
)
def test_quantities_orders_phones_and_code_are_not_ids(
    detector: Detector, key: str | None, surface: Surface
) -> None:
    numbers = [n.replace("-", "") for n in _numbers(20, cpr_too=False)]
    found = detector.detect([exposure(n, key, surface=surface) for n in numbers])
    assert all(IS not in classes(f) for f in found)


def test_near_misses_and_companies_are_nothing(detector: Detector) -> None:
    rng = random.Random(5)
    born = date(1974, 1, 12)
    good = kennitala(born, rng)
    values = [
        f"{good[:-2]}{(int(good[-2]) + 1) % 10}{good[-1]}",  # a wrong check digit
        good[:-1] + "4",  # no such century digit
        kennitala(born, rng, company=True),
    ]
    found = detector.detect([exposure(v, "kennitala") for v in values])
    assert [classes(f) for f in found] == [set(), set(), set()]


def test_its_class_is_a_critical_national_id_with_a_label() -> None:
    row = data_classes.entry(IS)
    assert (row.label, row.national_id, row.critical) == ("Icelandic kennitala numbers", True, True)
    assert is_critical_class(IS)
    assert IS in data_classes.entries()
