"""Generators of realistic, checksum-correct test values (seeded; nothing copied from fixtures).

Faker's Danish locale returns US-format numbers for ``ssn()``, so every national ID here is built
from its published rules.
"""

from __future__ import annotations

import random
import string
from datetime import date

from leakcheck.models import Detection, Exposure, Location, Record, Surface

_CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def _cpr_century_digits(year: int) -> str:
    """Return the 7th digits that place a CPR's two-digit year in ``year``'s century."""
    yy = year % 100
    if 1900 <= year <= 1999:
        return "0123" + ("49" if yy >= 37 else "")
    if 2000 <= year <= 2057:
        return ("49" if yy <= 36 else "") + "5678"
    if 1858 <= year <= 1899:
        return "5678"
    raise ValueError(f"no CPR century digit for {year}")


def cpr(born: date, rng: random.Random, mod11: bool = True, hyphen: bool = True) -> str:
    """Return a CPR for ``born`` whose mod-11 check passes (or deliberately fails)."""
    digits = _cpr_century_digits(born.year)
    for _ in range(10_000):
        serial = rng.choice(digits) + f"{rng.randrange(1000):03d}"
        number = f"{born:%d%m%y}{serial}"
        ok = sum(int(d) * w for d, w in zip(number, _CPR_WEIGHTS, strict=True)) % 11 == 0
        if ok == mod11:
            return f"{number[:6]}-{number[6:]}" if hyphen else number
    raise AssertionError("no serial found")


def luhn_digit(payload: str) -> str:
    """Return the Luhn check digit that completes ``payload``."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def se_personnummer(born: date, rng: random.Random, long: bool = False) -> str:
    """Return a Swedish personnummer ``(YY)YYMMDD-NNNC`` with a correct Luhn digit."""
    body = f"{born:%y%m%d}{rng.randrange(1000):03d}"
    number = body + luhn_digit(body)
    prefix = f"{born.year // 100}" if long else ""
    return f"{prefix}{number[:6]}-{number[6:]}"


def no_fodselsnummer(born: date, rng: random.Random) -> str:
    """Return a Norwegian fødselsnummer with both mod-11 control digits."""
    k1w = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    k2w = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    lo, hi = (0, 499) if born.year < 2000 else (500, 999)
    for _ in range(10_000):
        nine = f"{born:%d%m%y}{rng.randrange(lo, hi + 1):03d}"
        k1 = 11 - sum(int(d) * w for d, w in zip(nine, k1w, strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        ten = nine + str(k1)
        k2 = 11 - sum(int(d) * w for d, w in zip(ten, k2w, strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return ten + str(k2)
    raise AssertionError("no individual number found")


def fi_hetu(born: date, rng: random.Random) -> str:
    """Return a Finnish HETU with the right century sign and control character."""
    sign = {18: "+", 19: "-", 20: "A"}[born.year // 100]
    ind = f"{rng.randrange(2, 900):03d}"
    control = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(f"{born:%d%m%y}{ind}") % 31]
    return f"{born:%d%m%y}{sign}{ind}{control}"


_KT_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_KT_CENTURY = {18: "8", 19: "9", 20: "0"}


def kennitala(born: date, rng: random.Random, hyphen: bool = True, company: bool = False) -> str:
    """Return an Icelandic kennitala for ``born``: mod-11 check digit, then the century digit.

    A company's number adds 40 to the day.
    """
    day = born.day + (40 if company else 0)
    for _ in range(10_000):
        first8 = f"{day:02d}{born:%m%y}{rng.randrange(20, 100):02d}"
        check = (11 - sum(int(d) * w for d, w in zip(first8, _KT_WEIGHTS, strict=True))) % 11
        if check == 10:
            continue  # never issued
        number = f"{first8}{check}{_KT_CENTURY[born.year // 100]}"
        return f"{number[:6]}-{number[6:]}" if hyphen else number
    raise AssertionError("no kennitala found")


_BBAN = {"DK": "n14", "DE": "n18", "NO": "n11", "FI": "n14", "SE": "n20", "GB": "a4n14"}


def iban(country: str, rng: random.Random) -> str:
    """Return a valid IBAN for ``country`` (mod-97 check digits over a random BBAN)."""
    bban = ""
    spec = _BBAN[country]
    for kind, count in zip(_parts(spec), _counts(spec), strict=True):
        pool = string.digits if kind == "n" else string.ascii_uppercase
        bban += "".join(rng.choice(pool) for _ in range(count))
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def _parts(spec: str) -> list[str]:
    return [ch for ch in spec if ch.isalpha()]


def _counts(spec: str) -> list[int]:
    out: list[int] = []
    num = ""
    for ch in spec + "x":
        if ch.isdigit():
            num += ch
        elif num:
            out.append(int(num))
            num = ""
    return out


def card(prefix: str, length: int, rng: random.Random) -> str:
    """Return a Luhn-valid card number with ``prefix`` and ``length`` digits."""
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    return body + luhn_digit(body)


def grouped(number: str) -> str:
    """Write a card number in groups of four."""
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def token(rng: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    """Return ``n`` random characters (with at least one digit, as real keys have)."""
    out = [rng.choice(alphabet) for _ in range(n)]
    out[rng.randrange(n)] = rng.choice(string.digits)
    return "".join(out)


# --- exposures and results -----------------------------------------------------------------


def exposure(
    value: str,
    key: str | None = None,
    *,
    path: str | None = None,
    surface: Surface = Surface.NETWORK_JSON,
    type_name: str | None = None,
) -> Exposure:
    """Build an exposure as the extract stage would (path defaults to ``$.data.<key>``)."""
    path = path or (f"$.data.{key}" if key else "$.data")
    records = (Record(path.rsplit(".", 1)[0], type_name, {}),) if type_name else ()
    return Exposure(
        role="buyer",
        page="https://estate.example/case/1",
        surface=surface,
        url="https://estate.example/graphql",
        location=Location(path),
        value=value,
        key=key,
        records=records,
    )


def classes(detections: tuple[Detection, ...]) -> set[str]:
    """Return the data classes of some detections."""
    return {d.data_class for d in detections}


def spans(value: str, detections: tuple[Detection, ...]) -> dict[str, list[str]]:
    """Return, per data class, the detected parts of ``value``."""
    out: dict[str, list[str]] = {}
    for d in detections:
        out.setdefault(d.data_class, []).append(d.span(value))
    return out
